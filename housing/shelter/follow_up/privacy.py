"""The follow-up's personal data: in her subject-access export, anonymised by the retention purge
with the rest of her file (every stay of hers ended before the cutoff). The purge takes the phone
number, the service's name and the notes of attempts, and the personal values of every audit
entry about them; whether she consented, the dates, channels and outcomes stay (the report's
anonymous figures). It marks what it did, so a second run touches nothing again."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from housing.core.i18n import lazy_gettext as _l
from housing.core.audit import values_withheld
from housing.core.privacy import REMOVED, AreaPurge, PrivacyProvider, RecordIds, columns_of, scrub_audit
from housing.extensions import db
from housing.shelter.follow_up.models import StayFollowUp, StayFollowUpAttempt
from housing.shelter.models import Resident, Stay
from housing.shelter.safety.privacy import stays_due

SECTIONS = {"follow_up": _l("Follow-up after leaving")}


def stay_records(stay_ids: list[int]) -> RecordIds:
    if not stay_ids:
        return {}
    follow_ups = list(db.session.scalars(select(StayFollowUp.id).where(StayFollowUp.stay_id.in_(stay_ids))).all())
    return {"stay_follow_up": follow_ups,
            "stay_follow_up_attempt": list(db.session.scalars(select(StayFollowUpAttempt.id).where(
                StayFollowUpAttempt.follow_up_id.in_(follow_ups))).all()) if follow_ups else []}


def resident_follow_up_records(resident: Resident) -> RecordIds:
    return stay_records([stay.id for stay in resident.stays])


def purge_follow_up(cutoff: date, now: datetime, dry_run: bool) -> AreaPurge:
    stay_ids = stays_due(cutoff)
    follow_ups = list(db.session.scalars(select(StayFollowUp).where(
        StayFollowUp.stay_id.in_(stay_ids), StayFollowUp.anonymised_at.is_(None))
        .options(selectinload(StayFollowUp.attempts)))) if stay_ids else []
    attempts = [a for f in follow_ups for a in f.attempts if a.anonymised_at is None]
    done = AreaPurge(counts={"follow_ups": len(follow_ups), "follow_up_attempts": len(attempts)})
    if dry_run or not follow_ups:
        return done
    with values_withheld():
        for follow_up in follow_ups:
            follow_up.phone = REMOVED if follow_up.phone else ""
            follow_up.service = REMOVED if follow_up.service else ""
            follow_up.anonymised_at = now
        for attempt in attempts:
            attempt.note = REMOVED if attempt.note else ""
            attempt.anonymised_at = now
        db.session.flush()
    done.counts["audit_entries_scrubbed"] = scrub_audit(stay_records(sorted({f.stay_id for f in follow_ups})), [])
    return done


def follow_up_sections(records: RecordIds) -> dict[str, Any]:
    """Her consent and the attempts to reach her after each of her stays."""
    stay_ids = records.get("stay", [])
    if not stay_ids:
        return {}
    codes = dict(db.session.execute(select(Stay.id, Stay.case_code).where(Stay.id.in_(stay_ids))).tuples().all())
    follow_ups = db.session.scalars(select(StayFollowUp).where(StayFollowUp.stay_id.in_(stay_ids))
                                    .options(selectinload(StayFollowUp.attempts)).order_by(StayFollowUp.id)).all()
    return {"follow_up": [{"stay_id": f.stay_id, "case_code": codes.get(f.stay_id, ""), **columns_of(f),
                           "attempts": [columns_of(a) for a in f.attempts]} for f in follow_ups]}


PROVIDER = PrivacyProvider(area="follow_up", records_of=resident_follow_up_records, purge=purge_follow_up,
                           sections=SECTIONS, linked_sections=follow_up_sections)
