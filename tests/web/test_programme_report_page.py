"""The programme's report through the reports' pages: listed and opened by a coordinator, its
seven tables and two charts on the page, every table in the workbook; never a caseworker's."""
from __future__ import annotations

import io

from openpyxl import load_workbook

YEAR = {"start": "01/01/2026", "end": "30/11/2026"}
TITLES = ["Beneficiaries in the period", "Exits by reason, housed and in work at exit",
          "Living situation at entry and at exit (ETHOS)", "Subsidies: rent, salary and insurance",
          "Share of beneficiaries in work", "Support sessions by kind", "Referrals to services by outcome"]


def test_a_coordinator_reads_the_programme_report_and_downloads_it(client_as):
    coordinator = client_as("coordinator")
    assert 'href="/reports/programme-reintegration"' in coordinator.get("/reports/").get_data(as_text=True)
    response = coordinator.get("/reports/programme-reintegration", query_string=YEAR)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert [title for title in TITLES if title not in page] == []
    assert page.count('src="data:image/svg+xml;base64,') == 2  # exits by reason, ETHOS transitions
    workbook = load_workbook(io.BytesIO(coordinator.get("/reports/programme-reintegration.xlsx",
                                                        query_string=YEAR).data))
    assert len(workbook.sheetnames) == 7


def test_caseworkers_and_the_night_shift_get_no_report(client_as):
    for role in ("reintegration_staff", "night_shift", "shelter_staff", "admin"):
        client = client_as(role)
        assert client.get("/reports/programme-reintegration").status_code in (403, 404), role
        assert 'href="/reports/programme-reintegration"' not in client.get("/").get_data(as_text=True), role
