"""What a turn-away entry must say, as a pure function of what was typed and today."""
from __future__ import annotations

from datetime import date, timedelta

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation

MOST_CHILDREN = 14  # a household of 15, as on the waiting list
OLDEST_AGE = 30  # years: a son or daughter over the limit may still come with her
OLDEST_ENTRY_DAYS = 366  # an entry is written on the day or soon after; older dates are typing mistakes
REFERRED_TO_LENGTH = 200
RECENT_DAYS = 30


def turn_away_violations(occurred_on: date | None, today: date, source: str, sources: tuple[str, ...],
                         children: int | None, oldest_child_age: int | None, reason: str,
                         reasons: tuple[str, ...], referred_to: str) -> list[Violation]:
    """A turn-away is dated today or in the past year, names who called and why she could not
    come; the oldest child's age is given exactly when children would have come (it is what
    decides "child over the age limit"), and that reason needs a child."""
    found: list[Violation] = []
    if occurred_on is None:
        found.append(Violation("occurred_on", _l("Enter the date she was turned away.")))
    elif occurred_on > today:
        found.append(Violation("occurred_on", _l("The date cannot be in the future.")))
    elif occurred_on < today - timedelta(days=OLDEST_ENTRY_DAYS):
        found.append(Violation("occurred_on", _l("The date is more than a year ago: check the year.")))
    if source not in sources:
        found.append(Violation("source", _l("Choose who asked for the place.")))
    if reason not in reasons:
        found.append(Violation("reason", _l("Choose why she could not be admitted.")))
    if children is None or not 0 <= children <= MOST_CHILDREN:
        found.append(Violation("children", _l("Enter the number of children, from 0 to %(most)d.",
                                              most=MOST_CHILDREN)))
    elif children == 0:
        if oldest_child_age is not None:
            found.append(Violation("oldest_child_age", _l("No children would have come: leave the age empty.")))
        if reason == "child_over_age":
            found.append(Violation("reason", _l("A child over the age limit needs at least one child.")))
    elif oldest_child_age is None or not 0 <= oldest_child_age <= OLDEST_AGE:
        found.append(Violation("oldest_child_age", _l("Enter the oldest child's age in years, from 0 to %(most)d.",
                                                      most=OLDEST_AGE)))
    if len(referred_to.strip()) > REFERRED_TO_LENGTH:
        found.append(Violation("referred_to", _l("Write at most %(n)d characters.", n=REFERRED_TO_LENGTH)))
    return found


def recent_since(today: date) -> date:
    """The first day of the last 30 days, today included."""
    return today - timedelta(days=RECENT_DAYS - 1)
