"""Figures that leave the service (downloads, the vacancy feed): a count describing one or two
people could point at them, so it leaves as "<3". On screen coordinators see exact figures."""
from __future__ import annotations

SMALL = "<3"


def outgoing_count(count: int) -> int | str:
    """A count of people as it may leave the service: 0 and 3 or more as they are, 1 and 2 as "<3"."""
    return SMALL if 0 < count < 3 else count
