"""How dates and money read, the same in every area, on pages, in messages and in forms."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_currency

from housing.core.clock import to_athens


def format_dmy(value: date | datetime | None) -> str:
    """Dates are shown dd/mm/yyyy everywhere."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_dmy_hm(moment: datetime | None) -> str:
    """A moment shown in Heraklion time, dd/mm/yyyy HH:MM."""
    if moment is None:
        return ""
    return to_athens(moment).strftime("%d/%m/%Y %H:%M")


def plain_euros(cents: int) -> str:
    """€ amounts in messages: "400" or "412.50" (read the same in Greek and English)."""
    whole, part = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{whole}" if part == 0 else f"{sign}{whole}.{part:02d}"


def form_euros(cents: int | None) -> str:
    """Cents as typed back into a form: 350 or 350.50."""
    return "" if cents is None else plain_euros(cents)


def money(cents: int | None) -> str:
    """Cents as money in the reader's language: €350.00 in English, 350,00 € in Greek."""
    return "" if cents is None else format_currency(Decimal(cents) / 100, "EUR")
