"""Account changes. Services flush; the view commits."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from housing.audit.recorder import audited, record
from housing.auth import rules
from housing.auth.models import LoginAttempt, ServiceSetting, User, UserRole
from housing.auth.rules import password_violations, role_violations
from housing.core.clock import now_utc
from housing.core.errors import RuleViolation, Violation
from housing.extensions import db


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _unknown_user_hash() -> str:
    """Compared against when the username is unknown, so both failures take the same time."""
    cached = current_app.extensions.get("housing.unknown_user_hash")
    if cached is None:
        cached = current_app.extensions["housing.unknown_user_hash"] = _hash("no-such-user-placeholder")
    return cached


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


class AddressLimited(Exception):
    """Too many failed logins from this address recently."""


@audited("login")
def authenticate(username: str, password: str, address: str = "", now: datetime | None = None) -> User | None:
    """The user if the name and password match an active, unlocked account; None otherwise,
    never saying which. Failures are counted in the database, so the lock holds across
    workers and servers; every attempt is kept for the per-address limit."""
    now = now or now_utc()
    window_start = now - rules.LOCKOUT
    recent = db.session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.address == address, LoginAttempt.succeeded.is_(False), LoginAttempt.at > window_start)) or 0
    if rules.address_is_limited(recent, current_app.config["LOGIN_ATTEMPTS_PER_ADDRESS"]):
        raise AddressLimited()
    user = find_user(username) if username else None
    if user is not None:
        db.session.refresh(user, with_for_update=True)  # one worker at a time counts this account's failures
    succeeded = False
    if user is None:
        check_password_hash(_unknown_user_hash(), password)
    elif rules.is_locked(user.locked_until, now):
        check_password_hash(_unknown_user_hash(), password)
    elif check_password_hash(user.password_hash, password) and user.active:
        succeeded = True
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    else:
        user.failed_logins += 1
        user.locked_until = rules.lock_after_failure(user.failed_logins, now)
        if user.locked_until is not None:
            user.failed_logins = 0
    db.session.add(LoginAttempt(at=now, address=address[:64], username=username[:64], succeeded=succeeded))
    record("login" if succeeded else "login_failed", user if succeeded else None,
           detail="" if succeeded else f"username tried: {username[:64]}", user=user if succeeded else None)
    db.session.flush()
    return user if succeeded else None


@audited("create_user")
def create_user(username: str, full_name: str, password: str, roles: list[str], locale: str = "el") -> User:
    username = username.strip()
    violations = password_violations(password, username) + role_violations(roles)
    if not username:
        violations.append(Violation("username", _l("Enter a username.")))
    elif find_user(username) is not None:
        violations.append(Violation("username", _l("The username %(name)s is taken.", name=username)))
    if violations:
        raise RuleViolation(violations)
    user = User(username=username, full_name=full_name.strip(), locale=locale,
                password_hash=_hash(password), active=True)
    user.role_grants = [UserRole(role=role) for role in sorted(set(roles))]
    db.session.add(user)
    db.session.flush()
    return user


@audited("update_user")
def update_user(user: User, full_name: str, roles: list[str], active: bool, acting: User) -> User:
    violations = role_violations(roles)
    if user.id == acting.id and (not active or "admin" not in roles):
        # An admin who removes their own access cannot undo it.
        violations.append(Violation("roles", _l("You cannot remove your own admin role or deactivate yourself.")))
    if violations:
        raise RuleViolation(violations)
    user.full_name = full_name.strip()
    user.active = active
    wanted = set(roles)
    user.role_grants = [g for g in user.role_grants if g.role in wanted] + [
        UserRole(role=role) for role in sorted(wanted - user.roles)
    ]
    db.session.flush()
    return user


@audited("reset_password")
def reset_password(user: User, new_password: str) -> None:
    """An admin's reset: the user must choose a new password at the next login."""
    violations = password_violations(new_password, user.username, field="new_password")
    if violations:
        raise RuleViolation(violations)
    user.password_hash = _hash(new_password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    db.session.flush()


@audited("change_password")
def change_own_password(user: User, current_password: str, new_password: str) -> None:
    violations = []
    if not check_password_hash(user.password_hash, current_password):
        violations.append(Violation("current_password", _l("The current password is not correct.")))
    violations += password_violations(new_password, user.username, field="new_password")
    if current_password == new_password:
        violations.append(Violation("new_password", _l("Choose a password different from the current one.")))
    if violations:
        raise RuleViolation(violations)
    user.password_hash = _hash(new_password)
    user.must_change_password = False
    db.session.flush()


@audited("set_locale")
def set_locale(user: User, locale: str, languages) -> None:
    if locale not in languages:
        raise RuleViolation(Violation("locale", _l("Unknown language.")))
    user.locale = locale
    db.session.flush()


# --- Second factor (TOTP) ----------------------------------------------------------------

SECOND_FACTOR_SETTING = "require_second_factor"
SECOND_FACTOR_ROLES = frozenset({"coordinator", "admin"})


def second_factor_required() -> bool:
    setting = db.session.get(ServiceSetting, SECOND_FACTOR_SETTING)
    return setting is not None and setting.value == "yes"


@audited("require_second_factor")
def set_second_factor_required(required: bool) -> None:
    setting = db.session.get(ServiceSetting, SECOND_FACTOR_SETTING)
    if setting is None:
        setting = ServiceSetting(key=SECOND_FACTOR_SETTING, value="no")
        db.session.add(setting)
    setting.value = "yes" if required else "no"
    db.session.flush()


def needs_second_factor(user: User) -> bool:
    """Users who enrolled always use it; coordinators and admins must, when the admin requires it."""
    return user.totp_secret is not None or (second_factor_required() and bool(user.roles & SECOND_FACTOR_ROLES))


def verify_second_factor(user: User, code: str) -> bool:
    import pyotp

    code = "".join(ch for ch in code if ch.isdigit())
    return user.totp_secret is not None and len(code) == 6 and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)


@audited("enrol_second_factor")
def enrol_second_factor(user: User, secret: str, code: str) -> None:
    import pyotp

    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6 or not pyotp.TOTP(secret).verify(code, valid_window=1):
        raise RuleViolation(Violation("code", _l("That code is not right: check the time on your phone and "
                                                 "type the 6 digits the app shows now.")))
    user.totp_secret = secret
    db.session.flush()


@audited("clear_second_factor")
def clear_second_factor(user: User) -> None:
    """Recovery by an admin: the user enrols again at the next login (audited as an update)."""
    user.totp_secret = None
    db.session.flush()
