"""The REINTEGRATION programme's rules as pure functions: no Flask, no database, `today`
passed in. Each returns the violations it finds, naming the form field concerned.

The programme ("Housing and Work for the Homeless"): rent support for up to
RENT_SUBSIDY_MONTHS within a cap that depends on household size, a salary subsidy for up
to WAGE_SUBSIDY_MONTHS and an insurance subsidy for a further INSURANCE_SUBSIDY_MONTHS.
Periods are calendar months clamped to the month's end, as for shelter stays.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from collections.abc import Iterable, Mapping
from typing import Any

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.undo import undo_violations
from housing.core.calendar import add_months
from housing.core.formatting import format_dmy as _dmy
from housing.core.formatting import plain_euros as euros

MAX_HOUSEHOLD_SIZE = 20
MAX_MONTHLY_CENTS = 10_000_00  # no rent or payment of the programme comes near €10,000
MAX_SESSION_MINUTES = 600


def programme_end(enrolled_on: date, months: int) -> date:
    """The planned programme end: PROGRAMME_MONTHS calendar months after enrolment."""
    return add_months(enrolled_on, months)


def rent_cap_cents(household_size: int, caps_in_euros: Mapping[int, int]) -> int:
    """The monthly rent subsidy cap for a household of this size (RENT_CAPS_BY_HOUSEHOLD_SIZE):
    a size the table lacks takes the cap of the largest size below it, so households larger
    than the table's largest take its largest cap."""
    sizes = sorted(size for size in caps_in_euros if size <= household_size)
    size = sizes[-1] if sizes else min(caps_in_euros)
    return int(caps_in_euros[size]) * 100


