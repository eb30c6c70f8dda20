"""Shelter records. Nothing here is ever deleted: a discharge or a transfer closes a
record and opens the next, so the history of every stay can be read back."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.core.models import Model, TimestampMixin
from housing.core.people import NameSearchKeyMixin
from housing.core.permissions import Permission
from housing.core.submissions import SubmissionKeyMixin
from housing.core.types import UTCDateTime
from housing.core.undo import may_offer_undo
from housing.shelter.extensions.rules import may_decide_extension
from housing.shelter.night.rules import shift_entry_editable

REFERRAL_SOURCES = ("sos_15900", "police", "hospital", "social_services", "organisation", "self", "other")
DESTINATIONS = ("own_home", "relatives", "other_shelter", "independent_housing", "reintegration",
                "hospital", "unknown", "other")
SEXES = ("F", "M")
EXTENSION_STATUSES = ("pending", "approved", "rejected", "closed")
SHIFT_LOG_KINDS = ("incident", "handover", "maintenance")
URGENCIES = ("emergency", "high", "normal", "low")
REFERRAL_STATUSES = ("waiting", "admitted", "placed_elsewhere", "withdrawn")
TURN_AWAY_REASONS = ("full", "no_room_fits", "child_over_age", "other")


class Room(TimestampMixin, Model):
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    floor: Mapped[str] = mapped_column(String(40), default="")

    beds: Mapped[list[Bed]] = relationship(back_populates="room", order_by="Bed.id")

    @property
    def beds_in_service(self) -> int:
        return sum(1 for bed in self.beds if bed.in_service)


class Bed(TimestampMixin, Model):
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


class BedServicePeriod(Model):
    """A time a bed was out of service: from `out_from` up to, not including, `back_on` (None:
    still out). Kept for ever, so the reports can count the beds in service on any past night."""

    __tablename__ = "bed_service_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    bed_id: Mapped[int] = mapped_column(ForeignKey("bed.id"), index=True)
    out_from: Mapped[date] = mapped_column(Date)
    back_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    bed: Mapped[Bed] = relationship()


class TurnAway(Model):
    """A request for a place turned away at once (a call when the shelter is full), kept
    anonymous: no name, no contact, only what the reports need to show the unmet demand."""

    __tablename__ = "turn_away"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(32))  # one of REFERRAL_SOURCES
    children: Mapped[int] = mapped_column(Integer, default=0)  # children who would have come with her
    oldest_child_age: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(24))  # one of TURN_AWAY_REASONS
    referred_to: Mapped[str] = mapped_column(String(200), default="")  # where she was referred instead
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Resident(NameSearchKeyMixin, TimestampMixin, Model):
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
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # by the retention purge
    # Opened as a different person although a record with the same name and date of birth had an
    # active stay: which record, and the reason staff wrote (shown on both stay pages).
    distinct_from_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    distinct_reason: Mapped[str] = mapped_column(Text, default="")

    children: Mapped[list[Child]] = relationship(back_populates="mother", order_by="Child.birth_date")
    stays: Mapped[list[Stay]] = relationship(back_populates="resident", order_by="Stay.admitted_on")
    distinct_from: Mapped[Resident | None] = relationship(remote_side=[id], foreign_keys=[distinct_from_id])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_restricted(self) -> bool:
        """One restricted stay hides the whole record (her name, her other stays) from all but
        coordinators."""
        return any(stay.restricted for stay in self.stays)


class Child(TimestampMixin, Model):
    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    mother_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))

    mother: Mapped[Resident] = relationship(back_populates="children")


class Stay(TimestampMixin, Model):
    __tablename__ = "stay"
    __table_args__ = (
        # One active stay per woman, enforced by the database as well as by the rules.
        Index("uq_stay_one_active_per_resident", "resident_id", unique=True,
              sqlite_where=text("discharged_on IS NULL"), postgresql_where=text("discharged_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(20), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), index=True)  # her stays, past ones too
    admitted_on: Mapped[date] = mapped_column(Date, index=True)  # reports and lists by admission
    original_end: Mapped[date] = mapped_column(Date)  # the planned end at admission, before any extension
    planned_end: Mapped[date] = mapped_column(Date)  # the current planned end
    discharged_on: Mapped[date | None] = mapped_column(Date, index=True)
    discharge_reason: Mapped[str] = mapped_column(Text, default="")
    destination: Mapped[str] = mapped_column(String(32), default="")
    admitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    discharged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The moment the discharge was entered (its date may be earlier): a coordinator may undo it that day.
    discharge_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A high-risk case: lists and the board show the bed as occupied and the case code only.
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted_reason: Mapped[str] = mapped_column(Text, default="")
    # Restricted at intake by staff: hidden at once, awaiting a coordinator's confirmation (who asked,
    # when). A coordinator's restriction form confirms or lifts it and clears these.
    restriction_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    restriction_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    resident: Mapped[Resident] = relationship(back_populates="stays")
    children: Mapped[list[StayChild]] = relationship(back_populates="stay", order_by="StayChild.id")
    placements: Mapped[list[Placement]] = relationship(back_populates="stay", order_by="Placement.id")
    extension_requests: Mapped[list[ExtensionRequest]] = relationship(back_populates="stay",
                                                                       order_by="ExtensionRequest.id")
    admitted_by = relationship("User", foreign_keys=[admitted_by_id])
    discharged_by = relationship("User", foreign_keys=[discharged_by_id])
    restriction_requested_by = relationship("User", foreign_keys=[restriction_requested_by_id])

    @property
    def awaits_restriction_confirmation(self) -> bool:
        return self.restricted and self.restriction_requested_at is not None

    def shows_identity_to(self, user) -> bool:
        """Restricted stays show their case code and bed only, except to coordinators; so do the
        other stays of a woman who has one (her record is hidden whole)."""
        hidden = self.restricted or self.resident.is_restricted
        return not hidden or user.can(Permission.RESTRICT_STAY)

    def may_be_enrolled_by(self, user, onward_destination: str) -> bool:
        """A woman who left for a programme that takes women from the shelter (the destination
        leading there) is enrolled from her stay, by those who enrol."""
        return (not self.is_active and self.destination == onward_destination
                and user.can(Permission.ENROL_FROM_SHELTER))

    @property
    def is_active(self) -> bool:
        return self.discharged_on is None

    def may_undo_discharge(self, user, today: date) -> bool:
        """The undo button: to coordinators, on the day the discharge was entered (the rules check
        the rest when it is pressed)."""
        return may_offer_undo(not self.is_active, self.discharge_recorded_at, user.can(Permission.UNDO_ENDING), today)

    @property
    def persons(self) -> int:
        return 1 + len(self.children)

    @property
    def current_placement(self) -> Placement | None:
        return next((p for p in self.placements if p.ended_on is None), None)


class StayChild(Model):
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


class Placement(TimestampMixin, Model):
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


class ExtensionRequest(Model):
    """A request to extend a stay, decided by a coordinator who did not make it (four eyes)."""

    __tablename__ = "extension_request"
    __table_args__ = (
        # At most one pending request per stay, enforced by the database too.
        Index("uq_extension_request_one_pending", "stay_id", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    current_end: Mapped[date] = mapped_column(Date)  # the planned end when the request was made
    proposed_end: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_end: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    stay: Mapped[Stay] = relationship(back_populates="extension_requests")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def can_decide(self, user) -> bool:
        """A coordinator decides, and never a request they made themselves (four eyes)."""
        return user.can(Permission.DECIDE_EXTENSION) and may_decide_extension(self.requested_by_id, user.id)


class NightCheck(Model):
    """The check of one night (the night of 26/11 runs from noon on the 26th to noon on the 27th)."""

    __tablename__ = "night_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    night_of: Mapped[date] = mapped_column(Date, unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    marks: Mapped[list[NightCheckMark]] = relationship(back_populates="check", order_by="NightCheckMark.id")
    created_by = relationship("User")


class NightCheckMark(Model):
    """Present or absent for one woman on one night. A correction adds a mark and retires the
    earlier one, so who changed what stays readable."""

    __tablename__ = "night_check_mark"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("night_check.id"), index=True)
    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"), index=True)
    present: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime())

    check: Mapped[NightCheck] = relationship(back_populates="marks")
    stay: Mapped[Stay] = relationship()
    marked_by = relationship("User")


class ShiftLogEntry(Model):
    """A time-stamped line of the shift log. Editable by its author for 15 minutes; never deleted."""

    __tablename__ = "shift_log_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    author = relationship("User")

    def can_edit(self, user, now: datetime) -> bool:
        """Its author may correct it for a few minutes; after that it stands as written."""
        return shift_entry_editable(self.written_at, now, self.author_id, user.id)


class Referral(Model):
    """A referral on the waiting list. Closed as admitted, placed elsewhere or withdrawn; never deleted."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32))
    household_size: Mapped[int] = mapped_column(Integer)
    urgency: Mapped[str] = mapped_column(String(16))
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="waiting", index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)  # the latest closed, on the waiting list
    closing_note: Mapped[str] = mapped_column(Text, default="")
    stay_id: Mapped[int | None] = mapped_column(ForeignKey("stay.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the closure was entered
    # By the retention purge: with her file when she was admitted, on its own clock otherwise.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    children: Mapped[list[ReferralChild]] = relationship(back_populates="referral", order_by="ReferralChild.id")
    holds: Mapped[list[RoomHold]] = relationship(back_populates="referral", order_by="RoomHold.id")
    stay: Mapped[Stay | None] = relationship()
    created_by = relationship("User", foreign_keys=[created_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])

    def may_undo_closure(self, user, today: date) -> bool:
        """The undo button: to coordinators, on the day a closure without admission was entered."""
        return self.status != "admitted" and may_offer_undo(self.status != "waiting", self.closed_at,
                                                             user.can(Permission.UNDO_ENDING), today)

    def close(self, status: str, note: str, by_id: int, on: date) -> None:
        """Off the waiting list: admitted, placed elsewhere or withdrawn, by whom and when."""
        self.status, self.closing_note, self.closed_on, self.closed_by_id = status, note.strip(), on, by_id


class ReferralChild(Model):
    """A child of a referred household, known by age and sex only until admission."""

    __tablename__ = "referral_child"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    age_years: Mapped[int] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(1))

    referral: Mapped[Referral] = relationship(back_populates="children")


class RoomHold(Model):
    """Beds held for an expected arrival until a moment; an expired hold frees itself
    because every count compares `held_until` with the time of asking."""

    __tablename__ = "room_hold"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    beds: Mapped[int] = mapped_column(Integer)
    held_until: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # note blanked by the retention purge

    room: Mapped[Room] = relationship()
    referral: Mapped[Referral | None] = relationship(back_populates="holds")
    created_by = relationship("User", foreign_keys=[created_by_id])


class AdmissionSubmission(SubmissionKeyMixin, Model):
    """The one-time key of an admission form: issued with the form, recorded with the stay it
    produced, so a repeat of the same submission (a double click, a retry) shows that stay
    instead of admitting her twice."""

    __tablename__ = "admission_submission"

    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id"))

    stay: Mapped[Stay] = relationship()
