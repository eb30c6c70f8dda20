"""Read models shaped for a programme's pages and alerts, each scoped to one programme (its code).
Each runs a fixed number of SQL
statements whatever the number of beneficiaries (tests/integration/test_reintegration_query_counts.py).

Nothing here reads the shelter's files except what a coordinator needs to enrol a woman
discharged to the programme (`stays_to_enrol`, `stay_for_enrolment`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from collections.abc import Iterable

from sqlalchemy import Select, and_, exists, false, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from housing.auth.models import User, UserRole
from housing.core import people
from housing.core.alerts import fact_columns
from housing.core.names import case_code_pattern, name_patterns
from housing.core.permissions import Permission
from housing.extensions import db
from housing.programmes import rules
from housing.programmes.models import Beneficiary, Job, SupportPayment, SupportSession, Tenancy
from housing.shelter.models import Stay, StayChild


@dataclass(frozen=True)
class ClockSettings:
    rent_months: int
    wage_months: int
    insurance_months: int


def active_count(programme_code: str) -> int:
    """Places taken in the programme: its active beneficiaries."""
    return db.session.scalar(select(func.count()).select_from(Beneficiary)
                             .where(Beneficiary.programme == programme_code, Beneficiary.status == "active")) or 0


# --- Staff ------------------------------------------------------------------------------

def _users_with_roles(*roles: str):
    return (select(User).where(User.active.is_(True),
                               exists().where(UserRole.user_id == User.id, UserRole.role.in_(roles)))
            .order_by(User.full_name, User.id))


def caseworkers(staff_role: str) -> list[User]:
    """Active accounts holding the programme's staff role: who can hold a caseload."""
    return list(db.session.scalars(_users_with_roles(staff_role)).all())


def session_staff(staff_role: str) -> list[User]:
    """Who can hold a support session: the programme's caseworkers and coordinators."""
    return list(db.session.scalars(_users_with_roles(staff_role, "coordinator")).all())


def is_caseworker(user_id: int | None, staff_role: str) -> bool:
    if user_id is None:
        return False
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.id == user_id, User.active.is_(True),
        exists().where(UserRole.user_id == User.id, UserRole.role == staff_role))) == 1


def is_session_staff(user_id: int | None, staff_role: str) -> bool:
    if user_id is None:
        return False
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.id == user_id, User.active.is_(True),
        exists().where(UserRole.user_id == User.id, UserRole.role.in_((staff_role, "coordinator"))))) == 1


# --- Clocks -----------------------------------------------------------------------------

def _stopped(ended_on: date | None, exited_on: date | None) -> date | None:
    """A subsidy stops when the home or the job ends, or when the person leaves the programme."""
    days = [d for d in (ended_on, exited_on) if d is not None]
    return min(days) if days else None


def rent_period(tenancy: Tenancy, exited_on: date | None = None) -> rules.Period | None:
    if not tenancy.has_subsidy or tenancy.subsidy_start is None or tenancy.subsidy_end is None:
        return None
    return rules.Period(tenancy.subsidy_start, tenancy.subsidy_end, _stopped(tenancy.ended_on, exited_on))


def wage_period(job: Job, exited_on: date | None = None) -> rules.Period | None:
    if job.wage_subsidy_start is None or job.wage_subsidy_end is None:
        return None
    return rules.Period(job.wage_subsidy_start, job.wage_subsidy_end, _stopped(job.ended_on, exited_on))


def insurance_period(job: Job, exited_on: date | None = None) -> rules.Period | None:
    if job.insurance_subsidy_start is None or job.insurance_subsidy_end is None:
        return None
    return rules.Period(job.insurance_subsidy_start, job.insurance_subsidy_end, _stopped(job.ended_on, exited_on))


def _present(periods: Iterable[rules.Period | None]) -> list[rules.Period]:
    return [p for p in periods if p is not None]


def clocks_of(beneficiary: Beneficiary, settings: ClockSettings) -> list[rules.Clock]:
    """The programme's clocks for one person: programme end, rent, salary and insurance subsidy;
    all stop at the exit. Uses the tenancies and jobs already loaded on the beneficiary (no
    statement of its own)."""
    jobs, exited = beneficiary.jobs, beneficiary.exited_on
    return [
        rules.programme_clock(beneficiary.enrolled_on, beneficiary.planned_end, exited),
        rules.subsidy_clock("rent", _present(rent_period(t, exited) for t in beneficiary.tenancies),
                            settings.rent_months),
        rules.subsidy_clock("wage", _present(wage_period(j, exited) for j in jobs), settings.wage_months),
        rules.subsidy_clock("insurance", _present(insurance_period(j, exited) for j in jobs),
                            settings.insurance_months),
    ]


