"""The shelter report's SQL: every figure is an aggregate (counts grouped by day, by destination, by
length, by band), so the number of rows read back depends on the period's days and the codes in
use, never on the number of stays. Each function runs one statement (the bed history: two)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa

from housing.core.clock import ATHENS, to_athens
from housing.core.reports import Period
from housing.extensions import db
from housing.shelter.models import (Bed, BedServicePeriod, Child, ExtensionRequest, Referral, Resident, Stay,
                                    StayChild, TurnAway)

RETURN_WINDOWS = (180, 365, 730)


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _days_between(later: Any, earlier: Any) -> Any:
    """Whole days from `earlier` to `later` (two dates), in the database."""
    if _sqlite():
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def _years_between(on: Any, born: Any) -> Any:
    """Completed years from `born` to `on` (an age), in the database."""
    if _sqlite():
        years = sa.cast(sa.func.strftime("%Y", on), sa.Integer) - sa.cast(sa.func.strftime("%Y", born), sa.Integer)
        not_yet = sa.case((sa.func.strftime("%m-%d", on) < sa.func.strftime("%m-%d", born), 1), else_=0)
        return years - not_yet
    return sa.cast(sa.func.date_part("year", sa.func.age(on, born)), sa.Integer)


def _day(value: date) -> Any:
    return sa.literal(value, sa.Date)


def athens_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(), ATHENS).astimezone(UTC)


def _persons():
    """Each stay's persons: the woman and the children who came with her."""
    children = (sa.select(StayChild.stay_id, sa.func.count().label("children"))
                .group_by(StayChild.stay_id).subquery())
    persons = 1 + sa.func.coalesce(children.c.children, 0)
    source = sa.outerjoin(Stay, children, children.c.stay_id == Stay.id)
    return source, persons


@dataclass(frozen=True)
class Movements:
    """Stays admitted and discharged before the period, and per day within it."""

    women_before: int  # admitted before the period's first day and not discharged before it
    persons_before: int
    admitted: dict[date, tuple[int, int]]  # day → (women, persons)
    discharged: dict[date, tuple[int, int]]
    same_day: int  # stays admitted and discharged on the same day within the period


def movements(period: Period) -> Movements:
    source, persons = _persons()
    start, end = _day(period.start), _day(period.end)
    before = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(persons), 0))
        .select_from(source)
        .where(Stay.admitted_on < start, sa.or_(Stay.discharged_on.is_(None), Stay.discharged_on >= start))).one()
    admitted = db.session.execute(
        sa.select(Stay.admitted_on, sa.func.count(), sa.func.sum(persons)).select_from(source)
        .where(Stay.admitted_on.between(start, end)).group_by(Stay.admitted_on)).all()
    discharged = db.session.execute(
        sa.select(Stay.discharged_on, sa.func.count(), sa.func.sum(persons),
                  sa.func.sum(sa.case((Stay.admitted_on == Stay.discharged_on, 1), else_=0)))
        .select_from(source)
        .where(Stay.discharged_on.between(start, end))
        .group_by(Stay.discharged_on)).all()
    return Movements(int(before[0]), int(before[1]),
                     {day: (int(women), int(people)) for day, women, people in admitted},
                     {day: (int(women), int(people)) for day, women, people, _ in discharged},
                     sum(int(same) for *_, same in discharged))


def nightly_presence(period: Period, moves: Movements) -> list[tuple[date, int, int]]:
    """(night, women, persons) for every night of the period: present on the night of d when
    admitted on or before d and not discharged on or before d."""
    women, persons = moves.women_before, moves.persons_before
    nights = []
    for offset in range(period.days):
        day = date.fromordinal(period.start.toordinal() + offset)
        came, went = moves.admitted.get(day, (0, 0)), moves.discharged.get(day, (0, 0))
        women += came[0] - went[0]
        persons += came[1] - went[1]
        nights.append((day, women, persons))
    return nights


def beds_in_service(period: Period) -> list[int]:
    """Beds in service on each night of the period: every bed from the day it was created (Athens
    time), less those out of service from `out_from` up to, not including, `back_on`."""
    created = Counter(to_athens(moment).date() for moment in
                      db.session.scalars(sa.select(Bed.created_at)))  # the building's beds: a few dozen
    outages = db.session.execute(
        sa.select(BedServicePeriod.out_from, BedServicePeriod.back_on, sa.func.count())
        .where(BedServicePeriod.out_from <= _day(period.end),
               sa.or_(BedServicePeriod.back_on.is_(None), BedServicePeriod.back_on > _day(period.start)))
        .group_by(BedServicePeriod.out_from, BedServicePeriod.back_on)).all()
    delta: Counter[date] = Counter()
    for day, count in created.items():
        if day <= period.end:
            delta[max(day, period.start)] += count
    for out_from, back_on, count in outages:
        first = max(out_from, period.start)
        if back_on is not None and back_on <= first:
            continue
        delta[first] -= count
        if back_on is not None and back_on <= period.end:
            delta[back_on] += count
    beds, running = [], 0
    for offset in range(period.days):
        running += delta.get(date.fromordinal(period.start.toordinal() + offset), 0)
        beds.append(running)
    return beds


def discharges_by_destination(period: Period) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Stay.destination, sa.func.count())
        .where(Stay.discharged_on.between(_day(period.start), _day(period.end)))
        .group_by(Stay.destination)).all()
    return {destination or "unknown": int(count) for destination, count in rows}


