"""Account changes. Services flush; the view commits."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from housing.auth.models import User, UserRole
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


def authenticate(username: str, password: str) -> User | None:
    """The user if the name and password match an active account; None otherwise (never which)."""
    user = find_user(username) if username else None
    if user is None:
        check_password_hash(_unknown_user_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = now_utc()
    db.session.flush()
    return user


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


def reset_password(user: User, new_password: str) -> None:
    violations = password_violations(new_password, user.username, field="new_password")
    if violations:
        raise RuleViolation(violations)
    user.password_hash = _hash(new_password)
    db.session.flush()


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    violations = []
    if not check_password_hash(user.password_hash, current_password):
        violations.append(Violation("current_password", _l("The current password is not correct.")))
    violations += password_violations(new_password, user.username, field="new_password")
    if violations:
        raise RuleViolation(violations)
    user.password_hash = _hash(new_password)
    db.session.flush()


def set_locale(user: User, locale: str, languages) -> None:
    if locale not in languages:
        raise RuleViolation(Violation("locale", _l("Unknown language.")))
    user.locale = locale
    db.session.flush()
