"""What each area hands the core at start-up. The core knows no area by name: an area's
`init_app(app)` registers its blueprints' menu entries, alert sources, privacy providers and
template helpers here, and the core's machinery (the menu, the alert engine, the purge and
the subject-access export) reads them back from the application it serves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

from flask import Flask, current_app

_KEY = "housing"


@dataclass(frozen=True)
class MenuEntry:
    """A link in the top menu, shown to whoever `visible(user)` lets see it, in `order`."""

    order: int
    label: Any  # a lazy translated string
    endpoint: str
    visible: Callable[[Any], bool]
    badge: Callable[[], int] | None = None  # a count shown beside the link (the alerts)


@dataclass(frozen=True)
class SearchTarget:
    """A list the header's search box can search by case code or name (`?q=`), offered to whoever
    `visible(user)` lets see it, in `order`."""

    order: int
    label: Any  # the button when the box searches several lists: "Residents", a programme's name
    box_label: Any  # the box's label when it searches this list only: "Search residents"
    endpoint: str
    visible: Callable[[Any], bool]


@dataclass(frozen=True)
class Enrolment:
    """Where a woman was enrolled after her stay: the case code and the page of that record."""

    case_code: str
    url: str


@dataclass(frozen=True)
class Onward:
    """A place a stay may lead to that keeps a record of its own (a programme taking women from
    the shelter): the discharge destination that leads there, its name, the endpoint that enrols
    her from her stay (with stay_id), and how to find her enrolment from a stay's id."""

    destination: str
    label: Any  # a lazy translated string or the programme's name
    enrol_endpoint: str
    enrolment_of: Callable[[int], Enrolment | None]


@dataclass
class Registries:
    alert_sources: dict[str, Any] = field(default_factory=dict)  # kind → housing.core.alerts.AlertSource
    alert_groups: dict[str, Any] = field(default_factory=dict)  # key → housing.core.alerts.AlertGroup
    alert_people: dict[str, Any] = field(default_factory=dict)  # URL key → housing.core.alerts.AlertPeople
    alert_facts: dict[str, Any] = field(default_factory=dict)  # kind of fact → its SELECT (housing.core.alerts)
    alert_fact_statements: dict[tuple[str, ...], Any] = field(default_factory=dict)  # kinds → their UNION ALL
    privacy_providers: dict[str, Any] = field(default_factory=dict)  # name → housing.core.privacy.PrivacyProvider
    menu: list[MenuEntry] = field(default_factory=list)
    search_targets: list[SearchTarget] = field(default_factory=list)
    onward: dict[str, Onward] = field(default_factory=dict)  # destination → where it leads
    areas: list[str] = field(default_factory=list)


def registry(app: Flask | None = None) -> Registries:
    app = app or current_app
    if _KEY not in app.extensions:
        app.extensions[_KEY] = Registries()
    found: Registries = app.extensions[_KEY]
    return found


def register_area(app: Flask, name: str) -> None:
    """Record that an area is plugged in (the order create_app lists them)."""
    found = registry(app).areas
    if name in found:
        raise ValueError(f"area {name!r} plugged in twice")
    found.append(name)


def register_menu_entry(app: Flask, entry: MenuEntry) -> None:
    entries = registry(app).menu
    entries.append(entry)
    entries.sort(key=lambda item: item.order)


def menu_for(user: Any) -> list[MenuEntry]:
    return [entry for entry in registry().menu if entry.visible(user)]


def register_search_target(app: Flask, target: SearchTarget) -> None:
    targets = registry(app).search_targets
    targets.append(target)
    targets.sort(key=lambda item: item.order)


def search_targets_for(user: Any) -> list[SearchTarget]:
    """The lists this user may search from the header; none for the night shift or the admin."""
    return [target for target in registry().search_targets if target.visible(user)]


def register_onward(app: Flask, onward: Onward) -> None:
    found = registry(app).onward
    if onward.destination in found:
        raise ValueError(f"destination {onward.destination!r} leads to two places")
    found[onward.destination] = onward


def onward_for(destination: str | None) -> Onward | None:
    return registry().onward.get(destination or "")
