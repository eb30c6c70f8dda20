"""The register's recent entries and their count by reason (two statements)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from housing.extensions import db
from housing.shelter.models import TurnAway
from housing.shelter.turnaways.rules import recent_since


def recent_turn_aways(today: date, limit: int = 200) -> list[TurnAway]:
    return list(db.session.scalars(
        select(TurnAway).where(TurnAway.occurred_on >= recent_since(today), TurnAway.occurred_on <= today)
        .order_by(TurnAway.occurred_on.desc(), TurnAway.id.desc()).limit(limit)).all())


def recent_by_reason(today: date) -> dict[str, int]:
    rows = db.session.execute(
        select(TurnAway.reason, func.count())
        .where(TurnAway.occurred_on >= recent_since(today), TurnAway.occurred_on <= today)
        .group_by(TurnAway.reason)).all()
    return {reason: int(count) for reason, count in rows}
