"""The programme report's figures, each one SQL aggregate over one programme's records (never a
row per beneficiary loaded into Python): the report runs the same statements whatever the size
of the history (tests/integration/test_programme_report.py counts them).

Days are Athens calendar days, both ends of the period included. The definitions the report
prints under its tables (housing/programmes/report.py) say the same as the expressions here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, and_, case, distinct, exists, func, literal, null, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from housing.core.reports import Period
from housing.extensions import db
from housing.programmes.models import Beneficiary, Job, ServiceReferral, SupportSession, Tenancy

SUBSIDY_KINDS = ("rent", "wage", "insurance")


class days_from(FunctionElement):  # noqa: N801 - reads as SQL: days_from(later, earlier)
    """Whole days from the second date to the first (0 for the same day), in either dialect."""

    type = Integer()
    inherit_cache = True


@compiles(days_from)
def _days_from_generic(element, compiler, **kw):  # PostgreSQL: date − date is a whole number of days
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_from, "sqlite")
def _days_from_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)})"
            f" AS INTEGER)")


def _day(value: date) -> ColumnElement[Any]:
    return literal(value, Date)


def _earlier(first: Any, second: Any) -> ColumnElement[Any]:
    """The earlier of two dates, either of which may be missing (then the other; NULL if both are)."""
    return case((first.is_(None), second), (second.is_(None), first), (first < second, first), else_=second)


def _later(first: Any, second: Any) -> ColumnElement[Any]:
    return case((first > second, first), else_=second)


def _effective_end(start: Any, end: Any, ended_on: Any, exited_on: Any) -> ColumnElement[Any]:
    """The day a subsidy actually stops, as rules.Period.effective_end says: its end, or earlier
    when the home or job ended or the person left the programme first; NULL when they did so
    before the subsidy began (it never ran)."""
    stopped = _earlier(ended_on, exited_on)
    return case((stopped.is_(None), end), (stopped < start, null()), (stopped < end, stopped), else_=end)


def _programme(code: str) -> ColumnElement[bool]:
    return Beneficiary.programme == code


def _in_programme_on(day: date) -> ColumnElement[bool]:
    """Enrolled on or before `day` and not yet gone: the exit day is her last day in the programme."""
    return and_(Beneficiary.enrolled_on <= day, or_(Beneficiary.exited_on.is_(None), Beneficiary.exited_on >= day))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class Caseload:
    at_start: int  # in the programme on the eve of the period (carried over into it)
    enrolled: int
    exited: int
    at_end: int  # still in the programme after the period's last day
    during: int  # in the programme on at least one day of the period


def caseload(code: str, period: Period) -> Caseload:
    """One statement: the programme's movement over the period. at_start + enrolled − exited = at_end."""
    before, first, last = period.start, period.start, period.end
    row = db.session.execute(select(
        _count_if(and_(Beneficiary.enrolled_on < first,
                       or_(Beneficiary.exited_on.is_(None), Beneficiary.exited_on >= before))),
        _count_if(Beneficiary.enrolled_on.between(first, last)),
        _count_if(Beneficiary.exited_on.between(first, last)),
        _count_if(and_(Beneficiary.enrolled_on <= last,
                       or_(Beneficiary.exited_on.is_(None), Beneficiary.exited_on > last))),
        _count_if(and_(Beneficiary.enrolled_on <= last,
                       or_(Beneficiary.exited_on.is_(None), Beneficiary.exited_on >= first))),
    ).where(_programme(code))).one()
    return Caseload(*(int(value) for value in row))


def _tenancy_on_exit_day() -> ColumnElement[bool]:
    """A tenancy of hers had begun by the exit day and had not ended before it."""
    return exists().where(Tenancy.beneficiary_id == Beneficiary.id, Tenancy.lease_start <= Beneficiary.exited_on,
                          or_(Tenancy.ended_on.is_(None), Tenancy.ended_on >= Beneficiary.exited_on))


def _job_on(day: Any) -> ColumnElement[bool]:
    """A job of hers had begun by `day` and had not ended before it."""
    return exists().where(Job.beneficiary_id == Beneficiary.id, Job.started_on <= day,
                          or_(Job.ended_on.is_(None), Job.ended_on >= day))


