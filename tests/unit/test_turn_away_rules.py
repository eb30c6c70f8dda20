"""The turn-away register's rule as a truth table: what an entry must say."""
from __future__ import annotations

from datetime import date

import pytest

from housing.shelter.models import REFERRAL_SOURCES, TURN_AWAY_REASONS
from housing.shelter.turnaways.rules import recent_since, turn_away_violations

TODAY = date(2026, 12, 2)


def fields(occurred_on=TODAY, source="police", children=1, oldest=4, reason="full", referred_to=""):
    return sorted(v.field for v in turn_away_violations(occurred_on, TODAY, source, REFERRAL_SOURCES, children,
                                                        oldest, reason, TURN_AWAY_REASONS, referred_to))


@pytest.mark.parametrize("kwargs, expected", [
    ({}, []),
    ({"occurred_on": date(2026, 12, 3)}, ["occurred_on"]),  # tomorrow
    ({"occurred_on": date(2025, 12, 1)}, []),  # 366 days back: still in
    ({"occurred_on": date(2025, 11, 30)}, ["occurred_on"]),  # 367 days back
    ({"occurred_on": None}, ["occurred_on"]),
    ({"children": 14, "oldest": 17}, []),
    ({"children": 15}, ["children"]),
    ({"children": -1}, ["children"]),
    ({"children": None}, ["children"]),
    ({"children": 0, "oldest": None}, []),
    ({"children": 0, "oldest": 3}, ["oldest_child_age"]),
    ({"children": 0, "oldest": None, "reason": "child_over_age"}, ["reason"]),
    ({"children": 1, "oldest": None}, ["oldest_child_age"]),
    ({"oldest": -1}, ["oldest_child_age"]),
    ({"oldest": 30}, []),
    ({"oldest": 31}, ["oldest_child_age"]),
    ({"source": "neighbour"}, ["source"]),
    ({"reason": "busy"}, ["reason"]),
    ({"referred_to": "x" * 200}, []),
    ({"referred_to": "x" * 201}, ["referred_to"]),
])
def test_turn_away_violations(kwargs, expected):
    assert fields(**kwargs) == expected


def test_the_last_30_days_begin_29_days_before_today():
    assert recent_since(TODAY) == date(2026, 11, 3)
