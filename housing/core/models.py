"""The base class and mixins of the models."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, mapped_column

from housing.core.clock import now_utc
from housing.core.types import UTCDateTime
from housing.extensions import Base, db

# Flask-SQLAlchemy builds db.Model from Base at run time; the type checker sees Base itself.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
