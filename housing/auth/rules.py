"""Account rules, pure."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.permissions import ROLES

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = (Path(__file__).with_name("common_passwords.txt").read_text(encoding="utf-8").splitlines())
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_violations(password: str, username: str, field: str = "password") -> list[Violation]:
    """Passwords are at least 12 characters, are not the username and are not common."""
    found = []
    if len(password) < MIN_PASSWORD_LENGTH:
        found.append(Violation(field, _l("The password must be at least %(n)d characters long.",
                                         n=MIN_PASSWORD_LENGTH)))
    if username and password.strip().lower() == username.strip().lower():
        found.append(Violation(field, _l("The password must not be the username.")))
    elif password.strip().lower() in common_passwords():
        found.append(Violation(field, _l("This password is too common; choose another.")))
    return found


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """An account is locked for 15 minutes after 5 failed logins in a row."""
    return locked_until is not None and locked_until > now


def lock_after_failure(failed_in_a_row: int, now: datetime) -> datetime | None:
    """When the failures in a row reach the limit, the moment the lock ends; else None."""
    return now + LOCKOUT if failed_in_a_row >= MAX_FAILED_LOGINS else None


def address_is_limited(recent_failures_from_address: int, limit: int) -> bool:
    """Login attempts from one address are limited too (several accounts tried from one place)."""
    return recent_failures_from_address >= limit


def idle_expired(last_seen: float | None, now: float, idle_minutes: int) -> bool:
    """The night shift shares a tablet: a session idle for IDLE_TIMEOUT_MINUTES ends."""
    return last_seen is not None and now - last_seen > idle_minutes * 60


def role_violations(roles: list[str], field: str = "roles") -> list[Violation]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        return [Violation(field, _l("Unknown role: %(role)s", role=", ".join(unknown)))]
    return []