def exits_by_reason(code: str, period: Period) -> dict[str, tuple[int, int, int]]:
    """Exit reason → (exited in the period, housed on the exit day, in work on the exit day)."""
    rows = db.session.execute(
        select(Beneficiary.status, func.count(),
               _count_if(_tenancy_on_exit_day()), _count_if(_job_on(Beneficiary.exited_on)))
        .where(_programme(code), Beneficiary.exited_on.between(period.start, period.end))
        .group_by(Beneficiary.status)).all()
    return {status: (int(exited), int(housed), int(employed)) for status, exited, housed, employed in rows}


def ethos_transitions(code: str, period: Period) -> dict[tuple[str, str], int]:
    """(ETHOS code at entry, situation at exit) → people who exited in the period."""
    rows = db.session.execute(
        select(Beneficiary.ethos_at_entry, Beneficiary.ethos_at_exit, func.count())
        .where(_programme(code), Beneficiary.exited_on.between(period.start, period.end))
        .group_by(Beneficiary.ethos_at_entry, Beneficiary.ethos_at_exit)).all()
    return {(entry, leaving): int(count) for entry, leaving, count in rows}


def in_work(code: str, period: Period) -> tuple[tuple[int, int], tuple[int, int]]:
    """(in the programme, of whom in a job) on the period's first day and on its last."""
    first, last = _day(period.start), _day(period.end)
    row = db.session.execute(select(
        _count_if(_in_programme_on(period.start)), _count_if(and_(_in_programme_on(period.start), _job_on(first))),
        _count_if(_in_programme_on(period.end)), _count_if(and_(_in_programme_on(period.end), _job_on(last))),
    ).where(_programme(code))).one()
    return (int(row[0]), int(row[1])), (int(row[2]), int(row[3]))


@dataclass(frozen=True)
class SubsidyFigures:
    at_start: int  # people whose subsidy of this kind had started before the period and ran into it
    started: int  # people whose first subsidy of this kind began in the period
    ended: int  # people whose subsidy of this kind stopped in the period
    at_end: int  # people whose subsidy of this kind runs past the period's end
    paid: int  # people paid this subsidy for at least one day of the period
    days: int  # subsidised days within the period, all people together


