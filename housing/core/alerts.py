"""The one alert engine of the service: alert values, the registry of sources, and who sees what.

Each kind of alert is a small source marked with `@alert_source` in its area and registered by
the area's init_app: it names the facts it needs and returns Alert values. Alerts are computed
when asked (dashboard, menu count, CLI, digest) and never stored, so they cannot go stale. Each
alert names the permission that may see it, and optionally one user (e.g. a beneficiary's
caseworker) who sees it as well.

Facts are rows of one shared shape (`FACT_COLUMNS`, see `fact_columns`): each area registers the
SELECT of each kind of fact (`register_alert_facts`), and a computation reads every fact its
sources need in ONE statement (a UNION ALL), so the menu's count costs one statement whatever
the number of sources and of records.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from types import ModuleType
from typing import Any, TypeVar

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import (Boolean, ColumnElement, Date, Integer, Select, String, bindparam, cast, null, type_coerce,
                        union_all)
from sqlalchemy.engine import Row
from sqlalchemy.types import TypeEngine

from housing.core.permissions import Permission
from housing.core.registry import registry
from housing.core.types import UTCDateTime
from housing.extensions import db

SEVERITIES = ("urgent", "warning", "info")
SEVERITY_LABELS = {"urgent": _l("Urgent"), "warning": _l("Soon"), "info": _l("For information")}


@dataclass(frozen=True)
class AlertContext:
    """What every source may use: the day and moment of asking (Athens day, UTC moment)
    and the configuration with the thresholds."""

    today: date
    now: datetime
    config: Mapping[str, Any]
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    rows_read: dict[str, list[Row[Any]]] = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: str, load: Callable[[], Any]) -> Any:
        """Facts shared by several sources are made once per computation."""
        if name not in self.memo:
            self.memo[name] = load()
        return self.memo[name]

    def read(self, names: Iterable[str]) -> None:
        """Read these kinds of fact, those not read yet, in one statement."""
        missing = tuple(name for name in dict.fromkeys(names) if name not in self.rows_read)
        if not missing:
            return
        for name in missing:
            self.rows_read[name] = []
        for row in db.session.execute(_facts_statement(missing), {FACT_NOW.key: self.now}).all():
            self.rows_read[row.fact].append(row)

    def facts(self, name: str) -> list[Row[Any]]:
        """The rows of one kind of fact (`FACT_COLUMNS`), ordered by case code, `ordered_on`, record."""
        self.read([name])
        return self.rows_read[name]


# The one shape of every fact row, so that the facts of every source are read in one UNION ALL.
FACT_COLUMNS: dict[str, TypeEngine[Any]] = {
    "fact": String(), "record_id": Integer(), "subject_id": Integer(), "code": String(), "restricted": Boolean(),
    "owner_id": Integer(), "scope": String(), "ordered_on": Date(), "at": UTCDateTime(),
    "text1": String(), "text2": String(), "number1": Integer(), "number2": Integer(),
    "day1": Date(), "day2": Date(), "day3": Date(), "day4": Date(), "day5": Date(),
}


def fact_columns(fact: str, **values: Any) -> list[ColumnElement[Any]]:
    """The columns of a SELECT of one kind of fact: the values given, NULL for the others, each
    with the column's type (so that SQLite's dates come back as dates through the union)."""
    unknown = set(values) - set(FACT_COLUMNS)
    if unknown:
        raise ValueError(f"not fact columns: {sorted(unknown)}")
    columns: list[ColumnElement[Any]] = [cast(fact, String()).label("fact")]
    for name, kind in FACT_COLUMNS.items():
        if name == "fact":
            continue
        value = values.get(name)
        columns.append((type_coerce(value, kind) if value is not None else cast(null(), kind)).label(name))
    return columns


# The moment of asking, in a fact's SELECT (a hold in force "now"): bound when the facts are read.
FACT_NOW = bindparam("alert_now", type_=UTCDateTime())

FactBuilder = Callable[[], Select[Any]]


def register_alert_facts(app: Flask, builders: Mapping[str, FactBuilder]) -> None:
    """Each builder returns the SELECT (no ORDER BY) of one kind of fact, its columns from
    `fact_columns`; the moment of asking is `FACT_NOW`. It is built once per application."""
    registered = registry(app).alert_facts
    for name, build in builders.items():
        if name in registered and registered[name] is not build:
            raise ValueError(f"alert facts {name!r} registered twice")
        registered[name] = build


def _facts_statement(names: tuple[str, ...]) -> Any:
    """The UNION ALL of these kinds of fact, built once per application and set of kinds (building
    it cost more than running it); only the moment of asking is bound anew."""
    found = registry()
    statement = found.alert_fact_statements.get(names)
    if statement is None:
        selects = [found.alert_facts[name]() for name in names]
        union = union_all(*selects) if len(selects) > 1 else selects[0]
        statement = found.alert_fact_statements[names] = union.order_by("fact", "code", "ordered_on", "record_id")
    return statement


@dataclass(frozen=True)
class Alert:
    kind: str
    subject: str  # the case code the alert is about ("SHELTER" for the shelter as a whole)
    due: date  # the day it concerns: the planned end, the birthday, the night of the check…
    severity: str  # urgent, warning or info
    permission: Permission  # whoever holds it sees the alert
    message: str  # a (lazy) translated sentence for people
    endpoint: str  # where it is acted on
    endpoint_values: tuple[tuple[str, object], ...] = ()
    owner_id: int | None = None  # a user who sees it besides (a caseworker)
    details: tuple[tuple[str, object], ...] = field(default=())
    scope: str = ""  # a programme's code: only its staff (and whoever sees every programme) see it

    def visible_to(self, permissions: Iterable[Permission], user_id: int | None,
                   scopes: Iterable[str] | None = None) -> bool:
        """`scopes` are the programmes the user works in (None: every one)."""
        if self.scope and scopes is not None and self.scope not in set(scopes):
            return False
        return self.permission in set(permissions) or (self.owner_id is not None and self.owner_id == user_id)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "due": self.due.isoformat(), "severity": self.severity,
                "permission": self.permission.value, "owner_id": self.owner_id, "message": str(self.message),
                **({"scope": self.scope} if self.scope else {}), **{key: value for key, value in self.details}}


@dataclass(frozen=True)
class AlertSource:
    kind: str
    permission: Permission  # the permission every alert of this kind asks for (lets us skip work)
    collect: Callable[[AlertContext], list[Alert]]
    owners: bool = False  # True if some alerts are for one user (a caseworker) as well
    label: str = ""  # what the kind means, in a few words, for lists and e-mails
    facts: tuple[str, ...] = ()  # the kinds of fact it reads (register_alert_facts)


Collect = TypeVar("Collect", bound=Callable[..., list[Any]])


def alert_source(kind: str, permission: Permission, owners: bool = False, label: str = "",
                 facts: tuple[str, ...] = ()) -> Callable[[Collect], Collect]:
    """Mark a function (AlertContext) -> list[Alert] as the source of one kind of alert, reading
    the kinds of fact named; its area registers it in its init_app (`register_alert_sources`)."""

    def mark(collect: Collect) -> Collect:
        collect.alert_source = AlertSource(kind, permission, collect, owners, label or kind,  # type: ignore[attr-defined]
                                           facts)
        return collect

    return mark


def sources_in(module: ModuleType) -> list[AlertSource]:
    """The sources a module marked with @alert_source, in the order they are written."""
    return [value.alert_source for value in vars(module).values() if hasattr(value, "alert_source")]


def register_alert_sources(app: Flask, sources: Iterable[AlertSource]) -> None:
    registered = registry(app).alert_sources
    for source in sources:
        if source.kind in registered and registered[source.kind] is not source:
            raise ValueError(f"alert kind {source.kind!r} registered twice")
        registered[source.kind] = source


def _sources() -> dict[str, AlertSource]:
    return registry().alert_sources


def registered_kinds() -> list[str]:
    return list(_sources())


def kind_label(kind: str) -> str:
    source = _sources().get(kind)
    return str(source.label) if source else kind


def _order(alert: Alert) -> tuple[int, date, str]:
    return SEVERITIES.index(alert.severity), alert.due, alert.subject


def compute_alerts(context: AlertContext, permissions: Iterable[Permission] | None = None,
                   user_id: int | None = None, kinds: Iterable[str] | None = None,
                   scopes: Iterable[str] | None = None) -> list[Alert]:
    """Every alert as of the context's day; only the sources that could concern these
    permissions (or this user) run when `permissions` is given."""
    granted = frozenset(permissions) if permissions is not None else None
    wanted = set(kinds) if kinds is not None else None
    running = [source for source in _sources().values()
               if (wanted is None or source.kind in wanted)
               and (granted is None or source.permission in granted or (source.owners and user_id is not None))]
    context.read(name for source in running for name in source.facts)  # one statement for them all
    found: list[Alert] = []
    for source in running:
        found.extend(source.collect(context))
    if granted is not None:
        found = [a for a in found if a.visible_to(granted, user_id, scopes)]
    return sorted(found, key=_order)


def alerts_for(user: Any, context: AlertContext) -> list[Alert]:
    return compute_alerts(context, permissions=user.permissions, user_id=user.id,
                          scopes=getattr(user, "programme_scopes", None))
