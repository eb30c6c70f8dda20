"""Writing an entry of the turn-away register."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from housing.auth.models import User
from housing.core.audit import audited
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter.models import REFERRAL_SOURCES, TURN_AWAY_REASONS, TurnAway
from housing.shelter.turnaways.rules import turn_away_violations


@dataclass
class TurnAwayInput:
    occurred_on: date | None
    source: str
    children: int | None
    oldest_child_age: int | None
    reason: str
    referred_to: str = ""


@audited("record_turn_away")
def record_turn_away(data: TurnAwayInput, by: User, today: date, now: datetime) -> TurnAway:
    """An anonymous entry: no name, no contact — only what measures the unmet demand."""
    violations = turn_away_violations(data.occurred_on, today, data.source, REFERRAL_SOURCES, data.children,
                                      data.oldest_child_age, data.reason, TURN_AWAY_REASONS, data.referred_to)
    if violations:
        raise RuleViolation(violations)
    entry = TurnAway(occurred_on=data.occurred_on, source=data.source, children=data.children,
                     oldest_child_age=data.oldest_child_age if data.children else None, reason=data.reason,
                     referred_to=data.referred_to.strip(), recorded_by_id=by.id, recorded_at=now)
    db.session.add(entry)
    db.session.flush()
    return entry
