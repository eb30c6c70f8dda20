"""The header's search box in Chromium, as staff and a coordinator use it, in Greek and English,
on a laptop (1280 px), a tablet (768 px) and a phone (390 px): the box is there and usable, typing
a name without accents or in Latin letters and pressing Enter lists her, and the header never
scrolls sideways. Screenshots go to test-artifacts/e2e/search-*.png."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: F401 - the browser fixture's flags
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def live_search():
    with fresh_database("e2e-search") as url:
        with seeding(url) as seed:
            staff = seed.user("staff", "shelter_staff", locale="en", full_name="Maria Staff")
            seed.user("staff-el", "shelter_staff", locale="el", full_name="Μαρία Κοινωνική Λειτουργός")
            seed.user("coord", "coordinator", locale="en", full_name="Anna Coordinator")
            seed.user("coord-el", "coordinator", locale="el", full_name="Άννα Συντονίστρια")
            seed.user("night", "night_shift", locale="en", full_name="Eva Night")
            room = seed.room("Knossos", beds=2, floor="Ground floor")
            other = seed.room("Phaistos", beds=2, floor="First floor")
            eleni = seed.stay(room, staff, "Ελένη", "Παπαδάκη").case_code
            sofia = seed.stay(other, staff, "Σοφία", "Νικολάου").case_code
        with gunicorn_server(url, workers=1, threads=4) as base_url:
            yield base_url, {"eleni": eleni, "sofia": sofia}


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def no_sideways_scroll(page) -> bool:
    """The header fits the screen's width (the lists' tables below are another matter)."""
    return page.evaluate("""() => { const top = document.querySelector("header.topbar");
        return top.scrollWidth <= top.clientWidth && top.getBoundingClientRect().right <= window.innerWidth
            && [...top.querySelectorAll("input, button, a")].every(
                   el => el.getBoundingClientRect().right <= window.innerWidth); }""")


@pytest.mark.parametrize("username, width, typed", [
    ("staff", 1280, "papadaki"), ("staff", 768, "ELENI"), ("staff-el", 1280, "ελενη"), ("staff-el", 768, "ΠΑΠΑΔΑΚΗ"),
    ("coord", 1280, "Eleni Papadaki"), ("coord", 768, "papadaki"), ("coord-el", 1280, "ελένη"),
    ("coord-el", 768, "παπαδακη"), ("staff", 390, "papadaki"), ("coord-el", 390, "ελενη"),
])
def test_the_header_box_finds_her_as_typed(browser, live_search, artifacts_dir, username, width, typed):
    base_url, codes = live_search
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800}, timezone_id="Europe/Athens")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, base_url, username)
        page.goto(f"{base_url}/account")
        box = page.locator("#header-q")
        expect(box).to_be_visible()
        assert no_sideways_scroll(page)
        page.screenshot(path=shots / f"search-{username}-{width}-header.png")
        box.fill(typed)
        box.press("Enter")  # the first button: the residents
        page.wait_for_url("**/shelter/residents**")
        rows = page.locator("table.list tbody")
        expect(rows).to_contain_text(codes["eleni"])
        expect(rows).not_to_contain_text(codes["sofia"])
        assert no_sideways_scroll(page)
        page.screenshot(path=shots / f"search-{username}-{width}-results.png", full_page=True)
    finally:
        context.close()


def test_a_coordinator_chooses_the_programme_with_its_button(browser, live_search):
    base_url, _codes = live_search
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, base_url, "coord")
        page.locator("#header-q").fill("giannis")
        page.locator("form.header-search").get_by_role("button", name="REINTEGRATION").click()
        page.wait_for_url("**/reintegration/beneficiaries?**")
        expect(page.locator("h1")).to_be_visible()
    finally:
        context.close()


def test_the_night_shift_gets_no_box(browser, live_search):
    base_url, _codes = live_search
    context = browser.new_context(viewport={"width": 768, "height": 800})
    page = context.new_page()
    try:
        log_in(page, base_url, "night")
        page.goto(f"{base_url}/shelter/board")
        expect(page.locator("#header-q")).to_have_count(0)
    finally:
        context.close()