# --- The programme's clocks -------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A subsidy period: from `start` until `end`, the day it stops; `stopped_on` is the day
    the tenancy or job behind it ended, if it did."""

    start: date
    end: date
    stopped_on: date | None = None

    @property
    def effective_end(self) -> date | None:
        """The day the subsidy actually stops: its end, or earlier if the home or job ended
        first; None if they ended before the subsidy began (it never ran)."""
        if self.stopped_on is None:
            return self.end
        if self.stopped_on < self.start:
            return None
        return min(self.end, self.stopped_on)


@dataclass(frozen=True)
class Clock:
    """One of the programme's clocks as the beneficiary's page shows it."""

    kind: str  # programme, rent, wage, insurance
    started: date | None  # when the first period began
    ends_on: date | None  # when the latest period stops
    limit: date | None  # the latest day the programme allows

    @property
    def is_set(self) -> bool:
        return self.started is not None and self.ends_on is not None

    def days_left(self, today: date) -> int | None:
        """Days from today to the end (0 on the last day; negative once it has passed)."""
        return (self.ends_on - today).days if self.ends_on is not None else None

    def state(self, today: date) -> str:
        """not_set, upcoming (starts later), running, or ended."""
        started, ends_on = self.started, self.ends_on
        if started is None or ends_on is None:
            return "not_set"
        if today < started:
            return "upcoming"
        return "running" if today <= ends_on else "ended"


def subsidy_clock(kind: str, periods: Iterable[Period], months: int) -> Clock:
    """A subsidy clock runs from the start of the first period; the programme pays for at most
    `months` calendar months from then, across moves and job changes."""
    ran = [p for p in periods if p.effective_end is not None]
    if not ran:
        return Clock(kind, None, None, None)
    first = min(p.start for p in ran)
    latest = max(ran, key=lambda p: (p.start, p.effective_end))
    return Clock(kind, first, latest.effective_end, add_months(first, months))


def programme_clock(enrolled_on: date, planned_end: date, exited_on: date | None = None) -> Clock:
    return Clock("programme", enrolled_on, exited_on or planned_end, planned_end)


def next_clock_to_end(clocks: Iterable[Clock], today: date) -> Clock | None:
    """The clock that stops soonest among those still running or about to start."""
    pending = [(c.ends_on, c.kind, c) for c in clocks if c.started is not None and c.ends_on is not None
               and c.ends_on >= today]
    return min(pending, key=lambda entry: (entry[0], entry[1]))[2] if pending else None


def subsidy_limit(first_start: date | None, this_start: date, months: int) -> date:
    """The latest day a new subsidy period may end: `months` after the first period of this
    kind began (this one, if it is the first)."""
    start = min(first_start, this_start) if first_start is not None else this_start
    return add_months(start, months)


# --- Subsidy periods: rent, salary and insurance, one shape -----------------------------

SUBSIDY_FIELDS = {"rent": ("subsidy_start", "subsidy_end"), "wage": ("wage_subsidy_start", "wage_subsidy_end"),
                  "insurance": ("insurance_subsidy_start", "insurance_subsidy_end")}


def _enter_start(kind: str) -> Any:
    return {"rent": _l("Enter when the rent subsidy starts."), "wage": _l("Enter when the salary subsidy starts."),
            "insurance": _l("Enter when the insurance subsidy starts.")}[kind]


def _enter_end(kind: str) -> Any:
    return {"rent": _l("Enter when the rent subsidy ends."), "wage": _l("Enter when the salary subsidy ends."),
            "insurance": _l("Enter when the insurance subsidy ends.")}[kind]


def _too_long(kind: str, limit: date, months: int, start: date) -> Any:
    values = {"limit": _dmy(limit), "months": months, "start": _dmy(start)}
    if kind == "rent":
        return _l("The rent subsidy can run until %(limit)s at the latest: %(months)d months from its start on "
                  "%(start)s.", **values)
    if kind == "wage":
        return _l("The salary subsidy can run until %(limit)s at the latest: %(months)d months from its start on "
                  "%(start)s.", **values)
    return _l("The insurance subsidy can run until %(limit)s at the latest: %(months)d months from its start on "
              "%(start)s.", **values)


def _enrolment_first(enrolled_on: date) -> Any:
    return _l("The subsidy cannot start before the enrolment (%(day)s).", day=_dmy(enrolled_on))


@dataclass(frozen=True)
class SubsidyFacts:
    kind: str  # rent, wage or insurance (SUBSIDY_FIELDS)
    start: date | None
    end: date | None
    first_start: date | None  # when this kind's clock started (an earlier period), if it has
    # (the earliest day it may start, what to say if it starts sooner): the lease, the job, the enrolment…
    not_before: tuple[tuple[date | None, Any], ...] = ()
    required: bool = False  # a period must be given (a rent subsidy with an amount); else both dates or none


def subsidy_violations(facts: SubsidyFacts, months: int) -> list[Violation]:
    """A subsidy period: it starts no sooner than each of its earliest days, ends after it starts,
    and ends at the latest `months` calendar months after this kind's clock started (the first
    period's start) — RENT_SUBSIDY_MONTHS, WAGE_SUBSIDY_MONTHS, INSURANCE_SUBSIDY_MONTHS."""
    start_field, end_field = SUBSIDY_FIELDS[facts.kind]
    if facts.start is None:
        needed = facts.required or facts.end is not None
        return [Violation(start_field, _enter_start(facts.kind))] if needed else []
    found = [Violation(start_field, message) for earliest, message in facts.not_before
             if earliest is not None and facts.start < earliest]
    limit = subsidy_limit(facts.first_start, facts.start, months)
    if facts.end is None:
        found.append(Violation(end_field, _enter_end(facts.kind)))
    elif facts.end <= facts.start:
        found.append(Violation(end_field, _l("The subsidy must end after it starts.")))
    elif facts.end > limit:
        clock_start = min(facts.first_start or facts.start, facts.start)
        found.append(Violation(end_field, _too_long(facts.kind, limit, months, clock_start)))
    return found


# --- Enrolment --------------------------------------------------------------------------

def capacity_violations(active: int, capacity: int, field_name: str = "") -> list[Violation]:
    """At most PROGRAMME_CAPACITY people take part in the programme at a time."""
    if active >= capacity:
        return [Violation(field_name, _l(
            "The programme is full: %(active)d of %(capacity)d places are taken. Nobody can be enrolled "
            "until a beneficiary exits the programme.", active=active, capacity=capacity))]
    return []


