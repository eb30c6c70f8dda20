"""The safety plan's records. Nothing here is deleted: a new assessment follows the last one,
and an order or a barred person that no longer applies is marked ended, with who, when and why."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from housing.core.models import Model
from housing.core.types import UTCDateTime
from housing.shelter.models import Stay, StayChild

SAFETY_TABLES = ("risk_assessment", "protective_order", "protective_order_child", "barred_person")


class RiskAssessment(Model):
    """A risk level as assessed on a day, with the day of its next review. The latest one
    (by assessment day, then by entry) is the stay's current level; the earlier ones are its history."""

    __tablename__ = "risk_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    level: Mapped[str] = mapped_column(String(8))  # one of rules.RISK_LEVELS
    assessed_on: Mapped[date] = mapped_column(Date)
    next_review_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    assessed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # by the retention purge

    # The backrefs give Stay its plan (Stay.risk_assessments, …) without the shelter's models
    # knowing the safety plan: a stay's whole plan is then read in one statement.
    stay: Mapped[Stay] = relationship(backref=backref("risk_assessments"))
    assessed_by = relationship("User")


class ProtectiveOrder(Model):
    """An order that protects her (and perhaps her children): who issued it, what it is, until when."""

    __tablename__ = "protective_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    authority: Mapped[str] = mapped_column(String(16))  # one of rules.AUTHORITIES
    kind: Mapped[str] = mapped_column(String(24))  # one of rules.ORDER_KINDS
    reference: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    conditions: Mapped[str] = mapped_column(Text, default="")
    protects_woman: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # revoked, replaced, entered by mistake
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    end_reason: Mapped[str] = mapped_column(Text, default="")
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    stay: Mapped[Stay] = relationship(backref=backref("protective_orders"))
    children: Mapped[list[ProtectiveOrderChild]] = relationship(back_populates="order",
                                                                order_by="ProtectiveOrderChild.id")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    ended_by = relationship("User", foreign_keys=[ended_by_id])

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class ProtectiveOrderChild(Model):
    """A child of the stay whom the order protects."""

    __tablename__ = "protective_order_child"
    __table_args__ = (UniqueConstraint("order_id", "stay_child_id", name="uq_protective_order_child"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("protective_order.id"), index=True)
    stay_child_id: Mapped[int] = mapped_column(ForeignKey("stay_child.id"))

    order: Mapped[ProtectiveOrder] = relationship(back_populates="children")
    stay_child: Mapped[StayChild] = relationship()

    @property
    def case_code(self) -> str:
        """Its order's stay's, so that the audit trail shows whose plan it belongs to."""
        return self.order.stay.case_code


class BarredPerson(Model):
    """Someone who must not be told she is here nor let in: how to recognise them at the door
    (words only, never a photograph) and what to do if they come. On the door list while the
    stay that named them is active and the entry is not ended."""

    __tablename__ = "barred_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    relationship_to_her: Mapped[str] = mapped_column(String(80), default="")
    description: Mapped[str] = mapped_column(Text)
    what_to_do: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    end_reason: Mapped[str] = mapped_column(Text, default="")
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    stay: Mapped[Stay] = relationship(backref=backref("barred_persons"))
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    ended_by = relationship("User", foreign_keys=[ended_by_id])

    @property
    def is_current(self) -> bool:
        return self.ended_at is None
