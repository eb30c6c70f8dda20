"""A beneficiary's dated items and the follow-up after an exit (consent, attempts, whether she or
he is still housed and in work). Never deleted."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from housing.core.models import Model
from housing.core.types import UTCDateTime
from housing.programmes.models import Beneficiary

AFTERCARE_TABLES = ("beneficiary_deadline", "beneficiary_follow_up", "beneficiary_follow_up_attempt")


class BeneficiaryDeadline(Model):
    """A court hearing, a residence permit's expiry, a benefit renewal…: kind, day, who sees to it, a note."""

    __tablename__ = "beneficiary_deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # one of housing.core.deadlines.DEADLINE_KINDS
    due_on: Mapped[date] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    beneficiary: Mapped[Beneficiary] = relationship(backref=backref("deadlines"))
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class BeneficiaryFollowUp(Model):
    """Whether the person agreed, at the exit, to be contacted afterwards, and how. One per beneficiary."""

    __tablename__ = "beneficiary_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), unique=True)
    consents: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(16), default="")
    phone: Mapped[str] = mapped_column(String(120), default="")
    service: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    beneficiary: Mapped[Beneficiary] = relationship(backref=backref("follow_up", uselist=False))
    attempts: Mapped[list[BeneficiaryFollowUpAttempt]] = relationship(
        back_populates="follow_up",
        order_by="(BeneficiaryFollowUpAttempt.attempted_on, BeneficiaryFollowUpAttempt.id)")
    recorded_by = relationship("User")


class BeneficiaryFollowUpAttempt(Model):
    """One try to reach the person for one follow-up (6 or 12 months): when, how, whether reached
    and, if so, the housing and the work then."""

    __tablename__ = "beneficiary_follow_up_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("beneficiary_follow_up.id"), index=True)
    month: Mapped[int] = mapped_column(Integer)
    attempted_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    reached: Mapped[bool] = mapped_column(Boolean)
    housing_outcome: Mapped[str] = mapped_column(String(24), default="")
    work_outcome: Mapped[str] = mapped_column(String(24), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    follow_up: Mapped[BeneficiaryFollowUp] = relationship(back_populates="attempts")
    recorded_by = relationship("User")

    @property
    def case_code(self) -> str:
        return self.follow_up.beneficiary.case_code