def first_period_starts(beneficiary: Beneficiary) -> tuple[date | None, date | None, date | None]:
    """When the rent, salary and insurance clocks started (None for a clock not started)."""
    def first(periods):
        ran = [p.start for p in _present(periods) if p.effective_end is not None]
        return min(ran) if ran else None

    return (first(rent_period(t) for t in beneficiary.tenancies),
            first(wage_period(j) for j in beneficiary.jobs),
            first(insurance_period(j) for j in beneficiary.jobs))


# --- Caseloads --------------------------------------------------------------------------

def last_session_on(beneficiary_id: Any) -> Any:
    """The day of the last support session of one beneficiary (the session index answers it)."""
    return (select(func.max(SupportSession.held_on)).where(SupportSession.beneficiary_id == beneficiary_id)
            .scalar_subquery())


@dataclass
class CaseloadLine:
    beneficiary: Beneficiary
    next_clock: rules.Clock | None
    last_session_on: date | None

    def days_since_session(self, today: date) -> int:
        """Days without a session (counted from enrolment if there has been none)."""
        return (today - (self.last_session_on or self.beneficiary.enrolled_on)).days


@dataclass
class Caseload:
    caseworker: User
    lines: list[CaseloadLine] = field(default_factory=list)


def caseloads(today: date, settings: ClockSettings, programme_code: str, staff_role: str,
              caseworker_id: int | None = None) -> list[Caseload]:
    """The programme's active beneficiaries grouped by caseworker, each with the next clock to end
    and the date of the last session; one caseworker's only when `caseworker_id` is given. Every
    caseworker of the programme appears, even with no one yet."""
    # The last session of each one listed, not an aggregate of every session ever held.
    query = (select(Beneficiary, last_session_on(Beneficiary.id).label("last_on"))
             .where(Beneficiary.programme == programme_code, Beneficiary.status == "active")
             .options(selectinload(Beneficiary.tenancies), selectinload(Beneficiary.jobs),
                      joinedload(Beneficiary.caseworker))
             .order_by(Beneficiary.case_code))
    workers_query = _users_with_roles(staff_role)
    if caseworker_id is not None:
        query = query.where(Beneficiary.caseworker_id == caseworker_id)
        workers_query = workers_query.where(User.id == caseworker_id)
    loads: dict[int, Caseload] = {user.id: Caseload(user) for user in db.session.scalars(workers_query).all()}
    for beneficiary, last_on in db.session.execute(query).all():
        load = loads.setdefault(beneficiary.caseworker_id, Caseload(beneficiary.caseworker))
        clock = rules.next_clock_to_end(clocks_of(beneficiary, settings), today)
        load.lines.append(CaseloadLine(beneficiary, clock, last_on))
    return sorted(loads.values(), key=lambda load: (load.caseworker.full_name, load.caseworker.id))


# --- Lists and the beneficiary's page ---------------------------------------------------


def beneficiaries_list(programme_code: str, search: str = "", status: str = "active",
                       limit: int = 200) -> list[Beneficiary]:
    """The programme's beneficiaries (never shelter residents, never another programme's), newest
    enrolment first; search by case code or name."""
    query = (select(Beneficiary).where(Beneficiary.programme == programme_code)
             .options(selectinload(Beneficiary.caseworker))
             .order_by(Beneficiary.enrolled_on.desc(), Beneficiary.id.desc()).limit(limit))
    if status == "active":
        query = query.where(Beneficiary.status == "active")
    elif status == "former":
        query = query.where(Beneficiary.status != "active")
    terms = search.strip()
    if terms:
        patterns = name_patterns(terms)
        by_name = and_(*(Beneficiary.search_key.like(pattern, escape="\\") for pattern in patterns)) \
            if patterns else false()
        query = query.where(or_(Beneficiary.case_code.like(case_code_pattern(terms), escape="\\"), by_name))
    return list(db.session.scalars(query).all())


def beneficiary_detail(beneficiary_id: int, programme_code: str) -> Beneficiary | None:
    """A file in three statements: the record with its staff, stay, homes, jobs and referrals (a few
    rows each, joined); the payments and the sessions (the ones that grow with the years) each in
    a statement of their own."""
    return db.session.scalars(
        select(Beneficiary).where(Beneficiary.id == beneficiary_id, Beneficiary.programme == programme_code).options(
            joinedload(Beneficiary.caseworker),
            joinedload(Beneficiary.enrolled_by),
            joinedload(Beneficiary.exited_by),
            joinedload(Beneficiary.consent_recorded_by),
            joinedload(Beneficiary.from_stay),
            joinedload(Beneficiary.tenancies).joinedload(Tenancy.created_by),
            joinedload(Beneficiary.jobs),
            joinedload(Beneficiary.referrals),
            selectinload(Beneficiary.payments).joinedload(SupportPayment.recorded_by),
            selectinload(Beneficiary.sessions).joinedload(SupportSession.staff),
        )).unique().one_or_none()


