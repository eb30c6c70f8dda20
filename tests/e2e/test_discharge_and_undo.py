"""A discharge that asks before it acts, and a coordinator undoing it the same day, in Chromium.

Staff first send the form half filled (the page opens at the form, the summary at its top, the
cursor in the first wrong field), then fully: the confirmation page repeats it in words; "Back"
keeps what was typed; "Confirm discharge" writes. A coordinator then undoes it: the same case code,
room and child come back.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.e2e.conftest import CAPACITY
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shelter_with_tamara():
    from housing.shelter.services import AdmissionInput, ChildInput, admit

    with fresh_database("e2e_undo") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = seed.user("staff", "shelter_staff", full_name="Maria Staff")
            seed.user("coordinator", "coordinator", full_name="Eleni Coordinator")
            room = seed.room("Knossos", beds=3, floor="First floor")
            admitted = today() - timedelta(days=40)
            stay = admit(AdmissionInput(
                first_name="Tamara", last_name="Test", birth_date=date(1991, 5, 3), room_id=room.id,
                admitted_on=admitted, referral_source="police",
                children=[ChildInput("Niko", admitted - timedelta(days=2200), "M", field_prefix="children-0")]),
                staff, today(), seed.settings)
            facts = {"stay_id": stay.id, "code": stay.case_code}
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url, facts


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()


def test_staff_discharge_with_confirmation_and_a_coordinator_undoes_it(page, shelter_with_tamara, artifacts_dir):
    base_url, facts = shelter_with_tamara
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)
    stay_url = f"{base_url}/shelter/stays/{facts['stay_id']}"
    day = format_dmy(today())

    log_in(page, base_url, "staff")
    page.goto(stay_url)
    discharge = page.locator("section#discharge")
    # Half filled: no date, no destination.
    discharge.get_by_label("Discharge date", exact=True).fill("")
    discharge.get_by_label("Reason", exact=True).fill("Goes to her sister in Chania")
    discharge.get_by_role("button", name="Discharge").click()
    expect(page).to_have_url(re.compile(r"/discharge#discharge-form$"))
    summary = discharge.get_by_role("alert")
    expect(summary).to_contain_text("This form was not saved: correct the 2 fields below.")
    expect(summary.get_by_role("link", name="Discharge date: Enter the discharge date.")).to_be_visible()
    expect(discharge.get_by_label("Discharge date", exact=True)).to_be_focused()
    expect(discharge.get_by_label("Reason", exact=True)).to_have_value("Goes to her sister in Chania")
    expect(summary).to_be_in_viewport()  # the page opened at the form, not 1,500 px above it
    page.screenshot(path=str(shots / "discharge-failed-after-laptop.png"))

    discharge.get_by_label("Discharge date", exact=True).fill(day)
    discharge.get_by_label("Destination", exact=True).select_option("relatives")
    discharge.get_by_role("button", name="Discharge").click()
    question = f"Discharge {facts['code']} Tamara and 1 child on {day}, destination: Relatives?"
    expect(page.get_by_text(question)).to_be_visible()
    expect(page.get_by_role("button", name="Confirm discharge")).to_be_focused()
    page.screenshot(path=str(shots / "discharge-confirm-laptop.png"))
    page.set_viewport_size({"width": 768, "height": 1000})
    page.screenshot(path=str(shots / "discharge-confirm-768.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Back").click()  # nothing written: the form as it was typed
    discharge = page.locator("section#discharge")
    expect(discharge.get_by_label("Reason", exact=True)).to_have_value("Goes to her sister in Chania")
    expect(discharge.get_by_label("Destination", exact=True)).to_have_value("relatives")
    discharge.get_by_role("button", name="Discharge").click()
    page.get_by_role("button", name="Confirm discharge").click()
    expect(page.get_by_text(f"{facts['code']} discharged.")).to_be_visible()
    expect(page.get_by_text("discharged", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Undo the discharge")).to_have_count(0)  # staff: no undo
    page.get_by_role("button", name="Log out").click()

    log_in(page, base_url, "coordinator")
    page.goto(stay_url)
    page.screenshot(path=str(shots / "discharge-undo-offered-laptop.png"))
    page.get_by_role("button", name="Undo the discharge").click()
    expect(page.get_by_text(f"The discharge of {facts['code']} is undone: her stay is active again.")).to_be_visible()
    expect(page.get_by_text("active", exact=True)).to_be_visible()
    expect(page.locator("dl.facts").first).to_contain_text("RoomKnossos")
    page.screenshot(path=str(shots / "discharge-undone-laptop.png"))
    page.goto(f"{base_url}/shelter/board")
    expect(page.get_by_text(facts["code"])).to_be_visible()
