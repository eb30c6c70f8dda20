"""Reading the audit trail with filters."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from housing.core.audit_entry import AuditEntry
from housing.auth.models import User
from housing.core.clock import ATHENS
from housing.extensions import db


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # username (actor)
    action: str = ""
    kind: str = ""  # record type
    case_code: str = ""
    since: date | None = None  # Athens days, inclusive
    until: date | None = None
    # The areas whose case codes this reader may see: a case-code filter looks only there, so
    # it cannot tell anyone else whether a code exists.
    case_areas: frozenset[str] = field(default_factory=frozenset)


def _athens_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ATHENS)


def filtered(criteria: AuditFilter) -> Select:
    query = select(AuditEntry)
    if criteria.person.strip():
        query = query.where(func.lower(AuditEntry.actor) == criteria.person.strip().lower())
    if criteria.case_code.strip():
        query = query.where(func.upper(AuditEntry.case_code) == criteria.case_code.strip().upper(),
                            AuditEntry.area.in_(sorted(criteria.case_areas)))
    if criteria.action.strip():
        query = query.where(AuditEntry.action == criteria.action.strip())
    if criteria.kind.strip():
        query = query.where(AuditEntry.record_type == criteria.kind.strip())
    if criteria.since is not None:
        query = query.where(AuditEntry.at >= _athens_midnight(criteria.since))
    if criteria.until is not None:
        query = query.where(AuditEntry.at < _athens_midnight(criteria.until + timedelta(days=1)))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def entries(criteria: AuditFilter, limit: int = 200, before_id: int | None = None) -> list[AuditEntry]:
    query = filtered(criteria)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list(db.session.scalars(query.limit(limit)).all())


def usernames(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(sorted(ids)))).tuples().all())
