"""A coordinator in Chromium: opens the shelter's report, changes the period, sees a chart and its
table, downloads a table as CSV and the report as XLSX, and reads them back: the same figures as
the page, small counts withheld."""
from __future__ import annotations

import csv
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import CAPACITY
from tests.live import DEMO_PASSWORD, fresh_database, gunicorn_server, seeding
from tests.shelter_report_support import build_quarter


@pytest.fixture(scope="module")
def live_reports():
    with fresh_database("e2e-reports") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            coordinator = seed.user("coordinator", "coordinator", locale="en", full_name="Eleni Coordinator")
            from housing.extensions import db

            db.session.flush()
            build_quarter(coordinator)
        with gunicorn_server(url, workers=1, threads=4, env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            yield base_url


def table_text(page, key: str) -> list[list[str]]:
    return page.locator(f'table[data-table="{key}"]').evaluate(
        "table => [...table.querySelectorAll('tr')].map(tr => [...tr.children].map(cell => cell.textContent.trim()))")


def test_a_coordinator_reads_and_downloads_the_shelter_report(live_reports, page, artifacts_dir, tmp_path):
    page.goto(f"{live_reports}/login")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="The Shelter for Women").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Shelter for Women")

    page.get_by_role("textbox", name="From").fill("01/01/2025")
    page.get_by_role("textbox", name="To").fill("31/03/2025")
    page.get_by_role("button", name="Show the period").click()
    expect(page.get_by_text("Period: 01/01/2025 – 31/03/2025 (90 days)")).to_be_visible()
    expect(page).to_have_url(re.compile(r"start=01%2F01%2F2025"))

    chart = page.get_by_role("img", name=re.compile(r"^Discharges by class of destination: A bar per class"))
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG drew under the page's CSP
    classes = table_text(page, "destination_classes")
    assert classes == [["Class", "Women discharged"], ["Permanent housing", "4"], ["Temporary accommodation", "2"],
                       ["Institution", "1"], ["Unknown or other", "2"], ["Total", "9"]]
    page.locator("#table-destination_classes").screenshot(path=str(artifacts_dir / "report-destinations-chart.png"))

    on_page = table_text(page, "bed_nights")
    assert on_page[-1] == ["Total", "90", "389", "587", "21.6%", "949", "61.9%"]
    with page.expect_download() as download:
        page.locator("#table-bed_nights").get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "shelter-bed_nights-2025-01-01-2025-03-31.csv"
    path = tmp_path / "bed_nights.csv"
    download.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(raw.decode("utf-8-sig").splitlines())) == on_page  # nights are not people: as on screen

    with page.expect_download() as download:
        page.locator("#table-turn_aways").get_by_role("link", name="CSV").click()
    path = tmp_path / "turn_aways.csv"
    download.value.save_as(path)
    assert table_text(page, "turn_aways")[1:3] == [["The shelter was full", "3", "3"],
                                                   ["No room fits the household", "1", "4"]]
    assert list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1:3] == [
        ["The shelter was full", "3", "*"], ["No room fits the household", "<3", "4"]]

    with page.expect_download() as download:
        page.get_by_role("link", name="The whole report as XLSX").click()
    assert download.value.suggested_filename == "shelter-2025-01-01-2025-03-31.xlsx"
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = [[str(cell) for cell in row] for row in book["bed_nights"].iter_rows(min_row=3, max_row=7,
                                                                                 values_only=True)]
    assert sheet == on_page
    assert [list(row) for row in book["destination_classes"].iter_rows(min_row=4, max_row=8, values_only=True)] == [
        ["Permanent housing", 4], ["Temporary accommodation", "<3"], ["Institution", "<3"],
        ["Unknown or other", "<3"], ["Total", 9]]
