"""The retention purge: people whose stay ended more than N years ago are anonymised.

What goes: names, dates of birth (kept as 1 January of the year), phone, nationality,
languages, notes and every free text written about them (discharge reasons, extension
reasons and notes, night-check notes, the referral she came from and the notes of beds held
for her), and the personal values in every audit entry about any of her records
(housing.privacy.records ties each record to her). Referrals closed without an admission and
holds with no referral belong to nobody in the service: their free texts go once they have
been closed (or have ended) longer than the retention period.
Shift-log entries that may name her are listed for a person to redact, never changed here.
What stays: the anonymous facts reports need — dates of stays, rooms, destinations,
referral sources, children's sex and year of birth, extensions and their dates.
Idempotent: an anonymised person, referral or hold is not touched again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import selectinload

from housing.core.audit_entry import AuditEntry
from housing.core.audit import audited, record, values_withheld
from housing.extensions import db
from housing.privacy.records import (RecordIds, audit_about, referral_records, resident_records,
                                     shift_entries_naming_any)
from housing.shelter.models import NightCheckMark, Referral, Resident, RoomHold, Stay

ANONYMOUS = "—"
REMOVED = "[removed]"


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class ShiftLogMention:
    """A shift-log entry whose text may name a purged person: to be read and redacted by hand."""

    entry_id: int
    written_at: datetime
    case_code: str


@dataclass
class PurgeReport:
    cutoff: date
    residents: list[int] = field(default_factory=list)
    stays: list[str] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
    shift_log_mentions: list[ShiftLogMention] = field(default_factory=list)

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
        .options(selectinload(Resident.children), selectinload(Resident.stays).selectinload(Stay.children),
                 selectinload(Resident.stays).selectinload(Stay.extension_requests))
        .order_by(Resident.id)).all())


def referrals_due(cutoff: date) -> list[Referral]:
    """Closed without an admission (placed elsewhere, withdrawn) before the cutoff."""
    return list(db.session.scalars(select(Referral).where(
        Referral.stay_id.is_(None), Referral.status != "waiting", Referral.closed_on < cutoff,
        Referral.anonymised_at.is_(None)).order_by(Referral.id)).all())


def holds_due(cutoff: date) -> list[RoomHold]:
    """Holds for no referral that ended (released, or ran out) before the cutoff."""
    moment = datetime.combine(cutoff, time(), tzinfo=UTC)
    return list(db.session.scalars(select(RoomHold).where(
        RoomHold.referral_id.is_(None), RoomHold.anonymised_at.is_(None),
        or_(RoomHold.released_at < moment, and_(RoomHold.released_at.is_(None), RoomHold.held_until < moment)))
        .order_by(RoomHold.id)).all())


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


def _blank_referrals(referrals, now: datetime) -> None:
    for referral in referrals:
        referral.contact_notes, referral.closing_note = "", ""
        referral.anonymised_at = now
        for hold in referral.holds:
            hold.note, hold.anonymised_at = "", now


def anonymise_resident(resident: Resident, now: datetime) -> list[str]:
    resident.first_name = ANONYMOUS
    resident.last_name = ANONYMOUS
    resident.birth_date = date(resident.birth_date.year, 1, 1)
    resident.phone = ""
    resident.nationality = ""
    resident.languages = ""
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
                link.exception_reason = REMOVED
        for request in stay.extension_requests:
            request.reason, request.decision_note = "", ""
    stay_ids = [stay.id for stay in resident.stays]
    for mark in db.session.scalars(select(NightCheckMark).where(NightCheckMark.stay_id.in_(stay_ids))):
        mark.note = ""
    _blank_referrals(db.session.scalars(select(Referral).where(Referral.stay_id.in_(stay_ids))), now)
    return codes


def _mentions(residents: list[Resident]) -> list[ShiftLogMention]:
    """Read before anonymising: afterwards her name is no longer there to be looked for."""
    if not residents:
        return []
    return [ShiftLogMention(entry.id, entry.written_at, resident.stays[-1].case_code if resident.stays else "")
            for entry, resident in shift_entries_naming_any(residents)]


@audited("retention_purge")
def purge(today: date, now: datetime, older_than_years: int, dry_run: bool) -> PurgeReport:
    """Anonymise everyone whose stay (or enrolment) ended more than N years ago, and the
    referrals and holds of nobody that ended as long ago."""
    cutoff = years_before(today, older_than_years)
    report = PurgeReport(cutoff)
    due = residents_due(cutoff)
    referrals, holds = referrals_due(cutoff), holds_due(cutoff)
    report.residents = [r.id for r in due]
    report.shift_log_mentions = _mentions(due)
    report.extra.update({"referrals": len(referrals), "holds": len(holds)})
    if dry_run:
        report.stays = [s.case_code for r in due for s in r.stays]
        report.extra.update(_other_programmes(cutoff, now, dry_run=True))
        return report
    owned = [resident_records(resident) for resident in due]
    unowned = referral_records([referral.id for referral in referrals])
    unowned["room_hold"] = unowned["room_hold"] + [hold.id for hold in holds]
    with values_withheld():
        for resident in due:
            report.stays += anonymise_resident(resident, now)
        _blank_referrals(referrals, now)
        for hold in holds:
            hold.note, hold.anonymised_at = "", now
        db.session.flush()
    scrubbed = sum(scrub_audit(records, []) for records in owned) + scrub_audit(unowned, [])
    scrubbed += scrub_audit({}, report.stays)
    report.extra.update(_other_programmes(cutoff, now, dry_run=False))
    report.extra["audit_entries_scrubbed"] = scrubbed + report.extra.get("audit_entries_scrubbed", 0)
    record("retention_purge", detail=json.dumps({
        "cutoff": cutoff.isoformat(), "residents": len(report.residents), "stays": len(report.stays), **report.extra,
        "shift_log_entries_to_redact": [mention.entry_id for mention in report.shift_log_mentions]}))
    db.session.flush()
    return report


def _other_programmes(cutoff: date, now: datetime, dry_run: bool) -> dict[str, int]:
    """REINTEGRATION beneficiaries who left the programme before the cutoff."""
    from housing.programmes.retention import purge_beneficiaries

    return purge_beneficiaries(cutoff, now, dry_run)
