"""Base mixins for the models."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from housing.core.clock import now_utc
from housing.core.types import UTCDateTime


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
