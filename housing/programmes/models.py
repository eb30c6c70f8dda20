"""REINTEGRATION records. Nothing here is ever deleted: moving home ends one tenancy and
starts the next, a new job keeps the earlier ones, an exit closes the record."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.core.models import Model, TimestampMixin
from housing.core.people import NameSearchKeyMixin
from housing.core.permissions import Permission
from housing.core.submissions import SubmissionKeyMixin
from housing.core.types import UTCDateTime
from housing.core.undo import may_offer_undo

# ETHOS, the European typology of homelessness and housing exclusion (FEANTSA): four
# conceptual categories and their operational sub-categories, stored as "category.sub".
ETHOS_CATEGORIES: dict[str, tuple[str, ...]] = {
    "roofless": ("public_space", "emergency_accommodation"),
    "houseless": ("homeless_hostel", "womens_shelter", "migrant_accommodation", "leaving_institution",
                  "long_term_support"),
    "insecure": ("no_tenancy", "eviction", "violence"),
    "inadequate": ("temporary_structure", "unfit_housing", "overcrowding"),
}
ETHOS_CODES: tuple[str, ...] = tuple(f"{category}.{sub}" for category, subs in ETHOS_CATEGORIES.items()
                                     for sub in subs)
HOUSED = "housed"  # at exit only: in a home of her or his own, no longer homeless
EXIT_SITUATIONS: tuple[str, ...] = (HOUSED, *ETHOS_CODES)

SEXES = ("F", "M", "X")
STATUSES = ("active", "completed", "withdrawn", "other")
EXIT_REASONS = ("completed", "withdrawn", "other")
PAYMENT_KINDS = ("electricity", "water", "heating", "telephone", "household_items", "other")
SESSION_KINDS = ("psychosocial", "counselling", "information", "referral")
# Why a tenancy or a job ended when the service ended it: stored as a code, shown translated.
MOVED_HOME = "moved_home"
ANOTHER_JOB = "another_job"


class Beneficiary(NameSearchKeyMixin, TimestampMixin, Model):
    """A person enrolled in the programme. Lists show the case code (RE-2026-014)."""

    __tablename__ = "beneficiary"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(32), index=True)  # its code in config.PROGRAMMES
    case_code: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date, index=True)  # earlier records are found by birth date
    sex: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    household_size: Mapped[int] = mapped_column(Integer)  # persons, the beneficiary included
    household_members: Mapped[str] = mapped_column(Text, default="")
    caseworker_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    enrolled_on: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    ethos_at_entry: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    exited_on: Mapped[date | None] = mapped_column(Date)
    ethos_at_exit: Mapped[str] = mapped_column(String(40), default="")
    housed_at_exit: Mapped[bool | None] = mapped_column(Boolean)
    employed_at_exit: Mapped[bool | None] = mapped_column(Boolean)
    exit_notes: Mapped[str] = mapped_column(Text, default="")
    exited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    exit_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the exit was entered
    enrolled_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # Enrolled from a shelter stay: which one, and her recorded consent. Nothing else of the
    # shelter file (notes, discharge reason) is copied here.
    from_stay_id: Mapped[int | None] = mapped_column(ForeignKey("stay.id"), unique=True)
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # by the retention purge

    caseworker = relationship("User", foreign_keys=[caseworker_id])
    enrolled_by = relationship("User", foreign_keys=[enrolled_by_id])
    exited_by = relationship("User", foreign_keys=[exited_by_id])
    consent_recorded_by = relationship("User", foreign_keys=[consent_recorded_by_id])
    from_stay = relationship("Stay")
    tenancies: Mapped[list[Tenancy]] = relationship(back_populates="beneficiary",
                                                    order_by="(Tenancy.lease_start, Tenancy.id)")
    payments: Mapped[list[SupportPayment]] = relationship(back_populates="beneficiary",
                                                          order_by="(SupportPayment.paid_on, SupportPayment.id)")
    jobs: Mapped[list[Job]] = relationship(back_populates="beneficiary", order_by="(Job.started_on, Job.id)")
    sessions: Mapped[list[SupportSession]] = relationship(
        back_populates="beneficiary", order_by="(SupportSession.held_on, SupportSession.id)")
    referrals: Mapped[list[ServiceReferral]] = relationship(
        back_populates="beneficiary", order_by="(ServiceReferral.referred_on, ServiceReferral.id)")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def may_undo_exit(self, user, today: date) -> bool:
        """The undo button: to coordinators, on the day the exit was entered."""
        return may_offer_undo(not self.is_active, self.exit_recorded_at, user.can(Permission.UNDO_ENDING), today)

    @property
    def came_from_shelter(self) -> bool:
        return self.from_stay_id is not None

    @property
    def current_tenancy(self) -> Tenancy | None:
        return next((t for t in reversed(self.tenancies) if t.ended_on is None), None)

    @property
    def current_job(self) -> Job | None:
        return next((j for j in reversed(self.jobs) if j.ended_on is None), None)


class Tenancy(TimestampMixin, Model):
    """A home rented with the programme's help. Moving home ends it and starts the next."""

    __tablename__ = "tenancy"
    __table_args__ = (
        Index("uq_tenancy_one_current_per_beneficiary", "beneficiary_id", unique=True,
              sqlite_where=text("ended_on IS NULL"), postgresql_where=text("ended_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), index=True)
    address: Mapped[str] = mapped_column(String(200))
    landlord: Mapped[str] = mapped_column(String(120), default="")
    lease_start: Mapped[date] = mapped_column(Date)
    lease_end: Mapped[date | None] = mapped_column(Date)
    monthly_rent_cents: Mapped[int] = mapped_column(Integer)
    subsidy_cents: Mapped[int] = mapped_column(Integer, default=0)  # the part of the rent the programme pays
    subsidy_start: Mapped[date | None] = mapped_column(Date)
    subsidy_end: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="tenancies")
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def has_subsidy(self) -> bool:
        return self.subsidy_cents > 0 and self.subsidy_start is not None and self.subsidy_end is not None


class SupportPayment(TimestampMixin, Model):
    """Utility costs and household items the programme paid for."""

    __tablename__ = "support_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    amount_cents: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="payments")
    recorded_by = relationship("User")


class Job(TimestampMixin, Model):
    """A job, with the salary subsidy and the insurance subsidy that follows it."""

    __tablename__ = "job"
    __table_args__ = (
        Index("uq_job_one_current_per_beneficiary", "beneficiary_id", unique=True,
              sqlite_where=text("ended_on IS NULL"), postgresql_where=text("ended_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), index=True)
    employer: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(120))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    wage_subsidy_start: Mapped[date | None] = mapped_column(Date)
    wage_subsidy_end: Mapped[date | None] = mapped_column(Date)
    insurance_subsidy_start: Mapped[date | None] = mapped_column(Date)
    insurance_subsidy_end: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="jobs")
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class SupportSession(TimestampMixin, Model):
    """Psychosocial support, counselling, information or referral, held by a member of staff."""

    __tablename__ = "support_session"
    # A beneficiary's last session is read from the index, not from every session ever held.
    __table_args__ = (Index("ix_support_session_beneficiary_held_on", "beneficiary_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="sessions")
    staff = relationship("User", foreign_keys=[staff_id])


class ServiceReferral(TimestampMixin, Model):
    """A referral to a competent service (employment office, health centre…) and its outcome."""

    __tablename__ = "service_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"), index=True)
    service: Mapped[str] = mapped_column(String(200))
    referred_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="referrals")
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class EnrolmentSubmission(SubmissionKeyMixin, Model):
    """The one-time key of an enrolment form, recorded with the beneficiary it produced: a repeat
    of the same submission (a double click, a retry) shows that record instead of acting twice."""

    __tablename__ = "enrolment_submission"

    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id"))

    beneficiary: Mapped[Beneficiary] = relationship()