def subsidies(code: str, period: Period) -> dict[str, SubsidyFigures]:
    """One statement for the three kinds. Each tenancy's rent subsidy and each job's salary and
    insurance subsidy is a period that stops early when the home or job ends or the person
    leaves; as on her page (rules.subsidy_clock) a person's clock of a kind runs from the
    start of her first period of that kind to the end of her latest, across moves and jobs."""
    first, last = _day(period.start), _day(period.end)
    rent = (select(literal("rent").label("kind"), Tenancy.beneficiary_id.label("person"),
                   Tenancy.subsidy_start.label("start"),
                   _effective_end(Tenancy.subsidy_start, Tenancy.subsidy_end, Tenancy.ended_on,
                                  Beneficiary.exited_on).label("stop"))
            .join(Beneficiary, Beneficiary.id == Tenancy.beneficiary_id)
            .where(_programme(code), Tenancy.subsidy_cents > 0, Tenancy.subsidy_start.is_not(None),
                   Tenancy.subsidy_end.is_not(None)))
    wage = (select(literal("wage").label("kind"), Job.beneficiary_id.label("person"),
                   Job.wage_subsidy_start.label("start"),
                   _effective_end(Job.wage_subsidy_start, Job.wage_subsidy_end, Job.ended_on,
                                  Beneficiary.exited_on).label("stop"))
            .join(Beneficiary, Beneficiary.id == Job.beneficiary_id)
            .where(_programme(code), Job.wage_subsidy_start.is_not(None), Job.wage_subsidy_end.is_not(None)))
    insurance = (select(literal("insurance").label("kind"), Job.beneficiary_id.label("person"),
                        Job.insurance_subsidy_start.label("start"),
                        _effective_end(Job.insurance_subsidy_start, Job.insurance_subsidy_end, Job.ended_on,
                                       Beneficiary.exited_on).label("stop"))
                 .join(Beneficiary, Beneficiary.id == Job.beneficiary_id)
                 .where(_programme(code), Job.insurance_subsidy_start.is_not(None),
                        Job.insurance_subsidy_end.is_not(None)))
    periods = union_all(rent, wage, insurance).subquery("subsidy_period")
    ran = periods.c.stop.is_not(None)
    overlap_start, overlap_stop = _later(periods.c.start, first), _earlier(periods.c.stop, last)
    overlap = case((and_(periods.c.start <= last, periods.c.stop >= first),
                    days_from(overlap_stop, overlap_start) + 1), else_=0)
    clocks = (select(periods.c.kind, periods.c.person, func.min(periods.c.start).label("began"),
                     func.max(periods.c.stop).label("stops"), func.sum(overlap).label("days"))
              .where(ran).group_by(periods.c.kind, periods.c.person).subquery("subsidy_clock"))
    rows = db.session.execute(select(
        clocks.c.kind,
        _count_if(and_(clocks.c.began < first, clocks.c.stops >= first)),
        _count_if(clocks.c.began.between(first, last)),
        _count_if(clocks.c.stops.between(first, last)),
        _count_if(and_(clocks.c.began <= last, clocks.c.stops > last)),
        _count_if(clocks.c.days > 0),
        func.coalesce(func.sum(clocks.c.days), 0),
    ).group_by(clocks.c.kind)).all()
    found = {kind: SubsidyFigures(*(int(value) for value in figures)) for kind, *figures in rows}
    return {kind: found.get(kind, SubsidyFigures(0, 0, 0, 0, 0, 0)) for kind in SUBSIDY_KINDS}


def sessions_by_kind(code: str, period: Period) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """Kind → (sessions held in the period, people who had one), and the same for every kind
    together (people counted once however many kinds they had)."""
    in_period = (select(SupportSession.kind, SupportSession.beneficiary_id)
                 .join(Beneficiary, Beneficiary.id == SupportSession.beneficiary_id)
                 .where(_programme(code), SupportSession.held_on.between(period.start, period.end))
                 .subquery("held"))
    rows = db.session.execute(
        select(in_period.c.kind, func.count(), func.count(distinct(in_period.c.beneficiary_id)))
        .group_by(in_period.c.kind)
        .union_all(select(literal(""), func.count(), func.count(distinct(in_period.c.beneficiary_id))))).all()
    by_kind = {kind: (int(held), int(people)) for kind, held, people in rows if kind}
    total = next(((int(held), int(people)) for kind, held, people in rows if not kind), (0, 0))
    return by_kind, total


@dataclass(frozen=True)
class ReferralFigures:
    made: tuple[int, int]  # (referrals, people) made in the period
    answered: tuple[int, int]  # of those, with an outcome recorded by the period's end
    waiting: tuple[int, int]  # of those, still without an outcome after the period's end
    answered_earlier: tuple[int, int]  # made before the period, outcome recorded in it


def referrals(code: str, period: Period) -> ReferralFigures:
    first, last = period.start, period.end
    made = ServiceReferral.referred_on.between(first, last)
    answered = and_(ServiceReferral.closed_on.is_not(None), ServiceReferral.closed_on <= last)
    earlier = and_(ServiceReferral.referred_on < first, ServiceReferral.closed_on.between(first, last))

    def people(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count(distinct(case((condition, ServiceReferral.beneficiary_id), else_=null())))

    row = db.session.execute(
        select(_count_if(made), people(made), _count_if(and_(made, answered)), people(and_(made, answered)),
               _count_if(and_(made, ~answered)), people(and_(made, ~answered)), _count_if(earlier), people(earlier))
        .join(Beneficiary, Beneficiary.id == ServiceReferral.beneficiary_id).where(_programme(code))).one()
    values = [int(value) for value in row]
    return ReferralFigures((values[0], values[1]), (values[2], values[3]), (values[4], values[5]),
                           (values[6], values[7]))
