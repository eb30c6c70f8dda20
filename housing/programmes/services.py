"""Changes to the REINTEGRATION records. Each service loads, checks the rules, changes and
flushes; the caller commits, so a move (one tenancy ended, the next started) is written
whole or not at all."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from housing.core.i18n import lazy_gettext as _l

from housing.core.audit import audited
from housing.auth.models import User
from housing.core.clock import now_utc
from housing.core.database import lock
from housing.core.errors import RuleViolation, Violation
from housing.core.permissions import Permission
from housing.core.submissions import earlier_submission
from housing.extensions import db
from housing.core.follow_up import ConsentInput
from housing.programmes.aftercare.services import forget_consent, record_consent
from housing.programmes import queries, rules
from housing.programmes.models import (ANOTHER_JOB, ETHOS_CODES, EXIT_REASONS, EXIT_SITUATIONS, HOUSED, MOVED_HOME,
                                       PAYMENT_KINDS,
                                          SESSION_KINDS, SEXES, Beneficiary, EnrolmentSubmission, Job,
                                          ServiceReferral,
                                          SupportPayment, SupportSession, Tenancy)
from housing.shelter.models import Stay
from housing.core.case_codes import next_case_code
from housing.programmes.programme import Programme, programme as programme_named


# The programme a change is made in, as config defines it (capacity, months, caps, prefix).
ProgrammeSettings = Programme


def _raise_if(violations: list[Violation]) -> None:
    if violations:
        raise RuleViolation(violations)


# --- Enrolment --------------------------------------------------------------------------

@dataclass
class EnrolmentInput:
    first_name: str
    last_name: str
    birth_date: date | None
    sex: str
    household_size: int | None
    caseworker_id: int | None
    enrolled_on: date | None
    ethos_at_entry: str
    phone: str = ""
    email: str = ""
    household_members: str = ""
    confirmed_new_person: bool = False  # the possible duplicates shown were looked at: this is someone else
    submission_key: str = ""  # the one-time key of the form (see EnrolmentSubmission)


class AlreadyEnrolled(Exception):
    """This very submission was saved before (a double click, a retry): its record, not a second one."""

    def __init__(self, beneficiary: Beneficiary):
        super().__init__(beneficiary.case_code)
        self.beneficiary = beneficiary


def _enrolment_facts(data: EnrolmentInput, settings: ProgrammeSettings) -> rules.EnrolmentFacts:
    return rules.EnrolmentFacts(
        first_name=data.first_name, last_name=data.last_name, birth_date=data.birth_date, sex=data.sex,
        household_size=data.household_size, enrolled_on=data.enrolled_on, ethos_at_entry=data.ethos_at_entry,
        caseworker_ok=queries.is_caseworker(data.caseworker_id, settings.staff_role),
        active=queries.active_count(settings.code), capacity=settings.capacity)


def _duplicate_violations(data: EnrolmentInput, settings: ProgrammeSettings) -> list[Violation]:
    """Possible duplicates in the programme are shown before a new record is created: the
    enrolment goes ahead only once someone has confirmed this is another person."""
    if data.confirmed_new_person:
        return []
    duplicates = queries.possible_duplicates(data.first_name, data.last_name, data.birth_date, settings.code)
    if not duplicates:
        return []
    codes = ", ".join(b.case_code for b in duplicates)
    return [Violation("confirm_new_person", _l(
        "%(codes)s has the same name and date of birth. Open that record if it is the same person; "
        "otherwise confirm that this is someone else.", codes=codes))]


def _new_beneficiary(data: EnrolmentInput, by: User, settings: ProgrammeSettings) -> Beneficiary:
    assert data.enrolled_on is not None
    beneficiary = Beneficiary(
        programme=settings.code, case_code=next_case_code(settings.case_prefix, data.enrolled_on.year),
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(), birth_date=data.birth_date, sex=data.sex, phone=data.phone.strip(),
        email=data.email.strip(), household_size=data.household_size,
        household_members=data.household_members.strip(), caseworker_id=data.caseworker_id,
        enrolled_on=data.enrolled_on, planned_end=rules.programme_end(data.enrolled_on, settings.programme_months),
        ethos_at_entry=data.ethos_at_entry, status="active", enrolled_by_id=by.id)
    db.session.add(beneficiary)
    return beneficiary


@audited("enrol")
def enrol(data: EnrolmentInput, by: User, today: date, settings: ProgrammeSettings) -> Beneficiary:
    """Enrol a person. Serialised with every other enrolment and exit, so two enrolments for the
    last place cannot both succeed."""
    lock(settings.code)
    _check_submission_key(data.submission_key, by)
    violations = rules.enrolment_violations(_enrolment_facts(data, settings), SEXES, ETHOS_CODES, today)
    _raise_if(violations or _duplicate_violations(data, settings))
    beneficiary = _new_beneficiary(data, by, settings)
    if data.submission_key:
        db.session.add(EnrolmentSubmission(key=data.submission_key, user_id=by.id, beneficiary=beneficiary,
                                           created_at=now_utc()))
    db.session.flush()
    return beneficiary


def _check_submission_key(key: str, by: User) -> None:
    """Read under the lock: a key that already produced a record is the same submission again."""
    earlier = earlier_submission(EnrolmentSubmission, key, by.id,
                                 _l("This form is not valid any more: open the enrolment form again."))
    if earlier is not None:
        raise AlreadyEnrolled(earlier.beneficiary)


@audited("enrol_from_shelter")
def enrol_from_shelter(stay: Stay, data: EnrolmentInput, consent_given: bool, consent_on: date | None, by: User,
                       today: date, settings: ProgrammeSettings) -> Beneficiary:
    """Enrol a woman discharged from the shelter to the programme, with her recorded consent.
    Her name, date of birth and sex come from her shelter record; nothing of her shelter
    case notes is carried over.
    Serialised with the shelter's writers first (then the programme's, the one order every
    service keeps): a same-day undo of her discharge and this enrolment cannot both succeed."""
    lock("shelter")
    lock(settings.code)
    db.session.refresh(stay)
    resident = stay.resident
    data = replace(data, first_name=resident.first_name, last_name=resident.last_name,
                   birth_date=resident.birth_date, sex="F")
    violations = rules.shelter_enrolment_violations(stay.discharged_on, stay.destination,
                                                    queries.enrolled_from_stay(stay.id) is not None,
                                                    consent_given, consent_on, today, settings.code)
    violations += rules.enrolment_violations(_enrolment_facts(data, settings), SEXES, ETHOS_CODES, today)
    if data.enrolled_on is not None and stay.discharged_on is not None and data.enrolled_on < stay.discharged_on:
        violations.append(Violation("enrolled_on", _l("The enrolment cannot be before she left the shelter (%(day)s).",
                                                      day=stay.discharged_on.strftime("%d/%m/%Y"))))
    _raise_if(violations or _duplicate_violations(data, settings))
    beneficiary = _new_beneficiary(data, by, settings)
    beneficiary.from_stay_id = stay.id
    beneficiary.consent_on = consent_on
    beneficiary.consent_recorded_by_id = by.id
    db.session.flush()
    return beneficiary


# --- Housing ----------------------------------------------------------------------------

@dataclass
class TenancyInput:
    address: str
    lease_start: date | None
    monthly_rent_cents: int | None
    landlord: str = ""
    lease_end: date | None = None
    subsidy_cents: int | None = None
    subsidy_start: date | None = None
    subsidy_end: date | None = None


@audited("start_tenancy")
def start_tenancy(beneficiary: Beneficiary, data: TenancyInput, by: User, today: date,
                  settings: ProgrammeSettings) -> Tenancy:
    """A new home. If she or he already has one, this is a move: the current tenancy ends on the
    day the new lease starts, and both stay in the history."""
    lock(settings.code)
    db.session.refresh(beneficiary)
    _raise_if(rules.changes_allowed(beneficiary.is_active))
    current = beneficiary.current_tenancy
    first_rent, _, _ = queries.first_period_starts(beneficiary)
    facts = rules.TenancyFacts(
        address=data.address, lease_start=data.lease_start, lease_end=data.lease_end,
        monthly_rent_cents=data.monthly_rent_cents, subsidy_cents=data.subsidy_cents,
        subsidy_start=data.subsidy_start, subsidy_end=data.subsidy_end, enrolled_on=beneficiary.enrolled_on,
        household_size=beneficiary.household_size,
        current_lease_start=current.lease_start if current is not None else None,
        first_rent_subsidy_start=first_rent)
    _raise_if(rules.tenancy_violations(facts, settings.rent_caps, settings.rent_months))
    if current is not None:
        current.ended_on = data.lease_start
        current.end_reason = MOVED_HOME
        current.ended_by_id = by.id
        db.session.flush()  # the current tenancy is closed before the next opens (one current per person)
    tenancy = Tenancy(beneficiary=beneficiary, address=data.address.strip(), landlord=data.landlord.strip(),
                      lease_start=data.lease_start, lease_end=data.lease_end,
                      monthly_rent_cents=data.monthly_rent_cents, subsidy_cents=data.subsidy_cents or 0,
                      subsidy_start=data.subsidy_start if data.subsidy_cents else None,
                      subsidy_end=data.subsidy_end if data.subsidy_cents else None, created_by_id=by.id)
    db.session.add(tenancy)
    db.session.flush()
    return tenancy


@audited("end_tenancy")
def end_tenancy(tenancy: Tenancy, ended_on: date | None, reason: str, by: User, today: date) -> Tenancy:
    """She or he left the home without moving to another one; the rent subsidy stops with it."""
    db.session.refresh(tenancy)
    violations = rules.changes_allowed(tenancy.beneficiary.is_active)
    violations += rules.tenancy_end_violations(tenancy.lease_start, ended_on, tenancy.is_current, today)
    _raise_if(violations)
    tenancy.ended_on = ended_on
    tenancy.end_reason = reason.strip()
    tenancy.ended_by_id = by.id
    db.session.flush()
    return tenancy


@audited("renew_lease")
def renew_lease(tenancy: Tenancy, new_end: date | None) -> Tenancy:
    db.session.refresh(tenancy)
    violations = rules.changes_allowed(tenancy.beneficiary.is_active)
    violations += rules.lease_renewal_violations(tenancy.lease_start, tenancy.lease_end, new_end, tenancy.is_current)
    _raise_if(violations)
    tenancy.lease_end = new_end
    db.session.flush()
    return tenancy


@dataclass
class PaymentInput:
    paid_on: date | None
    kind: str
    amount_cents: int | None
    note: str = ""


@audited("record_payment")
def record_payment(beneficiary: Beneficiary, data: PaymentInput, by: User, today: date) -> SupportPayment:
    violations = rules.changes_allowed(beneficiary.is_active)
    violations += rules.payment_violations(data.paid_on, data.kind, data.amount_cents, PAYMENT_KINDS,
                                           beneficiary.enrolled_on, today)
    _raise_if(violations)
    payment = SupportPayment(beneficiary=beneficiary, paid_on=data.paid_on, kind=data.kind,
                             amount_cents=data.amount_cents, note=data.note.strip(), recorded_by_id=by.id)
    db.session.add(payment)
    db.session.flush()
    return payment


# --- Employment -------------------------------------------------------------------------

@dataclass
class JobInput:
    employer: str
    position: str
    started_on: date | None
    wage_subsidy_start: date | None = None
    wage_subsidy_end: date | None = None
    insurance_subsidy_start: date | None = None
    insurance_subsidy_end: date | None = None


@audited("start_job")
def start_job(beneficiary: Beneficiary, data: JobInput, by: User, today: date, settings: ProgrammeSettings) -> Job:
    """A new job. A current job ends on the day the new one starts, as a move home does; the
    earlier jobs and their subsidies stay in the history."""
    lock(settings.code)
    db.session.refresh(beneficiary)
    _raise_if(rules.changes_allowed(beneficiary.is_active))
    current = beneficiary.current_job
    _, first_wage, first_insurance = queries.first_period_starts(beneficiary)
    facts = rules.JobFacts(
        employer=data.employer, position=data.position, started_on=data.started_on,
        wage_start=data.wage_subsidy_start, wage_end=data.wage_subsidy_end,
        insurance_start=data.insurance_subsidy_start, insurance_end=data.insurance_subsidy_end,
        enrolled_on=beneficiary.enrolled_on, current_job_start=current.started_on if current is not None else None,
        first_wage_start=first_wage, first_insurance_start=first_insurance)
    _raise_if(rules.job_violations(facts, settings.wage_months, settings.insurance_months))
    if current is not None:
        current.ended_on = data.started_on
        current.end_reason = ANOTHER_JOB
        current.ended_by_id = by.id
        db.session.flush()  # one current job per person
    job = Job(beneficiary=beneficiary, employer=data.employer.strip(), position=data.position.strip(),
              started_on=data.started_on, wage_subsidy_start=data.wage_subsidy_start,
              wage_subsidy_end=data.wage_subsidy_end, insurance_subsidy_start=data.insurance_subsidy_start,
              insurance_subsidy_end=data.insurance_subsidy_end, created_by_id=by.id)
    db.session.add(job)
    db.session.flush()
    return job


@audited("end_job")
def end_job(job: Job, ended_on: date | None, reason: str, by: User, today: date) -> Job:
    """The job ended; its subsidies stop with it."""
    db.session.refresh(job)
    violations = rules.changes_allowed(job.beneficiary.is_active)
    violations += rules.job_end_violations(job.started_on, ended_on, job.is_current, today)
    _raise_if(violations)
    job.ended_on = ended_on
    job.end_reason = reason.strip()
    job.ended_by_id = by.id
    db.session.flush()
    return job


# --- Support ----------------------------------------------------------------------------

@dataclass
class SessionInput:
    held_on: date | None
    kind: str
    duration_minutes: int | None
    staff_id: int | None
    notes: str = ""


@audited("record_session")
def record_session(beneficiary: Beneficiary, data: SessionInput, by: User, today: date) -> SupportSession:
    violations = rules.changes_allowed(beneficiary.is_active)
    violations += rules.session_violations(data.held_on, data.kind, data.duration_minutes,
                                           queries.is_session_staff(data.staff_id,
                                                                    programme_named(beneficiary.programme).staff_role),
                                           SESSION_KINDS,
                                           beneficiary.enrolled_on, today)
    _raise_if(violations)
    session = SupportSession(beneficiary=beneficiary, held_on=data.held_on, kind=data.kind,
                             duration_minutes=data.duration_minutes, notes=data.notes.strip(),
                             staff_id=data.staff_id, recorded_by_id=by.id)
    db.session.add(session)
    db.session.flush()
    return session


@audited("refer")
def refer(beneficiary: Beneficiary, service: str, referred_on: date | None, reason: str, by: User,
          today: date) -> ServiceReferral:
    violations = rules.changes_allowed(beneficiary.is_active)
    violations += rules.referral_violations(service, referred_on, beneficiary.enrolled_on, today)
    _raise_if(violations)
    referral = ServiceReferral(beneficiary=beneficiary, service=service.strip(), referred_on=referred_on,
                               reason=reason.strip(), created_by_id=by.id)
    db.session.add(referral)
    db.session.flush()
    return referral


@audited("close_service_referral")
def close_referral(referral: ServiceReferral, outcome: str, closed_on: date | None, by: User,
                   today: date) -> ServiceReferral:
    """Record how a referral turned out. Allowed after the exit too: a service may answer late."""
    db.session.refresh(referral)
    _raise_if(rules.referral_close_violations(referral.referred_on, referral.is_open, outcome, closed_on, today))
    referral.outcome = outcome.strip()
    referral.closed_on = closed_on
    referral.closed_by_id = by.id
    db.session.flush()
    return referral


# --- Exit -------------------------------------------------------------------------------

@dataclass
class ExitInput:
    reason: str
    exited_on: date | None
    ethos_at_exit: str
    housed: bool | None
    employed: bool | None
    notes: str = ""


@audited("exit_programme")
def exit_programme(beneficiary: Beneficiary, data: ExitInput, by: User, today: date,
                   consent: ConsentInput | None = None) -> Beneficiary:
    """Completed, withdrawn or another reason. The record is kept, never deleted; the place frees up.
    `consent`: whether the person agrees to be contacted afterwards (the follow-up), recorded with the exit."""
    lock(beneficiary.programme)
    db.session.refresh(beneficiary)
    _raise_if(rules.exit_violations(beneficiary.is_active, data.reason, data.exited_on, beneficiary.enrolled_on,
                                    data.ethos_at_exit, data.housed, data.employed, EXIT_REASONS,
                                    EXIT_SITUATIONS, HOUSED, today) + (consent.violations() if consent else []))
    beneficiary.status = data.reason
    beneficiary.exited_on = data.exited_on
    beneficiary.ethos_at_exit = data.ethos_at_exit
    beneficiary.housed_at_exit = data.housed
    beneficiary.employed_at_exit = data.employed
    beneficiary.exit_notes = data.notes.strip()
    beneficiary.exited_by_id = by.id
    beneficiary.exit_recorded_at = now_utc()
    if consent is not None:
        record_consent(beneficiary, consent, by, now_utc())
    db.session.flush()
    return beneficiary


@audited("undo_exit_programme")
def undo_exit(beneficiary: Beneficiary, by: User, today: date, settings: ProgrammeSettings) -> Beneficiary:
    """An exit entered by mistake, undone the same day by a coordinator: the same record and case
    code are active again, with their clocks. Serialised with enrolments: the place it takes back
    cannot be given to someone else at the same moment."""
    lock(beneficiary.programme)
    db.session.refresh(beneficiary)
    _raise_if(rules.exit_undo_violations(beneficiary.is_active, beneficiary.exit_recorded_at,
                                         by.can(Permission.UNDO_ENDING), queries.active_count(beneficiary.programme),
                                         settings.capacity, today))
    beneficiary.status, beneficiary.exited_on, beneficiary.ethos_at_exit = "active", None, ""
    beneficiary.housed_at_exit, beneficiary.employed_at_exit, beneficiary.exit_notes = None, None, ""
    beneficiary.exited_by_id, beneficiary.exit_recorded_at = None, None
    forget_consent(beneficiary)
    db.session.flush()
    return beneficiary
