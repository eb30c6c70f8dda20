"""A caseworker's first day with a beneficiary, end to end in Chromium against gunicorn.

Log in, enrol a beneficiary, add a tenancy with a rent subsidy and a job with its salary and
insurance subsidies, and read the programme clocks on the beneficiary's page — on a laptop
and on a tablet. Each step leaves a screenshot in test-artifacts/e2e/reintegration/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from housing.core.clock import today
from housing.core.formatting import format_dmy
from housing.programmes.rules import add_months
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class LiveProgramme:
    base_url: str
    username: str
    password: str


@pytest.fixture(scope="module")
def live_programme() -> LiveProgramme:
    """gunicorn on a database of its own with one REINTEGRATION caseworker (English UI)."""
    with fresh_database("e2e-reintegration") as url:
        with seeding(url) as seed:
            seed.user("caseworker", "reintegration_staff", locale="en", password=DEMO_PASSWORD,
                      full_name="Giorgos Caseworker")
        with gunicorn_server(url, workers=1, threads=4) as base_url:
            yield LiveProgramme(base_url, "caseworker", DEMO_PASSWORD)


def test_a_caseworker_enrols_houses_and_employs_a_beneficiary_and_sees_the_clocks(page, live_programme,
                                                                                   artifacts_dir):
    shots = artifacts_dir / "e2e" / "reintegration"
    shots.mkdir(parents=True, exist_ok=True)

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True)

    day = today()
    lease_start, rent_end = day, add_months(day, 24)
    wage_end = add_months(day, 12)
    insurance_end = add_months(wage_end, 12)
    menu = page.get_by_role("navigation", name="Main menu")

    page.goto(f"{live_programme.base_url}/login")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill(live_programme.username)
    page.get_by_label("Password").fill(live_programme.password)
    page.get_by_role("button", name="Log in").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Residents")).to_have_count(0)  # no shelter pages in her menu

    menu.get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    snap("01-caseload-empty")
    page.get_by_role("link", name="Enrol a beneficiary").click()
    expect(page).to_have_url(re.compile(r"/reintegration/enrol$"))
    page.get_by_label("First name").fill("Στέλιος")
    page.get_by_label("Last name").fill("Χατζάκης")
    page.get_by_label("Date of birth").fill("14/05/1971")
    page.get_by_label("Sex").select_option("M")
    page.get_by_label("Phone").fill("6900000000")
    page.get_by_label("Household size").fill("2")
    page.get_by_label("Household members").fill("Γιος, Νίκος, 2010")
    expect(page.get_by_label("Enrolment date")).to_have_value(format_dmy(day))
    expect(page.get_by_label("Caseworker")).to_have_value(re.compile(r"\d+"))  # herself, already chosen
    page.get_by_label("Living situation at entry (ETHOS)").select_option("roofless.emergency_accommodation")
    snap("02-enrol-filled")
    page.get_by_role("button", name="Enrol").click()

    expect(page).to_have_url(re.compile(r"/reintegration/beneficiaries/\d+$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(rf"RE-{day.year}-\d{{3}} · Στέλιος Χατζάκης"))
    case_code = re.search(rf"RE-{day.year}-\d{{3}}", heading.inner_text()).group(0)
    expect(page.get_by_role("status")).to_have_text(f"Στέλιος enrolled as {case_code}.")
    expect(page.locator("#clock-rent")).to_contain_text("not started")
    snap("03-beneficiary-enrolled")

    page.get_by_role("link", name="Add a tenancy").click()
    page.get_by_label("Address").fill("Οδός Έβανς 12, Ηράκλειο")
    page.get_by_label("Landlord").fill("Κ. Μαρκάκης")
    page.get_by_label("Lease starts").fill(format_dmy(lease_start))
    page.get_by_label("Lease ends").fill(format_dmy(add_months(lease_start, 36)))
    page.get_by_label("Monthly rent (€)").fill("480")
    page.get_by_label("Rent subsidy a month (€)").fill("450")  # over the €400 cap for a household of two
    page.get_by_label("Subsidy starts").fill(format_dmy(lease_start))
    page.get_by_label("Subsidy ends").fill(format_dmy(rent_end))
    page.get_by_role("button", name="Save the tenancy").click()
    expect(page.locator("#subsidy_amount-error")).to_contain_text("cap of €400 a month for a household of 2")
    expect(page.get_by_label("Address")).to_have_value("Οδός Έβανς 12, Ηράκλειο")  # nothing typed is lost
    snap("04-tenancy-over-the-cap")
    page.get_by_label("Rent subsidy a month (€)").fill("400")
    page.get_by_role("button", name="Save the tenancy").click()
    expect(page).to_have_url(re.compile(r"/reintegration/beneficiaries/\d+#housing$"))
    expect(page.get_by_role("status")).to_have_text(f"Tenancy saved for {case_code}.")

    page.get_by_role("link", name="Add a job").click()
    page.get_by_label("Employer").fill("Ξενοδοχείο Μίνως")
    page.get_by_label("Position").fill("Βοηθός κουζίνας")
    page.get_by_label("Started on").fill(format_dmy(day))
    page.get_by_label("Salary subsidy starts").fill(format_dmy(day))
    page.get_by_label("Salary subsidy ends").fill(format_dmy(wage_end))
    page.get_by_label("Insurance subsidy starts").fill(format_dmy(wage_end))
    page.get_by_label("Insurance subsidy ends").fill(format_dmy(insurance_end))
    snap("05-job-filled")
    page.get_by_role("button", name="Save the job").click()
    expect(page.get_by_role("status")).to_have_text(f"Job saved for {case_code}.")

    clocks = {"programme": (day, add_months(day, 24)), "rent": (lease_start, rent_end),
              "wage": (day, wage_end), "insurance": (wage_end, insurance_end)}
    for kind, (started, ends) in clocks.items():
        clock = page.locator(f"#clock-{kind}")
        expect(clock.locator(".number")).to_have_text(str((ends - day).days))
        expect(clock).to_contain_text(f"Ends on: {format_dmy(ends)}")
        expect(clock).to_contain_text(format_dmy(started))
    expect(page.locator("#clock-insurance")).to_contain_text("Starts")  # it follows the salary subsidy
    expect(page.locator("#timeline")).to_contain_text("Started work")
    expect(page.locator("#timeline")).to_contain_text("New home")
    page.locator("#clocks").scroll_into_view_if_needed()
    snap("06-beneficiary-with-clocks-laptop")

    page.set_viewport_size({"width": 820, "height": 1180})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    snap("07-beneficiary-with-clocks-tablet")

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Caseload").click()
    row = page.get_by_role("row", name=re.compile(case_code))
    expect(row).to_contain_text("Salary subsidy")  # the next clock to end
    expect(row).to_contain_text(format_dmy(wage_end))
    snap("08-caseload-tablet")
