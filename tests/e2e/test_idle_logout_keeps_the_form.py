"""Twenty minutes into an intake interview, in Chromium: a minute before the idle logout the
page warns and offers to stay; if she does not, the Admit button leads to the login page, and
after logging in the form she typed comes back to be sent with one click."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from housing.auth.models import UserSession
from housing.core.clock import now_utc
from tests.e2e.conftest import CAPACITY
from tests.e2e.test_night_and_extensions import log_in
from tests.live import DEMO_PASSWORD, app_context_on, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def intake():
    with fresh_database("e2e_idle") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            seed.user("staff", "shelter_staff", full_name="Maria Staff")
            room = seed.room("Phaistos", beds=3, floor="Ground floor")
            room_id = room.id
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url, url, room_id


def test_the_page_warns_a_minute_before_and_staying_keeps_the_session(browser, intake):
    base_url, _url, _room = intake
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  timezone_id="Europe/Athens")
    try:
        page = context.new_page()
        page.clock.install()
        log_in(page, base_url, "staff")
        page.goto(f"{base_url}/shelter/admit")
        warning = page.locator("#session-warning")
        expect(warning).to_be_hidden()
        page.clock.run_for("19:01")  # 19 minutes and a second of nobody touching anything
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("You will be logged out in a minute without activity.")
        page.get_by_role("button", name="Stay logged in").click()
        expect(warning).to_be_hidden()
    finally:
        context.close()


def test_an_idle_logout_mid_admission_keeps_the_form(page, intake, artifacts_dir):
    base_url, database_url, room_id = intake
    log_in(page, base_url, "staff")
    page.goto(f"{base_url}/shelter/admit")
    page.get_by_label("First name", exact=True).fill("Ελένη")
    page.get_by_label("Last name", exact=True).fill("Ξενάκη")
    page.get_by_label("Date of birth", exact=True).fill("14/05/1991")
    page.get_by_label("Referred by").select_option("sos_15900")
    page.get_by_label("Room", exact=True).select_option(str(room_id))
    with app_context_on(database_url):
        from housing.extensions import db

        db.session.execute(update(UserSession).values(last_seen_at=now_utc() - timedelta(minutes=21)))
        db.session.commit()
    page.get_by_role("button", name="Admit").click()
    expect(page).to_have_url(re.compile(r"/login\?next=/shelter/admit$"))
    expect(page.get_by_text("it was kept for you: log in again within an hour to send it")).to_be_visible()
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/session/kept-form$"))
    expect(page.get_by_text("Ξενάκη")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "kept-form.png"), full_page=True)
    page.get_by_role("button", name="Send it again").click()
    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+$"))
    expect(page.get_by_text("Ελένη Ξενάκη").first).to_be_visible()