def possible_duplicates(first_name: str, last_name: str, birth_date: date | None,
                        programme_code: str) -> list[Beneficiary]:
    """Earlier records of the same person in the programme: same date of birth and the same name,
    whatever the case or accents."""
    return [person for person in people.possible_duplicates(Beneficiary, first_name, last_name, birth_date)
            if person.programme == programme_code]


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # enrolment, tenancy, tenancy_end, payment, job, job_end, session, referral, referral_closed, exit
    record: object  # the record the entry is about, for the template to describe


_TIMELINE_ORDER = ("enrolment", "tenancy", "job", "payment", "session", "referral", "referral_closed",
                   "job_end", "tenancy_end", "exit")


def timeline(beneficiary: Beneficiary) -> list[TimelineEntry]:
    """Everything that happened, newest first, from the records already loaded."""
    entries = [TimelineEntry(beneficiary.enrolled_on, "enrolment", beneficiary)]
    for tenancy in beneficiary.tenancies:
        entries.append(TimelineEntry(tenancy.lease_start, "tenancy", tenancy))
        if tenancy.ended_on is not None:
            entries.append(TimelineEntry(tenancy.ended_on, "tenancy_end", tenancy))
    for job in beneficiary.jobs:
        entries.append(TimelineEntry(job.started_on, "job", job))
        if job.ended_on is not None:
            entries.append(TimelineEntry(job.ended_on, "job_end", job))
    entries += [TimelineEntry(p.paid_on, "payment", p) for p in beneficiary.payments]
    entries += [TimelineEntry(s.held_on, "session", s) for s in beneficiary.sessions]
    for referral in beneficiary.referrals:
        entries.append(TimelineEntry(referral.referred_on, "referral", referral))
        if referral.closed_on is not None:
            entries.append(TimelineEntry(referral.closed_on, "referral_closed", referral))
    if beneficiary.exited_on is not None:
        entries.append(TimelineEntry(beneficiary.exited_on, "exit", beneficiary))
    # Newest first; on one day, in the order things happen (enrolment first, exit last).
    entries.sort(key=lambda e: (e.day, _TIMELINE_ORDER.index(e.kind), getattr(e.record, "id", 0)), reverse=True)
    return entries


# --- From the shelter -------------------------------------------------------------------

def _not_yet_enrolled():
    return ~exists().where(Beneficiary.from_stay_id == Stay.id)


def stays_to_enrol(programme_code: str = "reintegration", limit: int = 200) -> list[Stay]:
    """Stays discharged to the programme whose woman has not been enrolled from them (in any programme)."""
    return list(db.session.scalars(
        select(Stay).where(Stay.discharged_on.is_not(None), Stay.destination == programme_code,
                           _not_yet_enrolled())
        .options(joinedload(Stay.resident), selectinload(Stay.children))
        .order_by(Stay.discharged_on.desc(), Stay.id.desc()).limit(limit)).all())


def stay_for_enrolment(stay_id: int) -> Stay | None:
    """The stay with her record and her children: one statement."""
    return db.session.scalars(select(Stay).where(Stay.id == stay_id).options(
        joinedload(Stay.resident), joinedload(Stay.children).joinedload(StayChild.child))).unique().one_or_none()


def enrolled_from_stay(stay_id: int, programme: str | None = None) -> Beneficiary | None:
    """Her enrolment from this stay (in this programme, or in any when none is named)."""
    query = select(Beneficiary).where(Beneficiary.from_stay_id == stay_id)
    if programme is not None:
        query = query.where(Beneficiary.programme == programme)
    return db.session.scalar(query.order_by(Beneficiary.id).limit(1))


# --- Facts for the alerts (one statement each) ------------------------------------------

@dataclass(frozen=True)
class BeneficiaryRef:
    beneficiary_id: int
    case_code: str
    caseworker_id: int
    programme: str = "reintegration"


@dataclass(frozen=True)
class TenancyFact:
    lease_end: date | None
    ended_on: date | None
    rent_subsidy: rules.Period | None


@dataclass(frozen=True)
class JobFact:
    wage_subsidy: rules.Period | None
    insurance_subsidy: rules.Period | None


_REF_COLUMNS = (Beneficiary.id, Beneficiary.case_code, Beneficiary.caseworker_id, Beneficiary.programme)


