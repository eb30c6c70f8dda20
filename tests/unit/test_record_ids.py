"""Ids read from the request (the address, a hidden field, a query string): ASCII digits that
PostgreSQL's INTEGER holds, or nothing."""
from __future__ import annotations

import pytest

from housing.core.forms import record_id
from housing.core.routing import LARGEST_ID, parse_id


@pytest.mark.parametrize("text, number", [
    ("0", 0), ("7", 7), ("0007", 7), (" 12 ", 12), ("2147483647", 2147483647),
    ("2147483648", None), ("99999999999999999999", None), ("9" * 400, None),
    ("-1", None), ("+1", None), ("1.0", None), ("1e3", None), ("0x10", None), ("", None), (None, None),
    ("٣", None), ("²", None), ("１２", None), ("Ⅻ", None), ("1 2", None),
])
def test_an_id_is_plain_digits_within_the_database_integer(text, number):
    assert parse_id(text) == number
    assert record_id(text) == number


def test_the_bound_is_postgresql_integer():
    assert LARGEST_ID == 2_147_483_647
