"""Changes to a stay's deadlines, each with an audit action of its own."""
from __future__ import annotations

from datetime import date, datetime

from housing.auth.models import User
from housing.core import deadlines as rules
from housing.core.audit import audited
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.models import Stay


@audited("record_deadline")
def record_deadline(stay: Stay, kind: str, due_on: date | None, responsible: str, note: str, by: User,
                    today: date, now: datetime) -> StayDeadline:
    violations = rules.deadline_violations(kind, due_on, responsible, note, today, stay.is_active)
    if violations:
        raise RuleViolation(violations)
    assert due_on is not None  # the rules refused a missing day
    deadline = StayDeadline(stay=stay, kind=kind, due_on=due_on, responsible=" ".join(responsible.split()),
                            note=note.strip(), recorded_by_id=by.id, recorded_at=now)
    db.session.add(deadline)
    db.session.flush()
    return deadline


@audited("complete_deadline")
def complete_deadline(deadline: StayDeadline, by: User, now: datetime) -> StayDeadline:
    """Over (the hearing took place, the permit was renewed) or no longer relevant: off the reminders."""
    violations = rules.completion_violations(deadline.is_done)
    if violations:
        raise RuleViolation(violations)
    deadline.done_at, deadline.done_by_id = now, by.id
    db.session.flush()
    return deadline
