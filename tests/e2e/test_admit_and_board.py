"""A shelter worker's admission, end to end in Chromium against gunicorn.

Log in, admit a woman with two children (the form adds children by re-rendering on the
server, with no JavaScript), land on her stay, and find her on the occupancy board in
the room chosen. Each step leaves a screenshot in test-artifacts/e2e/.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from housing.core.clock import today
from housing.core.formatting import format_dmy

pytestmark = pytest.mark.e2e


def test_staff_admits_a_woman_with_two_children_and_finds_her_on_the_board(page, live_shelter, artifacts_dir):
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True)

    day = today()
    room_id, other_room_id = live_shelter.rooms["Phaistos"], live_shelter.rooms["Ariadne"]
    boy_born, girl_born = date(day.year - 7, 3, 10), date(day.year - 4, 11, 2)
    menu = page.get_by_role("navigation", name="Main menu")

    # Nobody is known on the login page yet, so it opens in the default language (Greek).
    page.goto(f"{live_shelter.base_url}/login")
    expect(page.locator("html")).to_have_attribute("lang", "el")
    snap("01-login-greek")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill(live_shelter.username)
    page.get_by_label("Password").fill(live_shelter.password)
    snap("02-login-english")
    page.get_by_role("button", name="Log in").click()
    expect(menu).to_be_visible()
    snap("03-after-login")

    menu.get_by_role("link", name="Admit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/shelter/admit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Admission")
    page.get_by_label("First name", exact=True).fill("Ελένη")
    page.get_by_label("Last name", exact=True).fill("Παπαδάκη")
    page.get_by_label("Date of birth", exact=True).fill("02/04/1990")
    page.get_by_label("Nationality").fill("Greek")
    page.get_by_label("Languages").fill("Greek, English")
    page.get_by_label("Referred by").select_option("sos_15900")
    snap("04-admit-woman")

    add_child = page.get_by_role("button", name="Add a child")
    add_child.click()
    expect(page.get_by_role("group", name="Child 1")).to_be_visible()
    add_child.click()
    expect(page.get_by_role("group", name="Child 2")).to_be_visible()
    # Each click went to the server and back; what was typed is still there.
    expect(page.locator("#first_name")).to_have_value("Ελένη")
    expect(page.locator("#last_name")).to_have_value("Παπαδάκη")
    expect(page.locator("#birth_date")).to_have_value("02/04/1990")
    expect(page.locator("#referral_source")).to_have_value("sos_15900")
    snap("05-admit-two-children")

    for legend, (name, born, sex) in {"Child 1": ("Νίκος", boy_born, "M"),
                                      "Child 2": ("Άρτεμις", girl_born, "F")}.items():
        child = page.get_by_role("group", name=legend)
        child.get_by_label("First name").fill(name)
        child.get_by_label("Date of birth").fill(format_dmy(born))
        child.get_by_label("Sex").select_option(sex)
    page.get_by_label("Room", exact=True).select_option(str(room_id))
    expect(page.get_by_label("Admission date")).to_have_value(format_dmy(day))
    snap("06-admit-filled")
    page.get_by_role("button", name="Admit", exact=True).click()

    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(rf"SH-{day.year}-\d{{3}} · Ελένη Παπαδάκη"))
    case_code = re.search(rf"SH-{day.year}-\d{{3}}", heading.inner_text()).group(0)
    expect(page.get_by_role("status")).to_have_text(f"Ελένη admitted as {case_code}.")
    children = page.locator("table.list").first
    expect(children.get_by_role("row", name=re.compile("Νίκος"))).to_contain_text(format_dmy(boy_born))
    expect(children.get_by_role("row", name=re.compile("Άρτεμις"))).to_contain_text(format_dmy(girl_born))
    snap("07-stay")

    menu.get_by_role("link", name="Occupancy board").click()
    expect(page).to_have_url(re.compile(r"/shelter/board$"))
    her_room = page.locator(f"#room-{room_id}")
    expect(her_room.get_by_role("heading", level=3)).to_contain_text("Phaistos")
    expect(her_room.get_by_role("listitem")).to_have_count(1)
    household = her_room.get_by_role("listitem")
    expect(household).to_contain_text(case_code)
    expect(household).to_contain_text("Ελένη")
    expect(household).to_contain_text("2 children")
    expect(household).not_to_contain_text("Παπαδάκη")  # the board shows case code and first name only
    expect(page.locator(f"#room-{other_room_id}")).not_to_contain_text(case_code)
    expect(page.locator("#women-present")).to_have_text(f"1 / {live_shelter.capacity}")
    expect(page.locator("#children-count")).to_have_text("2")
    snap("08-board")
