"""The reports' pages as a coordinator uses them: the list, a period, bad periods, the charts, the
downloads (BOM, "<3", the second withheld cell, XLSX read back) and the printable page."""
from __future__ import annotations

import re

import csv
import html
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from housing.core.clock import today
from housing.core.formatting import format_dmy
from housing.core.permissions import Permission
from housing.core.reports import Report
from housing.extensions import db
from housing.reports.views import may_read
from tests.shelter_report_support import build_quarter
from tests.support import field_errors, make_user

QUARTER = {"start": "01/01/2025", "end": "31/03/2025"}


@pytest.fixture
def coordinator(app, client_as):
    with app.test_request_context():
        build_quarter(make_user("shelter_staff"))
        db.session.commit()
    return client_as("coordinator")


def test_the_list_offers_the_shelter_report(coordinator):
    page = coordinator.get("/reports/").get_data(as_text=True)
    assert 'href="/reports/shelter"' in page
    assert "The Shelter for Women" in page


def test_the_report_opens_on_this_year(coordinator):
    page = coordinator.get("/reports/shelter").get_data(as_text=True)
    assert f"Period: 01/01/{today().year} – {format_dmy(today())}" in page


def test_a_chosen_period_shows_its_figures_with_definitions_and_charts(coordinator):
    response = coordinator.get("/reports/shelter", query_string=QUARTER)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Period: 01/01/2025 – 31/03/2025 (90 days)" in page
    assert "A night counts for a person from the admission date up to, not including, the discharge date" in page
    assert '<td class="kind-number" data-key="woman_nights">131</td>' in page
    assert '<td class="kind-share" data-key="place_occupancy">21.6%</td>' in page  # 389 ÷ 1,800 in the total row
    # on screen the exact small counts: one woman went to hospital
    assert '<th scope="row">Institution</th><td class="kind-people" data-key="discharged">1</td>' in page
    # three charts, each an SVG image with its title and text alternative
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert 'alt="Occupancy per night: A line per night of the period' in page
    # no chart script: the page's only script is the service's own idle-logout warning, as a file
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/session.js" defer>',
                                                   '<script src="/static/topbar.js" defer>']  # served, none inline


@pytest.mark.parametrize("query, field, message", [
    ({"start": "31/02/2025", "end": "31/03/2025"}, "start", "Not a valid date: write it as dd/mm/yyyy"),
    ({"start": "01/04/2025", "end": "31/03/2025"}, "start", "The period begins after it ends."),
    ({"start": "01/01/2015", "end": "01/01/2025"}, "start", "A report covers at most 10 years."),
    ({"start": "01/01/2025", "end": "01/01/2999"}, "end", "The period cannot end after today"),
])
def test_a_bad_period_gets_a_message_and_keeps_what_was_typed(coordinator, query, field, message):
    response = coordinator.get("/reports/shelter", query_string=query)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any(error.startswith(message) for error in field_errors(page))
    assert f'value="{query["start"]}"' in page and f'value="{query["end"]}"' in page
    assert "Woman-nights" not in page  # no figures for a period that was refused


def test_ten_years_to_the_day_before_is_accepted(coordinator):
    assert coordinator.get("/reports/shelter", query_string={"start": "01/01/2015", "end": "31/12/2024"}
                           ).status_code == 200


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "9" * 10_000, "٣١/٠١/٢٠٢٥"])
def test_anything_typed_is_refused_and_shown_back_harmlessly(coordinator, typed):
    for path in ("/reports/shelter", "/reports/shelter/bed_nights.csv", "/reports/shelter.xlsx",
                 "/reports/shelter/print"):
        response = coordinator.get(path, query_string={"start": typed, "end": "31/03/2025"})
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "<script>alert" not in page
        assert html.escape(typed[:40], quote=True)[:30] in page


def test_an_unknown_report_or_table_is_not_found(coordinator):
    assert coordinator.get("/reports/nothing").status_code == 404
    assert coordinator.get("/reports/shelter/nothing.csv", query_string=QUARTER).status_code == 404
    assert coordinator.get("/reports/shelter/nothing.xlsx", query_string=QUARTER).status_code == 404


