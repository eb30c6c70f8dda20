"""Undoing an ending entered by mistake (a discharge, a referral's closure, a programme exit): the
rule every area shares. Pure: the moment it was entered, today and the person's right are passed in."""
from __future__ import annotations

from datetime import date, datetime

from housing.core.i18n import lazy_gettext as _l

from housing.core.clock import to_athens
from housing.core.errors import Violation


def entered_on_day(entered_at: datetime | None, day: date) -> bool:
    """Whether the ending was entered on that calendar day in Heraklion (an ending entered before
    its moment was kept has none, and is never of today)."""
    return entered_at is not None and to_athens(entered_at).date() == day


def may_offer_undo(ended: bool, entered_at: datetime | None, may_undo: bool, today: date) -> bool:
    """Whether the page shows the undo button: to whoever may undo, on the day it was entered."""
    return ended and may_undo and entered_on_day(entered_at, today)


def undo_violations(ended: bool, entered_at: datetime | None, may_undo: bool, today: date) -> list[Violation]:
    """A coordinator undoes an ending on the day it was entered, and only then: the next day it
    is part of the record, and a mistake is corrected by a new entry (DESIGN.md)."""
    if not may_undo:
        return [Violation("", _l("Only a coordinator can undo this."))]
    if not ended:
        return [Violation("", _l("There is nothing to undo: it has not ended."))]
    if not entered_on_day(entered_at, today):
        return [Violation("", _l("This can be undone only on the day it was entered."))]
    return []
