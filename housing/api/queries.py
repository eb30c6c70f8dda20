"""What the vacancy feed reads: the shelter's own board (its rules for free places, free beds and
holds — never a second copy) and one aggregate over stays."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select

from housing.api import rules
from housing.core.calendar import add_months
from housing.extensions import db
from housing.shelter.models import Stay
from housing.shelter.stays.queries import occupancy_board


def extensions_in_last_year(today: date) -> tuple[int, int]:
    """(extended, reached their end): stays whose original planned end fell in the last 12 months,
    and how many of them had their planned end moved later by an extension."""
    since = add_months(today, -12)
    reached, extended = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((Stay.planned_end > Stay.original_end, 1), else_=0)), 0))
        .where(Stay.original_end > since, Stay.original_end <= today)).one()
    return int(extended), int(reached)


def vacancy(today: date, now: datetime, capacity: int, child_age_limits: dict[str, int]) -> dict[str, Any]:
    """Counts only: nothing about anyone staying. Free places and beds are places and beds, not
    people; no count of women or children leaves here."""
    board = occupancy_board(today, now, capacity, 0)
    next_on = rules.next_free_place_on(board.free_places, (h.planned_end for h in board.households), today)
    extended, reached = extensions_in_last_year(today)
    return {
        "computed_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "free_places": board.free_places,
        "free_beds": board.free_beds,
        "beds_held": sum(line.held_beds for line in board.rooms),
        "largest_household": {
            "women": 1,
            "children": rules.largest_household_children(board.free_places,
                                                         (line.free_beds for line in board.rooms)),
        },
        "children_age_rule": {"girls_younger_than": int(child_age_limits["F"]),
                              "boys_younger_than": int(child_age_limits["M"])},
        "next_free_place_expected_on": next_on.isoformat() if next_on else None,
        "stays_extended_share_last_12_months": rules.extended_share(extended, reached),
    }
