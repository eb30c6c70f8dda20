"""How the request's text becomes a record id: plain ASCII digits that a database integer holds.

PostgreSQL's INTEGER ends at 2**31 − 1; a larger id from the address bar (or from a form or a
query string) would make the database refuse the query, a 500 where the answer is "no such
record". Werkzeug's own `int` converter also takes any Unicode digit ("٣", "²").
"""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, ValidationError

LARGEST_ID = 2**31 - 1  # PostgreSQL INTEGER; SQLite holds more, but one bound for both databases


def parse_id(text: str | None) -> int | None:
    """An id written as ASCII decimal digits within 0 … LARGEST_ID, else None."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_ID)):
        return None
    number = int(text)
    return number if number <= LARGEST_ID else None


class RecordIdConverter(IntegerConverter):
    """The app's `<int:…>`: ASCII digits only, 0 … LARGEST_ID; anything else does not match (404)."""

    regex = rf"[0-9]{{1,{len(str(LARGEST_ID))}}}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number


def install_id_converter(app: Flask) -> None:
    """Before any route is added: every `<int:…>` of every blueprint then uses it."""
    app.url_map.converters["int"] = RecordIdConverter
