"""After an admission the coordinator reads what usually follows on her stay and follows a step;
the alerts dashboard groups the shelter's and the programme's alerts, names the woman beside the
case code and offers the button that settles each. In English and in Greek, on a laptop and at
768 px; the screenshots are left in test-artifacts/e2e/next-steps/."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CAPACITY
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e

WIDTHS = {"laptop": 1280, "tablet": 768}


@dataclass(frozen=True)
class Live:
    base_url: str
    room_id: int
    greek_stay_id: int


@pytest.fixture(scope="module")
def live() -> Live:
    """Rena, long past her planned end; Petros in REINTEGRATION with his programme over; a room
    free for the admission; a Greek coordinator's stay admitted today."""
    from housing.core.clock import today
    from tests.reintegration_support import make_beneficiary

    with fresh_database("e2e-next-steps") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            seed.user("coord", "coordinator", locale="en", password=DEMO_PASSWORD, full_name="Anna Coordinator")
            seed.user("syntonistria", "coordinator", locale="el", password=DEMO_PASSWORD, full_name="Άννα Συντονίστρια")
            staff = seed.user("staff", "shelter_staff", locale="en", password=DEMO_PASSWORD, full_name="Maria Staff")
            seed.stay(seed.room("Knossos", beds=2), staff, "Ρένα", "Μαρκάκη", admitted_on=today() - timedelta(days=120))
            greek = seed.stay(seed.room("Zakros", beds=2), staff, "Δήμητρα", "Λαμπράκη")
            free = seed.room("Phaistos", beds=3)
            make_beneficiary(first_name="Πέτρος", enrolled_on=today() - timedelta(days=800))
            ids = (free.id, greek.id)
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield Live(base_url, *ids)


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    expect(page.get_by_role("navigation")).to_be_visible()


def snap(page, shots, name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=shots / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": WIDTHS["laptop"], "height": 900})


def test_after_an_admission_the_coordinator_follows_the_next_steps(page, live, artifacts_dir):
    shots = artifacts_dir / "e2e" / "next-steps"
    shots.mkdir(parents=True, exist_ok=True)
    log_in(page, live.base_url, "coord")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Admit", exact=True).click()
    page.get_by_label("First name", exact=True).fill("Ελένη")
    page.get_by_label("Last name", exact=True).fill("Παπαδάκη")
    page.get_by_label("Date of birth", exact=True).fill("02/04/1990")
    page.get_by_label("Referred by").select_option("sos_15900")
    page.get_by_label("Room", exact=True).select_option(str(live.room_id))
    page.get_by_role("button", name="Admit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+$"))

    steps = page.locator("#next-steps")
    expect(steps.get_by_role("heading", level=2)).to_have_text("What usually follows")
    expect(steps.get_by_role("listitem")).to_have_count(3)
    expect(steps.get_by_role("link", name="Record the intake assessment")).to_be_visible()
    expect(steps.get_by_role("link", name="Tell the night shift")).to_be_visible()
    expect(steps.get_by_role("link", name="Restrict the stay if she is at risk")).to_be_visible()
    snap(page, shots, "stay-after-admission-en")

    steps.get_by_role("link", name="Record the intake assessment").click()
    expect(page).to_have_url(re.compile(r"/safety/assessment$"))
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+#safety-plan$"))

    page.goto(f"{live.base_url}/alerts/")
    shelter = page.locator("#alerts-area-shelter")
    programme = page.locator("#alerts-area-reintegration")
    expect(shelter.get_by_role("heading", level=2)).to_have_text("Shelter")
    expect(programme.get_by_role("heading", level=2)).to_have_text("REINTEGRATION")
    overdue = shelter.locator("li.kind-stay_overdue")
    expect(overdue).to_contain_text("Ρένα")
    expect(programme.locator("li.kind-programme_ending")).to_contain_text("Πέτρος")
    snap(page, shots, "alerts-coordinator-en")
    overdue.get_by_role("link", name="Record the discharge").click()
    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+#discharge$"))


def test_the_same_pages_in_greek(page, live, artifacts_dir):
    shots = artifacts_dir / "e2e" / "next-steps"
    shots.mkdir(parents=True, exist_ok=True)
    log_in(page, live.base_url, "syntonistria")
    page.goto(f"{live.base_url}/shelter/stays/{live.greek_stay_id}")
    steps = page.locator("#next-steps")
    expect(steps.get_by_role("heading", level=2)).to_have_text("Τι ακολουθεί συνήθως")
    expect(steps.get_by_role("link", name="Ενημέρωση της νυχτερινής βάρδιας")).to_be_visible()
    snap(page, shots, "stay-after-admission-el")
    page.goto(f"{live.base_url}/alerts/")
    expect(page.locator("#alerts-area-shelter").get_by_role("heading", level=2)).to_have_text("Ξενώνας")
    expect(page.locator("#alerts-area-reintegration").get_by_role("heading", level=2)).to_have_text("ΕΠΑΝΕΝΤΑΞΗ")
    expect(page.locator("#alerts-area-shelter li.kind-stay_overdue")).to_contain_text("Ρένα")
    snap(page, shots, "alerts-coordinator-el")
