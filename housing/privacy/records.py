"""Every record that holds personal data, tied to the person it concerns.

The retention purge and the subject-access export walk the same map, so neither can miss a
table the other knows. Audit rows are found by the (record_type, record_id) of each record
tied to the person as well as by case code: the rows of a resident's own record and of her
children carry no case code.

| record | tied to her through |
|---|---|
| resident, child | herself |
| stay, stay_child, placement, extension_request, night_check_mark | her stays |
| referral, referral_child | a referral that ended in her admission (referral.stay) |
| room_hold | its referral |
| shift_log_entry | not tied: entries whose text may name her are listed, never changed |

A referral closed without an admission, and a hold with no referral, belong to nobody in the
service; the purge blanks their free texts on their own clock (see housing.privacy.retention).
"""
from __future__ import annotations

from sqlalchemy import false, or_, select

from housing.core.audit_entry import AuditEntry
from housing.extensions import db
from housing.shelter.night import rules
from housing.shelter.models import (ExtensionRequest, NightCheckMark, Placement, Referral, ReferralChild, Resident,
                                    RoomHold, ShiftLogEntry, StayChild)

RecordIds = dict[str, list[int]]


def _ids(query) -> list[int]:
    return list(db.session.scalars(query).all())


def referral_records(referral_ids: list[int]) -> RecordIds:
    """A referral, the children it announced and the beds held for it."""
    if not referral_ids:
        return {"referral": [], "referral_child": [], "room_hold": []}
    return {
        "referral": list(referral_ids),
        "referral_child": _ids(select(ReferralChild.id).where(ReferralChild.referral_id.in_(referral_ids))),
        "room_hold": _ids(select(RoomHold.id).where(RoomHold.referral_id.in_(referral_ids))),
    }


def resident_records(resident: Resident) -> RecordIds:
    """Every shelter record that is hers, by table."""
    stay_ids = [stay.id for stay in resident.stays]
    found: RecordIds = {"resident": [resident.id], "child": [child.id for child in resident.children],
                        "stay": stay_ids}
    if stay_ids:
        found["stay_child"] = _ids(select(StayChild.id).where(StayChild.stay_id.in_(stay_ids)))
        found["placement"] = _ids(select(Placement.id).where(Placement.stay_id.in_(stay_ids)))
        found["extension_request"] = _ids(select(ExtensionRequest.id).where(ExtensionRequest.stay_id.in_(stay_ids)))
        found["night_check_mark"] = _ids(select(NightCheckMark.id).where(NightCheckMark.stay_id.in_(stay_ids)))
        found.update(referral_records(_ids(select(Referral.id).where(Referral.stay_id.in_(stay_ids)))))
    return found


def beneficiary_records(person) -> RecordIds:
    """Every REINTEGRATION record of one beneficiary, by table."""
    return {"beneficiary": [person.id], "tenancy": [t.id for t in person.tenancies],
            "support_payment": [p.id for p in person.payments], "job": [j.id for j in person.jobs],
            "support_session": [s.id for s in person.sessions],
            "service_referral": [r.id for r in person.referrals]}


def audit_about(records: RecordIds, case_codes: list[str]):
    """The condition that finds every audit row about these records or these case codes."""
    conditions = [(AuditEntry.record_type == record_type) & AuditEntry.record_id.in_(ids)
                  for record_type, ids in sorted(records.items()) if ids]
    codes = [code for code in case_codes if code]
    if codes:
        conditions.append(AuditEntry.case_code.in_(codes))
    return or_(*conditions) if conditions else false()


def shift_log() -> list[ShiftLogEntry]:
    """The whole shift log, oldest first, read once to be searched for names."""
    return list(db.session.scalars(select(ShiftLogEntry).order_by(ShiftLogEntry.written_at, ShiftLogEntry.id)))


def shift_entries_naming(resident: Resident) -> list[ShiftLogEntry]:
    """Shift-log entries that may name her (rules.text_may_name), oldest first. Found, not
    judged: a person reads them before redacting or handing them over."""
    return [entry for entry, _named in shift_entries_naming_any([resident])]


def shift_entries_naming_any(residents: list[Resident]) -> list[tuple[ShiftLogEntry, Resident]]:
    """Each shift-log entry with each of these women it may name, oldest entry first (each
    entry is read once, however many women are looked for)."""
    people = [(resident, resident.first_name, resident.last_name, [stay.case_code for stay in resident.stays])
              for resident in residents]
    return [(entry, resident) for entry in shift_log() for resident, first, last, codes in people
            if rules.text_may_name(entry.text, first, last, codes)]

