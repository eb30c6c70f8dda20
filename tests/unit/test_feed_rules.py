"""The vacancy feed's pure rules, with their boundaries written out."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from housing.api import rules

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("header, token", [
    ("Bearer abc", "abc"), ("bearer abc", "abc"), ("  Bearer   abc  ", "abc"), ("Bearer", None), ("", None),
    (None, None), ("Basic abc", None), ("Bearer a b", None), ("Bearer " + "x" * 201, None),
])
def test_bearer_token(header, token):
    assert rules.bearer_token(header) == token


@pytest.mark.parametrize("count, limited", [(59, False), (60, False), (61, True)])
def test_the_limit_refuses_the_request_past_it(count, limited):
    assert rules.over_limit(count, 60) is limited


@pytest.mark.parametrize("second, wait", [(0, 60), (1, 59), (59, 1)])
def test_retry_after_counts_to_the_next_minute(second, wait):
    assert rules.retry_after(datetime(2026, 12, 2, 10, 15, second, tzinfo=UTC)) == wait


@pytest.mark.parametrize("last, now, due", [
    (None, 0, True), (0, 59, False), (0, 60, True)])
def test_the_last_use_is_written_at_most_once_a_minute(last, now, due):
    at = lambda seconds: datetime(2026, 12, 2, 10, 0, tzinfo=UTC).replace(second=0) if seconds is None else \
        datetime.fromtimestamp(1_800_000_000 + seconds, UTC)  # noqa: E731
    assert rules.last_use_is_due(None if last is None else at(last), at(now)) is due


@pytest.mark.parametrize("places, beds, children", [
    (1, [0, 2, 1], 1), (1, [4], 3), (0, [4], None), (1, [0, 0], None), (1, [1], 0), (2, [], None)])
def test_largest_household(places, beds, children):
    assert rules.largest_household_children(places, beds) == children


@pytest.mark.parametrize("places, ends, expected", [
    (1, [date(2027, 1, 5)], TODAY),
    (0, [date(2027, 1, 5), date(2026, 12, 20)], date(2026, 12, 20)),
    (0, [date(2026, 11, 30)], TODAY),  # overdue: any day now
    (0, [], None),
])
def test_next_free_place(places, ends, expected):
    assert rules.next_free_place_on(places, ends, TODAY) == expected


@pytest.mark.parametrize("extended, reached, share", [(1, 2, None), (0, 3, 0.0), (1, 3, 0.33), (2, 5, 0.4)])
def test_extended_share(extended, reached, share):
    assert rules.extended_share(extended, reached) == share


def test_a_token_is_long_random_and_stored_as_its_sha256():
    token = rules.new_token()
    assert token.startswith("hhv_") and len(token) >= 40 and token != rules.new_token()
    assert rules.token_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
