"""Sessions kept on the server (user_session), so that they can be ended.

The Flask cookie carries a random token only; the table holds its SHA-256, the user, when
the session started and was last seen, and when and why it ended. Every app server reads
the same table: a logout, a password change or an admin's reset ends the sessions on all
of them at once. Services flush; the caller commits.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from housing.core.audit import record
import housing.auth.rules as rules
from housing.auth.models import User, UserSession
from housing.extensions import db

# Why a session ended (stored as a code, translated when shown).
LOGOUT = "logout"
IDLE = "idle"
EXPIRED = "expired"
PASSWORD_CHANGED = "password_changed"
PASSWORD_RESET = "password_reset"
DEACTIVATED = "deactivated"
ROLES_CHANGED = "roles_changed"
ENDED_BY_USER = "ended_by_user"
WRONG_CODES = "wrong_codes"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe_browser(user_agent: str) -> str:
    """"Firefox on Windows": enough for her to recognise her own devices, nothing more kept."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} / {system}"
    return browser or system or re.sub(r"[^\w .;/()-]", "", user_agent)[:40]


def start(user: User, address: str, user_agent: str, now: datetime, pending_second_factor: bool = False
          ) -> tuple[str, UserSession]:
    """A new session (or a password step waiting for its second factor); returns the token
    for the cookie, which is never stored."""
    token = secrets.token_urlsafe(32)
    row = UserSession(token_hash=token_hash(token), user=user, created_at=now, last_seen_at=now, ended_at=None,
                      end_reason="", address=address[:64], browser=describe_browser(user_agent)[:80],
                      second_factor_pending=pending_second_factor, wrong_codes=0)
    db.session.add(row)
    db.session.flush()
    return token, row


def find(token: object) -> UserSession | None:
    """The session of this token with its user and her roles, in one statement."""
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalars(
        select(UserSession)
        .options(joinedload(UserSession.user, innerjoin=True).joinedload(User.role_grants))
        .where(UserSession.token_hash == token_hash(token))
    ).unique().one_or_none()


def end(row: UserSession, reason: str, now: datetime, by: User | None = None) -> None:
    """End one session and audit it (`end_session`, with the reason)."""
    if row.ended_at is not None:
        return
    row.ended_at, row.end_reason = now, reason
    record("end_session", row.user, detail=f"session {row.id}: {reason}", user=by)
    db.session.flush()


def end_all_of(user: User, reason: str, now: datetime, keep: UserSession | None = None,
               by: User | None = None) -> int:
    """End every open session of this user but `keep`; returns how many ended."""
    rows = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.id != (keep.id if keep is not None else -1)).with_for_update()).all()
    for row in rows:
        end(row, reason, now, by=by)
    return len(rows)


def active_of(user: User, now: datetime, idle_minutes: int, lifetime_hours: int) -> list[UserSession]:
    """Her sessions that still let somebody in, newest first."""
    rows = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.second_factor_pending.is_(False)).order_by(UserSession.created_at.desc(),
                                                               UserSession.id.desc())).all()
    return [row for row in rows
            if rules.session_end_reason(row.created_at, row.last_seen_at, now, idle_minutes, lifetime_hours) is None]


def touch(row: UserSession, now: datetime) -> None:
    """Record activity (at most once a minute, see rules.last_seen_is_due)."""
    db.session.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))


def complete_second_factor(row: UserSession, now: datetime) -> str:
    """The right code: the password step becomes the session, under a new token (no fixation)."""
    token = secrets.token_urlsafe(32)
    row.token_hash, row.second_factor_pending = token_hash(token), False
    row.created_at = row.last_seen_at = now
    db.session.flush()
    return token


# --- The request's session ----------------------------------------------------------------

COOKIE_KEY = "session_token"  # the key in the Flask session cookie


def user_for_request(user_id: str, now: datetime, idle_minutes: int, lifetime_hours: int) -> User | None:
    """Flask-Login's user loader: the user of the cookie's session if that session is open,
    else None. Leaves `g.user_session` (the open session) or `g.session_ended` (why not) for
    the request's session check, which writes what needs writing."""
    from flask import g, session

    g.user_session = None
    row = find(session.get(COOKIE_KEY))
    if row is None or row.second_factor_pending or str(row.user_id) != user_id:
        g.session_ended = ENDED_ELSEWHERE
        return None
    g.session_owner_locale = row.user.locale  # the login page then speaks her language
    if row.ended_at is not None or not row.user.active:
        g.session_ended = ENDED_ELSEWHERE
        return None
    reason = rules.session_end_reason(row.created_at, row.last_seen_at, now, idle_minutes, lifetime_hours)
    if reason is not None:
        g.session_ended, g.session_to_end = reason, row
        return None
    g.user_session = row
    return row.user


ENDED_ELSEWHERE = "ended"
