"""Read models of a beneficiary's deadlines and follow-up: the page's (one statement each), the
facts the alerts read and the report's figures (one statement each whatever the data)."""
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
from housing.programmes.aftercare.models import BeneficiaryDeadline, BeneficiaryFollowUp, BeneficiaryFollowUpAttempt
from housing.programmes.models import Beneficiary


def deadlines_of(beneficiary_id: int) -> list[BeneficiaryDeadline]:
    """Open items first, by date; then those marked done, latest first. One statement."""
    rows = db.session.scalars(select(BeneficiaryDeadline).where(BeneficiaryDeadline.beneficiary_id == beneficiary_id)
                              .options(joinedload(BeneficiaryDeadline.done_by))).unique().all()
    return sorted(rows, key=lambda d: (d.is_done, d.due_on.toordinal() * (-1 if d.is_done else 1), d.id))


@dataclass
class FollowUpRow:
    month: int
    due_on: date
    state: str
    attempts: list[BeneficiaryFollowUpAttempt] = field(default_factory=list)
    is_open: bool = False  # an attempt may be recorded: due, or within the two weeks before

    @property
    def reached_attempt(self) -> BeneficiaryFollowUpAttempt | None:
        return next((a for a in self.attempts if a.reached), None)



@dataclass
class FollowUpView:
    consent: BeneficiaryFollowUp | None
    rows: list[FollowUpRow]


def follow_up_of(person: Beneficiary, months: Sequence[int], today: date) -> FollowUpView:
    """One statement: the consent with its attempts."""
    consent = db.session.scalars(select(BeneficiaryFollowUp).where(BeneficiaryFollowUp.beneficiary_id == person.id)
                                 .options(joinedload(BeneficiaryFollowUp.attempts))).unique().one_or_none()
    if consent is None or not consent.consents or person.exited_on is None:
        return FollowUpView(consent, [])
    rows = []
    for month, due_on in rules.due_dates(person.exited_on, months):
        mine = [a for a in consent.attempts if a.month == month]
        facts = [rules.Attempt(a.attempted_on, a.reached) for a in mine]
        rows.append(FollowUpRow(month, due_on, rules.follow_up_state(person.exited_on, month, months, facts, today),
                                mine, rules.may_attempt(person.exited_on, month, months, facts, today)))
    return FollowUpView(consent, rows)


@dataclass(frozen=True)
class DeadlineFact:
    beneficiary_id: int
    case_code: str
    caseworker_id: int
    programme: str
    kind: str
    due_on: date


def deadlines_query() -> Select:
    """The alerts' facts (housing.core.alerts.fact_columns): the open items of active beneficiaries
    of every programme."""
    return (select(*fact_columns("programmes.deadlines", record_id=Beneficiary.id, code=Beneficiary.case_code,
                                 owner_id=Beneficiary.caseworker_id, scope=Beneficiary.programme,
                                 ordered_on=BeneficiaryDeadline.due_on, number2=BeneficiaryDeadline.id,
                                 text1=BeneficiaryDeadline.kind, day1=BeneficiaryDeadline.due_on))
            .join(Beneficiary, Beneficiary.id == BeneficiaryDeadline.beneficiary_id)
            .where(Beneficiary.status == "active", BeneficiaryDeadline.done_at.is_(None)))


def deadline_facts(rows: Iterable[Any]) -> list[DeadlineFact]:
    return [DeadlineFact(row.record_id, row.code, row.owner_id, row.scope, row.text1, row.day1) for row in rows]


@dataclass(frozen=True)
class FollowUpFact:
    beneficiary_id: int
    case_code: str
    caseworker_id: int
    programme: str
    left_on: date
    attempts: tuple[tuple[int, rules.Attempt], ...]


def follow_ups_query() -> Select:
    """The alerts' facts: a row per attempt (or one with none) of each beneficiary who exited since
    `FACT_SINCE` and consents."""
    return (select(*fact_columns("programmes.follow_ups", record_id=Beneficiary.id, code=Beneficiary.case_code,
                                 owner_id=Beneficiary.caseworker_id, scope=Beneficiary.programme,
                                 ordered_on=BeneficiaryFollowUpAttempt.attempted_on, day1=Beneficiary.exited_on,
                                 number1=BeneficiaryFollowUpAttempt.month, day2=BeneficiaryFollowUpAttempt.attempted_on,
                                 number2=case((BeneficiaryFollowUpAttempt.reached.is_(True), 1), else_=0)))
            .join(BeneficiaryFollowUp, BeneficiaryFollowUp.beneficiary_id == Beneficiary.id)
            .outerjoin(BeneficiaryFollowUpAttempt, BeneficiaryFollowUpAttempt.follow_up_id == BeneficiaryFollowUp.id)
            .where(BeneficiaryFollowUp.consents.is_(True), Beneficiary.exited_on.is_not(None),
                   Beneficiary.exited_on >= FACT_SINCE))


def follow_up_facts(rows: Iterable[Any]) -> list[FollowUpFact]:
    found: dict[int, FollowUpFact] = {}
    for row in rows:
        fact = found.get(row.record_id) or FollowUpFact(row.record_id, row.code, row.owner_id, row.scope, row.day1, ())
        if row.number1 is not None:
            fact = FollowUpFact(fact.beneficiary_id, fact.case_code, fact.caseworker_id, fact.programme, fact.left_on,
                                fact.attempts + ((row.number1, rules.Attempt(row.day2, bool(row.number2))),))
        found[row.record_id] = fact
    return list(found.values())


@dataclass(frozen=True)
class OutcomeFact:
    beneficiary_id: int
    left_on: date
    consents: bool
    reached: dict[int, tuple[str, str]]  # month → (housing outcome, work outcome)


def outcome_facts(programme: str, start: date, end: date) -> list[OutcomeFact]:
    """The programme's exits from `start` to `end` (inclusive). One statement."""
    rows = db.session.execute(
        select(Beneficiary.id, Beneficiary.exited_on, BeneficiaryFollowUp.consents, BeneficiaryFollowUpAttempt.month,
               BeneficiaryFollowUpAttempt.reached, BeneficiaryFollowUpAttempt.housing_outcome,
               BeneficiaryFollowUpAttempt.work_outcome)
        .outerjoin(BeneficiaryFollowUp, BeneficiaryFollowUp.beneficiary_id == Beneficiary.id)
        .outerjoin(BeneficiaryFollowUpAttempt, BeneficiaryFollowUpAttempt.follow_up_id == BeneficiaryFollowUp.id)
        .where(Beneficiary.programme == programme, Beneficiary.exited_on >= start, Beneficiary.exited_on <= end)
        .order_by(Beneficiary.id, BeneficiaryFollowUpAttempt.attempted_on, BeneficiaryFollowUpAttempt.id)).all()
    found: dict[int, OutcomeFact] = {}
    for beneficiary_id, left_on, consents, month, reached, housing, work in rows:
        fact = found.setdefault(beneficiary_id, OutcomeFact(beneficiary_id, left_on, bool(consents), {}))
        if month is not None and reached:
            fact.reached.setdefault(month, (housing, work))
    return list(found.values())
