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

A kind declares, when it is registered, the actions that settle it (request an extension,
record the discharge…), each with the permission it asks for, so a new kind brings its own
buttons. The dashboard groups alerts by area (the shelter, each programme) and names the person
beside the case code through the areas' name look-ups, read together in one statement; the menu
count and the digest never read names.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from types import ModuleType
from typing import Any, TypeVar

from flask import Flask, url_for
from sqlalchemy import (Boolean, ColumnElement, Date, Integer, Select, String, bindparam, cast, null, type_coerce,
                        union_all)
from sqlalchemy.engine import Row
from sqlalchemy.types import TypeEngine

from housing.core.i18n import lazy_gettext as _l
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
        bound = {FACT_NOW.key: self.now, FACT_SINCE.key: self.today - timedelta(days=FACT_HISTORY_DAYS)}
        for row in db.session.execute(_facts_statement(missing), bound).all():
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
# How far back an ending still raises alerts (the follow-ups after a discharge or a programme's
# exit: the last at 12 months, open for 90 days more): a fact's SELECT keeps to endings since
# `FACT_SINCE`, so what it reads does not grow with the years of history. An area whose alerts
# would reach further refuses to start (see the follow-ups' init_app).
FACT_HISTORY_DAYS = 3 * 366
FACT_SINCE = bindparam("alert_since", type_=Date())

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
    person: tuple[str, int] | None = None  # whom it is about, when not in endpoint_values: ("stay_id", 12)

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
class AlertAction:
    """A button beside an alert: what settles it, for whoever holds `permission`. The link is the
    alert's own page unless `endpoint` names another (a string, or built from the alert: a
    programme's pages carry its code); `values` replaces the alert's URL values, `anchor` the part
    of the page it opens at."""

    label: Any  # a lazy translated string
    permission: Permission
    endpoint: str | Callable[[Alert], str] = ""
    values: Callable[[Alert], Mapping[str, object]] | None = None
    anchor: str | None = None

    def url(self, alert: Alert) -> str:
        endpoint = self.endpoint(alert) if callable(self.endpoint) else (self.endpoint or alert.endpoint)
        values = dict(self.values(alert)) if self.values is not None else dict(alert.endpoint_values)
        if self.anchor is not None:
            values["_anchor"] = self.anchor
        return url_for(endpoint, **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AlertSource:
    kind: str
    permission: Permission  # the permission every alert of this kind asks for (lets us skip work)
    collect: Callable[[AlertContext], list[Alert]]
    owners: bool = False  # True if some alerts are for one user (a caseworker) as well
    label: str = ""  # what the kind means, in a few words, for lists and e-mails
    actions: tuple[AlertAction, ...] = ()  # the buttons that settle an alert of this kind
    group: str = ""  # the dashboard's group (an area) when its alerts carry no scope
    facts: tuple[str, ...] = ()  # the kinds of fact it reads (register_alert_facts)


Collect = TypeVar("Collect", bound=Callable[..., list[Any]])


def alert_source(kind: str, permission: Permission, owners: bool = False, label: str = "",
                 actions: Iterable[AlertAction] = (), facts: tuple[str, ...] = ()) -> Callable[[Collect], Collect]:
    """Mark a function (AlertContext) -> list[Alert] as the source of one kind of alert, with the
    actions that settle it and the kinds of fact it reads; its area registers it in its init_app
    (`register_alert_sources`)."""

    def mark(collect: Collect) -> Collect:
        collect.alert_source = AlertSource(kind, permission, collect, owners,  # type: ignore[attr-defined]
                                           label or kind, tuple(actions), facts=facts)
        return collect

    return mark


def sources_in(module: ModuleType) -> list[AlertSource]:
    """The sources a module marked with @alert_source, in the order they are written."""
    return [value.alert_source for value in vars(module).values() if hasattr(value, "alert_source")]


def register_alert_sources(app: Flask, sources: Iterable[AlertSource], group: str = "") -> None:
    """`group`: the dashboard's group of these kinds' alerts that carry no scope of their own."""
    registered = registry(app).alert_sources
    for source in sources:
        if group and not source.group:
            source = replace(source, group=group)
        if source.kind in registered and registered[source.kind].collect is not source.collect:
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


# --- The dashboard: groups, names beside the case codes, action buttons -------------------

@dataclass(frozen=True)
class AlertGroup:
    key: str  # an area ("shelter") or a programme's code: the alerts' scope
    label: Any  # a lazy translated string or a programme's name
    order: int = 0


@dataclass(frozen=True)
class AlertPeople:
    """How an area names the people its alerts are about: `key` is the URL value that identifies
    one ("stay_id"); `names` gives a statement of (key, id, first name) rows for those ids that the
    user may see named, or None when the user may see no names at all."""

    key: str
    names: Callable[[Iterable[int], Any], Select[Any] | None]


def register_alert_group(app: Flask, group: AlertGroup) -> None:
    registry(app).alert_groups[group.key] = group


def register_alert_people(app: Flask, people: AlertPeople) -> None:
    registry(app).alert_people[people.key] = people


def group_of(alert: Alert) -> str:
    source = _sources().get(alert.kind)
    return alert.scope or (source.group if source else "")


def grouped(alerts: Iterable[Alert]) -> list[tuple[AlertGroup, list[tuple[str, list[Alert]]]]]:
    """Alerts by area (in the areas' order), and within each by severity (urgent first). A kind
    registered with no group (and no scope) is shown under "Other alerts", last."""
    groups = registry().alert_groups
    by_group: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_group.setdefault(group_of(alert), []).append(alert)
    ordered = sorted(by_group, key=lambda key: (groups[key].order if key in groups else 999, key))
    return [(groups.get(key) or AlertGroup(key or "other", _l("Other alerts")),
             [(severity, [a for a in by_group[key] if a.severity == severity]) for severity in SEVERITIES
              if any(a.severity == severity for a in by_group[key])])
            for key in ordered]


def _person_of(alert: Alert, keys: Iterable[str]) -> tuple[str, int] | None:
    if alert.person is not None:
        return alert.person
    wanted = set(keys)
    return next(((key, value) for key, value in alert.endpoint_values if key in wanted and isinstance(value, int)),
                None)


def first_names(alerts: list[Alert], user: Any) -> list[str]:
    """The first name of whom each alert is about ("" where the user may not see it named): every
    area's look-up in one statement, whatever the number of alerts."""
    people = registry().alert_people
    about = [_person_of(alert, people) for alert in alerts]
    wanted: dict[str, set[int]] = {}
    for person in about:
        if person is not None:
            wanted.setdefault(person[0], set()).add(person[1])
    statements = [statement for key, ids in wanted.items()
                  if (statement := people[key].names(sorted(ids), user)) is not None]
    if not statements:
        return ["" for _ in alerts]
    rows = db.session.execute(statements[0] if len(statements) == 1 else union_all(*statements)).all()
    names = {(key, person_id): name for key, person_id, name in rows}
    return [names.get(person, "") if person is not None else "" for person in about]


def actions_for(alert: Alert, user: Any) -> list[tuple[str, str]]:
    """The buttons of an alert the user may press: (label, link)."""
    source = _sources().get(alert.kind)
    return [(str(action.label), action.url(alert)) for action in (source.actions if source else ())
            if user.can(action.permission)]
