"""What an area provides for the personal data it holds, and the pieces every area shares.

Each area that keeps records about people registers one `PrivacyProvider` from its
`init_app`: how to find every record of one person (its records map), how to anonymise the
people due before a cutoff (its purge), the titles of its sections in a subject-access
export, and which of its records belong to a person known by another area's records (a
woman's REINTEGRATION enrolment, found from her stay at the shelter). The retention purge
and the subject-access export (housing.privacy) walk the registered providers; the core
knows none of them by name.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import ColumnElement, false, or_, select, update

from housing.core.audit_entry import AuditEntry
from housing.core.registry import registry
from housing.extensions import db

RecordIds = dict[str, list[int]]  # table name → ids of the rows that concern one person
REMOVED = "[removed]"  # what a free text, or an audit value, reads after the purge


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def audit_about(records: RecordIds, case_codes: list[str]) -> ColumnElement[bool]:
    """The condition that finds every audit row about these records or these case codes."""
    conditions: list[ColumnElement[bool]] = [(AuditEntry.record_type == record_type) & AuditEntry.record_id.in_(ids)
                  for record_type, ids in sorted(records.items()) if ids]
    codes = [code for code in case_codes if code]
    if codes:
        conditions.append(AuditEntry.case_code.in_(codes))
    return or_(*conditions) if conditions else false()


def scrub_audit(records: RecordIds, codes: list[str]) -> int:
    """Old audit entries about these records keep who/when/what, without the personal values
    (the changed values and any detail). The one deliberate write to the trail besides
    appending: done in bulk SQL, and itself audited."""
    entries = db.session.execute(select(AuditEntry.id, AuditEntry.changes, AuditEntry.detail)
                                 .where(audit_about(records, codes)).order_by(AuditEntry.id)).all()
    scrubbed = []
    for entry_id, changes, detail in entries:
        fields = json.loads(changes) if changes else {}
        blank = {name: [REMOVED, REMOVED] for name in fields}
        if fields == blank and detail in ("", REMOVED):
            continue
        scrubbed.append({"id": entry_id, "changes": json.dumps(blank) if fields else changes,
                         "detail": REMOVED if detail else ""})
    if scrubbed:  # one executemany, by primary key
        db.session.execute(update(AuditEntry), scrubbed, execution_options={"synchronize_session": False})
    return len(scrubbed)


@dataclass(frozen=True)
class TextMention:
    """A free-text entry that may name a purged person: to be read and redacted by hand."""

    entry_id: int
    written_at: datetime
    case_code: str


@dataclass
class AreaPurge:
    """What one area's purge anonymised (or, on a dry run, would): the people it leads with
    and their case codes, other counts by name, and texts a person must read."""

    people: list[int] = field(default_factory=list)
    case_codes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mentions: list[TextMention] = field(default_factory=list)


Purge = Callable[[date, datetime, bool], AreaPurge]  # (cutoff, now, dry_run)
Sections = Callable[[RecordIds], dict[str, Any]]  # another area's records of a person → sections


@dataclass(frozen=True)
class PrivacyProvider:
    """One area's personal data: `records_of(person)` maps every record of one person,
    `purge(cutoff, now, dry_run)` anonymises the people due, `sections` titles the parts of
    its subject-access export, and `linked_sections(records)` gives the sections this area
    holds on a person known by another area's records."""

    area: str
    records_of: Callable[[Any], RecordIds]
    purge: Purge
    sections: Mapping[str, Any]
    linked_sections: Sections | None = None


def register_privacy_provider(app: Flask, provider: PrivacyProvider) -> None:
    providers = registry(app).privacy_providers
    if provider.area in providers:
        raise ValueError(f"privacy provider {provider.area!r} registered twice")
    providers[provider.area] = provider


def privacy_providers(app: Flask | None = None) -> list[PrivacyProvider]:
    """In the order the areas registered them (the order create_app plugs them in)."""
    return list(registry(app).privacy_providers.values())


def linked_sections(records: RecordIds, asking: str) -> dict[str, Any]:
    """What the other areas hold on the person these records (of the area `asking`) concern."""
    found: dict[str, Any] = {}
    for provider in privacy_providers():
        if provider.area != asking and provider.linked_sections is not None:
            found.update(provider.linked_sections(records))
    return found


def section_titles() -> dict[str, Any]:
    """Every registered area's subject-access section → its (lazy, translated) title."""
    titles: dict[str, Any] = {}
    for provider in privacy_providers():
        titles.update(provider.sections)
    return titles


def plain(value: Any) -> Any:
    """A value as a subject-access export writes it (dates as ISO 8601)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def columns_of(record: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every column of a row, by name, for a subject-access export; not the search key, which is
    her name again, folded for search (core/people.py)."""
    return {column.key: plain(getattr(record, column.key)) for column in record.__mapper__.column_attrs
            if column.key not in skip and column.key != "search_key"}


def audit_rows(entries: Any) -> list[dict[str, Any]]:
    """Audit entries as a subject-access export lists them, the changes read back from JSON."""
    return [{**columns_of(entry, skip=("changes",)), "changes": json.loads(entry.changes) if entry.changes else {}}
            for entry in entries]


def audit_trail_about(records: RecordIds, case_codes: list[str]) -> list[dict[str, Any]]:
    """Every audit entry about these records or case codes, oldest first, as exported."""
    return audit_rows(db.session.scalars(select(AuditEntry).where(audit_about(records, case_codes))
                                         .order_by(AuditEntry.at, AuditEntry.id)).all())
