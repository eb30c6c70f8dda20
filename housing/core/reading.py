"""Records as a person reads them, for pages that show stored values as they are (the
subject-access page): a field's label in the reader's language, dates as dd/mm/yyyy, yes/no for
flags, and a stored code as its label. The labels belong to the areas: one of them registers
how to read fields and codes (`register_reading`); without one, names and values show as stored.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app
from housing.core.i18n import gettext

from housing.core.formatting import format_dmy, format_dmy_hm

_READING_KEY = "housing.reading"
NOTHING = "—"


@dataclass(frozen=True)
class Reading:
    field_label: Callable[[str], Any | None]  # a stored field's name → its label, or None
    code_label: Callable[[str, Any], Any | None]  # a field's name and a stored code → its label, or None


def register_reading(app: Flask, reading: Reading) -> None:
    app.extensions[_READING_KEY] = reading


def _reading() -> Reading | None:
    reading: Reading | None = current_app.extensions.get(_READING_KEY)
    return reading


def read_key(name: str) -> str:
    reading = _reading()
    label = reading.field_label(name) if reading is not None else None
    return str(label) if label is not None else name


def read_value(name: str, value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return NOTHING
    if value is True:
        return str(gettext("yes"))
    if value is False:
        return str(gettext("no"))
    reading = _reading()
    if reading is not None and isinstance(value, (str, int)):
        label = reading.code_label(name, value)
        if label is not None:
            return str(label)
    if isinstance(value, str):
        return _date_text(value)
    return str(value)


def _date_text(text: str) -> str:
    """An ISO 8601 date or moment (as exports store them) as dd/mm/yyyy [hh:mm]; other text as it is."""
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return format_dmy(date.fromisoformat(text))
        if len(text) >= 19 and text[4] == "-" and text[10] == "T":
            return format_dmy_hm(datetime.fromisoformat(text))
    except ValueError:
        pass
    return text
