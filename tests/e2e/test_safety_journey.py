"""The safety plan reaching the door and the coordinator, in Chromium.

Staff record a high-risk assessment, a protective order running out in ten days and a person
who must not be let in; the night shift reads that person on the door list without her name,
case code or room; the coordinator's dashboard shows the order's expiry.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.e2e.conftest import CAPACITY
from tests.e2e.test_night_and_extensions import log_in, log_out
from tests.live import fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shelter_with_a_woman():
    with fresh_database("e2e_safety") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = seed.user("staff", "shelter_staff", full_name="Maria Staff")
            seed.user("coordinator", "coordinator", full_name="Eleni Coordinator")
            seed.user("night", "night_shift", full_name="Anna Night")
            stay = seed.stay(seed.room("Knossos", beds=2, floor="First floor"), staff, "Evdokia",
                             last_name="Mavraki", admitted_on=today() - timedelta(days=3))
            facts = (stay.id, stay.case_code)
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url, facts


def test_staff_record_the_plan_the_night_shift_reads_the_door_and_the_coordinator_is_alerted(
        page, shelter_with_a_woman, artifacts_dir):
    base_url, (stay_id, code) = shelter_with_a_woman
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)
    valid_until = today() + timedelta(days=10)

    log_in(page, base_url, "staff")
    page.goto(f"{base_url}/shelter/stays/{stay_id}")
    plan = page.locator("#safety-plan")
    expect(plan).to_contain_text("No risk assessment yet.")
    plan.get_by_role("link", name="Record an assessment").click()
    page.get_by_role("radio", name=re.compile("High risk")).check()
    page.get_by_label("What the assessment found").fill("He found the children's school.")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_text(f"Risk assessment recorded for {code}.")).to_be_visible()
    expect(plan).to_contain_text(f"next review {format_dmy(today() + timedelta(days=7))}")
    expect(plan).to_contain_text("The coordinators have been alerted")

    plan.get_by_role("link", name="Record a protective order").click()
    page.get_by_label("Issued by").select_option(label="Police")
    page.get_by_label("Kind of order").select_option(label="Emergency barring order")
    page.get_by_label("Reference number").fill("4512/2026")
    page.get_by_label("Issued on").fill(format_dmy(today() - timedelta(days=4)))
    page.get_by_label("Valid until").fill(format_dmy(today() - timedelta(days=5)))  # before it was issued
    page.get_by_role("button", name="Record the order").click()
    expect(page.locator(".field-error", has_text="The order cannot end before it was issued")).to_be_visible()
    expect(page.get_by_label("Reference number")).to_have_value("4512/2026")  # nothing typed is lost
    page.get_by_label("Valid until").fill(format_dmy(valid_until))
    page.get_by_role("button", name="Record the order").click()
    expect(page.get_by_text(f"Protective order recorded for {code}.")).to_be_visible()
    expect(plan).to_contain_text("10 days left")

    plan.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name", exact=True).fill("Viktor K.")
    page.get_by_label("Relationship to her").fill("former husband")
    page.get_by_label("How to recognise them").fill("About 1.90 m, shaved head, scar over the left eyebrow.")
    page.get_by_label("What to do if they come").fill("Do not open. Call the police: 100.")
    page.get_by_role("button", name="Add to the safety plan").click()
    expect(plan).to_contain_text("Viktor K.")
    page.screenshot(path=shots / "40-safety-plan.png", full_page=True)
    log_out(page)

    log_in(page, base_url, "night")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Door list").click()
    expect(page.get_by_role("heading", name="Viktor K.")).to_be_visible()
    expect(page.get_by_text("scar over the left eyebrow")).to_be_visible()
    body = page.locator("main").inner_text()
    for revealing in ("Evdokia", "Mavraki", code, "Knossos"):
        assert revealing not in body
    expect(page.get_by_text("CONFIDENTIAL")).to_be_visible()
    page.screenshot(path=shots / "41-door-list.png", full_page=True)
    log_out(page)

    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/alerts/")
    expect(page.get_by_text(f"{code}: a protective order is valid until {format_dmy(valid_until)}.")).to_be_visible()
    expect(page.get_by_text(f"{code}: assessed at high risk; consider restricting the stay.")).to_be_visible()
    page.screenshot(path=shots / "42-coordinator-alerts.png", full_page=True)
