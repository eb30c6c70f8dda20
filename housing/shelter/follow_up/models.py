"""Follow-up after she leaves: her consent (given at discharge, changed later) and each attempt to
reach her. Never deleted."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from housing.core.models import Model
from housing.core.types import UTCDateTime
from housing.shelter.models import Stay

FOLLOW_UP_TABLES = ("stay_follow_up", "stay_follow_up_attempt")


class StayFollowUp(Model):
    """Whether she agreed, at discharge, to be contacted afterwards, and how: by phone (the number)
    or through a named service. One per stay."""

    __tablename__ = "stay_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), unique=True)
    consents: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(16), default="")  # one of housing.core.follow_up.CHANNELS
    phone: Mapped[str] = mapped_column(String(120), default="")
    service: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    stay: Mapped[Stay] = relationship(backref=backref("follow_up", uselist=False))
    attempts: Mapped[list[StayFollowUpAttempt]] = relationship(
        back_populates="follow_up", order_by="(StayFollowUpAttempt.attempted_on, StayFollowUpAttempt.id)")
    recorded_by = relationship("User")


class StayFollowUpAttempt(Model):
    """One try to reach her for one follow-up (3, 6 or 12 months): when, how, whether she was
    reached and, if so, where she lives now."""

    __tablename__ = "stay_follow_up_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("stay_follow_up.id"), index=True)
    month: Mapped[int] = mapped_column(Integer)
    attempted_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))  # one of housing.core.follow_up.ATTEMPT_CHANNELS
    reached: Mapped[bool] = mapped_column(Boolean)
    housing_outcome: Mapped[str] = mapped_column(String(24), default="")  # HOUSING_OUTCOMES, when reached
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    follow_up: Mapped[StayFollowUp] = relationship(back_populates="attempts")
    recorded_by = relationship("User")

    @property
    def case_code(self) -> str:
        """Its stay's, so that the audit trail shows whose follow-up it is."""
        return self.follow_up.stay.case_code