def _ref_columns() -> dict:
    return {"record_id": Beneficiary.id, "code": Beneficiary.case_code, "owner_id": Beneficiary.caseworker_id,
            "scope": Beneficiary.programme}


def _ref(row: Any) -> BeneficiaryRef:
    return BeneficiaryRef(row.record_id, row.code, row.owner_id, row.scope)


_ACTIVE = Beneficiary.status == "active"


# The SELECT of each kind of fact the programme's alerts read (housing.core.alerts.fact_columns),
# all read in one statement; the functions after them turn the rows into facts.

def programme_end_query() -> Select:
    """Active beneficiaries and their planned programme end."""
    return select(*fact_columns("programmes.ends", **_ref_columns(), day1=Beneficiary.planned_end)).where(_ACTIVE)


def tenancies_query() -> Select:
    """Active beneficiaries with the tenancies they have had."""
    return (select(*fact_columns("programmes.tenancies", **_ref_columns(), ordered_on=Tenancy.lease_start,
                                 number2=Tenancy.id, day1=Tenancy.lease_end, day2=Tenancy.ended_on,
                                 number1=Tenancy.subsidy_cents, day3=Tenancy.subsidy_start,
                                 day4=Tenancy.subsidy_end))
            .join(Tenancy, Tenancy.beneficiary_id == Beneficiary.id).where(_ACTIVE))


def jobs_query() -> Select:
    """Active beneficiaries with the jobs they have had and their subsidies."""
    return (select(*fact_columns("programmes.jobs", **_ref_columns(), ordered_on=Job.started_on, number2=Job.id,
                                 day1=Job.ended_on, day2=Job.wage_subsidy_start, day3=Job.wage_subsidy_end,
                                 day4=Job.insurance_subsidy_start, day5=Job.insurance_subsidy_end))
            .join(Job, Job.beneficiary_id == Beneficiary.id).where(_ACTIVE))


def last_sessions_query() -> Select:
    """Active beneficiaries with their enrolment date and the date of their last session."""
    return select(*fact_columns("programmes.last_sessions", **_ref_columns(), day1=Beneficiary.enrolled_on,
                                day2=last_session_on(Beneficiary.id))).where(_ACTIVE)


def programme_end_facts(rows: Iterable[Any]) -> list[tuple[BeneficiaryRef, date]]:
    return [(_ref(row), row.day1) for row in rows]


def tenancy_facts(rows: Iterable[Any]) -> list[tuple[BeneficiaryRef, tuple[TenancyFact, ...]]]:
    grouped: dict[BeneficiaryRef, list[TenancyFact]] = {}
    for row in sorted(rows, key=lambda row: (row.code, row.ordered_on, row.number2)):
        cents, start, end = row.number1, row.day3, row.day4
        period = rules.Period(start, end, row.day2) if cents and start and end else None
        grouped.setdefault(_ref(row), []).append(TenancyFact(row.day1, row.day2, period))
    return [(ref, tuple(facts)) for ref, facts in grouped.items()]


def job_facts(rows: Iterable[Any]) -> list[tuple[BeneficiaryRef, tuple[JobFact, ...]]]:
    grouped: dict[BeneficiaryRef, list[JobFact]] = {}
    for row in sorted(rows, key=lambda row: (row.code, row.ordered_on, row.number2)):
        wage = rules.Period(row.day2, row.day3, row.day1) if row.day2 and row.day3 else None
        insurance = rules.Period(row.day4, row.day5, row.day1) if row.day4 and row.day5 else None
        grouped.setdefault(_ref(row), []).append(JobFact(wage, insurance))
    return [(ref, tuple(facts)) for ref, facts in grouped.items()]


def last_session_facts(rows: Iterable[Any]) -> list[tuple[BeneficiaryRef, date, date | None]]:
    return [(_ref(row), row.day1, row.day2) for row in rows]


def alert_first_names(beneficiary_ids: Iterable[int], user: Any) -> Select | None:
    """The alerts dashboard's names: (key, beneficiary id, first name) rows, one statement; only
    for whoever works in the programme (a caseworker's own programme, a coordinator's every one)."""
    if not user.can(Permission.VIEW_REINTEGRATION):
        return None
    statement = select(literal("beneficiary_id").label("key"), Beneficiary.id.label("id"),
                       Beneficiary.first_name.label("name")).where(Beneficiary.id.in_(list(beneficiary_ids)))
    scopes = getattr(user, "programme_scopes", None)
    if scopes is not None:
        statement = statement.where(Beneficiary.programme.in_(list(scopes)))
    return statement
