"""A programme of REINTEGRATION's shape, as config defines it: read and checked at start-up.

config.PROGRAMMES lists the programmes (REINTEGRATION first). Each gets its own blueprint
(/<code>/…), caseload, case codes, clocks, alerts and staff role from this definition; a
definition that does not hold stops create_app with a message naming what is wrong."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterable, Mapping

from flask import Flask, current_app, g, has_request_context
from flask_babel import get_locale

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
_PREFIX = re.compile(r"^[A-Z]{2,4}$")
_FIXED_ROLES = ("admin", "coordinator", "shelter_staff", "night_shift")
_RESERVED_CODES = ("auth", "core", "shelter", "alerts", "audit", "privacy", "reports", "api", "static", "demo")
_KEY = "housing.programmes"


class ProgrammeConfigError(ValueError):
    """A programme definition in config that cannot run."""


@dataclass(frozen=True)
class Programme:
    code: str  # the blueprint, the URL prefix (/reintegration), the alerts' scope, Beneficiary.programme
    names: Mapping[str, str]  # {"en": …, "el": …}
    case_prefix: str  # RE → RE-2026-014
    capacity: int  # active beneficiaries at most
    programme_months: int  # planned end: enrolment + these calendar months
    rent_months: int
    wage_months: int
    insurance_months: int
    rent_caps: Mapping[int, int]  # euros a month by household size; larger households take the largest cap
    alert_days: int  # clocks and leases ending within these days raise an alert
    no_session_days: int  # no support session for these days raises an alert
    staff_role: str  # the caseworkers' role; they see this programme only
    from_shelter: bool = False  # takes women discharged from the shelter to it
    # The share of active beneficiaries in work the programme aims at (the national programme
    # "Housing and Work for the Homeless" expects at least 20 % in its work pillar); its report
    # shows it beside the figure.
    work_target_percent: int = 20
    # Follow-up after an exit, with the person's consent: months after the exit (housing and work retention).
    follow_up_months: tuple[int, ...] = (6, 12)
    order: int = field(default=0, compare=False)  # its place in the menu

    @property
    def name(self) -> str:
        """The programme's name in the reader's language (English when there is no request)."""
        language = str(get_locale() or "en") if has_request_context() else "en"
        return self.names.get(language) or self.names["en"]

    @property
    def clocks(self):
        from housing.programmes.queries import ClockSettings

        return ClockSettings(self.rent_months, self.wage_months, self.insurance_months)


def _whole(definition: Mapping[str, Any], key: str, where: str, minimum: int = 1) -> int:
    value = definition.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ProgrammeConfigError(f"{where}: {key!r} must be a whole number of at least {minimum}, not {value!r}")
    return value


def parse_programme(definition: Mapping[str, Any], position: int = 0) -> Programme:
    """One definition from config → a Programme, or ProgrammeConfigError naming the fault."""
    if not isinstance(definition, Mapping):
        raise ProgrammeConfigError(f"programme #{position + 1}: a definition is a dict, not {definition!r}")
    code = definition.get("code")
    if not isinstance(code, str) or not _CODE.match(code) or code in _RESERVED_CODES:
        raise ProgrammeConfigError(f"programme #{position + 1}: 'code' must be lower-case letters, digits or _ "
                                   f"(and not an area's name), not {code!r}")
    where = f"programme {code!r}"
    names = definition.get("name")
    if not isinstance(names, Mapping) or not all(isinstance(names.get(lang), str) and names[lang].strip()
                                                 for lang in ("en", "el")):
        raise ProgrammeConfigError(f"{where}: 'name' must give the name in English and Greek: {{'en': …, 'el': …}}")
    prefix = definition.get("case_prefix")
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        raise ProgrammeConfigError(f"{where}: 'case_prefix' must be 2 to 4 capital letters, not {prefix!r}")
    subsidies = definition.get("subsidy_months")
    if not isinstance(subsidies, Mapping) or set(subsidies) != {"rent", "wage", "insurance"}:
        raise ProgrammeConfigError(f"{where}: 'subsidy_months' must give 'rent', 'wage' and 'insurance'")
    caps = definition.get("rent_caps")
    if (not isinstance(caps, Mapping) or not caps or 1 not in caps
            or not all(isinstance(k, int) and isinstance(v, int) and k >= 1 and v >= 0 for k, v in caps.items())):
        raise ProgrammeConfigError(f"{where}: 'rent_caps' must map household sizes (from 1) to euros a month")
    role = definition.get("staff_role")
    if not isinstance(role, str) or not _CODE.match(role) or role in _FIXED_ROLES:
        raise ProgrammeConfigError(f"{where}: 'staff_role' must be a role name of its own, not {role!r}")
    from_shelter = definition.get("from_shelter", False)
    if not isinstance(from_shelter, bool):
        raise ProgrammeConfigError(f"{where}: 'from_shelter' must be True or False")
    target = definition.get("work_target_percent", 20)
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 100:
        raise ProgrammeConfigError(f"{where}: 'work_target_percent' must be a whole number from 0 to 100, "
                                   f"not {target!r}")
    months = definition.get("follow_up_months", (6, 12))
    if (not isinstance(months, (list, tuple)) or not months or len(set(months)) != len(months)
            or not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 60 for m in months)):
        raise ProgrammeConfigError(f"{where}: 'follow_up_months' must list different whole months from 1 to 60, "
                                   f"not {months!r}")
    return Programme(
        code=code, names={"en": names["en"].strip(), "el": names["el"].strip()}, case_prefix=prefix,
        capacity=_whole(definition, "capacity", where), programme_months=_whole(definition, "months", where),
        rent_months=_whole(subsidies, "rent", where, 0), wage_months=_whole(subsidies, "wage", where, 0),
        insurance_months=_whole(subsidies, "insurance", where, 0), rent_caps=dict(sorted(caps.items())),
        alert_days=_whole(definition, "alert_days", where),
        no_session_days=_whole(definition, "no_session_days", where),
        staff_role=role, from_shelter=from_shelter, work_target_percent=target,
        follow_up_months=tuple(sorted(months)), order=position)


def parse_programmes(definitions: Iterable[Mapping[str, Any]]) -> dict[str, Programme]:
    """Every programme of config by code, in config's order; codes, prefixes and roles are each
    one programme's own."""
    found: dict[str, Programme] = {}
    for position, definition in enumerate(definitions or ()):
        programme = parse_programme(definition, position)
        for other in found.values():
            for attribute in ("code", "case_prefix", "staff_role"):
                if getattr(other, attribute) == getattr(programme, attribute):
                    raise ProgrammeConfigError(f"programmes {other.code!r} and {programme.code!r} have the same "
                                               f"{attribute} {getattr(programme, attribute)!r}")
        if programme.case_prefix == "SH":
            raise ProgrammeConfigError(f"programme {programme.code!r}: the prefix 'SH' is the shelter's")
        found[programme.code] = programme
    if not found:
        raise ProgrammeConfigError("PROGRAMMES lists no programme")
    return found


def load_programmes(app: Flask) -> dict[str, Programme]:
    programmes = parse_programmes(app.config.get("PROGRAMMES") or ())
    app.extensions[_KEY] = programmes
    return programmes


def programmes(app: Flask | None = None) -> dict[str, Programme]:
    """The configured programmes by code."""
    return (app or current_app).extensions[_KEY]


def programme(code: str) -> Programme:
    return programmes()[code]


def current_programme() -> Programme:
    """The programme whose pages the request is on (set by its blueprint)."""
    return g.programme


def programme_of_role(role: str) -> Programme | None:
    return next((p for p in programmes().values() if p.staff_role == role), None)
