"""REINTEGRATION alerts: small pure rules over facts from housing.programmes.queries.

Each alert concerns one beneficiary and is shown to her or his caseworker (the owner) and
to coordinators, never to other caseworkers or to shelter staff. Thresholds come from
config: REINTEGRATION_ALERT_DAYS for the clocks and the lease, NO_SESSION_ALERT_DAYS for
support sessions."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from flask_babel import lazy_gettext as _l

from housing.core.alerts import Alert, AlertContext, alert_source
from housing.core.permissions import Permission
from housing.programmes import queries, rules
from housing.programmes.queries import BeneficiaryRef, TenancyFact

# Coordinators see every beneficiary's alerts; the caseworker sees those of her own.
COORDINATORS = Permission.VIEW_ALL_CASELOADS


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _alert(kind: str, ref: BeneficiaryRef, due: date, severity: str, message) -> Alert:
    return Alert(kind, ref.case_code, due, severity, COORDINATORS, message, "reintegration.beneficiary",
                 (("beneficiary_id", ref.beneficiary_id),), owner_id=ref.caseworker_id)


def _severity(due: date, today: date) -> str:
    """Urgent on the day itself or once it has passed; a warning before."""
    return "urgent" if due <= today else "warning"


# --- Pure rules ---------------------------------------------------------------------------

def programme_ending(facts: Iterable[tuple[BeneficiaryRef, date]], today: date, within_days: int) -> list[Alert]:
    """The planned programme end within N days, or passed without an exit being recorded."""
    horizon = today + timedelta(days=within_days)
    found = []
    for ref, end in facts:
        if end > horizon:
            continue
        message = (_l("%(code)s: the programme ends on %(day)s.", code=ref.case_code, day=_dmy(end)) if end >= today
                   else _l("%(code)s: the planned programme end (%(day)s) has passed; record the exit.",
                           code=ref.case_code, day=_dmy(end)))
        found.append(_alert("programme_ending", ref, end, _severity(end, today), message))
    return found


SUBSIDY_KINDS = {"rent": "rent_subsidy_ending", "wage": "salary_subsidy_ending",
                 "insurance": "insurance_subsidy_ending"}


def _subsidy_message(clock_kind: str, code: str, day: date):
    if clock_kind == "rent":
        return _l("%(code)s: the rent subsidy ends on %(day)s.", code=code, day=_dmy(day))
    if clock_kind == "wage":
        return _l("%(code)s: the salary subsidy ends on %(day)s.", code=code, day=_dmy(day))
    return _l("%(code)s: the insurance subsidy ends on %(day)s.", code=code, day=_dmy(day))


def subsidy_ending(clock_kind: str, facts: Iterable[tuple[BeneficiaryRef, list[rules.Period]]], today: date,
                   within_days: int, months: int) -> list[Alert]:
    """A subsidy clock (rent, salary, insurance) that stops within N days, today included. Once it
    has stopped there is nothing left to act on, so the alert goes."""
    kind = SUBSIDY_KINDS[clock_kind]
    horizon = today + timedelta(days=within_days)
    found = []
    for ref, periods in facts:
        clock = rules.subsidy_clock(clock_kind, periods, months)
        if clock.ends_on is not None and today <= clock.ends_on <= horizon:
            found.append(_alert(kind, ref, clock.ends_on, _severity(clock.ends_on, today),
                                _subsidy_message(clock_kind, ref.case_code, clock.ends_on)))
    return found


def lease_ending(facts: Iterable[tuple[BeneficiaryRef, tuple[TenancyFact, ...]]], today: date,
                 within_days: int) -> list[Alert]:
    """The lease of the current home ends within N days, or has ended while she or he still lives
    there: renew it or end the tenancy."""
    horizon = today + timedelta(days=within_days)
    found = []
    for ref, tenancies in facts:
        for tenancy in tenancies:
            end = tenancy.lease_end
            if tenancy.ended_on is not None or end is None or end > horizon:
                continue
            message = (_l("%(code)s: the lease ends on %(day)s.", code=ref.case_code, day=_dmy(end)) if end >= today
                       else _l("%(code)s: the lease ended on %(day)s; renew it or end the tenancy.",
                               code=ref.case_code, day=_dmy(end)))
            found.append(_alert("lease_ending", ref, end, _severity(end, today), message))
    return found


def no_recent_session(facts: Iterable[tuple[BeneficiaryRef, date, date | None]], today: date,
                      after_days: int) -> list[Alert]:
    """No support session for N days (counted from the enrolment when there has been none).
    A reminder at N days; urgent at twice N."""
    found = []
    for ref, enrolled_on, last_on in facts:
        since = last_on or enrolled_on
        days = (today - since).days
        if days < after_days:
            continue
        severity = "urgent" if days >= 2 * after_days else "warning"
        message = (_l("%(code)s: no support session for %(days)d days (the last on %(day)s).", code=ref.case_code,
                      days=days, day=_dmy(since)) if last_on is not None
                   else _l("%(code)s: no support session since the enrolment on %(day)s (%(days)d days).",
                           code=ref.case_code, days=days, day=_dmy(since)))
        found.append(_alert("no_support_session", ref, since + timedelta(days=after_days), severity, message))
    return found


# --- Sources: facts from the queries, thresholds from config ------------------------------

def _tenancies(context: AlertContext):
    return context.once("reintegration.tenancies", queries.tenancy_facts)


def _jobs(context: AlertContext):
    return context.once("reintegration.jobs", queries.job_facts)


def _periods(facts, pick) -> list[tuple[BeneficiaryRef, list[rules.Period]]]:
    return [(ref, [p for p in (pick(item) for item in items) if p is not None]) for ref, items in facts]


@alert_source("programme_ending", COORDINATORS, owners=True, label=_l("Programme ending"))
def _programme_ending(context: AlertContext) -> list[Alert]:
    return programme_ending(queries.programme_end_facts(), context.today, context.config["REINTEGRATION_ALERT_DAYS"])


@alert_source("rent_subsidy_ending", COORDINATORS, owners=True, label=_l("Rent subsidy ending"))
def _rent_subsidy_ending(context: AlertContext) -> list[Alert]:
    facts = _periods(_tenancies(context), lambda t: t.rent_subsidy)
    return subsidy_ending("rent", facts, context.today, context.config["REINTEGRATION_ALERT_DAYS"],
                          context.config["RENT_SUBSIDY_MONTHS"])


@alert_source("salary_subsidy_ending", COORDINATORS, owners=True, label=_l("Salary subsidy ending"))
def _salary_subsidy_ending(context: AlertContext) -> list[Alert]:
    facts = _periods(_jobs(context), lambda j: j.wage_subsidy)
    return subsidy_ending("wage", facts, context.today, context.config["REINTEGRATION_ALERT_DAYS"],
                          context.config["WAGE_SUBSIDY_MONTHS"])


@alert_source("insurance_subsidy_ending", COORDINATORS, owners=True, label=_l("Insurance subsidy ending"))
def _insurance_subsidy_ending(context: AlertContext) -> list[Alert]:
    facts = _periods(_jobs(context), lambda j: j.insurance_subsidy)
    return subsidy_ending("insurance", facts, context.today, context.config["REINTEGRATION_ALERT_DAYS"],
                          context.config["INSURANCE_SUBSIDY_MONTHS"])


@alert_source("lease_ending", COORDINATORS, owners=True, label=_l("Lease ending"))
def _lease_ending(context: AlertContext) -> list[Alert]:
    return lease_ending(_tenancies(context), context.today, context.config["REINTEGRATION_ALERT_DAYS"])


@alert_source("no_support_session", COORDINATORS, owners=True, label=_l("No recent support session"))
def _no_support_session(context: AlertContext) -> list[Alert]:
    return no_recent_session(queries.last_session_facts(), context.today, context.config["NO_SESSION_ALERT_DAYS"])
