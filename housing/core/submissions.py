"""One-time submission keys. A form carries a random key; the service that acts on it records
the key with what it produced, under its lock, so a repeat of the same submission (a double
click, a retry after a slow answer) finds the first result instead of acting twice."""
from __future__ import annotations

from typing import Any

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from housing.core.errors import RuleViolation, Violation
from housing.core.types import UTCDateTime
from housing.extensions import db

KEY_LENGTH = 64


class SubmissionKeyMixin:
    """A form's key, whose user it was issued to, and when it was used; each area's model adds
    what the submission produced."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def earlier_submission(model: Any, key: str, user_id: int, refused: str) -> Any:
    """The record of an earlier submission of this key, or None for a key not used yet (or no
    key). A key longer than any issued, or issued to someone else, is refused with `refused`.
    Call under the service's lock."""
    if not key:
        return None
    if len(key) > KEY_LENGTH:
        raise RuleViolation(Violation("", refused))
    earlier = db.session.scalar(select(model).where(model.key == key))
    if earlier is not None and earlier.user_id != user_id:
        raise RuleViolation(Violation("", refused))
    return earlier
