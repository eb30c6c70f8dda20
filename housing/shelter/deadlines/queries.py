"""Read models of her deadlines: the stay page's list and the facts the alerts read, one
statement each whatever the number of items."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from housing.extensions import db
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.models import Stay


def deadlines_of(stay_id: int) -> list[StayDeadline]:
    """Open items first, by date; then the ones marked done, latest first. One statement."""
    rows = db.session.scalars(select(StayDeadline).where(StayDeadline.stay_id == stay_id).options(
        joinedload(StayDeadline.recorded_by), joinedload(StayDeadline.done_by))).unique().all()
    return sorted(rows, key=lambda d: (d.is_done, d.due_on.toordinal() * (-1 if d.is_done else 1), d.id))


@dataclass(frozen=True)
class DeadlineFact:
    deadline_id: int
    stay_id: int
    case_code: str
    restricted: bool
    kind: str
    due_on: date


def alert_facts() -> list[DeadlineFact]:
    """The open items of active stays. One statement."""
    rows = db.session.execute(
        select(StayDeadline.id, Stay.id, Stay.case_code, Stay.restricted, StayDeadline.kind, StayDeadline.due_on)
        .join(Stay, Stay.id == StayDeadline.stay_id)
        .where(Stay.discharged_on.is_(None), StayDeadline.done_at.is_(None))
        .order_by(StayDeadline.due_on, StayDeadline.id)).all()
    return [DeadlineFact(row[0], row[1], row[2], bool(row[3]), row[4], row[5]) for row in rows]
