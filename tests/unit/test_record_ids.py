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


def test_the_apps_int_converter_is_the_bounded_one():
    """On a bare Flask app (no database): install_id_converter makes every later <int:…> bounded."""
    from flask import Flask

    from housing.core.routing import install_id_converter

    app = Flask(__name__)
    install_id_converter(app)

    @app.route("/stays/<int:stay_id>")
    def stay(stay_id):
        return str(stay_id)

    client = app.test_client()
    assert client.get("/stays/0042").get_data(as_text=True) == "42"
    assert client.get("/stays/2147483647").get_data(as_text=True) == "2147483647"
    assert [client.get(f"/stays/{odd}").status_code for odd in ("2147483648", "9" * 20, "%D9%A3", "-1")] == [404] * 4
