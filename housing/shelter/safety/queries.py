"""Read models of the safety plan: one stay's plan, the door list, the facts the alerts read.
Each runs a fixed number of statements whatever the number of stays and entries."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from housing.core.alerts import fact_columns
from housing.core.names import name_key
from housing.extensions import db
from housing.shelter.stays.queries import record_restricted
from housing.shelter.models import Stay, StayChild
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder, ProtectiveOrderChild, RiskAssessment


@dataclass
class SafetyPlan:
    """A stay's plan: assessments newest first (the first is the current level), orders and
    barred persons, current ones first."""

    assessments: list[RiskAssessment] = field(default_factory=list)
    orders: list[ProtectiveOrder] = field(default_factory=list)
    barred: list[BarredPerson] = field(default_factory=list)

    @property
    def current(self) -> RiskAssessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def is_empty(self) -> bool:
        return not (self.assessments or self.orders or self.barred)


def _current_first(entry: ProtectiveOrder | BarredPerson) -> tuple[bool, int]:
    return entry.ended_at is not None, -entry.id


def safety_plan_of(stay_id: int) -> SafetyPlan:
    """One statement: the stay with its assessments, orders (and the children they protect) and
    barred persons, and who recorded and ended each, joined (a stay's plan is a few dozen rows)."""
    assessments, orders, barred = (getattr(Stay, name) for name in
                                   ("risk_assessments", "protective_orders", "barred_persons"))
    stay = db.session.scalars(
        select(Stay).where(Stay.id == stay_id).options(
            joinedload(assessments).joinedload(RiskAssessment.assessed_by),
            joinedload(orders).joinedload(ProtectiveOrder.children).joinedload(ProtectiveOrderChild.stay_child)
            .joinedload(StayChild.child),
            joinedload(orders).joinedload(ProtectiveOrder.recorded_by),
            joinedload(orders).joinedload(ProtectiveOrder.ended_by),
            joinedload(barred).joinedload(BarredPerson.recorded_by),
            joinedload(barred).joinedload(BarredPerson.ended_by))).unique().one_or_none()
    if stay is None:
        return SafetyPlan()
    return SafetyPlan(sorted(stay.risk_assessments, key=lambda a: (a.assessed_on, a.id), reverse=True),  # type: ignore[attr-defined]
                      sorted(stay.protective_orders, key=_current_first),  # type: ignore[attr-defined]
                      sorted(stay.barred_persons, key=_current_first))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DoorEntry:
    """One person not to be let in, as the door list shows them: nothing of whose case it is."""

    name: str
    relationship: str
    description: str
    what_to_do: str


def door_list() -> list[DoorEntry]:
    """Every current barred person of every active stay, restricted stays included (the door's
    safety comes first), ordered by name so that the order says nothing of whom they concern or
    when they were named. The same person named by two stays is listed twice: the descriptions
    may differ, and merging them would tell the reader that two women share an aggressor."""
    rows = db.session.execute(
        select(BarredPerson.name, BarredPerson.relationship_to_her, BarredPerson.description,
               BarredPerson.what_to_do)
        .join(Stay, Stay.id == BarredPerson.stay_id)
        .where(Stay.discharged_on.is_(None), BarredPerson.ended_at.is_(None))).all()
    entries = [DoorEntry(*row) for row in rows]
    return sorted(entries, key=lambda e: (name_key(e.name), e.name, e.description, e.what_to_do))


@dataclass(frozen=True)
class ReviewFact:
    stay_id: int
    case_code: str
    restricted: bool
    level: str
    next_review_on: date


@dataclass(frozen=True)
class OrderFact:
    order_id: int
    stay_id: int
    case_code: str
    restricted: bool
    valid_until: date


def latest_reviews_query() -> Select:
    """The latest assessment of each active stay (by assessment day, then entry)."""
    ranked = (select(RiskAssessment.id, func.row_number().over(
        partition_by=RiskAssessment.stay_id,
        order_by=(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())).label("rank"))
        .subquery())
    return (select(*fact_columns("safety.reviews", record_id=RiskAssessment.id, subject_id=Stay.id,
                                 code=Stay.case_code, restricted=record_restricted(), text1=RiskAssessment.level,
                                 day1=RiskAssessment.next_review_on))
            .join(Stay, Stay.id == RiskAssessment.stay_id)
            .join(ranked, (ranked.c.id == RiskAssessment.id) & (ranked.c.rank == 1))
            .where(Stay.discharged_on.is_(None)))


def open_orders_query() -> Select:
    """The orders not marked ended of active stays."""
    return (select(*fact_columns("safety.orders", record_id=ProtectiveOrder.id, subject_id=Stay.id,
                                 code=Stay.case_code, restricted=record_restricted(), day1=ProtectiveOrder.valid_until))
            .join(Stay, Stay.id == ProtectiveOrder.stay_id)
            .where(Stay.discharged_on.is_(None), ProtectiveOrder.ended_at.is_(None)))


def review_facts(rows: Iterable[Any]) -> list[ReviewFact]:
    return [ReviewFact(row.subject_id, row.code, bool(row.restricted), row.text1, row.day1) for row in rows]


def order_facts(rows: Iterable[Any]) -> list[OrderFact]:
    return [OrderFact(row.record_id, row.subject_id, row.code, bool(row.restricted), row.day1) for row in rows]
