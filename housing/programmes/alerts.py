"""Programme alerts: small pure rules over facts from housing.programmes.queries.

Each alert concerns one beneficiary and is shown to her or his caseworker (the owner) and
to coordinators, never to other caseworkers or to shelter staff; its scope is the programme,
so nobody who works in another programme only sees it. Thresholds come from each programme's
definition in config: alert_days for the clocks and the lease, no_session_days for support
sessions; the subsidy months too."""
from __future__ import annotations

from datetime import date, timedelta
from collections.abc import Callable, Iterable

from housing.core.i18n import lazy_gettext as _l

from housing.core.alerts import Alert, AlertAction, AlertContext, alert_source
from housing.core.permissions import Permission
from housing.programmes import queries, rules
from housing.programmes.programme import Programme, programmes
from housing.programmes.queries import BeneficiaryRef, TenancyFact

# Coordinators see every beneficiary's alerts; the caseworker sees those of her own.
COORDINATORS = Permission.VIEW_ALL_CASELOADS


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _alert(kind: str, ref: BeneficiaryRef, due: date, severity: str, message) -> Alert:
    return Alert(kind, ref.case_code, due, severity, COORDINATORS, message, f"{ref.programme}.beneficiary",
                 (("beneficiary_id", ref.beneficiary_id),), owner_id=ref.caseworker_id, scope=ref.programme)


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


# --- What settles each kind: a programme's pages carry its code (the alert's scope) --------

def _page(name: str) -> Callable[[Alert], str]:
    return lambda alert: f"{alert.scope}.{name}"


RECORD_EXIT = AlertAction(_l("Record the exit"), Permission.MANAGE_REINTEGRATION, _page("exit_programme"))
RECORD_SESSION = AlertAction(_l("Record a session"), Permission.MANAGE_REINTEGRATION, _page("new_session"))
OPEN_CLOCKS = AlertAction(_l("Open the deadlines"), Permission.VIEW_REINTEGRATION, anchor="clocks")
OPEN_HOUSING = AlertAction(_l("Renew the lease or end the tenancy"), Permission.MANAGE_REINTEGRATION,
                           anchor="housing")


# --- Sources: facts from the queries, thresholds from each programme's definition ----------

FACTS = {"programmes.ends": queries.programme_end_query, "programmes.tenancies": queries.tenancies_query,
         "programmes.jobs": queries.jobs_query, "programmes.last_sessions": queries.last_sessions_query}


def _tenancies(context: AlertContext):
    return context.once("programmes.tenancies", lambda: queries.tenancy_facts(context.facts("programmes.tenancies")))


def _jobs(context: AlertContext):
    return context.once("programmes.jobs", lambda: queries.job_facts(context.facts("programmes.jobs")))


def _periods(facts, pick) -> list[tuple[BeneficiaryRef, list[rules.Period]]]:
    return [(ref, [p for p in (pick(item) for item in items) if p is not None]) for ref, items in facts]


def _per_programme(facts: Iterable, rule: Callable[[list, Programme], list[Alert]]) -> list[Alert]:
    """Apply a rule to each programme's own facts (rows start with a BeneficiaryRef), with its thresholds."""
    by_programme: dict[str, list] = {}
    for row in facts:
        by_programme.setdefault(row[0].programme, []).append(row)
    configured = programmes()
    return [alert for code, rows in by_programme.items() if code in configured
            for alert in rule(rows, configured[code])]


@alert_source("programme_ending", COORDINATORS, owners=True, label=_l("Programme ending"),
              actions=(RECORD_EXIT,),
              facts=("programmes.ends",))
def _programme_ending(context: AlertContext) -> list[Alert]:
    return _per_programme(queries.programme_end_facts(context.facts("programmes.ends")),
                          lambda rows, p: programme_ending(rows, context.today, p.alert_days))


@alert_source("rent_subsidy_ending", COORDINATORS, owners=True, label=_l("Rent subsidy ending"),
              actions=(OPEN_CLOCKS,),
              facts=("programmes.tenancies",))
def _rent_subsidy_ending(context: AlertContext) -> list[Alert]:
    facts = _periods(_tenancies(context), lambda t: t.rent_subsidy)
    return _per_programme(facts, lambda rows, p: subsidy_ending("rent", rows, context.today, p.alert_days,
                                                                p.rent_months))


@alert_source("salary_subsidy_ending", COORDINATORS, owners=True, label=_l("Salary subsidy ending"),
              actions=(OPEN_CLOCKS,),
              facts=("programmes.jobs",))
def _salary_subsidy_ending(context: AlertContext) -> list[Alert]:
    facts = _periods(_jobs(context), lambda j: j.wage_subsidy)
    return _per_programme(facts, lambda rows, p: subsidy_ending("wage", rows, context.today, p.alert_days,
                                                                p.wage_months))


@alert_source("insurance_subsidy_ending", COORDINATORS, owners=True, label=_l("Insurance subsidy ending"),
              actions=(OPEN_CLOCKS,),
              facts=("programmes.jobs",))
def _insurance_subsidy_ending(context: AlertContext) -> list[Alert]:
    facts = _periods(_jobs(context), lambda j: j.insurance_subsidy)
    return _per_programme(facts, lambda rows, p: subsidy_ending("insurance", rows, context.today, p.alert_days,
                                                                p.insurance_months))


@alert_source("lease_ending", COORDINATORS, owners=True, label=_l("Lease ending"),
              actions=(OPEN_HOUSING,), facts=("programmes.tenancies",))
def _lease_ending(context: AlertContext) -> list[Alert]:
    return _per_programme(_tenancies(context), lambda rows, p: lease_ending(rows, context.today, p.alert_days))


@alert_source("no_support_session", COORDINATORS, owners=True, label=_l("No recent support session"),
              actions=(RECORD_SESSION,),
              facts=("programmes.last_sessions",))
def _no_support_session(context: AlertContext) -> list[Alert]:
    return _per_programme(queries.last_session_facts(context.facts("programmes.last_sessions")),
                          lambda rows, p: no_recent_session(rows, context.today, p.no_session_days))
