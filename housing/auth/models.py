from __future__ import annotations

from datetime import datetime

from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.core.models import Model, TimestampMixin
from housing.core.permissions import Permission, permissions_for, programme_scopes_for
from housing.core.types import UTCDateTime


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")  # for the daily alert digest
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(5), default="el")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # in a row, since the last success
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)  # after an admin's reset
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # set once the second factor is enrolled
    # The time step of the last code accepted: a code is accepted once only.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    # Loaded when asked: a page that shows who admitted a stay needs no roles. The signed-in user's
    # are joined to her session's query; lists that show roles load them with selectinload.
    role_grants: Mapped[list[UserRole]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login
        return self.active

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.role_grants)

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def programme_scopes(self) -> frozenset[str] | None:
        """The programmes she works in: None for every one (coordinators), else their codes."""
        return programme_scopes_for(self.roles)

    def works_in(self, programme_code: str) -> bool:
        scopes = self.programme_scopes
        return scopes is None or programme_code in scopes

    def can_grant_exception(self) -> bool:
        return self.can(Permission.GRANT_EXCEPTION)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(Model):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_grants")


class AnonymousUser(AnonymousUserMixin):
    roles: frozenset[str] = frozenset()
    permissions: frozenset[Permission] = frozenset()
    programme_scopes: frozenset[str] | None = frozenset()  # no programme

    def can(self, permission: Permission) -> bool:
        return False

    def works_in(self, programme_code: str) -> bool:
        return False


class UserSession(Model):
    """One login, on the server: the cookie carries only a random token, stored here hashed,
    so that a session can be ended (logout, a password change, an admin's reset) on every
    app server at once, and has a lifetime that no cookie can stretch.

    A row with `second_factor_pending` is a password step waiting for its code; it is no
    login until the code is right."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str] = mapped_column(String(32), default="")  # a code: logout, password_changed, …
    address: Mapped[str] = mapped_column(String(64), default="")
    browser: Mapped[str] = mapped_column(String(80), default="")  # a short description of the user agent
    second_factor_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    wrong_codes: Mapped[int] = mapped_column(Integer, default=0)  # in this password step

    user: Mapped[User] = relationship()

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None


class LoginAttempt(Model):
    """Every login attempt, kept to limit attempts per address across servers."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)


class ServiceSetting(Model):
    """Settings the admin changes in the app (not in config): e.g. requiring a second factor."""

    __tablename__ = "service_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class FormDraft(Model):
    """What a user typed into a form that arrived after her session had ended for inactivity
    (or its lifetime): kept on the server for her alone, offered back after she logs in again,
    and deleted when she sends or discards it, or after an hour (auth/rules.py)."""

    __tablename__ = "form_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    path: Mapped[str] = mapped_column(String(500))  # where the form was sent, with its query string
    fields: Mapped[str] = mapped_column(Text)  # JSON: [[name, value], …] in the order sent
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

