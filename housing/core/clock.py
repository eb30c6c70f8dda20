"""The one clock of the service. The shelter lives in Europe/Athens time."""
from __future__ import annotations

from datetime import date, datetime, UTC
from zoneinfo import ZoneInfo

ATHENS = ZoneInfo("Europe/Athens")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The calendar day in Heraklion: a stay admitted at 01:30 Athens time belongs to that day."""
    return now_utc().astimezone(ATHENS).date()


def to_athens(moment: datetime) -> datetime:
    return moment.astimezone(ATHENS)
