"""Read models of her deadlines: the stay page's list and the facts the alerts read, one
statement each whatever the number of items."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from housing.core.alerts import fact_columns
from housing.extensions import db
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.models import Stay
from housing.shelter.stays.queries import record_restricted


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


def deadlines_query() -> Select:
    """The alerts' facts (housing.core.alerts.fact_columns): the open items of active stays."""
    return (select(*fact_columns("shelter.deadlines", record_id=StayDeadline.id, subject_id=Stay.id,
                                 code=Stay.case_code, restricted=record_restricted(), ordered_on=StayDeadline.due_on,
                                 text1=StayDeadline.kind, day1=StayDeadline.due_on))
            .join(Stay, Stay.id == StayDeadline.stay_id)
            .where(Stay.discharged_on.is_(None), StayDeadline.done_at.is_(None)))


def deadline_facts(rows: Iterable[Any]) -> list[DeadlineFact]:
    return [DeadlineFact(row.record_id, row.subject_id, row.code, bool(row.restricted), row.text1, row.day1)
            for row in rows]
