"""The shelter report against a quarter counted by hand (tests/shelter_report_support.py): every
figure below was worked out on paper from the history written in that module's docstring."""
from __future__ import annotations

from datetime import date

import pytest
from flask import current_app

from housing.core.reports import Period
from housing.shelter import report
from tests.shelter_report_support import PERIOD_END, PERIOD_START, build_quarter
from tests.support import make_user

QUARTER = Period(PERIOD_START, PERIOD_END)


@pytest.fixture
def tables(app_ctx):
    build_quarter(make_user("coordinator"))
    return {table.key: table for table in report.build(QUARTER, current_app.config)}


def rows_of(table):
    return [tuple(str(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else value
                  for value in row) for row in table.rows]


def test_bed_nights_and_occupancy_by_month(tables):
    table = tables["bed_nights"]
    # month, nights, woman-nights, person-nights, share of places, bed-nights in service, share of beds
    assert [row[:4] + row[5:6] for row in rows_of(table)] == [
        ("01/2025", 31, 131, 186, 310),
        ("02/2025", 28, 143, 206, 308),  # the cot counts from 01/02
        ("03/2025", 31, 115, 195, 331),  # 11 beds × 31 less 10 nights of the bed under repair
    ]
    assert [row[4] for row in table.rows] == [pytest.approx(131 / 620), pytest.approx(143 / 560),
                                              pytest.approx(115 / 620)]
    assert [row[6] for row in table.rows] == [pytest.approx(186 / 310), pytest.approx(206 / 308),
                                              pytest.approx(195 / 331)]
    assert table.total[1:4] == (90, 389, 587) and table.total[5] == 949
    assert table.total[4] == pytest.approx(389 / 1800) and table.total[6] == pytest.approx(587 / 949)
    assert "1 stay began and ended on the same day" in str(table.note)


def test_occupancy_night_by_night(tables):
    nights = {row[0]: row for row in tables["occupancy_nightly"].rows}
    assert len(nights) == 90
    # 01/01: S1 (with her girl), S5, S8, S9 → 4 women, 5 persons, 10 beds
    assert nights["01/01/2025"][1:4] == (4, 5, 10)
    # 05/01: Bella came and left the same day: no night
    assert nights["05/01/2025"][1:3] == (4, 5)
    # 10/01: S1 left that morning
    assert nights["10/01/2025"][1:3] == (3, 3)
    # 20/01: S3 (3 persons), S5, S8, S9, S12 (2 persons) → 5 women, 8 persons
    assert nights["20/01/2025"][1:3] == (5, 8)
    # 15/03: S12 left, S4 not yet here: S5, S7 (2), S10 (2) → 3 women, 5 persons; a bed out → 10
    assert nights["15/03/2025"][1:4] == (3, 5, 10)
    assert nights["20/03/2025"][1:4] == (4, 7, 11)  # the bed back; Dora and her boy arrive
    assert nights["31/03/2025"][1:3] == (2, 3)  # S4 (2) and S5; Ioanna left on the last day
    assert nights["20/01/2025"][4] == pytest.approx(5 / 20) and nights["20/01/2025"][5] == pytest.approx(8 / 10)
    assert tables["occupancy_nightly"].chart.kind == "line"


def test_admissions_and_discharges_by_month(tables):
    table = tables["admissions"]
    assert rows_of(table) == [("01/2025", 3, 3, 2), ("02/2025", 2, 1, 2), ("03/2025", 2, 2, 5)]
    assert table.total[1:] == (7, 6, 9)


def test_discharges_by_destination_and_class(tables):
    destinations = tables["destinations"]
    assert [(row[1], row[2]) for row in rows_of(destinations)] == [
        ("Own home", 2), ("Independent housing", 1), ("REINTEGRATION programme", 1),
        ("Relatives", 1), ("Other shelter", 1), ("Hospital", 1), ("Unknown", 1), ("Other", 1)]
    assert destinations.total[2] == 9
    classes = tables["destination_classes"]
    assert rows_of(classes) == [("Permanent housing", 4), ("Temporary accommodation", 2), ("Institution", 1),
                                ("Unknown or other", 2)]
    assert classes.chart.kind == "bar"


def test_length_of_stay(tables):
    table = tables["length_of_stay"]
    assert rows_of(table) == [("≤ 30", 5, 1), ("31–60", 2, 0), ("61–90", 0, 0), ("91–180", 0, 1),
                              ("181–365", 1, 0), ("> 365", 1, 0)]
    assert table.total[1:] == (9, 2)
    summary = rows_of(tables["length_summary"])
    # ended: 0, 21, 28, 30, 30, 33, 54, 185, 397 days → mean 778 / 9, median 30
    assert summary[0][1:] == (9, 86.4, 30.0)
    # open at the end: Dora 12 days (to 01/04), Eva 151 days
    assert summary[1][1:] == (2, 81.5, 81.5)


def test_extensions(tables):
    table = tables["extensions"]
    assert rows_of(table) == [("Approved", 2, 46), ("Rejected", 1, 0), ("Waiting for a decision", 1, 0),
                              ("Closed with the stay", 1, 0)]
    assert table.total[1:] == (5, 46)


def test_children_by_sex_and_age_band(tables):
    table = tables["children"]
    # Anna's girl came twice and counts once; Dora's boy was 11 at admission (12 the next day);
    # Chloe's girl turned 12 on the day she came.
    assert rows_of(table) == [("0–4", 2, 0, 2), ("5–11", 0, 2, 2), ("12–17", 1, 1, 2)]
    assert table.total[1:] == (3, 3, 6)
    assert rows_of(tables["age_exceptions"]) == [("Girls", 0), ("Boys", 1)]


def test_referral_sources_waiting_list_and_turn_aways(tables):
    sources = {row[0]: row[1:] for row in rows_of(tables["referral_sources"])}
    assert sources["SOS 15900 helpline"] == (3, 2, 3)
    assert sources["Police"] == (1, 1, 1)
    assert sources["Hospital"] == (1, 0, 0)
    assert sources["Social services"] == (1, 0, 1)
    assert sources["Self-referral"] == (1, 0, 0)
    assert sources["Other"] == (0, 1, 0)
    assert sources["Other organisation"] == (0, 0, 0)
    assert tables["referral_sources"].total[1:] == (7, 4, 5)
    assert rows_of(tables["waiting_list"]) == [("Admitted", 1), ("Placed elsewhere", 1), ("Withdrawn", 1)]
    turned = tables["turn_aways"]
    assert rows_of(turned) == [("The shelter was full", 3, 3), ("No room fits the household", 1, 4),
                               ("A child over the age limit", 1, 1), ("Other", 0, 0)]
    assert turned.total[1:] == (5, 8)


def test_returns(tables):
    table = tables["returns"]
    # 9 discharges; Anna back after 41 days, Fani after 180 (the window's last day), Gina after 453
    assert [row[1:3] for row in table.rows] == [(9, 2), (9, 2), (9, 3)]
    assert table.rows[0][3] == pytest.approx(2 / 9)


def test_council_of_europe_benchmark(tables):
    assert [row[1] for row in tables["benchmark"].rows] == [173993, 20, 1.15, 17.4]


def test_a_day_period_counts_its_one_night(app_ctx):
    build_quarter(make_user("coordinator"))
    tables = {table.key: table for table in report.build(Period(date(2025, 1, 5), date(2025, 1, 5)),
                                                         current_app.config)}
    # 05/01: S1 (with her girl), S5, S8, S9 stay the night; Bella comes and goes.
    assert tables["bed_nights"].total[1:4] == (1, 4, 5)
    assert tables["admissions"].total[1:] == (1, 0, 1)
    # Bella ended with 0 days; open on 06/01: S1 17 days, S5 66, S8 127, S9 362
    assert [row[1:] for row in rows_of(tables["length_of_stay"])] == [(1, 1), (0, 0), (0, 1), (0, 1), (0, 1),
                                                                       (0, 0)]


def test_a_period_beginning_the_day_she_left_and_ending_the_day_a_bed_came_back(app_ctx):
    build_quarter(make_user("coordinator"))
    tables = {table.key: table for table in report.build(Period(date(2025, 1, 10), date(2025, 1, 10)),
                                                         current_app.config)}
    # 10/01: Anna (S1, admitted before) left that morning: S5, S8, S9 stay the night
    assert [row[1:4] for row in tables["occupancy_nightly"].rows] == [(3, 3, 10)]
    assert tables["admissions"].total[1:] == (0, 0, 1)
    assert rows_of(tables["children"])[0] == ("0–4", 1, 0, 1)  # her girl was hosted that day
    tables = {table.key: table for table in report.build(Period(date(2025, 3, 10), date(2025, 3, 20)),
                                                         current_app.config)}
    beds = [row[3] for row in tables["occupancy_nightly"].rows]
    assert beds == [10] * 10 + [11]  # out from 10/03 up to, not including, 20/03
