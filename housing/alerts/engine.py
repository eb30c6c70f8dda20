"""Alert values, the registry of sources, and who sees what."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Iterable, Mapping

from flask_babel import lazy_gettext as _l

SEVERITIES = ("urgent", "warning", "info")
SEVERITY_LABELS = {"urgent": _l("Urgent"), "warning": _l("Soon"), "info": _l("For information")}


@dataclass(frozen=True)
class AlertContext:
    """What every source may use: the day and moment of asking (Athens day, UTC moment)
    and the configuration with the thresholds."""

    today: date
    now: datetime
    config: Mapping
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: str, load: Callable[[], object]):
        """Facts shared by several sources are read once per computation."""
        if name not in self.memo:
            self.memo[name] = load()
        return self.memo[name]


@dataclass(frozen=True)
class Alert:
    kind: str
    subject: str  # the case code the alert is about ("SHELTER" for the shelter as a whole)
    due: date  # the day it concerns: the planned end, the birthday, the night of the check…
    severity: str  # urgent, warning or info
    roles: frozenset[str]  # roles that see it
    message: str  # a (lazy) translated sentence for people
    endpoint: str  # where it is acted on
    endpoint_values: tuple[tuple[str, object], ...] = ()
    owner_id: int | None = None  # a user who sees it besides the roles (a caseworker)
    details: tuple[tuple[str, object], ...] = field(default=())

    def visible_to(self, roles: Iterable[str], user_id: int | None) -> bool:
        return bool(self.roles & frozenset(roles)) or (self.owner_id is not None and self.owner_id == user_id)

    def as_json(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "due": self.due.isoformat(), "severity": self.severity,
                "roles": sorted(self.roles), "owner_id": self.owner_id, "message": str(self.message),
                **{key: value for key, value in self.details}}


@dataclass(frozen=True)
class AlertSource:
    kind: str
    roles: frozenset[str]  # every role any of its alerts can be shown to (lets us skip work)
    collect: Callable[[AlertContext], list[Alert]]
    owners: bool = False  # True if some alerts are for one user (a caseworker) as well
    label: str = ""  # what the kind means, in a few words, for lists and e-mails


_SOURCES: dict[str, AlertSource] = {}


def alert_source(kind: str, roles: Iterable[str], owners: bool = False, label: str = ""):
    """Register a function (AlertContext) -> list[Alert] as the source of one kind of alert."""

    def register(collect: Callable[[AlertContext], list[Alert]]):
        if kind in _SOURCES:
            raise ValueError(f"alert kind {kind!r} registered twice")
        _SOURCES[kind] = AlertSource(kind, frozenset(roles), collect, owners, label or kind)
        return collect

    return register


def registered_kinds() -> list[str]:
    _load_sources()
    return list(_SOURCES)


def kind_label(kind: str) -> str:
    _load_sources()
    source = _SOURCES.get(kind)
    return str(source.label) if source else kind


def _load_sources() -> None:
    # Importing the modules registers their sources; one place lists them.
    from housing.alerts import reintegration, shelter  # noqa: F401


def _order(alert: Alert):
    return SEVERITIES.index(alert.severity), alert.due, alert.subject


def compute_alerts(context: AlertContext, roles: Iterable[str] | None = None, user_id: int | None = None,
                   kinds: Iterable[str] | None = None) -> list[Alert]:
    """Every alert as of the context's day; only the sources that could concern these roles
    (or this user) run when `roles` is given."""
    _load_sources()
    roles = frozenset(roles) if roles is not None else None
    wanted = set(kinds) if kinds is not None else None
    found: list[Alert] = []
    for source in _SOURCES.values():
        if wanted is not None and source.kind not in wanted:
            continue
        if roles is not None and not (source.roles & roles) and not (source.owners and user_id is not None):
            continue
        found.extend(source.collect(context))
    if roles is not None:
        found = [a for a in found if a.visible_to(roles, user_id)]
    return sorted(found, key=_order)


def alerts_for(user, context: AlertContext) -> list[Alert]:
    return compute_alerts(context, roles=user.roles, user_id=user.id)