@dataclass(frozen=True)
class EnrolmentFacts:
    first_name: str
    last_name: str
    birth_date: date | None
    sex: str
    household_size: int | None
    enrolled_on: date | None
    ethos_at_entry: str
    caseworker_ok: bool
    active: int
    capacity: int


def enrolment_violations(facts: EnrolmentFacts, sexes: tuple[str, ...], ethos_codes: tuple[str, ...],
                         today: date) -> list[Violation]:
    """Everything an enrolment needs, all reported at once."""
    found: list[Violation] = []
    if not facts.first_name.strip():
        found.append(Violation("first_name", _l("Enter the first name.")))
    if not facts.last_name.strip():
        found.append(Violation("last_name", _l("Enter the last name.")))
    if facts.birth_date is None:
        found.append(Violation("birth_date", _l("Enter the date of birth.")))
    elif facts.birth_date > today:
        found.append(Violation("birth_date", _l("The date of birth cannot be in the future.")))
    elif facts.enrolled_on is not None and facts.birth_date >= facts.enrolled_on:
        found.append(Violation("birth_date", _l("The date of birth must be before the enrolment date.")))
    if facts.sex not in sexes:
        found.append(Violation("sex", _l("Choose the sex.")))
    if facts.household_size is None or not 1 <= facts.household_size <= MAX_HOUSEHOLD_SIZE:
        found.append(Violation("household_size", _l("A household has between 1 and %(n)d persons.",
                                                    n=MAX_HOUSEHOLD_SIZE)))
    if facts.enrolled_on is None:
        found.append(Violation("enrolled_on", _l("Enter the enrolment date.")))
    elif facts.enrolled_on > today:
        found.append(Violation("enrolled_on", _l("The enrolment date cannot be in the future.")))
    if facts.ethos_at_entry not in ethos_codes:
        found.append(Violation("ethos_at_entry", _l("Choose the living situation at entry.")))
    if not facts.caseworker_ok:
        found.append(Violation("caseworker_id", _l("Choose a caseworker of the programme.")))
    found += capacity_violations(facts.active, facts.capacity)
    return found


def shelter_enrolment_violations(discharged_on: date | None, destination: str, already_enrolled: bool,
                                 consent_given: bool, consent_on: date | None, today: date,
                                 programme_code: str = "reintegration") -> list[Violation]:
    """A woman discharged from the shelter to a programme (REINTEGRATION) may be enrolled in it
    from her stay, once, with her consent recorded."""
    found: list[Violation] = []
    if discharged_on is None or destination != programme_code:
        found.append(Violation("", _l("Only a stay discharged to the REINTEGRATION programme can be enrolled "
                                      "from the shelter.")))
    if already_enrolled:
        found.append(Violation("", _l("She has already been enrolled from this stay.")))
    if not consent_given:
        found.append(Violation("consent_given", _l("Enrol her only with her consent: confirm that she gave it.")))
    if consent_on is None:
        found.append(Violation("consent_on", _l("Enter the date she gave her consent.")))
    elif consent_on > today:
        found.append(Violation("consent_on", _l("The date of consent cannot be in the future.")))
    return found


def changes_allowed(is_active: bool) -> list[Violation]:
    if not is_active:
        return [Violation("", _l("This beneficiary has exited the programme; the record can no longer change."))]
    return []


# --- Housing ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TenancyFacts:
    address: str
    lease_start: date | None
    lease_end: date | None
    monthly_rent_cents: int | None
    subsidy_cents: int | None
    subsidy_start: date | None
    subsidy_end: date | None
    enrolled_on: date
    household_size: int
    current_lease_start: date | None  # the home she is moving out of, if any
    first_rent_subsidy_start: date | None  # the rent clock's start, if it has started


