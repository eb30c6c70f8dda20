"""Read models of the follow-up: one stay's (for its page), the facts the alerts read and the
report's figures. Each one statement whatever the number of stays and attempts."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, case, select
from sqlalchemy.orm import joinedload

from housing.core import follow_up as rules
from housing.core.alerts import FACT_SINCE, fact_columns
from housing.extensions import db
from housing.shelter.follow_up.models import StayFollowUp, StayFollowUpAttempt
from housing.shelter.models import Stay
from housing.shelter.stays.queries import record_restricted


@dataclass
class FollowUpRow:
    """One follow-up (3, 6 or 12 months) as her page shows it."""

    month: int
    due_on: date
    state: str
    attempts: list[StayFollowUpAttempt] = field(default_factory=list)
    is_open: bool = False  # an attempt may be recorded: due, or within the two weeks before

    @property
    def outcome(self) -> str:
        return next((a.housing_outcome for a in self.attempts if a.reached), "")



@dataclass
class FollowUpView:
    consent: StayFollowUp | None
    rows: list[FollowUpRow]


def follow_up_rows(left_on: date, attempts: Sequence[StayFollowUpAttempt], months: Sequence[int],
                   today: date) -> list[FollowUpRow]:
    rows = []
    for month, due_on in rules.due_dates(left_on, months):
        mine = [a for a in attempts if a.month == month]
        facts = [rules.Attempt(a.attempted_on, a.reached) for a in mine]
        rows.append(FollowUpRow(month, due_on, rules.follow_up_state(left_on, month, months, facts, today), mine,
                                rules.may_attempt(left_on, month, months, facts, today)))
    return rows


def follow_up_of(stay: Stay, months: Sequence[int], today: date) -> FollowUpView:
    """One statement: her consent with its attempts and who recorded each."""
    consent = db.session.scalars(select(StayFollowUp).where(StayFollowUp.stay_id == stay.id).options(
        joinedload(StayFollowUp.recorded_by),
        joinedload(StayFollowUp.attempts).joinedload(StayFollowUpAttempt.recorded_by))).unique().one_or_none()
    if consent is None or not consent.consents or stay.discharged_on is None:
        return FollowUpView(consent, [])
    return FollowUpView(consent, follow_up_rows(stay.discharged_on, consent.attempts, months, today))


@dataclass(frozen=True)
class FollowUpFact:
    stay_id: int
    case_code: str
    restricted: bool
    left_on: date
    attempts: tuple[tuple[int, rules.Attempt], ...]  # (month, attempt)


def follow_ups_query() -> Select:
    """The alerts' facts (housing.core.alerts.fact_columns): a row per attempt (or one with none)
    of each stay discharged since `FACT_SINCE` whose woman consents."""
    return (select(*fact_columns("shelter.follow_ups", record_id=Stay.id, code=Stay.case_code,
                                 restricted=record_restricted(), ordered_on=StayFollowUpAttempt.attempted_on,
                                 day1=Stay.discharged_on, number1=StayFollowUpAttempt.month,
                                 day2=StayFollowUpAttempt.attempted_on,
                                 number2=case((StayFollowUpAttempt.reached.is_(True), 1), else_=0)))
            .join(StayFollowUp, StayFollowUp.stay_id == Stay.id)
            .outerjoin(StayFollowUpAttempt, StayFollowUpAttempt.follow_up_id == StayFollowUp.id)
            .where(StayFollowUp.consents.is_(True), Stay.discharged_on.is_not(None), Stay.discharged_on >= FACT_SINCE))


def follow_up_facts(rows: Iterable[Any]) -> list[FollowUpFact]:
    found: dict[int, FollowUpFact] = {}
    for row in rows:
        fact = found.get(row.record_id) or FollowUpFact(row.record_id, row.code, bool(row.restricted), row.day1, ())
        if row.number1 is not None:
            fact = FollowUpFact(fact.stay_id, fact.case_code, fact.restricted, fact.left_on,
                                fact.attempts + ((row.number1, rules.Attempt(row.day2, bool(row.number2))),))
        found[row.record_id] = fact
    return list(found.values())


@dataclass(frozen=True)
class OutcomeFact:
    """For the report: a woman who left in the period, whether she consented, and the outcome of
    each follow-up she was reached for."""

    stay_id: int
    left_on: date
    consents: bool
    reached: dict[int, str]  # month → housing outcome


def outcome_facts(start: date, end: date) -> list[OutcomeFact]:
    """Stays discharged from `start` to `end` (inclusive). One statement."""
    rows = db.session.execute(
        select(Stay.id, Stay.discharged_on, StayFollowUp.consents, StayFollowUpAttempt.month,
               StayFollowUpAttempt.reached, StayFollowUpAttempt.housing_outcome)
        .outerjoin(StayFollowUp, StayFollowUp.stay_id == Stay.id)
        .outerjoin(StayFollowUpAttempt, StayFollowUpAttempt.follow_up_id == StayFollowUp.id)
        .where(Stay.discharged_on >= start, Stay.discharged_on <= end)
        .order_by(Stay.id, StayFollowUpAttempt.attempted_on, StayFollowUpAttempt.id)).all()
    found: dict[int, OutcomeFact] = {}
    for stay_id, left_on, consents, month, reached, outcome in rows:
        fact = found.setdefault(stay_id, OutcomeFact(stay_id, left_on, bool(consents), {}))
        if month is not None and reached:
            fact.reached.setdefault(month, outcome)
    return list(found.values())
