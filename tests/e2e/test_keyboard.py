"""Keyboard only, in Chromium: an admission choosing a room that fits, and the night check on a tablet.

Nothing is clicked and no field is filled by the test's hand: Tab moves, Space and Enter press,
the arrow keys choose in a list and typing types. The first Tab reaches the skip link; every
stop shows the app's own focus ring (:focus-visible). Screenshots under test-artifacts/keyboard/.
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

MAX_TABS = 40
SLOW = 15_000  # ms for a page the server renders after a submission, on a shared machine
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return {id: document.activeElement.id, text: document.activeElement.textContent.trim(),
          ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2}; }"""


@pytest.fixture(scope="module")
def house():
    with fresh_database("e2e_keyboard") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = seed.user("staff", "shelter_staff", full_name="Maria Staff")
            seed.user("night", "night_shift", full_name="Anna Night")
            seed.room("Zakros", beds=1, floor="First floor")  # too small for a mother and her son
            seed.room("Malia", beds=3, floor="Second floor")
            knossos = seed.room("Knossos", beds=4, floor="Ground floor")
            codes = [seed.stay(knossos, staff, name, admitted_on=today() - timedelta(days=3)).case_code
                     for name in ("Katerina", "Ioana")]
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url, codes


def tab_to(page, element_id: str) -> None:
    """Tab until the element with this id has the focus; each stop on the way shows the focus ring."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        assert focused["ring"], f"no visible focus ring on #{focused['id']} ({focused['text'][:40]!r})"
        if focused["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} not reached in {MAX_TABS} presses of Tab")


def tab_to_button(page, name: str) -> None:
    """Tab until the button with these words has the focus (buttons carry no id), each stop ringed."""
    button = page.get_by_role("button", name=name, exact=True)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        assert focused["ring"], f"no visible focus ring on #{focused['id']} ({focused['text'][:40]!r})"
        if button.evaluate("button => button === document.activeElement"):
            return
    raise AssertionError(f"the {name!r} button was not reached in {MAX_TABS} presses of Tab")


def first_tab_is_the_skip_link(page, label: str) -> None:
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=label)
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # off-screen until focused
    assert page.evaluate(FOCUS_RING)["ring"]
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def test_the_night_check_by_keyboard_on_a_tablet_with_all_remaining_present(browser, house, artifacts_dir):
    """Before the admission below: the two women seeded, nobody else."""
    base_url, codes = house
    (artifacts_dir / "keyboard").mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-GB",
                                  timezone_id="Europe/Athens")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        log_in(page, base_url, "night")
        page.goto(f"{base_url}/shelter/night-check")
        first_tab_is_the_skip_link(page, "Skip to content")
        first = page.locator("fieldset.night-woman", has_text=codes[0])
        present = first.get_by_label("Present", exact=True)
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUS_RING)["ring"]
            if present.evaluate("radio => radio === document.activeElement"):
                break
        else:
            raise AssertionError("the first woman's Present was not reached by Tab")
        page.keyboard.press("Space")
        expect(present).to_be_checked()
        expect(page.locator("#marked-count")).to_have_text("1")
        page.screenshot(path=str(artifacts_dir / "keyboard" / "05-night-check-first-present.png"))

        remaining = page.get_by_role("button", name="All remaining present — save")
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUS_RING)["ring"]
            if remaining.evaluate("button => button === document.activeElement"):
                break
        else:
            raise AssertionError("'All remaining present — save' was not reached by Tab")
        page.screenshot(path=str(artifacts_dir / "keyboard" / "06-night-check-remaining-focused.png"))
        page.keyboard.press("Enter")
        expect(page.get_by_text("Night check saved: 2 present, 0 absent.")).to_be_visible(timeout=SLOW)
        expect(page.locator("#marked-count")).to_have_text("2")
    finally:
        context.close()


def test_staff_admit_a_mother_and_her_son_by_keyboard_into_a_room_that_fits(page, house, artifacts_dir):
    base_url, _codes = house
    shots = artifacts_dir / "keyboard"
    shots.mkdir(exist_ok=True)
    day = today()
    log_in(page, base_url, "staff")
    page.goto(f"{base_url}/shelter/admit")
    first_tab_is_the_skip_link(page, "Skip to content")
    page.screenshot(path=str(shots / "01-admit-skip-link.png"))

    tab_to(page, "first_name")
    page.keyboard.type("Eleni")
    tab_to(page, "last_name")
    page.keyboard.type("Keyboard")
    tab_to(page, "birth_date")
    page.keyboard.type("02/04/1990")
    tab_to(page, "referral_source")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#referral_source")).not_to_have_value("")
    page.screenshot(path=str(shots / "02-admit-woman-focus.png"))

    tab_to_button(page, "Add a child")
    page.keyboard.press("Space")  # the server adds the child's row; what was typed comes back
    expect(page.get_by_role("group", name="Child 1")).to_be_visible(timeout=SLOW)
    expect(page.locator("#first_name")).to_have_value("Eleni")
    tab_to(page, "children-0-first_name")
    page.keyboard.type("Nikos")
    tab_to(page, "children-0-birth_date")
    page.keyboard.type(f"10/03/{day.year - 7}")
    tab_to(page, "children-0-sex")
    page.keyboard.type("B")  # "Boy", chosen by its first letter
    expect(page.locator("#children-0-sex")).to_have_value("M")

    tab_to(page, "room_id")
    options = page.locator("#room_id option").all_inner_texts()
    # The rooms she and her son fit in come first (floor by floor), the one too small last and marked.
    assert options == ["— choose —", "Knossos — 2 free bed(s) of 4", "Malia — 3 free bed(s) of 3",
                       "Zakros — 1 free bed(s) of 1 — too small for 2 persons"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#room_id option:checked")).to_have_text("Malia — 3 free bed(s) of 3")
    page.screenshot(path=str(shots / "03-admit-room-that-fits.png"), full_page=True)
    tab_to_button(page, "Admit")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+$"), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eleni Keyboard")
    expect(page.get_by_role("status")).to_contain_text("Eleni admitted as SH-")
    expect(page.locator("main")).to_contain_text("Malia")
    page.screenshot(path=str(shots / "04-admitted.png"), full_page=True)
