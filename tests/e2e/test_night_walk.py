"""The night carer's walk on a 768 px tablet, and the evacuation list on A4, in Chromium.

The night check: floor by floor, a counter of women marked, the note box only for an absence,
the whole card coloured by the choice, Save within reach without scrolling, and "all remaining
present". The evacuation list: printed on A4 without being cut, the confidential heading row on
the printout, saved as PDF under test-artifacts/.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from housing.core.clock import today
from tests.e2e.conftest import CAPACITY
from tests.e2e.test_night_and_extensions import log_in
from tests.live import fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e

A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


@pytest.fixture(scope="module")
def building():
    with fresh_database("e2e_walk") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = seed.user("staff", "shelter_staff", full_name="Maria Staff")
            seed.user("night", "night_shift", full_name="Anna Night")
            upstairs = seed.room("Malia", beds=3, floor="Second floor")
            ground = seed.room("Phaistos", beds=3, floor="Ground floor")
            admitted = today() - timedelta(days=5)
            stays = {name: seed.stay(room, staff, name, last_name=last, admitted_on=admitted).case_code
                     for name, last, room in (("Katerina", "Upstairs", upstairs), ("Ioana", "Upstairs", upstairs),
                                              ("Sofia", "Ground", ground), ("Amira", "Ground", ground))}
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url, stays


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-GB",
                                  timezone_id="Europe/Athens")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_night_check_on_a_tablet(tablet, building, artifacts_dir):
    base_url, stays = building
    page = tablet
    log_in(page, base_url, "night")
    page.goto(f"{base_url}/shelter/night-check")
    expect(page.locator("h2.night-floor")).to_have_text(["Ground floor", "Second floor"])
    expect(page.locator("#marked-count")).to_have_text("0")
    save = page.get_by_role("button", name="Save the night check")
    remaining = page.get_by_role("button", name="All remaining present — save")
    box, viewport = save.bounding_box(), page.viewport_size
    assert box is not None and box["y"] + box["height"] <= viewport["height"]  # within reach, not scrolled to

    amira = page.locator("fieldset.night-woman", has_text=stays["Amira"])
    note = amira.get_by_label("Note if absent (where, since when, informed whom)")
    expect(note).to_be_hidden()  # no note box before an absence
    before = amira.evaluate("card => getComputedStyle(card).backgroundColor")
    amira.get_by_label("Absent", exact=True).check()
    expect(note).to_be_visible()
    expect(page.locator("#marked-count")).to_have_text("1")
    assert amira.evaluate("card => getComputedStyle(card).backgroundColor") != before  # the card shows the choice
    note.fill("at her sister's, informed the coordinator")
    sofia = page.locator("fieldset.night-woman", has_text=stays["Sofia"])
    sofia.get_by_label("Present", exact=True).check()
    expect(sofia.get_by_label("Note if absent (where, since when, informed whom)")).to_be_hidden()
    expect(page.locator("#marked-count")).to_have_text("2")
    page.screenshot(path=str(artifacts_dir / "night-check-tablet.png"))

    remaining.click()
    expect(page.get_by_text("Night check saved: 3 present, 1 absent.")).to_be_visible()
    expect(page.locator("#marked-count")).to_have_text("4")
    expect(amira.get_by_label("Absent", exact=True)).to_be_checked()


def test_the_evacuation_list_fits_an_a4_page(tablet, building, artifacts_dir):
    base_url, stays = building
    page = tablet
    log_in(page, base_url, "night")
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.goto(f"{base_url}/shelter/evacuation")
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH_PX
    heading_row = page.locator("tr.print-only")
    expect(heading_row).to_be_visible()  # repeated at the top of every printed page
    expect(heading_row).to_have_text(re.compile(r"CONFIDENTIAL · Evacuation list · Printed \d\d/\d\d/\d{4}"))
    expect(page.locator("tr.floor-total")).to_have_text([
        "Ground floor: Women: 2 · children: 0 · persons in all: 2",
        "Second floor: Women: 2 · children: 0 · persons in all: 2"])
    pdf = page.pdf(path=str(artifacts_dir / "evacuation-list.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


def test_the_board_follows_the_tablets_dark_mode_but_paper_stays_white(browser, building, artifacts_dir):
    base_url, _stays = building
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-GB",
                                  timezone_id="Europe/Athens", color_scheme="dark")
    try:
        page = context.new_page()
        log_in(page, base_url, "night")
        page.goto(f"{base_url}/shelter/board")
        background = "() => getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(background) == "rgb(17, 21, 28)"
        page.screenshot(path=str(artifacts_dir / "board-dark.png"))
        page.goto(f"{base_url}/shelter/board/print")
        assert page.evaluate(background) == "rgb(245, 246, 248)"  # the print view keeps the light page
        expect(page.get_by_text("updates itself")).to_have_count(0)
    finally:
        context.close()
