"""How a report's figure reads on screen, in the reader's language: exact figures (the screen is
inside the service), shares as percentages, days with one decimal."""
from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, format_percent

from housing.core.reports import SHARE


def screen_cell(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == SHARE and isinstance(value, (int, float)):
        return str(format_percent(value, "#,##0.0%"))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(format_decimal(value, "#,##0"))
    if isinstance(value, float):
        return str(format_decimal(value, "#,##0.##"))
    return str(value)
