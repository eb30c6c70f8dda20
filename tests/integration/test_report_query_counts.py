"""The report's pages run a fixed number of SQL statements whatever the length of the history."""
from __future__ import annotations

from datetime import date

import pytest

from housing.extensions import db
from tests.shelter_report_support import build_history, build_quarter
from tests.support import QueryCounter, make_user

YEAR = {"start": "01/01/2025", "end": "31/12/2025"}
# The session check (1) and the report's own 15 aggregates (stays by day: 3, beds: 2, destinations,
# lengths ended and open: 2, children, turn-aways, extensions, sources: 2, the waiting list, returns);
# the pages add the menu's alert count (1: every alert's facts in one statement). Read from the
# statements, written here.
STATEMENTS = {"/reports/shelter": 17, "/reports/shelter/print": 17, "/reports/shelter.xlsx": 16,
              "/reports/shelter/bed_nights.csv": 16, "/reports/follow-up": 3, "/reports/follow-up.xlsx": 2,
              "/reports/follow-up/retention.csv": 2}


@pytest.mark.parametrize("path", sorted(STATEMENTS))
def test_statement_count_does_not_grow_with_the_history(app, client_as, path):
    client = client_as("coordinator")
    with app.test_request_context():
        staff = make_user("shelter_staff")
        build_quarter(staff)  # an open stay with a child and a pending request: the menu's alerts read them
        build_history(staff, years=1, stays_per_year=20, end=date(2025, 12, 31), seed=1)
        db.session.commit()
    with QueryCounter(app) as small:
        assert client.get(path, query_string=YEAR).status_code == 200
    with app.test_request_context():
        build_history(make_user("shelter_staff"), years=10, stays_per_year=60, end=date(2025, 12, 31), seed=2)
        db.session.commit()
    with QueryCounter(app) as large:
        assert client.get(path, query_string=YEAR).status_code == 200
    assert large.count == small.count, "\n".join(large.statements)
    assert small.count == STATEMENTS[path], "\n".join(small.statements)
