"""The vacancy feed's partner tokens and its rate limit's counts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from housing.core.models import Model
from housing.core.types import UTCDateTime


class ApiToken(Model):
    """A referral partner's token. Only its SHA-256 is kept: the token itself is shown once, when
    it is created, and cannot be read back."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256 of the token
    token_hint: Mapped[str] = mapped_column(String(12))  # its first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiRequestCount(Model):
    """Requests of one token in one minute (minutes since the epoch, UTC): the rate limit is
    counted here, in the database, so it holds across every app server."""

    __tablename__ = "api_request_count"

    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id"), primary_key=True)
    minute: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)
