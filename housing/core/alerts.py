"""The one alert engine of the service: alert values, the registry of sources, and who sees what.

Each kind of alert is a small source marked with `@alert_source` in its area and registered by
the area's init_app: it reads what it needs through the queries of its area and returns Alert
values. Alerts are computed when asked (dashboard, menu count, CLI, digest) and never stored, so
they cannot go stale. Each alert names the permission that may see it, and optionally one user
(e.g. a beneficiary's caseworker) who sees it as well.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from types import ModuleType
from typing import Any, TypeVar

from flask import Flask
from flask_babel import lazy_gettext as _l

from housing.core.permissions import Permission
from housing.core.registry import registry

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

    def once(self, name: str, load: Callable[[], Any]) -> Any:
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


Collect = TypeVar("Collect", bound=Callable[..., list[Any]])


def alert_source(kind: str, permission: Permission, owners: bool = False,
                 label: str = "") -> Callable[[Collect], Collect]:
    """Mark a function (AlertContext) -> list[Alert] as the source of one kind of alert; its area
    registers it in its init_app (`register_alert_sources`)."""

    def mark(collect: Collect) -> Collect:
        collect.alert_source = AlertSource(kind, permission, collect, owners, label or kind)  # type: ignore[attr-defined]
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
    found: list[Alert] = []
    for source in _sources().values():
        if wanted is not None and source.kind not in wanted:
            continue
        if granted is not None and source.permission not in granted and not (source.owners and user_id is not None):
            continue
        found.extend(source.collect(context))
    if granted is not None:
        found = [a for a in found if a.visible_to(granted, user_id, scopes)]
    return sorted(found, key=_order)


def alerts_for(user: Any, context: AlertContext) -> list[Alert]:
    return compute_alerts(context, permissions=user.permissions, user_id=user.id,
                          scopes=getattr(user, "programme_scopes", None))
