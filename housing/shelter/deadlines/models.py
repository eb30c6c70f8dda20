"""A stay's dated items. Never deleted: an item that is over is marked done, with who and when."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from housing.core.models import Model
from housing.core.types import UTCDateTime
from housing.shelter.models import Stay

DEADLINE_TABLES = ("stay_deadline",)


class StayDeadline(Model):
    """A court hearing, a residence permit's expiry, a benefit renewal, a school enrolment, a
    medical appointment: its kind, day, who sees to it and a note (the note never leaves the page)."""

    __tablename__ = "stay_deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # one of housing.core.deadlines.DEADLINE_KINDS
    due_on: Mapped[date] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # by the retention purge

    stay: Mapped[Stay] = relationship(backref=backref("deadlines"))
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
