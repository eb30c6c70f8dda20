"""What the shelter and the programmes save of a follow-up in the same way: her consent, made or
corrected under a lock of her own, and its removal when the ending that asked for it is undone.
Each area keeps its models, its audit actions and its rules of who may; these take the area's
person (a stay, a beneficiary) whose `follow_up` is the record, and how to make a new one."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from housing.core.database import read_again_under_lock
from housing.core.errors import RuleViolation
from housing.core.follow_up import ConsentInput, kept_contact
from housing.extensions import db

Record = TypeVar("Record")


def locked_follow_up(owner: Any, kind: str) -> Any:
    """Her follow-up record (or None), read again under the lock of hers: two colleagues saving
    her consent or an attempt at once are taken one after the other, the second seeing the first's."""
    return read_again_under_lock(f"follow-up:{kind}:{owner.id}", owner, "follow_up")


def save_consent(owner: Any, kind: str, data: ConsentInput, by: Any, now: datetime,
                 new: Callable[[], Record]) -> Record:
    """Her answer on follow-up, kept as the rules allow (`kept_contact`): the record is made the
    first time, corrected after."""
    violations = data.violations()
    if violations:
        raise RuleViolation(violations)
    follow_up = locked_follow_up(owner, kind)
    if follow_up is None:
        follow_up = new()
        db.session.add(follow_up)
    follow_up.consents = data.consents
    follow_up.channel, follow_up.phone, follow_up.service = kept_contact(data)
    follow_up.recorded_by_id, follow_up.recorded_at = by.id, now
    db.session.flush()
    saved: Record = follow_up
    return saved


def forget_consent(owner: Any) -> None:
    """Part of undoing the ending that asked for it, the same day: she has not left after all, so
    no consent, no way to reach her and no follow-up is kept (the undo is the audited action)."""
    follow_up = owner.follow_up
    if follow_up is None:
        return
    for attempt in list(follow_up.attempts):
        db.session.delete(attempt)
    db.session.delete(follow_up)
    db.session.flush()
    db.session.expire(owner, ["follow_up"])
