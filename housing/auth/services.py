"""Account changes. Services flush; the view commits."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from housing.core.i18n import lazy_gettext as _l
from housing.core.audit import audited, record
import housing.auth.rules as rules
import housing.auth.sessions as sessions
from housing.auth.models import LoginAttempt, ServiceSetting, User, UserRole, UserSession
from housing.auth.rules import DEMO_PASSWORD, password_violations, role_violations
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
    workers and servers; every attempt is kept for the per-address limit. An unknown
    username is kept masked: it may be a password typed into the wrong field."""
    now = now or now_utc()
    user = find_user(username) if username else None
    name = user.username if user is not None else rules.masked_username(username, current_app.config["SECRET_KEY"])
    window_start = now - rules.LOCKOUT
    failures = (select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.address == address[:64], LoginAttempt.succeeded.is_(False), LoginAttempt.at > window_start))
    from_address = db.session.scalar(failures) or 0
    if from_address >= current_app.config["LOGIN_ATTEMPTS_PER_ADDRESS"]:
        for_name = db.session.scalar(failures.where(LoginAttempt.username == name[:64])) or 0
        if rules.address_is_limited(from_address, for_name, current_app.config["LOGIN_ATTEMPTS_PER_ADDRESS"]):
            raise AddressLimited()
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
        if not rules.hash_is_current(user.password_hash, current_app.config["PASSWORD_HASH_METHOD"]):
            user.password_hash = _hash(password)  # an older method's hash, made again with the password at hand
    else:
        _count_failure(user, now)
    db.session.add(LoginAttempt(at=now, address=address[:64], username=name[:64], succeeded=succeeded))
    record("login" if succeeded else "login_failed", user if succeeded else None,
           detail="" if succeeded else f"username tried: {name[:64]}", user=user if succeeded else None)
    db.session.flush()
    return user if succeeded else None


def _count_failure(user: User, now: datetime) -> None:
    """A wrong password or a wrong second-factor code: 5 in a row lock the account."""
    user.failed_logins += 1
    user.locked_until = rules.lock_after_failure(user.failed_logins, now)
    if user.locked_until is not None:
        user.failed_logins = 0


def _password_violations(password: str, user_or_name, full_name: str = "", field: str = "password"):
    username = user_or_name.username if isinstance(user_or_name, User) else user_or_name
    full_name = user_or_name.full_name if isinstance(user_or_name, User) else full_name
    refused = () if current_app.config["DEMO_DATA_ALLOWED"] else (DEMO_PASSWORD,)
    return password_violations(password, username, full_name, field=field, refused=refused)


@audited("create_user")
def create_user(username: str, full_name: str, password: str, roles: list[str], locale: str = "el") -> User:
    username = username.strip()
    violations = _password_violations(password, username, full_name) + role_violations(roles)
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
def update_user(user: User, full_name: str, roles: list[str], active: bool, acting: User,
                acting_session: UserSession | None = None) -> User:
    """An admin's change. Deactivation and any change of roles end the user's sessions (all
    of them; an admin editing herself keeps the one she is using)."""
    violations = role_violations(roles)
    if user.id == acting.id and (not active or "admin" not in roles):
        # An admin who removes their own access cannot undo it.
        violations.append(Violation("roles", _l("You cannot remove your own admin role or deactivate yourself.")))
    if violations:
        raise RuleViolation(violations)
    wanted = set(roles)
    reason = (sessions.DEACTIVATED if user.active and not active
              else sessions.ROLES_CHANGED if wanted != set(user.roles) else None)
    user.full_name = full_name.strip()
    user.active = active
    user.role_grants = [g for g in user.role_grants if g.role in wanted] + [
        UserRole(role=role) for role in sorted(wanted - user.roles)
    ]
    db.session.flush()
    if reason is not None:
        sessions.end_all_of(user, reason, now_utc(), keep=acting_session if user.id == acting.id else None)
    return user


@audited("reset_password")
def reset_password(user: User, new_password: str) -> None:
    """An admin's reset: the user must choose a new password at the next login; every session
    of hers ends (whoever knew the old password is out)."""
    violations = _password_violations(new_password, user, field="new_password")
    if violations:
        raise RuleViolation(violations)
    user.password_hash = _hash(new_password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    db.session.flush()
    sessions.end_all_of(user, sessions.PASSWORD_RESET, now_utc())


@audited("change_password")
def change_own_password(user: User, current_password: str, new_password: str,
                        current_session: UserSession | None = None) -> None:
    """Her own change: her other sessions end, the one she is using goes on."""
    violations = []
    if not check_password_hash(user.password_hash, current_password):
        violations.append(Violation("current_password", _l("The current password is not correct.")))
    violations += _password_violations(new_password, user, field="new_password")
    if current_password == new_password:
        violations.append(Violation("new_password", _l("Choose a password different from the current one.")))
    if violations:
        raise RuleViolation(violations)
    user.password_hash = _hash(new_password)
    user.must_change_password = False
    db.session.flush()
    sessions.end_all_of(user, sessions.PASSWORD_CHANGED, now_utc(), keep=current_session)


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


def _code_step(secret: str, code: str, last_accepted_step: int | None, now: datetime) -> int | None:
    """The step of a right, unused code: the step of now, or one before or after (a phone's
    clock a little off)."""
    import pyotp

    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    candidates = {step: totp.generate_otp(step) for step in (current - 1, current, current + 1)}
    return rules.accepted_code_step(code, candidates, last_accepted_step)


class SecondFactorRefused(Exception):
    """The password step is spent (5 wrong codes, or the account locked): log in again."""


@audited("check_second_factor")
def check_second_factor(step: UserSession, code: str, now: datetime | None = None) -> bool:
    """The code of a password step. Right and unused: True, and its time step is kept so
    that it is never accepted again. Wrong: False, counted toward the account's lockout;
    the 5th wrong code of the step (or a lock) ends the step: SecondFactorRefused."""
    now = now or now_utc()
    user = step.user
    # One worker at a time counts the failures: lock the account's row alone (its roles came
    # with an outer join, which PostgreSQL cannot lock), then read the counters afresh.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    db.session.refresh(user, ["failed_logins", "locked_until", "totp_last_step"])
    db.session.refresh(step)
    if step.ended_at is not None or rules.is_locked(user.locked_until, now):
        sessions.end(step, sessions.WRONG_CODES, now, by=user)
        raise SecondFactorRefused()
    accepted = _code_step(user.totp_secret, code, user.totp_last_step, now) if user.totp_secret else None
    if accepted is not None:
        user.totp_last_step = accepted
        db.session.flush()
        return True
    step.wrong_codes += 1
    _count_failure(user, now)
    record("second_factor_failed", user, user=user)
    db.session.flush()
    if rules.second_factor_gives_up(step.wrong_codes) or user.locked_until is not None:
        sessions.end(step, sessions.WRONG_CODES, now, by=user)
        raise SecondFactorRefused()
    return False


@audited("enrol_second_factor")
def enrol_second_factor(user: User, secret: str, code: str, now: datetime | None = None) -> None:
    accepted = _code_step(secret, code, None, now or now_utc())
    if accepted is None:
        raise RuleViolation(Violation("code", _l("That code is not right: check the time on your phone and "
                                                 "type the 6 digits the app shows now.")))
    user.totp_secret, user.totp_last_step = secret, accepted
    db.session.flush()


@audited("clear_second_factor")
def clear_second_factor(user: User) -> None:
    """Recovery by an admin: the user enrols again at the next login (audited as an update)."""
    user.totp_secret = None
    db.session.flush()
