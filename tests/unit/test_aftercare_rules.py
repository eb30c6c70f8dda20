"""Truth tables of the deadlines' reminders and the follow-up after leaving (pure functions, no app)."""
from __future__ import annotations

from datetime import date

import pytest

from housing.core import deadlines, follow_up
from housing.core.follow_up import DUE, MISSED, NOT_YET, REACHED, UNREACHABLE, Attempt, ConsentInput

DAYS = {"court_hearing": 14, "residence_permit": 60, "benefit_renewal": 30, "school_enrolment": 30,
        "medical_appointment": 2}
TODAY = date(2026, 12, 3)
MONTHS = (3, 6, 12)


@pytest.mark.parametrize("left_on, months, expected", [
    # 31 January + 6 months is 31 July; + 3 months clamps to 30 April.
    (date(2026, 1, 31), (3, 6, 12), [(3, date(2026, 4, 30)), (6, date(2026, 7, 31)), (12, date(2027, 1, 31))]),
    # 31 August + 6 months: the end of February, 29th in a leap year, 28th otherwise.
    (date(2027, 8, 31), (6,), [(6, date(2028, 2, 29))]),
    (date(2026, 8, 31), (6,), [(6, date(2027, 2, 28))]),
    # 30 November + 3 months: 28 or 29 February.
    (date(2027, 11, 30), (3,), [(3, date(2028, 2, 29))]),
    (date(2026, 11, 30), (3,), [(3, date(2027, 2, 28))]),
    # 29 February + 12 months: 28 February of the next year.
    (date(2028, 2, 29), (12,), [(12, date(2029, 2, 28))]),
    # Months are taken in order whatever the configuration's order.
    (date(2026, 3, 15), (12, 3), [(3, date(2026, 6, 15)), (12, date(2027, 3, 15))]),
])
def test_due_dates_clamp_to_the_months_end(left_on, months, expected):
    assert follow_up.due_dates(left_on, months) == expected


LEFT = date(2026, 1, 31)  # 3 months: 30/04, 6 months: 31/07, 12 months: 31/01/2027
MISS, HIT = Attempt(date(2026, 5, 2), False), Attempt(date(2026, 5, 3), True)


@pytest.mark.parametrize("month, attempts, today, expected", [
    (3, [], date(2026, 4, 29), NOT_YET),  # the day before it falls due
    (3, [], date(2026, 4, 30), DUE),  # the day it falls due
    (3, [], date(2026, 7, 30), DUE),  # the day before the 6-month one falls due: still open
    (3, [], date(2026, 7, 31), MISSED),  # the 6-month one fell due: the 3-month window closed
    (6, [], date(2026, 7, 31), DUE),  # 31 January + 6 months
    (6, [], date(2026, 7, 30), NOT_YET),
    (12, [], date(2027, 1, 31), DUE),
    (12, [], date(2027, 5, 1), DUE),  # the last one stays open 90 days: 31/01 + 90 = 01/05
    (12, [], date(2027, 5, 2), MISSED),
    (3, [MISS], date(2026, 5, 4), DUE),
    (3, [MISS, MISS], date(2026, 5, 4), DUE),  # two unanswered: the alert stays
    (3, [MISS, MISS, MISS], date(2026, 5, 4), UNREACHABLE),  # three: no fourth call, no alert
    (3, [MISS, HIT], date(2026, 5, 4), REACHED),
    (3, [HIT], date(2027, 1, 1), REACHED),  # reached stays reached after the window
    (3, [MISS, MISS, MISS], date(2026, 4, 1), UNREACHABLE),
])
def test_follow_up_state(month, attempts, today, expected):
    assert follow_up.follow_up_state(LEFT, month, MONTHS, attempts, today) == expected


@pytest.mark.parametrize("attempts, consents, today, expected", [
    ([], True, date(2026, 4, 30), True),
    ([], False, date(2026, 4, 30), False),  # without consent, never
    ([MISS, MISS], True, date(2026, 5, 4), True),
    ([MISS, MISS, MISS], True, date(2026, 5, 4), False),  # no alert after three unanswered attempts
    ([HIT], True, date(2026, 5, 4), False),
    ([], True, date(2026, 4, 29), False),
    ([], True, date(2026, 7, 31), False),  # missed: the 6-month one's alert takes over
])
def test_follow_up_alert(attempts, consents, today, expected):
    assert follow_up.alert_due(LEFT, 3, MONTHS, attempts, today, consents) is expected


