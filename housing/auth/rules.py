"""Account rules, pure."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.permissions import ROLES

MIN_PASSWORD_LENGTH = 12


def password_violations(password: str, username: str, field: str = "password") -> list[Violation]:
    """Passwords are at least 12 characters and are not the username."""
    found = []
    if len(password) < MIN_PASSWORD_LENGTH:
        found.append(Violation(field, _l("The password must be at least %(n)d characters long.",
                                         n=MIN_PASSWORD_LENGTH)))
    if username and password.strip().lower() == username.strip().lower():
        found.append(Violation(field, _l("The password must not be the username.")))
    return found


def role_violations(roles: list[str], field: str = "roles") -> list[Violation]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        return [Violation(field, _l("Unknown role: %(role)s", role=", ".join(unknown)))]
    return []