def tenancy_violations(facts: TenancyFacts, caps_in_euros: Mapping[int, int], rent_months: int) -> list[Violation]:
    """A tenancy with its rent subsidy: the subsidy is part of the rent, within the cap for the
    household's size, and ends at the latest RENT_SUBSIDY_MONTHS after the rent clock started."""
    found: list[Violation] = []
    if not facts.address.strip():
        found.append(Violation("address", _l("Enter the address.")))
    if facts.lease_start is None:
        found.append(Violation("lease_start", _l("Enter the start of the lease.")))
    elif facts.current_lease_start is not None and facts.lease_start <= facts.current_lease_start:
        found.append(Violation("lease_start", _l(
            "Moving home: the new lease must start after the current one (%(day)s).",
            day=_dmy(facts.current_lease_start))))
    if facts.lease_start is not None and facts.lease_end is not None and facts.lease_end <= facts.lease_start:
        found.append(Violation("lease_end", _l("The lease must end after it starts.")))
    rent = facts.monthly_rent_cents
    if rent is None:
        found.append(Violation("monthly_rent", _l("Enter the monthly rent.")))
    elif not 0 < rent <= MAX_MONTHLY_CENTS:
        found.append(Violation("monthly_rent", _l("The monthly rent must be more than 0 and at most €%(max)s.",
                                                  max=euros(MAX_MONTHLY_CENTS))))
    found += _rent_subsidy_violations(facts, caps_in_euros, rent_months)
    return found


def _rent_subsidy_violations(facts: TenancyFacts, caps_in_euros: Mapping[int, int],
                             rent_months: int) -> list[Violation]:
    found: list[Violation] = []
    subsidy = facts.subsidy_cents or 0
    if subsidy == 0:
        if facts.subsidy_start is not None or facts.subsidy_end is not None:
            found.append(Violation("subsidy_amount", _l("Enter the monthly subsidy, or leave its dates empty.")))
        return found
    cap = rent_cap_cents(facts.household_size, caps_in_euros)
    if subsidy < 0:
        found.append(Violation("subsidy_amount", _l("The subsidy cannot be negative.")))
    elif subsidy > cap:
        found.append(Violation("subsidy_amount", _l(
            "The rent subsidy cannot exceed the cap of €%(cap)s a month for a household of %(n)d.",
            cap=euros(cap), n=facts.household_size)))
    elif facts.monthly_rent_cents is not None and subsidy > facts.monthly_rent_cents:
        found.append(Violation("subsidy_amount", _l("The subsidy cannot be more than the rent.")))
    return found + subsidy_violations(SubsidyFacts(
        "rent", facts.subsidy_start, facts.subsidy_end, facts.first_rent_subsidy_start, required=True,
        not_before=((facts.lease_start, _l("The subsidy cannot start before the lease.")),
                    (facts.enrolled_on, _enrolment_first(facts.enrolled_on)))), rent_months)


def tenancy_end_violations(lease_start: date, ended_on: date | None, is_current: bool, today: date) -> list[Violation]:
    found: list[Violation] = []
    if not is_current:
        found.append(Violation("", _l("This tenancy has already ended.")))
    if ended_on is None:
        found.append(Violation("ended_on", _l("Enter the date the tenancy ended.")))
    elif ended_on < lease_start:
        found.append(Violation("ended_on", _l("The tenancy cannot end before its lease started.")))
    elif ended_on > today:
        found.append(Violation("ended_on", _l("The end date cannot be in the future.")))
    return found


def lease_renewal_violations(lease_start: date, current_end: date | None, new_end: date | None,
                             is_current: bool) -> list[Violation]:
    found: list[Violation] = []
    if not is_current:
        found.append(Violation("", _l("This tenancy has already ended.")))
    if new_end is None:
        found.append(Violation("lease_end", _l("Enter the new end of the lease.")))
    elif new_end <= max(lease_start, current_end or lease_start):
        found.append(Violation("lease_end", _l("The new end must be after the current end of the lease.")))
    return found


