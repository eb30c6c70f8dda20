"""The retention purge: people whose stay ended more than N years ago are anonymised.

What goes: names, dates of birth (kept as 1 January of the year), phone, notes and every
free text written about them (discharge reasons, extension reasons and notes, night-check
notes, referral contact notes), and the personal values in their old audit entries.
What stays: the anonymous facts reports need — dates of stays, rooms, destinations,
referral sources, children's sex and year of birth, extensions and their dates.
Idempotent: an anonymised person is not touched again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select, update

from housing.audit.models import AuditEntry
from housing.audit.recorder import audited, record, values_withheld
from housing.extensions import db
from housing.shelter.models import NightCheckMark, Referral, Resident, Stay

ANONYMOUS = "—"


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class PurgeReport:
    cutoff: date
    residents: list[int] = field(default_factory=list)
    stays: list[str] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return len(self.residents) + self.extra.get("beneficiaries", 0)


def residents_due(cutoff: date) -> list[Resident]:
    """Not yet anonymised, no active stay, and every stay ended before the cutoff."""
    last_end = (select(Stay.resident_id, func.max(Stay.discharged_on).label("last_end"),
                       func.count().filter(Stay.discharged_on.is_(None)).label("active"))
                .group_by(Stay.resident_id).subquery())
    return list(db.session.scalars(
        select(Resident).join(last_end, last_end.c.resident_id == Resident.id)
        .where(Resident.anonymised_at.is_(None), last_end.c.active == 0, last_end.c.last_end < cutoff)
        .order_by(Resident.id)).all())


def scrub_audit(record_type: str, ids: list[int], codes: list[str]) -> int:
    """Old audit entries about them keep who/when/what, without the personal values.
    The one deliberate write to the trail besides appending: done in bulk SQL, and itself audited."""
    if not ids and not codes:
        return 0
    conditions = [(AuditEntry.record_type == record_type) & AuditEntry.record_id.in_(ids)] if ids else []
    if codes:
        conditions.append(AuditEntry.case_code.in_(codes))
    entries = db.session.execute(select(AuditEntry.id, AuditEntry.changes).where(or_(*conditions))).all()
    scrubbed = 0
    for entry_id, changes in entries:
        if not changes:
            continue
        fields = json.loads(changes)
        blank = {name: ["[removed]", "[removed]"] for name in fields}
        db.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id)
                           .values(changes=json.dumps(blank)).execution_options(synchronize_session=False))
        scrubbed += 1
    return scrubbed


def anonymise_resident(resident: Resident, now: datetime) -> list[str]:
    resident.first_name = ANONYMOUS
    resident.last_name = ANONYMOUS
    resident.birth_date = date(resident.birth_date.year, 1, 1)
    resident.phone = ""
    resident.notes = ""
    resident.anonymised_at = now
    for child in resident.children:
        child.first_name = ANONYMOUS
        child.birth_date = date(child.birth_date.year, 1, 1)
    codes = []
    for stay in resident.stays:
        codes.append(stay.case_code)
        stay.discharge_reason = ""
        stay.restricted_reason = ""
        for link in stay.children:
            if link.exception_reason:
                link.exception_reason = "[removed]"
        for request in stay.extension_requests:
            request.reason, request.decision_note = "", ""
    stay_ids = [stay.id for stay in resident.stays]
    for mark in db.session.scalars(select(NightCheckMark).where(NightCheckMark.stay_id.in_(stay_ids))):
        mark.note = ""
    for referral in db.session.scalars(select(Referral).where(Referral.stay_id.in_(stay_ids))):
        referral.contact_notes, referral.closing_note = "", ""
    return codes


@audited("retention_purge")
def purge(today: date, now: datetime, older_than_years: int, dry_run: bool) -> PurgeReport:
    """Anonymise everyone whose stay (or enrolment) ended more than N years ago."""
    cutoff = years_before(today, older_than_years)
    report = PurgeReport(cutoff)
    due = residents_due(cutoff)
    report.residents = [r.id for r in due]
    if dry_run:
        report.stays = [s.case_code for r in due for s in r.stays]
        report.extra.update(_other_programmes(cutoff, now, dry_run=True))
        return report
    with values_withheld():
        for resident in due:
            report.stays += anonymise_resident(resident, now)
        db.session.flush()
    scrubbed = scrub_audit("resident", report.residents, report.stays)
    scrubbed += scrub_audit("child", [c.id for r in due for c in r.children], [])
    report.extra.update(_other_programmes(cutoff, now, dry_run=False))
    report.extra["audit_entries_scrubbed"] = scrubbed + report.extra.get("audit_entries_scrubbed", 0)
    record("retention_purge", detail=json.dumps({"cutoff": cutoff.isoformat(), "residents": len(report.residents),
                                                 "stays": len(report.stays), **report.extra}))
    db.session.flush()
    return report


def _other_programmes(cutoff: date, now: datetime, dry_run: bool) -> dict[str, int]:
    """REINTEGRATION beneficiaries who left the programme before the cutoff."""
    from housing.reintegration.retention import purge_beneficiaries

    return purge_beneficiaries(cutoff, now, dry_run)
