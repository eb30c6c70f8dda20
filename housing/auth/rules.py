"""Account rules, pure."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from collections.abc import Iterable, Mapping

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.permissions import ROLES

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
DEMO_PASSWORD = "heraklion-demo"  # the demo logins' password: refused in production

MIN_PASSWORD_SCORE = 3  # zxcvbn's 0–4: 3 is "safely unguessable" online, ~10^8 guesses
STRENGTH_CHECKED_CHARACTERS = 100  # zxcvbn's work grows with the length; the first 100 decide


def password_violations(password: str, username: str, full_name: str = "", field: str = "password",
                        refused: tuple[str, ...] = ()) -> list[Violation]:
    """Passwords are at least 12 characters, are not the username (nor the username repeated)
    and are hard to guess by zxcvbn's estimate (score 3 or more, knowing the user's names);
    `refused` holds passwords refused outright (the demo password, in production)."""
    found = []
    if len(password) < MIN_PASSWORD_LENGTH:
        found.append(Violation(field, _l("The password must be at least %(n)d characters long.",
                                         n=MIN_PASSWORD_LENGTH)))
    typed, name = password.strip().lower(), username.strip().lower()
    if name and typed == name:
        found.append(Violation(field, _l("The password must not be the username.")))
    elif name and typed and not typed.replace(name, ""):
        found.append(Violation(field, _l("The password must not be the username repeated.")))
    elif password in refused:
        found.append(Violation(field, _l("This password is known to everyone who saw the demo; choose another.")))
    elif len(password) >= MIN_PASSWORD_LENGTH and password_score(password, (username, full_name)) < MIN_PASSWORD_SCORE:
        found.append(Violation(field, _l("This password is too easy to guess (a common word, a name, a date or a "
                                         "keyboard pattern). Try a few unrelated words.")))
    return found


def password_score(password: str, user_inputs: tuple[str, ...]) -> int:
    """zxcvbn's estimate, 0 (guessed at once) to 4, with the user's own names as known words."""
    from zxcvbn import zxcvbn

    words = [part for value in user_inputs for part in [value, *value.split()] if part]
    return int(zxcvbn(password[:STRENGTH_CHECKED_CHARACTERS], user_inputs=words)["score"])


def hash_is_current(stored_hash: str, method: str) -> bool:
    """A stored password hash is made by the configured method (werkzeug's "method$salt$hash";
    "scrypt" stands for "scrypt:32768:8:1"); otherwise it is made again at the next login."""
    stored_method = stored_hash.split("$", 1)[0]
    return stored_method == method or stored_method.startswith(method + ":")


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """An account is locked for 15 minutes after 5 failed logins in a row."""
    return locked_until is not None and locked_until > now


def lock_after_failure(failed_in_a_row: int, now: datetime) -> datetime | None:
    """When the failures in a row reach the limit, the moment the lock ends; else None."""
    return now + LOCKOUT if failed_in_a_row >= MAX_FAILED_LOGINS else None


NAME_ALLOWANCE_AT_A_LIMITED_ADDRESS = 3


def address_is_limited(failures_from_address: int, failures_from_address_for_name: int, limit: int) -> bool:
    """Failed logins from one address are limited (many accounts tried from one place), but a
    flood never locks out the others at that address: behind a proxy everyone may share it.
    Past `limit` failures in 15 minutes, a username that failed 3 times from there is refused;
    the others still try (and each account keeps its own lockout after 5 failures)."""
    return (failures_from_address >= limit
            and failures_from_address_for_name >= NAME_ALLOWANCE_AT_A_LIMITED_ADDRESS)


def masked_username(username: str, key: str) -> str:
    """An unknown username is kept as a keyed hash: it may be a password typed in the wrong
    field, and must be neither stored nor shown. The same name gives the same mask, so that
    repeated attempts can still be counted and seen."""
    digest = hmac.new(key.encode(), username.strip().lower().encode(), hashlib.sha256).hexdigest()
    return f"unknown-{digest[:12]}"


# --- Sessions ---------------------------------------------------------------------------

LAST_SEEN_EVERY = timedelta(minutes=1)  # activity is written at most once a minute


def session_end_reason(created_at: datetime, last_seen_at: datetime, now: datetime, idle_minutes: int,
                       lifetime_hours: int) -> str | None:
    """Why a session has ended by itself, or None: SESSION_LIFETIME_HOURS after login whatever
    the activity (a copied cookie does not live for ever), or IDLE_TIMEOUT_MINUTES without
    activity (the night shift shares a tablet)."""
    if now - created_at >= timedelta(hours=lifetime_hours):
        return "expired"
    if now - last_seen_at > timedelta(minutes=idle_minutes):
        return "idle"
    return None


def last_seen_is_due(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= LAST_SEEN_EVERY


# --- Second factor ----------------------------------------------------------------------

MAX_WRONG_CODES = 5  # per password step; then the password again
PASSWORD_STEP = timedelta(minutes=5)  # how long a right password waits for its code


def password_step_is_open(started_at: datetime, now: datetime) -> bool:
    """A right password waits 5 minutes for its code; then she types it again."""
    return now - started_at <= PASSWORD_STEP


def second_factor_gives_up(wrong_codes: int) -> bool:
    """After 5 wrong codes the password step is spent: she starts again with her password."""
    return wrong_codes >= MAX_WRONG_CODES


def accepted_code_step(code: str, codes_by_step: Mapping[int, str], last_accepted_step: int | None) -> int | None:
    """The time step a code belongs to, if it is right and later than the last accepted one:
    a code is accepted once only (one seen over a shoulder cannot be used again)."""
    for step, expected in sorted(codes_by_step.items()):
        if hmac.compare_digest(code, expected) and (last_accepted_step is None or step > last_accepted_step):
            return step
    return None


def role_violations(roles: list[str], field: str = "roles") -> list[Violation]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        return [Violation(field, _l("Unknown role: %(role)s", role=", ".join(unknown)))]
    return []


DRAFT_KEPT_FOR = timedelta(hours=1)
DRAFT_MAX_CHARACTERS = 100_000  # a form of the service holds far less; more is not kept
# Never kept: the form's CSRF token (a new one is issued) and anything that holds a password or a code.
_DRAFT_NEVER_KEPT = ("csrf_token", "password", "code", "otp", "secret")


def draft_is_fresh(saved_at: datetime, now: datetime) -> bool:
    """A kept form is offered back for an hour after it was sent, then forgotten."""
    return now - saved_at <= DRAFT_KEPT_FOR


def draft_fields(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """What of a sent form is kept: every field but the CSRF token and anything that holds a
    password or a code; None when nothing is left or it is too large to keep."""
    kept = [(name, value) for name, value in pairs
            if not any(word in name.lower() for word in _DRAFT_NEVER_KEPT)]
    if not kept or sum(len(name) + len(value) for name, value in kept) > DRAFT_MAX_CHARACTERS:
        return None
    return kept

