"""Everything the service holds on one woman of the shelter, for a subject-access request."""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from flask_babel import lazy_gettext as _l

from housing.core.audit_entry import AuditEntry
from housing.extensions import db
from housing.privacy.records import audit_about, beneficiary_records, resident_records, shift_entries_naming
from housing.shelter.models import NightCheckMark, Placement, Referral, Resident, RoomHold, Stay, StayChild


SUBJECT_ACCESS_SECTIONS = {
    "resident": _l("Her details"), "children": _l("Children"), "stays": _l("Stays at the shelter"),
    "referrals": _l("Referrals"), "holds": _l("Beds held for her arrival"),
    "shift_log_mentions": _l("Shift-log entries that may name her"), "audit_trail": _l("Audit trail about this person"),
    "reintegration": _l("REINTEGRATION programme"), "beneficiary": _l("Details"), "tenancies": _l("Tenancies"),
    "payments": _l("Payments"), "jobs": _l("Jobs"), "sessions": _l("Support sessions"),
}


def _columns(record, skip: tuple[str, ...] = ()) -> dict:
    return {column.key: _plain(getattr(record, column.key)) for column in record.__mapper__.column_attrs
            if column.key not in skip}


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def resident_record(resident_id: int) -> dict | None:
    """Her details, her children, every stay with its rooms, extensions and night-check marks,
    the referral she came from and the beds held for it, the shift-log entries that may name
    her, and every audit entry about any of her records (housing.privacy.records)."""
    resident = db.session.scalar(select(Resident).where(Resident.id == resident_id).options(
        selectinload(Resident.children),
        selectinload(Resident.stays).selectinload(Stay.placements).selectinload(Placement.room),
        selectinload(Resident.stays).selectinload(Stay.children).selectinload(StayChild.child),
        selectinload(Resident.stays).selectinload(Stay.extension_requests)))
    if resident is None:
        return None
    stay_ids = [stay.id for stay in resident.stays]
    codes = [stay.case_code for stay in resident.stays]
    records = resident_records(resident)
    marks = db.session.scalars(select(NightCheckMark).where(NightCheckMark.id.in_(records.get("night_check_mark", [])))
                               .options(selectinload(NightCheckMark.check))
                               .order_by(NightCheckMark.id)).all()
    referrals = db.session.scalars(select(Referral).where(Referral.id.in_(records.get("referral", [])))
                                   .options(selectinload(Referral.children)).order_by(Referral.id)).all()
    holds = db.session.scalars(select(RoomHold).where(RoomHold.id.in_(records.get("room_hold", [])))
                               .options(selectinload(RoomHold.room)).order_by(RoomHold.id)).all()
    audit = db.session.scalars(select(AuditEntry).where(audit_about(records, codes))
                               .order_by(AuditEntry.at, AuditEntry.id)).all()
    from housing.programmes.models import Beneficiary

    enrolled = db.session.scalars(select(Beneficiary.id).where(Beneficiary.from_stay_id.in_(stay_ids))).all() \
        if stay_ids else []
    return {
        "resident": _columns(resident),
        "children": [_columns(child) for child in resident.children],
        "stays": [{
            **_columns(stay),
            "rooms": [{"room": p.room.name, "from": _plain(p.started_on), "to": _plain(p.ended_on)}
                      for p in stay.placements],
            "children": [{"child_id": link.child_id, "first_name": link.child.first_name,
                          "age_rule_exception": link.exception_reason} for link in stay.children],
            "extension_requests": [_columns(r) for r in stay.extension_requests],
            "night_checks": [{"night_of": _plain(m.check.night_of), "present": m.present, "note": m.note,
                              "current": m.current, "marked_at": _plain(m.marked_at)}
                             for m in marks if m.stay_id == stay.id],
        } for stay in resident.stays],
        "referrals": [{**_columns(r), "children": [{"age_years": c.age_years, "sex": c.sex} for c in r.children]}
                      for r in referrals],
        "holds": [{"room": h.room.name, **_columns(h, skip=("room_id",))} for h in holds],
        "shift_log_mentions": [{"entry_id": e.id, "written_at": _plain(e.written_at), "kind": e.kind, "text": e.text}
                               for e in shift_entries_naming(resident)],
        "audit_trail": _audit_rows(audit),
        "reintegration": [beneficiary_record(beneficiary_id) for beneficiary_id in enrolled],
    }


def _audit_rows(entries) -> list[dict]:
    return [{**_columns(entry, skip=("changes",)), "changes": json.loads(entry.changes) if entry.changes else {}}
            for entry in entries]


def beneficiary_record(beneficiary_id: int) -> dict | None:
    """Everything held on one REINTEGRATION beneficiary: details, tenancies, payments, jobs,
    sessions, referrals and the audit entries about them (nothing of a shelter file)."""
    from housing.programmes.models import Beneficiary

    person = db.session.scalar(select(Beneficiary).where(Beneficiary.id == beneficiary_id).options(
        selectinload(Beneficiary.tenancies), selectinload(Beneficiary.payments), selectinload(Beneficiary.jobs),
        selectinload(Beneficiary.sessions), selectinload(Beneficiary.referrals)))
    if person is None:
        return None
    audit = db.session.scalars(select(AuditEntry).where(audit_about(beneficiary_records(person), [person.case_code]))
                               .order_by(AuditEntry.at, AuditEntry.id)).all()
    return {
        "beneficiary": _columns(person),
        "tenancies": [_columns(t) for t in person.tenancies],
        "payments": [_columns(p) for p in person.payments],
        "jobs": [_columns(j) for j in person.jobs],
        "sessions": [_columns(s) for s in person.sessions],
        "referrals": [_columns(r) for r in person.referrals],
        "audit_trail": _audit_rows(audit),
    }
