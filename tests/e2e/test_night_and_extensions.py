"""Four eyes on an extension, and the night check reaching the morning, in Chromium.

1. Staff request an extension; a coordinator (another person) approves it with another
   date; the occupancy board shows the new end.
2. The night shift marks a woman absent without a note; the coordinator's alerts
   dashboard shows it the next time she looks.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.e2e.conftest import CAPACITY
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shelter_in_use():
    with fresh_database("e2e_night") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = seed.user("staff", "shelter_staff", full_name="Maria Staff")
            seed.user("coordinator", "coordinator", full_name="Eleni Coordinator")
            seed.user("night", "night_shift", full_name="Anna Night")
            room = seed.room("Knossos", beds=4, floor="First floor")
            ending = seed.stay(room, staff, "Katerina", admitted_on=today() - timedelta(days=85))
            other = seed.stay(room, staff, "Ioana", admitted_on=today() - timedelta(days=10))
            facts = {"ending": (ending.id, ending.case_code, ending.planned_end), "other": other.case_code}
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url, facts


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("nav.menu")).to_be_attached()  # on a phone it is folded behind the Menu button


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))  # the language chosen goes with the session


def test_request_approve_as_another_user_and_the_board_shows_the_new_end(page, shelter_in_use, artifacts_dir):
    base_url, facts = shelter_in_use
    stay_id, code, planned_end = facts["ending"]
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)
    proposed, approved = planned_end + timedelta(days=60), planned_end + timedelta(days=45)

    log_in(page, base_url, "staff")
    page.goto(f"{base_url}/shelter/stays/{stay_id}")
    page.get_by_label("Proposed new end").fill(format_dmy(proposed))
    page.get_by_label("Reason", exact=True).first.fill("A flat from the municipality from next month.")
    page.get_by_role("button", name="Request extension").click()
    expect(page.get_by_text("Extension requested for")).to_be_visible()
    expect(page.get_by_text("Waiting for a decision")).to_be_visible()
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)  # staff cannot decide
    page.screenshot(path=shots / "20-extension-requested.png", full_page=True)
    log_out(page)

    log_in(page, base_url, "coordinator")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Extensions").click()
    page.get_by_role("link", name=code).click()
    page.get_by_role("radio", name="Approve").check()
    page.get_by_label("New end (if approved)").fill(format_dmy(approved))
    page.get_by_label("Note", exact=True).fill("Approved for 45 days; review with the flat offer.")
    page.screenshot(path=shots / "21-extension-deciding.png", full_page=True)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    expect(page.locator("#extensions")).to_contain_text("Approved")

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Occupancy board").click()
    household = page.locator(".households li", has_text=code)
    expect(household).to_contain_text(f"until {format_dmy(approved)}")
    page.screenshot(path=shots / "22-board-new-end.png", full_page=True)


def test_night_check_absence_reaches_the_coordinators_dashboard(page, shelter_in_use, artifacts_dir):
    base_url, facts = shelter_in_use
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)
    absent_code = facts["other"]

    log_in(page, base_url, "night")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Night check").click()
    for group in page.locator("fieldset.night-woman").all():
        choice = "Absent" if absent_code in group.inner_text() else "Present"
        group.get_by_label(choice, exact=True).check()
    page.screenshot(path=shots / "23-night-check.png", full_page=True)
    page.get_by_role("button", name="Save the night check").click()
    expect(page.get_by_text("Night check saved: 1 present, 1 absent.")).to_be_visible()
    log_out(page)

    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/")
    urgent = page.locator("#alerts-shelter-urgent")
    expect(urgent).to_contain_text(f"{absent_code} was absent at the night check")
    expect(urgent).to_contain_text("with no explanation")
    page.screenshot(path=shots / "24-coordinator-alerts.png", full_page=True)
