"""Reading the audit trail with filters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from housing.audit.models import AuditEntry
from housing.core.clock import ATHENS
from housing.core.forms import record_id
from housing.extensions import db


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # username (actor)
    record: str = ""  # a case code, or type:id (e.g. stay:12)
    action: str = ""
    since: date | None = None  # Athens days, inclusive
    until: date | None = None


def _athens_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ATHENS)


def filtered(criteria: AuditFilter) -> Select:
    query = select(AuditEntry)
    if criteria.person.strip():
        query = query.where(func.lower(AuditEntry.actor) == criteria.person.strip().lower())
    record = criteria.record.strip()
    if record:
        kind, _sep, number = record.partition(":")
        if record_id(number) is not None:
            query = query.where(AuditEntry.record_type == kind.strip().lower(),
                                AuditEntry.record_id == record_id(number))
        else:
            query = query.where(func.upper(AuditEntry.case_code) == record.upper())
    if criteria.action.strip():
        query = query.where(AuditEntry.action == criteria.action.strip())
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


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all())
