"""After a discharge with her consent, the 3-month follow-up falls due and is recorded, in Chromium.

The server runs in this process (werkzeug in a thread) so that the clock can be moved: the
discharge is on 3 December 2026; three months later, on 3 March 2027, the follow-up falls due,
shows on the staff's alerts, takes one unanswered attempt (the alert stays) and then one that
reaches her (the alert goes, her outcome is on the stay's page)."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect
from werkzeug.serving import make_server

from housing.core.clock import ATHENS
from tests.e2e.conftest import CAPACITY
from tests.e2e.test_night_and_extensions import log_in, log_out
from tests.live import app_for, fresh_database, seeding

pytestmark = pytest.mark.e2e

DISCHARGE_MORNING = datetime(2026, 12, 3, 9, 30, tzinfo=ATHENS)
THREE_MONTHS_LATER = datetime(2027, 3, 3, 9, 30, tzinfo=ATHENS)  # 3 December + 3 months


@pytest.fixture(scope="module")
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(DISCHARGE_MORNING, tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="module")
def shelter_in_this_process(clock):
    with fresh_database("e2e_follow_up") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = seed.user("staff", "shelter_staff", full_name="Maria Staff")
            stay = seed.stay(seed.room("Knossos", beds=2, floor="First floor"), staff, "Evdokia",
                             last_name="Mavraki", admitted_on=DISCHARGE_MORNING.date() - timedelta(days=80))
            facts = (stay.id, stay.case_code)
        with app_for(url, WTF_CSRF_ENABLED=True, SHELTER_CAPACITY=CAPACITY) as app:
            server = make_server("127.0.0.1", 0, app, threaded=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                yield f"http://127.0.0.1:{server.server_port}", facts
            finally:
                server.shutdown()
                thread.join(timeout=10)


def test_a_follow_up_falls_due_three_months_after_a_discharge_with_consent_and_is_recorded(
        page, shelter_in_this_process, clock, artifacts_dir):
    base_url, (stay_id, code) = shelter_in_this_process
    shots = artifacts_dir / "e2e"
    shots.mkdir(exist_ok=True)

    log_in(page, base_url, "staff")
    page.goto(f"{base_url}/shelter/stays/{stay_id}")
    discharge = page.locator("#discharge")
    discharge.get_by_label("Destination").select_option(label="Independent housing")
    # The stay page's forms repeat the id "reason" (the extension request's): the box by its name.
    discharge.locator("textarea[name=reason]").fill("Her own flat in Heraklion.")
    discharge.get_by_label("She agrees to be contacted afterwards").check()
    discharge.get_by_label("How", exact=True).select_option(label="By phone")
    discharge.get_by_role("button", name="Discharge").click()
    expect(page.locator("#discharge-contact_phone-error")).to_have_text("Enter the phone number she agreed to be "
                                                                        "called on.")
    expect(page.get_by_role("alert").get_by_role("link", name="Phone number")).to_be_visible()  # the summary
    expect(page.locator("#discharge textarea[name=reason]")).to_have_value("Her own flat in Heraklion.")  # kept
    page.locator("#discharge").get_by_label("Phone number").fill("6944 123 456")
    page.locator("#discharge").get_by_role("button", name="Discharge").click()
    expect(page.get_by_role("heading", name="Confirm the discharge")).to_be_visible()  # asked first
    expect(page.locator("main")).to_contain_text("6944 123 456")
    page.get_by_role("button", name="Confirm discharge").click()
    expect(page.get_by_text(f"{code} discharged.")).to_be_visible()
    follow_up = page.locator("#follow-up")
    expect(follow_up).to_contain_text("She consents to be contacted: By phone — 6944 123 456")
    expect(follow_up.locator("#follow-up-3")).to_contain_text("03/03/2027")
    expect(follow_up.locator("#follow-up-3")).to_contain_text("not yet due")
    expect(follow_up.locator("#follow-up-6")).to_contain_text("03/06/2027")
    page.goto(f"{base_url}/alerts/")
    expect(page.locator(".kind-follow_up_due")).to_have_count(0)
    log_out(page)

    clock.move_to(THREE_MONTHS_LATER)
    log_in(page, base_url, "staff")
    page.goto(f"{base_url}/alerts/")
    alert = page.locator(".kind-follow_up_due")
    expect(alert).to_contain_text(f"{code}: the 3-month follow-up fell due on 03/03/2027 (0 of 3 attempts made).")
    page.screenshot(path=shots / "50-follow-up-due.png", full_page=True)
    alert.get_by_role("link", name=re.compile(code)).click()
    expect(page).to_have_url(re.compile(rf"/shelter/stays/{stay_id}#follow-up$"))
    page.locator("#follow-up-3").get_by_role("link", name="Record an attempt").click()
    expect(page.get_by_role("heading", name="Record a follow-up attempt · 3 months")).to_be_visible()
    page.get_by_label("Date of the attempt").fill("02/12/2026")  # before she left
    page.get_by_label("How", exact=True).select_option(label="Phone call")
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Record the attempt").click()
    expect(page.get_by_text("The attempt cannot come before she left (03/12/2026).", exact=True)).to_be_visible()
    page.get_by_label("Date of the attempt").fill("03/03/2027")
    page.get_by_label("Note (optional)").fill("No answer; left no message.")
    page.get_by_role("button", name="Record the attempt").click()
    expect(page.get_by_text(f"Follow-up attempt recorded for {code}.")).to_be_visible()
    page.goto(f"{base_url}/alerts/")
    expect(page.locator(".kind-follow_up_due")).to_contain_text("(1 of 3 attempts made)")

    page.goto(f"{base_url}/shelter/stays/{stay_id}/follow-up/attempt?month=3")
    page.get_by_label("How", exact=True).select_option(label="Phone call")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Record the attempt").click()
    expect(page.get_by_text("She was reached: choose the outcome.", exact=True)).to_be_visible()
    page.get_by_label("Housing (when reached)").select_option(label="Stably housed")
    page.get_by_role("button", name="Record the attempt").click()
    row = page.locator("#follow-up-3")
    expect(row).to_contain_text("reached")
    expect(row).to_contain_text("Stably housed")
    expect(row).to_contain_text("No answer; left no message.")
    expect(page.locator("#follow-up-6")).to_contain_text("not yet due")
    page.screenshot(path=shots / "51-follow-up-recorded.png", full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.locator("#follow-up").screenshot(path=shots / "52-follow-up-768.png")
    page.goto(f"{base_url}/alerts/")
    expect(page.locator(".kind-follow_up_due")).to_have_count(0)
    log_out(page)
