"""Her consent to be contacted after leaving and the attempts to reach her, each with an audit
action of its own."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from housing.core.i18n import lazy_gettext as _l

from housing.auth.models import User
from housing.core import follow_up as rules, follow_up_records as records
from housing.core.audit import audited
from housing.core.errors import RuleViolation, Violation
from housing.core.follow_up import ConsentInput
from housing.extensions import db
from housing.shelter.follow_up.models import StayFollowUp, StayFollowUpAttempt
from housing.shelter.models import Stay


@audited("record_follow_up_consent")
def record_consent(stay: Stay, data: ConsentInput, by: User, now: datetime) -> StayFollowUp:
    """At discharge (part of it: the discharge names the rows) — or later, when she gives it or
    takes it back."""
    return records.save_consent(stay, "stay", data, by, now,
                                lambda: StayFollowUp(stay=stay, recorded_by_id=by.id, recorded_at=now))


def forget_consent(stay: Stay) -> None:
    records.forget_consent(stay)


@audited("change_follow_up_consent")
def change_consent(stay: Stay, data: ConsentInput, by: User, now: datetime) -> StayFollowUp:
    """After she left: she agrees now, takes her consent back, or gives another way to reach her."""
    if stay.is_active:
        raise RuleViolation(Violation("", _l("Her consent is asked at discharge; she is still here.")))
    return record_consent(stay, data, by, now)


@dataclass
class AttemptInput:
    month: int | None
    attempted_on: date | None
    channel: str
    reached: bool | None
    housing_outcome: str = ""
    note: str = ""


@audited("record_follow_up_attempt")
def record_attempt(stay: Stay, data: AttemptInput, by: User, today: date, now: datetime,
                   months: Sequence[int]) -> StayFollowUpAttempt:
    follow_up = records.locked_follow_up(stay, "stay")
    earlier = [rules.Attempt(a.attempted_on, a.reached) for a in follow_up.attempts if a.month == data.month] \
        if follow_up is not None else []
    violations = rules.attempt_violations(
        stay.discharged_on, follow_up is not None and follow_up.consents, data.month, months, earlier,
        data.attempted_on, data.channel, data.reached, {"housing_outcome": data.housing_outcome},
        {"housing_outcome": rules.HOUSING_OUTCOMES}, data.note, today)
    if violations:
        raise RuleViolation(violations)
    assert data.month is not None and data.attempted_on is not None and data.reached is not None
    attempt = StayFollowUpAttempt(follow_up=follow_up, month=data.month, attempted_on=data.attempted_on,
                                  channel=data.channel, reached=data.reached,
                                  housing_outcome=data.housing_outcome if data.reached else "",
                                  note=data.note.strip(), recorded_by_id=by.id, recorded_at=now)
    db.session.add(attempt)
    db.session.flush()
    return attempt
