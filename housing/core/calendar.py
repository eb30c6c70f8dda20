"""Calendar arithmetic every area shares: months, ages and birthdays. Pure functions."""
from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """Calendar months; a day the target month lacks is clamped to its last day
    (30 November + 3 months = 28 or 29 February; 31 January + 3 months = 30 April)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def age_on(birth_date: date, on: date) -> int:
    """Completed years on a day. Someone born on 29 February has their birthday on
    1 March in years without one (they are still younger on 28 February)."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def birthday_at(birth_date: date, years: int) -> date:
    """The day a person turns `years` old (1 March for a 29 February birthday in a common year)."""
    year = birth_date.year + years
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth_date.replace(year=year)
