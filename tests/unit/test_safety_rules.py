"""The safety plan's rules as truth tables: review dates, reviews due, orders running out, and
what a valid entry is. Month ends and leap years written out by hand."""
from __future__ import annotations

from datetime import date

import pytest

from housing.shelter.safety import rules

REVIEW_DAYS = {"high": 7, "medium": 30, "low": 90}


@pytest.mark.parametrize("level, assessed_on, expected", [
    ("high", date(2028, 2, 25), date(2028, 3, 3)),  # through 29 February of a leap year
    ("high", date(2027, 2, 25), date(2027, 3, 4)),  # a common year
    ("high", date(2026, 12, 31), date(2027, 1, 7)),  # across the year's end
    ("medium", date(2028, 1, 31), date(2028, 3, 1)),
    ("medium", date(2027, 1, 31), date(2027, 3, 2)),
    ("low", date(2027, 12, 1), date(2028, 2, 29)),  # lands on the leap day
    ("low", date(2026, 12, 1), date(2027, 3, 1)),
])
def test_next_review_counts_the_levels_days(level, assessed_on, expected):
    assert rules.next_review_on(level, assessed_on, REVIEW_DAYS) == expected


@pytest.mark.parametrize("next_review, today, expected", [
    (date(2028, 2, 27), date(2028, 2, 28), "overdue"),
    (date(2028, 2, 28), date(2028, 2, 28), "due"),  # the day itself
    (date(2028, 2, 29), date(2028, 2, 28), "due"),
    (date(2028, 3, 1), date(2028, 2, 28), "due"),  # two days ahead, across the leap day
    (date(2028, 3, 2), date(2028, 2, 28), None),
    (date(2027, 3, 1), date(2027, 2, 27), "due"),  # two days ahead in a common year
    (date(2027, 3, 2), date(2027, 2, 27), None),
    (date(2027, 1, 1), date(2026, 12, 30), "due"),
    (date(2027, 1, 2), date(2026, 12, 30), None),
    (date(2026, 12, 1), date(2026, 12, 2), "overdue"),
])
def test_review_due_and_overdue(next_review, today, expected):
    assert rules.review_state(next_review, today) == expected


@pytest.mark.parametrize("valid_until, today, expected", [
    (date(2028, 2, 14), date(2028, 2, 15), "expired"),  # valid through its last day, not the next
    (date(2028, 2, 15), date(2028, 2, 15), "expiring"),  # its last day
    (date(2028, 2, 29), date(2028, 2, 15), "expiring"),  # 14 days ahead, the leap day
    (date(2028, 3, 1), date(2028, 2, 15), None),  # 15 days ahead
    (date(2027, 3, 1), date(2027, 2, 15), "expiring"),  # 14 days ahead in a common year
    (date(2027, 3, 2), date(2027, 2, 15), None),
    (date(2027, 1, 14), date(2026, 12, 31), "expiring"),
    (date(2027, 1, 15), date(2026, 12, 31), None),
    (date(2026, 12, 30), date(2026, 12, 31), "expired"),
])
def test_order_expiring_within_14_days_and_expired(valid_until, today, expected):
    assert rules.order_state(valid_until, today, 14) == expected


@pytest.mark.parametrize("level, restricted, expected", [
    ("high", False, True), ("high", True, False), ("medium", False, False), ("low", False, False)])
def test_high_risk_suggests_the_restriction(level, restricted, expected):
    assert rules.suggests_restriction(level, restricted) is expected


def fields(violations) -> list[str]:
    return [violation.field for violation in violations]


TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("level, assessed_on, next_review, expected", [
    ("high", TODAY, None, []),
    ("high", TODAY, date(2026, 12, 9), []),  # the level's interval exactly
    ("high", TODAY, date(2026, 12, 10), ["next_review_on"]),  # a day later than high risk allows
    ("high", TODAY, TODAY, []),  # a review today is allowed
    ("medium", date(2026, 11, 20), date(2026, 12, 1), ["next_review_on"]),  # in the past
    ("low", TODAY, date(2027, 3, 2), []),  # 90 days
    ("low", TODAY, date(2027, 3, 3), ["next_review_on"]),
    ("high", date(2026, 12, 3), None, ["assessed_on"]),  # tomorrow
    ("", TODAY, None, ["level"]),
    ("extreme", TODAY, None, ["level"]),
    ("high", None, None, ["assessed_on"]),
])
def test_assessment_violations(level, assessed_on, next_review, expected):
    assert fields(rules.assessment_violations(level, assessed_on, next_review, TODAY, REVIEW_DAYS, True)) == expected


def test_an_ended_stays_plan_does_not_change():
    assert fields(rules.assessment_violations("low", TODAY, None, TODAY, REVIEW_DAYS, False)) == [""]
    assert fields(rules.barred_person_violations("A", "B", "C", False)) == [""]


@pytest.mark.parametrize("issued_on, valid_until, protects_woman, child_ids, expected", [
    (date(2026, 11, 1), date(2027, 5, 1), True, [], []),
    (date(2026, 11, 1), date(2026, 11, 1), True, [], []),  # a one-day order
    (date(2026, 11, 1), date(2026, 10, 31), True, [], ["valid_until"]),  # ends before it was issued
    (date(2026, 12, 3), date(2027, 1, 1), True, [], ["issued_on"]),  # issued tomorrow
    (None, date(2027, 1, 1), True, [], ["issued_on"]),
    (date(2026, 11, 1), None, True, [], ["valid_until"]),
    (date(2026, 11, 1), date(2027, 1, 1), False, [], ["protects_woman"]),  # protects nobody
    (date(2026, 11, 1), date(2027, 1, 1), False, [7], []),  # a child only
    (date(2026, 11, 1), date(2027, 1, 1), True, [99], ["children"]),  # a child of another stay
])
def test_order_violations(issued_on, valid_until, protects_woman, child_ids, expected):
    assert fields(rules.order_violations("court", "restraining", "123/2026", issued_on, valid_until, protects_woman,
                                         child_ids, [7, 8], TODAY, True)) == expected


def test_an_order_needs_authority_kind_and_number():
    assert fields(rules.order_violations("army", "curse", "  ", date(2026, 11, 1), date(2027, 1, 1), True, [], [],
                                         TODAY, True)) == ["authority", "kind", "reference"]


@pytest.mark.parametrize("name, description, what_to_do, expected", [
    ("Γιάννης", "Tall, beard", "Call 100", []),
    (" ", "Tall, beard", "Call 100", ["name"]),
    ("Γιάννης", "", "Call 100", ["description"]),
    ("Γιάννης", "Tall", "\n", ["what_to_do"]),
])
def test_barred_person_violations(name, description, what_to_do, expected):
    assert fields(rules.barred_person_violations(name, description, what_to_do, True)) == expected


@pytest.mark.parametrize("reason, already_ended, expected", [
    ("Revoked by the court", False, []), ("", False, ["reason"]), ("Again", True, [""])])
def test_ending_an_entry(reason, already_ended, expected):
    assert fields(rules.ending_violations(reason, already_ended, True)) == expected