def payment_violations(paid_on: date | None, kind: str, amount_cents: int | None, kinds: tuple[str, ...],
                       enrolled_on: date, today: date) -> list[Violation]:
    """Utility and household-item support, paid while enrolled."""
    found: list[Violation] = []
    if paid_on is None:
        found.append(Violation("paid_on", _l("Enter the date of the payment.")))
    elif paid_on > today:
        found.append(Violation("paid_on", _l("The payment date cannot be in the future.")))
    elif paid_on < enrolled_on:
        found.append(Violation("paid_on", _l("The payment cannot be before the enrolment (%(day)s).",
                                             day=_dmy(enrolled_on))))
    if kind not in kinds:
        found.append(Violation("kind", _l("Choose what the payment was for.")))
    if amount_cents is None:
        found.append(Violation("amount", _l("Enter the amount.")))
    elif not 0 < amount_cents <= MAX_MONTHLY_CENTS:
        found.append(Violation("amount", _l("The amount must be more than 0 and at most €%(max)s.",
                                            max=euros(MAX_MONTHLY_CENTS))))
    return found


# --- Employment -------------------------------------------------------------------------

@dataclass(frozen=True)
class JobFacts:
    employer: str
    position: str
    started_on: date | None
    wage_start: date | None
    wage_end: date | None
    insurance_start: date | None
    insurance_end: date | None
    enrolled_on: date
    current_job_start: date | None  # the job she leaves for this one, if any
    first_wage_start: date | None
    first_insurance_start: date | None


def job_violations(facts: JobFacts, wage_months: int, insurance_months: int) -> list[Violation]:
    """A job with its subsidies: the salary subsidy runs up to WAGE_SUBSIDY_MONTHS from the first
    one's start, and the insurance subsidy follows it for up to INSURANCE_SUBSIDY_MONTHS."""
    found: list[Violation] = []
    if not facts.employer.strip():
        found.append(Violation("employer", _l("Enter the employer.")))
    if not facts.position.strip():
        found.append(Violation("position", _l("Enter the position.")))
    if facts.started_on is None:
        found.append(Violation("started_on", _l("Enter the start of the job.")))
    elif facts.current_job_start is not None and facts.started_on <= facts.current_job_start:
        found.append(Violation("started_on", _l("A new job must start after the current one (%(day)s).",
                                                day=_dmy(facts.current_job_start))))
    found += _wage_violations(facts, wage_months)
    found += _insurance_violations(facts, insurance_months)
    return found


def _wage_violations(facts: JobFacts, wage_months: int) -> list[Violation]:
    return subsidy_violations(SubsidyFacts(
        "wage", facts.wage_start, facts.wage_end, facts.first_wage_start,
        not_before=((facts.started_on, _l("The salary subsidy cannot start before the job.")),
                    (facts.enrolled_on, _enrolment_first(facts.enrolled_on)))), wage_months)


def _insurance_violations(facts: JobFacts, insurance_months: int) -> list[Violation]:
    if facts.insurance_start is not None and facts.wage_start is None:
        return [Violation("insurance_subsidy_start", _l(
            "The insurance subsidy follows a salary subsidy: enter the salary subsidy first."))]
    follows = (_l("The insurance subsidy follows the salary subsidy: it starts on %(day)s or later.",
                  day=_dmy(facts.wage_end)) if facts.wage_end is not None else "")
    return subsidy_violations(SubsidyFacts(
        "insurance", facts.insurance_start, facts.insurance_end, facts.first_insurance_start,
        not_before=((facts.wage_end, follows),)), insurance_months)


def job_end_violations(started_on: date, ended_on: date | None, is_current: bool, today: date) -> list[Violation]:
    found: list[Violation] = []
    if not is_current:
        found.append(Violation("", _l("This job has already ended.")))
    if ended_on is None:
        found.append(Violation("ended_on", _l("Enter the date the job ended.")))
    elif ended_on < started_on:
        found.append(Violation("ended_on", _l("The job cannot end before it started.")))
    elif ended_on > today:
        found.append(Violation("ended_on", _l("The end date cannot be in the future.")))
    return found


# --- Support ----------------------------------------------------------------------------

