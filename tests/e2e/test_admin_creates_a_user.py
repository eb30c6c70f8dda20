"""The municipality's IT contact opens an account for a new night carer, in Chromium.

A first try without a password keeps what was typed and says what is missing at the field; the
account is then created, listed with its role, and its first login opens the night shift's
menu (in Greek, the default) — and no case file. Screenshots under test-artifacts/e2e/admin/.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_night_and_extensions import log_in, log_out
from tests.live import fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a-long-night-at-the-desk"
NIGHT_MENU = ["Πίνακας πληρότητας", "Νυχτερινός έλεγχος", "Βιβλίο βάρδιας", "Λίστα εισόδου", "Αρνήσεις φιλοξενίας"]


@pytest.fixture(scope="module")
def municipality():
    with fresh_database("e2e_admin") as url:
        with seeding(url) as seed:
            seed.user("admin", "admin", full_name="Nikos Admin")
        with gunicorn_server(url, workers=1, threads=4) as base_url:
            yield base_url


def test_an_admin_creates_a_night_carers_account_who_then_logs_in(page, municipality, artifacts_dir):
    shots = artifacts_dir / "e2e" / "admin"
    shots.mkdir(parents=True, exist_ok=True)
    base_url = municipality
    log_in(page, base_url, "admin")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Staff accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    page.get_by_role("link", name="New account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New account")

    page.get_by_label("Username", exact=True).fill("eleni.night")
    page.get_by_label("Full name", exact=True).fill("Eleni Nightly")
    page.get_by_role("group", name="Roles").get_by_label("Night shift").check()
    page.get_by_role("button", name="Create account").click()
    password = page.get_by_label("Initial password", exact=True)
    expect(page.locator(".field.has-error")).to_contain_text("Enter a password.")  # at the field
    expect(page.get_by_label("Username", exact=True)).to_have_value("eleni.night")  # nothing lost
    expect(page.get_by_label("Full name", exact=True)).to_have_value("Eleni Nightly")
    expect(page.get_by_role("group", name="Roles").get_by_label("Night shift")).to_be_checked()
    page.screenshot(path=str(shots / "01-missing-password.png"), full_page=True)

    password.fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("status")).to_have_text("Account eleni.night created.")
    row = page.get_by_role("row", name=re.compile("eleni.night"))
    expect(row).to_contain_text("Eleni Nightly")
    expect(row).to_contain_text("Night shift")
    expect(row).to_contain_text("can log in")
    page.screenshot(path=str(shots / "02-account-listed.png"), full_page=True)

    log_out(page)
    page.get_by_label("Username").fill("eleni.night")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # A new account speaks Greek until she chooses; the night shift's menu, and no case file in it.
    menu = page.get_by_role("navigation", name="Κύριο μενού")
    expect(menu.get_by_role("link")).to_have_text(NIGHT_MENU)
    page.screenshot(path=str(shots / "03-first-login.png"), full_page=True)