def test_a_table_downloads_as_csv_with_a_bom_and_small_counts_withheld(coordinator):
    response = coordinator.get("/reports/shelter/turn_aways.csv", query_string=QUARTER)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=shelter-turn_aways-2025-01-01-2025-03-31.csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [
        ["Reason", "Requests", "Children"],
        # children: 1 is "<3"; the total 8 would give it back from 3 + 4 + 0, so the next smallest, 3, is withheld
        ["The shelter was full", "3", "*"],
        ["No room fits the household", "<3", "4"],
        ["A child over the age limit", "<3", "<3"],
        ["Other", "0", "0"],
        ["Total", "5", "8"],
    ]


def test_the_children_csv_suppresses_against_its_row_totals(coordinator):
    response = coordinator.get("/reports/shelter/children.csv", query_string=QUARTER)
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[1:] == [["0–4", "<3", "0", "<3"], ["5–11", "0", "<3", "<3"], ["12–17", "<3", "<3", "<3"],
                        ["Total", "3", "3", "6"]]


def test_greek_reads_back_from_the_csv(app, coordinator, client_as):
    with app.app_context():
        make_user("coordinator", username="greek-reports", locale="el")
        db.session.commit()
    from tests.support import login

    client = app.test_client()
    login(client, "greek-reports")
    raw = client.get("/reports/shelter/destinations.csv", query_string=QUARTER).get_data()
    text = raw.decode("utf-8-sig")
    assert "Νοσοκομείο" in text  # Hospital, in Greek, readable by Excel thanks to the BOM


def test_the_whole_report_downloads_as_xlsx_a_sheet_per_table(coordinator):
    response = coordinator.get("/reports/shelter.xlsx", query_string=QUARTER)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=shelter-2025-01-01-2025-03-31.xlsx"
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames[:4] == ["bed_nights", "occupancy_nightly", "admissions", "destination_classes"]
    sheet = book["bed_nights"]
    values = [list(row) for row in sheet.iter_rows(min_row=3, max_row=7, values_only=True)]
    assert values == [
        ["Month", "Nights", "Woman-nights", "Person-nights", "Occupancy of places", "Bed-nights in service",
         "Occupancy of beds"],
        ["01/2025", 31, 131, 186, "21.1%", 310, "60.0%"],
        ["02/2025", 28, 143, 206, "25.5%", 308, "66.9%"],
        ["03/2025", 31, 115, 195, "18.5%", 331, "58.9%"],
        ["Total", 90, 389, 587, "21.6%", 949, "61.9%"],
    ]
    turned = [list(row) for row in book["turn_aways"].iter_rows(min_row=4, max_row=5, values_only=True)]
    assert turned == [["The shelter was full", 3, "*"], ["No room fits the household", "<3", 4]]
    assert book["bed_nights"]["A2"].value == "Period: 01/01/2025 – 31/03/2025"


def test_one_table_downloads_as_xlsx(coordinator):
    response = coordinator.get("/reports/shelter/destination_classes.xlsx", query_string=QUARTER)
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["destination_classes"]
    rows = [list(row) for row in book.active.iter_rows(min_row=4, max_row=8, values_only=True)]
    assert rows == [["Permanent housing", 4], ["Temporary accommodation", "<3"], ["Institution", "<3"],
                    ["Unknown or other", "<3"], ["Total", 9]]


def test_the_printable_page_has_exact_figures_and_says_so(coordinator):
    page = coordinator.get("/reports/shelter/print", query_string=QUARTER).get_data(as_text=True)
    assert "Exact figures, small counts included" in page
    assert '<th scope="row">Institution</th><td class="kind-people" data-key="discharged">1</td>' in page
    assert "&lt;3" not in page.split("print-warning", 1)[1].split("</p>", 1)[1]


@pytest.mark.parametrize("scopes, permissions, scope, readable", [
    (None, {Permission.VIEW_REPORTS}, "", True),  # a coordinator, the shelter's report
    (None, {Permission.VIEW_REPORTS}, "anoiko", True),  # a coordinator sees every programme
    (frozenset({"reintegration"}), {Permission.VIEW_REPORTS}, "reintegration", True),
    (frozenset({"reintegration"}), {Permission.VIEW_REPORTS}, "anoiko", False),  # not her programme
    (frozenset(), {Permission.VIEW_REPORTS}, "reintegration", False),
    (None, set(), "", False),  # without the report's permission
])
def test_a_programmes_report_is_read_by_whoever_works_in_it(scopes, permissions, scope, readable):
    user = SimpleNamespace(programme_scopes=scopes, can=lambda permission: permission in permissions)
    report = Report("x", "X", Permission.VIEW_REPORTS, lambda period, config: (), scope=scope)
    assert may_read(user, report) is readable