@pytest.mark.parametrize("kind, due_on, done, expected", [
    ("court_hearing", date(2026, 12, 17), False, "remind"),  # 14 days before
    ("court_hearing", date(2026, 12, 18), False, None),  # 15 days before
    ("court_hearing", date(2026, 12, 3), False, "today"),
    ("court_hearing", date(2026, 12, 2), False, "passed"),
    ("court_hearing", date(2026, 12, 3), True, None),  # done: no reminder
    ("residence_permit", date(2027, 2, 1), False, "remind"),  # 60 days before
    ("residence_permit", date(2027, 2, 2), False, None),
    ("medical_appointment", date(2026, 12, 5), False, "remind"),  # 2 days before
    ("medical_appointment", date(2026, 12, 6), False, None),
    ("benefit_renewal", date(2027, 1, 2), False, "remind"),  # 30 days
    ("benefit_renewal", date(2027, 1, 3), False, None),
    ("school_enrolment", date(2027, 1, 2), False, "remind"),
])
def test_reminder_state(kind, due_on, done, expected):
    assert deadlines.reminder_state(due_on, kind, TODAY, DAYS, done) == expected


@pytest.mark.parametrize("due_on, expected", [
    (date(2026, 12, 17), True), (date(2026, 12, 3), True), (date(2026, 12, 2), False), (date(2026, 12, 18), False),
])
def test_the_alert_reminds_up_to_the_day_never_after(due_on, expected):
    assert deadlines.reminder_due(due_on, "court_hearing", TODAY, DAYS) is expected


def test_a_leap_day_today_allows_five_years_ahead_to_the_28th():
    assert deadlines.latest_allowed(date(2028, 2, 29)) == date(2033, 2, 28)


@pytest.mark.parametrize("kind, due_on, responsible, note, fields", [
    ("court_hearing", date(2027, 1, 10), "", "", []),
    ("court_hearing", date(2031, 12, 3), "", "", []),  # five years ahead: the last day allowed
    ("court_hearing", date(2031, 12, 4), "", "", ["due_on"]),  # absurdly far
    ("court_hearing", date(2062, 1, 10), "", "", ["due_on"]),
    ("court_hearing", date(2025, 12, 1), "", "", ["due_on"]),  # more than a year ago
    ("court_hearing", None, "", "", ["due_on"]),
    ("", date(2027, 1, 10), "", "", ["kind"]),
    ("parking_fine", date(2027, 1, 10), "", "", ["kind"]),
    ("court_hearing", date(2027, 1, 10), "x" * 121, "x" * 10_000, ["responsible", "note"]),
])
def test_deadline_violations(kind, due_on, responsible, note, fields):
    assert [v.field for v in deadlines.deadline_violations(kind, due_on, responsible, note, TODAY)] == fields


@pytest.mark.parametrize("consents, channel, phone, service, fields", [
    (False, "", "", "", []),
    (True, "phone", "6944 000 000", "", []),
    (True, "service", "", "Counselling Centre", []),
    (True, "", "", "", ["contact_channel"]),
    (True, "phone", " ", "", ["contact_phone"]),
    (True, "service", "", "", ["contact_service"]),
    (True, "pigeon", "", "", ["contact_channel"]),
    (True, "phone", "6" * 121, "", ["contact_phone"]),
])
def test_consent_violations(consents, channel, phone, service, fields):
    assert [v.field for v in follow_up.consent_violations(consents, channel, phone, service)] == fields


HOUSING = {"housing_outcome": follow_up.HOUSING_OUTCOMES}


def attempt(**changes):
    values = {"left_on": LEFT, "consents": True, "month": 3, "earlier": [], "attempted_on": date(2026, 5, 2),
              "channel": "call", "reached": True, "outcomes": {"housing_outcome": "stably_housed"},
              "note": "", "today": date(2026, 5, 4)}
    values.update(changes)
    return [v.field for v in follow_up.attempt_violations(
        values["left_on"], values["consents"], values["month"], MONTHS, values["earlier"], values["attempted_on"],
        values["channel"], values["reached"], values["outcomes"], HOUSING, values["note"], values["today"])]


