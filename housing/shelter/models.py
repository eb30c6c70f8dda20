"""Shelter records. Nothing here is ever deleted: a discharge or a transfer closes a
record and opens the next, so the history of every stay can be read back."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.core.models import TimestampMixin
from housing.core.types import UTCDateTime
from housing.extensions import db

REFERRAL_SOURCES = ("sos_15900", "police", "hospital", "social_services", "organisation", "self", "other")
DESTINATIONS = ("own_home", "relatives", "other_shelter", "independent_housing", "reintegration",
                "hospital", "unknown", "other")
SEXES = ("F", "M")


class Room(TimestampMixin, db.Model):
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    floor: Mapped[str] = mapped_column(String(40), default="")

    beds: Mapped[list[Bed]] = relationship(back_populates="room", order_by="Bed.id")

    @property
    def beds_in_service(self) -> int:
        return sum(1 for bed in self.beds if bed.in_service)


class Bed(TimestampMixin, db.Model):
    __tablename__ = "bed"
    __table_args__ = (UniqueConstraint("room_id", "label", name="uq_bed_room_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    is_cot: Mapped[bool] = mapped_column(Boolean, default=False)
    in_service: Mapped[bool] = mapped_column(Boolean, default=True)
    out_of_service_reason: Mapped[str] = mapped_column(String(200), default="")
    out_of_service_since: Mapped[date | None] = mapped_column(Date)

    room: Mapped[Room] = relationship(back_populates="beds")


class Resident(TimestampMixin, db.Model):
    """A woman who has stayed at the shelter. Lists show her case code, not her name."""

    __tablename__ = "resident"
    __table_args__ = (Index("ix_resident_birth_date", "birth_date"),)  # earlier records are found by birth date

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    nationality: Mapped[str] = mapped_column(String(80), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    referral_source: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")

    children: Mapped[list[Child]] = relationship(back_populates="mother", order_by="Child.birth_date")
    stays: Mapped[list[Stay]] = relationship(back_populates="resident", order_by="Stay.admitted_on")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Child(TimestampMixin, db.Model):
    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    mother_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))

    mother: Mapped[Resident] = relationship(back_populates="children")


class CaseCodeCounter(db.Model):
    """The last case number handed out per prefix and year; numbers only go up, never reused."""

    __tablename__ = "case_code_counter"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Stay(TimestampMixin, db.Model):
    __tablename__ = "stay"
    __table_args__ = (
        # One active stay per woman, enforced by the database as well as by the rules.
        Index("uq_stay_one_active_per_resident", "resident_id", unique=True,
              sqlite_where=text("discharged_on IS NULL"), postgresql_where=text("discharged_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(20), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"))
    admitted_on: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date, index=True)
    discharge_reason: Mapped[str] = mapped_column(Text, default="")
    destination: Mapped[str] = mapped_column(String(32), default="")
    admitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    discharged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    resident: Mapped[Resident] = relationship(back_populates="stays")
    children: Mapped[list[StayChild]] = relationship(back_populates="stay", order_by="StayChild.id")
    placements: Mapped[list[Placement]] = relationship(back_populates="stay", order_by="Placement.id")
    admitted_by = relationship("User", foreign_keys=[admitted_by_id])
    discharged_by = relationship("User", foreign_keys=[discharged_by_id])

    @property
    def is_active(self) -> bool:
        return self.discharged_on is None

    @property
    def persons(self) -> int:
        return 1 + len(self.children)

    @property
    def current_placement(self) -> Placement | None:
        return next((p for p in self.placements if p.ended_on is None), None)


class StayChild(db.Model):
    """A child who came with her mother on this stay, with any exception to the age rule."""

    __tablename__ = "stay_child"
    __table_args__ = (UniqueConstraint("stay_id", "child_id", name="uq_stay_child_stay_child"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    exception_reason: Mapped[str] = mapped_column(Text, default="")
    exception_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    stay: Mapped[Stay] = relationship(back_populates="children")
    child: Mapped[Child] = relationship()
    exception_by = relationship("User")


class Placement(TimestampMixin, db.Model):
    """A household's time in one room. A transfer ends one placement and starts the next."""

    __tablename__ = "placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    stay: Mapped[Stay] = relationship(back_populates="placements")
    room: Mapped[Room] = relationship()
    placed_by = relationship("User")
