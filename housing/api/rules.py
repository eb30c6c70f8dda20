"""The vacancy feed's rules, pure: tokens, the rate limit, and the figures built from the board."""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime

TOKEN_PREFIX = "hhv_"
HINT_LENGTH = 8


def new_token() -> str:
    """32 random bytes, URL-safe: a bearer token nobody can guess."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256, not a slow password hash: the token is 256 random bits, so no dictionary or brute
    force can reach it, and the feed looks it up on every request by this digest (a salted scrypt
    would cost a scrypt per request and could not be looked up)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; anything else: None."""
    scheme, _, value = (header or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or " " in value or len(value) > 200:
        return None
    return value


def minute_of(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


def over_limit(count: int, per_minute: int) -> bool:
    """The request that makes the count pass the limit, and every later one in that minute, is refused."""
    return count > per_minute


def retry_after(moment: datetime) -> int:
    """Seconds until the next minute begins (1 … 60)."""
    return 60 - int(moment.timestamp()) % 60


def last_use_is_due(last_used_at: datetime | None, now: datetime) -> bool:
    """The last use is written at most once a minute, not on every request."""
    return last_used_at is None or (now - last_used_at).total_seconds() >= 60


def largest_household_children(free_places: int, free_beds_by_room: Iterable[int]) -> int | None:
    """The most children a woman can bring today: a household is placed in one room (the persons
    never exceed its free beds) and needs a free place; None when no woman can come."""
    most = max(free_beds_by_room, default=0)
    if free_places < 1 or most < 1:
        return None
    return most - 1


def next_free_place_on(free_places: int, planned_ends: Iterable[date], today: date) -> date | None:
    """Today when a place is free; else the earliest planned end among active stays (an overdue
    one counts as today); None when no stay is active."""
    if free_places > 0:
        return today
    earliest = min(planned_ends, default=None)
    if earliest is None:
        return None
    return max(earliest, today)


SMALLEST_SHARE_BASE = 3  # a share of one or two stays would say what happened to those women


def extended_share(extended: int, reached_end: int) -> float | None:
    """Of the stays whose original planned end fell in the last 12 months, the share extended,
    to two decimals; none from fewer than three stays."""
    if reached_end < SMALLEST_SHARE_BASE:
        return None
    return round(extended / reached_end, 2)
