"""Chromium (Debian's, driven by the Playwright sync API) against gunicorn on a fresh database.

pytest-playwright is not used: these fixtures launch the system browser themselves.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import missing_resource
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
CAPACITY = 20  # the regulation's figure, set explicitly so the board reads "… / 20" whatever the environment


@dataclass(frozen=True)
class LiveShelter:
    base_url: str
    username: str
    password: str
    rooms: dict[str, int]  # room name → id
    capacity: int


@pytest.fixture(scope="module")
def live_shelter() -> LiveShelter:
    """gunicorn on a database of its own: a `staff` account (English UI) and two empty rooms."""
    with fresh_database("e2e") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            seed.user("staff", "shelter_staff", locale="en", password=DEMO_PASSWORD, full_name="Maria Staff")
            rooms = {room.name: room.id for room in (seed.room("Ariadne", beds=2, floor="Ground floor"),
                                                     seed.room("Phaistos", beds=3, cots=1, floor="First floor"))}
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield LiveShelter(base_url, "staff", DEMO_PASSWORD, rooms, CAPACITY)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module. Module scope, not session: Playwright's sync API runs an
    event loop of its own, which should not outlive the browser tests."""
    if not CHROMIUM.exists():
        missing_resource(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  timezone_id="Europe/Athens")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