def lengths_ended(period: Period) -> dict[int, int]:
    """Stays discharged in the period: length in days → stays."""
    length = _days_between(Stay.discharged_on, Stay.admitted_on)
    rows = db.session.execute(
        sa.select(length, sa.func.count())
        .where(Stay.discharged_on.between(_day(period.start), _day(period.end)))
        .group_by(length)).all()
    return {int(days): int(count) for days, count in rows}


def lengths_open(period: Period) -> dict[int, int]:
    """Stays open at the period's end: days from admission to the period's end (its last night
    included) → stays."""
    length = _days_between(_day(period.after_end), Stay.admitted_on)
    rows = db.session.execute(
        sa.select(length, sa.func.count())
        .where(Stay.admitted_on <= _day(period.end),
               sa.or_(Stay.discharged_on.is_(None), Stay.discharged_on > _day(period.end)))
        .group_by(length)).all()
    return {int(days): int(count) for days, count in rows}


def extensions(period: Period) -> dict[str, tuple[int, int]]:
    """Requests made in the period by their status now: status → (requests, days added)."""
    added = sa.case((ExtensionRequest.status == "approved",
                     _days_between(sa.func.coalesce(ExtensionRequest.decided_end, ExtensionRequest.proposed_end),
                                   ExtensionRequest.current_end)), else_=0)
    rows = db.session.execute(
        sa.select(ExtensionRequest.status, sa.func.count(), sa.func.coalesce(sa.func.sum(added), 0))
        .where(ExtensionRequest.requested_at >= athens_midnight_utc(period.start),
               ExtensionRequest.requested_at < athens_midnight_utc(period.after_end))
        .group_by(ExtensionRequest.status)).all()
    return {status: (int(count), int(days)) for status, count, days in rows}


def _hosted(period: Period) -> Any:
    """A stay hosted on at least one day of the period (a same-day stay included)."""
    return sa.and_(Stay.admitted_on <= _day(period.end),
                   sa.or_(Stay.discharged_on.is_(None), Stay.discharged_on >= _day(period.start)))


def children_by_band(period: Period) -> dict[tuple[str, str], tuple[int, int]]:
    """Children on stays hosted in the period, by sex and age band at their mother's admission:
    (sex, band) → (children, age exceptions granted)."""
    age = _years_between(Stay.admitted_on, Child.birth_date)
    band = sa.case((age < 5, "0-4"), (age < 12, "5-11"), (age < 18, "12-17"), else_="18+")
    exception = sa.case((StayChild.exception_reason != "", StayChild.id))
    rows = db.session.execute(
        sa.select(Child.sex, band, sa.func.count(sa.distinct(Child.id)), sa.func.count(exception))
        .select_from(StayChild).join(Stay, Stay.id == StayChild.stay_id).join(Child, Child.id == StayChild.child_id)
        .where(_hosted(period)).group_by(Child.sex, band)).all()
    return {(sex, label): (int(count), int(exceptions)) for sex, label, count, exceptions in rows}


def admissions_by_source(period: Period) -> dict[str, int]:
    """Women admitted in the period by the referral source on her file."""
    rows = db.session.execute(
        sa.select(Resident.referral_source, sa.func.count()).select_from(Stay)
        .join(Resident, Resident.id == Stay.resident_id)
        .where(Stay.admitted_on.between(_day(period.start), _day(period.end)))
        .group_by(Resident.referral_source)).all()
    return {source: int(count) for source, count in rows}


def referrals_by_source(period: Period) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Referral.source, sa.func.count())
        .where(Referral.received_on.between(_day(period.start), _day(period.end)))
        .group_by(Referral.source)).all()
    return {source: int(count) for source, count in rows}


def referrals_closed(period: Period) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Referral.status, sa.func.count())
        .where(Referral.closed_on.between(_day(period.start), _day(period.end)), Referral.status != "waiting")
        .group_by(Referral.status)).all()
    return {status: int(count) for status, count in rows}


def turn_aways(period: Period) -> dict[tuple[str, str], tuple[int, int]]:
    """Requests turned away at once: (reason, source) → (requests, children who would have come)."""
    rows = db.session.execute(
        sa.select(TurnAway.reason, TurnAway.source, sa.func.count(),
                  sa.func.coalesce(sa.func.sum(TurnAway.children), 0))
        .where(TurnAway.occurred_on.between(_day(period.start), _day(period.end)))
        .group_by(TurnAway.reason, TurnAway.source)).all()
    return {(reason, source): (int(count), int(children)) for reason, source, count, children in rows}


def returns(period: Period) -> tuple[int, dict[int, int]]:
    """Stays discharged in the period, and how many of those women were admitted again (her next
    stay, one sort of the stays by woman and admission: a woman has one stay at a time) within each
    window of days after the discharge."""
    ordered = sa.select(Stay.discharged_on, sa.func.lead(Stay.admitted_on).over(
        partition_by=Stay.resident_id, order_by=(Stay.admitted_on, Stay.id)).label("again")).subquery()
    gap = _days_between(ordered.c.again, ordered.c.discharged_on)
    row = db.session.execute(
        sa.select(sa.func.count(), *(sa.func.coalesce(sa.func.sum(sa.case((gap <= window, 1), else_=0)), 0)
                                     for window in RETURN_WINDOWS))
        .where(ordered.c.discharged_on.between(_day(period.start), _day(period.end)))).one()
    return int(row[0]), {window: int(count) for window, count in zip(RETURN_WINDOWS, row[1:], strict=True)}