def session_violations(held_on: date | None, kind: str, minutes: int | None, staff_ok: bool,
                       kinds: tuple[str, ...], enrolled_on: date, today: date) -> list[Violation]:
    found: list[Violation] = []
    if held_on is None:
        found.append(Violation("held_on", _l("Enter the date of the session.")))
    elif held_on > today:
        found.append(Violation("held_on", _l("The session date cannot be in the future.")))
    elif held_on < enrolled_on:
        found.append(Violation("held_on", _l("The session cannot be before the enrolment (%(day)s).",
                                             day=_dmy(enrolled_on))))
    if kind not in kinds:
        found.append(Violation("kind", _l("Choose the kind of session.")))
    if minutes is None or not 1 <= minutes <= MAX_SESSION_MINUTES:
        found.append(Violation("duration_minutes", _l("A session lasts between 1 and %(n)d minutes.",
                                                      n=MAX_SESSION_MINUTES)))
    if not staff_ok:
        found.append(Violation("staff_id", _l("Choose who held the session.")))
    return found


def referral_violations(service: str, referred_on: date | None, enrolled_on: date, today: date) -> list[Violation]:
    found: list[Violation] = []
    if not service.strip():
        found.append(Violation("service", _l("Enter the service she or he is referred to.")))
    if referred_on is None:
        found.append(Violation("referred_on", _l("Enter the date of the referral.")))
    elif referred_on > today:
        found.append(Violation("referred_on", _l("The referral date cannot be in the future.")))
    elif referred_on < enrolled_on:
        found.append(Violation("referred_on", _l("The referral cannot be before the enrolment (%(day)s).",
                                                 day=_dmy(enrolled_on))))
    return found


def referral_close_violations(referred_on: date, is_open: bool, outcome: str, closed_on: date | None,
                              today: date) -> list[Violation]:
    found: list[Violation] = []
    if not is_open:
        found.append(Violation("", _l("This referral is already closed.")))
    if not outcome.strip():
        found.append(Violation("outcome", _l("Write the outcome of the referral.")))
    if closed_on is None:
        found.append(Violation("closed_on", _l("Enter the date the referral was closed.")))
    elif closed_on < referred_on:
        found.append(Violation("closed_on", _l("A referral cannot close before it was made.")))
    elif closed_on > today:
        found.append(Violation("closed_on", _l("The date cannot be in the future.")))
    return found


# --- Exit -------------------------------------------------------------------------------

def exit_violations(is_active: bool, reason: str, exited_on: date | None, enrolled_on: date, situation: str,
                    housed: bool | None, employed: bool | None, reasons: tuple[str, ...],
                    situations: tuple[str, ...], housed_code: str, today: date) -> list[Violation]:
    """An exit records how it ended and where the person lives and works; the record stays."""
    found = changes_allowed(is_active)
    if reason not in reasons:
        found.append(Violation("reason", _l("Choose how the participation ended.")))
    if exited_on is None:
        found.append(Violation("exited_on", _l("Enter the exit date.")))
    elif exited_on < enrolled_on:
        found.append(Violation("exited_on", _l("The exit cannot be before the enrolment (%(day)s).",
                                               day=_dmy(enrolled_on))))
    elif exited_on > today:
        found.append(Violation("exited_on", _l("The exit date cannot be in the future.")))
    if situation not in situations:
        found.append(Violation("ethos_at_exit", _l("Choose the living situation at exit.")))
    if housed is None:
        found.append(Violation("housed_at_exit", _l("Answer yes or no.")))
    elif situation == housed_code and not housed:
        found.append(Violation("housed_at_exit", _l("The living situation at exit says housed: answer yes, "
                                                    "or choose another living situation.")))
    if employed is None:
        found.append(Violation("employed_at_exit", _l("Answer yes or no.")))
    return found


def exit_undo_violations(is_active: bool, exit_recorded_at: datetime | None, may_undo: bool, active: int,
                         capacity: int, today: date) -> list[Violation]:
    """An exit entered by mistake is undone the same day by a coordinator: the same record, case
    code and clocks come back — unless its place has been given to someone enrolled since."""
    found = undo_violations(not is_active, exit_recorded_at, may_undo, today)
    if found:
        return found
    if active >= capacity:
        found.append(Violation("", _l("The programme is full again: %(active)d of %(capacity)d places are taken. "
                                      "The exit cannot be undone.", active=active, capacity=capacity)))
    return found
