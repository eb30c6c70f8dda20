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


@dataclass
class Registries:
    alert_sources: dict[str, Any] = field(default_factory=dict)  # kind → housing.core.alerts.AlertSource
    privacy_providers: dict[str, Any] = field(default_factory=dict)  # name → housing.core.privacy.PrivacyProvider
    menu: list[MenuEntry] = field(default_factory=list)
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
