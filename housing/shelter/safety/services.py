"""Changes to a stay's safety plan. Each change has an audit action of its own; nothing is
deleted: a new assessment follows the last, an order or a barred person is marked ended."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from housing.auth.models import User
from housing.core.audit import audited
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter.models import Stay
from housing.shelter.safety import rules
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder, ProtectiveOrderChild, RiskAssessment


@audited("assess_risk")
def assess_risk(stay: Stay, level: str, assessed_on: date | None, next_review: date | None, note: str, by: User,
                today: date, now: datetime, review_days: Mapping[str, int]) -> RiskAssessment:
    """A new assessment; with no review date given, the level's interval sets it."""
    violations = rules.assessment_violations(level, assessed_on, next_review, today, review_days, stay.is_active)
    if violations:
        raise RuleViolation(violations)
    assert assessed_on is not None  # the rules refused a missing day
    assessment = RiskAssessment(
        stay=stay, level=level, assessed_on=assessed_on,
        next_review_on=next_review or rules.next_review_on(level, assessed_on, review_days), note=note.strip(),
        assessed_by_id=by.id, recorded_at=now)
    db.session.add(assessment)
    db.session.flush()
    return assessment


@dataclass
class OrderInput:
    authority: str
    kind: str
    reference: str
    issued_on: date | None
    valid_until: date | None
    conditions: str = ""
    protects_woman: bool = True
    child_ids: list[int] = field(default_factory=list)  # StayChild ids of this stay


@audited("record_protective_order")
def record_protective_order(stay: Stay, data: OrderInput, by: User, today: date, now: datetime) -> ProtectiveOrder:
    on_stay = {link.id: link for link in stay.children}
    violations = rules.order_violations(data.authority, data.kind, data.reference, data.issued_on, data.valid_until,
                                        data.protects_woman, data.child_ids, on_stay, today, stay.is_active)
    if violations:
        raise RuleViolation(violations)
    order = ProtectiveOrder(stay=stay, authority=data.authority, kind=data.kind, reference=data.reference.strip(),
                            issued_on=data.issued_on, valid_until=data.valid_until,
                            conditions=data.conditions.strip(), protects_woman=data.protects_woman,
                            recorded_by_id=by.id, recorded_at=now)
    db.session.add(order)
    for child_id in sorted(set(data.child_ids)):
        db.session.add(ProtectiveOrderChild(order=order, stay_child=on_stay[child_id]))
    db.session.flush()
    return order


@audited("end_protective_order")
def end_protective_order(order: ProtectiveOrder, reason: str, by: User, now: datetime) -> ProtectiveOrder:
    """Revoked, replaced or entered by mistake: kept, marked ended, off the alerts."""
    violations = rules.ending_violations(reason, order.ended_at is not None, order.stay.is_active)
    if violations:
        raise RuleViolation(violations)
    order.ended_at, order.ended_by_id, order.end_reason = now, by.id, reason.strip()
    db.session.flush()
    return order


@audited("bar_person")
def bar_person(stay: Stay, name: str, relationship: str, description: str, what_to_do: str, by: User,
               now: datetime) -> BarredPerson:
    violations = rules.barred_person_violations(name, description, what_to_do, stay.is_active)
    if violations:
        raise RuleViolation(violations)
    person = BarredPerson(stay=stay, name=" ".join(name.split()), relationship_to_her=relationship.strip(),
                          description=description.strip(), what_to_do=what_to_do.strip(), recorded_by_id=by.id,
                          recorded_at=now)
    db.session.add(person)
    db.session.flush()
    return person


@audited("end_barred_person")
def end_barred_person(person: BarredPerson, reason: str, by: User, now: datetime) -> BarredPerson:
    """No longer to be kept out (or entered by mistake): kept, marked ended, off the door list."""
    violations = rules.ending_violations(reason, person.ended_at is not None, person.stay.is_active)
    if violations:
        raise RuleViolation(violations)
    person.ended_at, person.ended_by_id, person.end_reason = now, by.id, reason.strip()
    db.session.flush()
    return person


def child_choices(stay: Stay) -> Iterable[tuple[int, str]]:
    """The children of the stay an order may protect, by first name."""
    return [(link.id, link.child.first_name) for link in stay.children]
