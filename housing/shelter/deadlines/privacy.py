"""Her deadlines' personal data: in her subject-access export, anonymised by the retention purge
with the rest of her file (on the shelter's clock: every stay of hers ended before the cutoff).
The purge takes the notes and who was responsible, and the personal values of every audit entry
about them; the kinds and dates stay. It marks what it did, so a second run touches nothing."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from housing.core.i18n import lazy_gettext as _l
from housing.core.audit import values_withheld
from housing.core.privacy import REMOVED, AreaPurge, PrivacyProvider, RecordIds, columns_of, scrub_audit
from housing.extensions import db
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.models import Resident, Stay
from housing.shelter.safety.privacy import stays_due

SECTIONS = {"deadlines": _l("Her deadlines")}


def stay_records(stay_ids: list[int]) -> RecordIds:
    if not stay_ids:
        return {}
    return {"stay_deadline": list(db.session.scalars(
        select(StayDeadline.id).where(StayDeadline.stay_id.in_(stay_ids))).all())}


def resident_deadline_records(resident: Resident) -> RecordIds:
    return stay_records([stay.id for stay in resident.stays])


def purge_deadlines(cutoff: date, now: datetime, dry_run: bool) -> AreaPurge:
    stay_ids = stays_due(cutoff)
    items = list(db.session.scalars(select(StayDeadline).where(
        StayDeadline.stay_id.in_(stay_ids), StayDeadline.anonymised_at.is_(None)))) if stay_ids else []
    done = AreaPurge(counts={"deadlines": len(items)})
    if dry_run or not items:
        return done
    with values_withheld():
        for item in items:
            item.note = REMOVED if item.note else ""
            item.responsible = REMOVED if item.responsible else ""
            item.anonymised_at = now
        db.session.flush()
    done.counts["audit_entries_scrubbed"] = scrub_audit(stay_records(sorted({i.stay_id for i in items})), [])
    return done


def deadline_sections(records: RecordIds) -> dict[str, Any]:
    """The deadlines of each of her stays, found from the shelter's records of her."""
    stay_ids = records.get("stay", [])
    if not stay_ids:
        return {}
    codes = dict(db.session.execute(select(Stay.id, Stay.case_code).where(Stay.id.in_(stay_ids))).tuples().all())
    items = db.session.scalars(select(StayDeadline).where(StayDeadline.stay_id.in_(stay_ids))
                               .order_by(StayDeadline.due_on, StayDeadline.id)).all()
    return {"deadlines": [{"stay_id": stay_id, "case_code": codes.get(stay_id, ""),
                           "items": [columns_of(i) for i in items if i.stay_id == stay_id]}
                          for stay_id in sorted(stay_ids)]}


PROVIDER = PrivacyProvider(area="deadlines", records_of=resident_deadline_records, purge=purge_deadlines,
                           sections=SECTIONS, linked_sections=deadline_sections)
