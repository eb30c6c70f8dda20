"""Read models of the safety plan: one stay's plan, the door list, the facts the alerts read.
Each runs a fixed number of statements whatever the number of stays and entries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from housing.core.names import name_key
from housing.extensions import db
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
    """Three statements for the entries and two for who recorded them and the children protected."""
    assessments = db.session.scalars(
        select(RiskAssessment).where(RiskAssessment.stay_id == stay_id)
        .options(selectinload(RiskAssessment.assessed_by))
        .order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())).all()
    orders = db.session.scalars(
        select(ProtectiveOrder).where(ProtectiveOrder.stay_id == stay_id)
        .options(selectinload(ProtectiveOrder.children).selectinload(ProtectiveOrderChild.stay_child)
                 .selectinload(StayChild.child),
                 selectinload(ProtectiveOrder.recorded_by), selectinload(ProtectiveOrder.ended_by))).all()
    barred = db.session.scalars(
        select(BarredPerson).where(BarredPerson.stay_id == stay_id)
        .options(selectinload(BarredPerson.recorded_by), selectinload(BarredPerson.ended_by))).all()
    return SafetyPlan(list(assessments), sorted(orders, key=_current_first), sorted(barred, key=_current_first))


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


def current_assessments() -> list[ReviewFact]:
    """The latest assessment of each active stay (by assessment day, then entry)."""
    ranked = (select(RiskAssessment.id, func.row_number().over(
        partition_by=RiskAssessment.stay_id,
        order_by=(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())).label("rank"))
        .subquery())
    rows = db.session.execute(
        select(Stay.id, Stay.case_code, Stay.restricted, RiskAssessment.level, RiskAssessment.next_review_on)
        .join(RiskAssessment, RiskAssessment.stay_id == Stay.id)
        .join(ranked, (ranked.c.id == RiskAssessment.id) & (ranked.c.rank == 1))
        .where(Stay.discharged_on.is_(None)).order_by(Stay.case_code)).all()
    return [ReviewFact(*row) for row in rows]


@dataclass(frozen=True)
class OrderFact:
    order_id: int
    stay_id: int
    case_code: str
    restricted: bool
    valid_until: date


def current_orders() -> list[OrderFact]:
    """Orders not marked ended, of stays still active."""
    rows = db.session.execute(
        select(ProtectiveOrder.id, Stay.id, Stay.case_code, Stay.restricted, ProtectiveOrder.valid_until)
        .join(Stay, Stay.id == ProtectiveOrder.stay_id)
        .where(Stay.discharged_on.is_(None), ProtectiveOrder.ended_at.is_(None))
        .order_by(Stay.case_code, ProtectiveOrder.id)).all()
    return [OrderFact(*row) for row in rows]