@pytest.mark.parametrize("changes, fields", [
    ({}, []),
    ({"attempted_on": date(2026, 1, 30)}, ["attempted_on"]),  # before she left
    ({"attempted_on": date(2026, 5, 5)}, ["attempted_on"]),  # in the future
    ({"attempted_on": date(2026, 4, 16)}, []),  # two weeks before it falls due
    ({"attempted_on": date(2026, 4, 15)}, ["attempted_on"]),  # earlier
    ({"attempted_on": date(2026, 7, 31), "today": date(2026, 8, 1)}, ["attempted_on"]),  # after its window
    ({"left_on": None}, [""]),  # she has not left
    ({"consents": False}, [""]),
    ({"month": 4}, ["month"]),
    ({"month": None}, ["month"]),
    ({"earlier": [MISS, MISS, MISS]}, ["month"]),  # three unanswered: not a fourth
    ({"earlier": [HIT]}, ["month"]),  # already reached
    ({"outcomes": {"housing_outcome": ""}}, ["housing_outcome"]),  # reached: the outcome is needed
    ({"outcomes": {"housing_outcome": "palace"}}, ["housing_outcome"]),
    ({"reached": False, "outcomes": {"housing_outcome": "stably_housed"}}, ["housing_outcome"]),
    ({"reached": False, "outcomes": {"housing_outcome": ""}}, []),
    ({"reached": None, "outcomes": {"housing_outcome": ""}}, ["reached"]),
    ({"channel": "telepathy"}, ["channel"]),
    ({"note": "x" * 10_000}, ["note"]),
])
def test_attempt_violations(changes, fields):
    assert attempt(**changes) == fields


def test_retention_counts_due_reached_and_housed():
    people = [
        (date(2026, 1, 31), True, {3: ("stably_housed", ""), 6: ("returned_home", "")}),
        (date(2026, 1, 31), True, {3: ("housed_at_risk", "")}),
        (date(2026, 1, 31), False, {}),
        (date(2026, 8, 31), True, {}),  # 3 months: 30/11, due by 03/12; 6 months not yet
        (date(2026, 10, 1), True, {}),  # 3 months: 01/01/2027, not yet due
    ]
    three = follow_up.retention(3, people, TODAY)
    assert (three.left, three.consented, three.due, three.reached, three.housed) == (5, 4, 3, 2, 2)
    assert three.share_reached == pytest.approx(2 / 3) and three.housing_retention == 1.0
    six = follow_up.retention(6, people, TODAY)
    assert (six.due, six.reached, six.housed, six.housing_retention) == (2, 1, 0, 0.0)
    twelve = follow_up.retention(12, people, TODAY)
    assert (twelve.due, twelve.reached, twelve.share_reached, twelve.housing_retention) == (0, 0, None, None)


def test_work_retention_counts_in_work():
    people = [(date(2025, 1, 10), True, {6: ("stably_housed", "in_work")}),
              (date(2025, 1, 10), True, {6: ("other_shelter", "not_in_work")})]
    six = follow_up.retention(6, people, TODAY)
    assert (six.reached, six.housed, six.in_work, six.work_retention) == (2, 1, 1, 0.5)


@pytest.mark.parametrize("attempts, today, expected", [
    ([], date(2026, 4, 15), False),  # 3 months fall due on 30/04: more than two weeks before
    ([], date(2026, 4, 16), True),  # two weeks before
    ([], date(2026, 7, 30), True),
    ([], date(2026, 7, 31), False),  # the window closed
    ([MISS, MISS, MISS], date(2026, 5, 4), False),
    ([HIT], date(2026, 5, 4), False),
])
def test_an_attempt_may_be_recorded_from_two_weeks_before_while_open(attempts, today, expected):
    assert follow_up.may_attempt(LEFT, 3, MONTHS, attempts, today) is expected


@pytest.mark.parametrize(("answer", "kept"), [
    (ConsentInput(True, "phone", " 6944  123 456 ", "Κέντρο Κοινότητας"), ("phone", "6944 123 456", "")),
    (ConsentInput(True, "service", "6944 123 456", "  Κέντρο   Κοινότητας "), ("service", "", "Κέντρο Κοινότητας")),
    # she said no: the number typed before she changed her mind is not kept
    (ConsentInput(False, "phone", "6944 123 456", "Κέντρο Κοινότητας"), ("", "", "")),
])
def test_only_the_way_she_chose_to_be_reached_is_kept(answer, kept):
    assert follow_up.kept_contact(answer) == kept
