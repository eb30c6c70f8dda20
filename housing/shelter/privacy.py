"""The shelter's personal data: every record tied to the woman it concerns, the retention
purge of women whose stays ended long ago, and her subject-access export.

The purge and the export walk the same records map, so neither can miss a table the other
knows. Audit rows are found by the (record_type, record_id) of each record tied to her as
well as by case code: the rows of a resident's own record and of her children carry no case
code.

| record | tied to her through |
|---|---|
| resident, child | herself |
| stay, stay_child, placement, extension_request, night_check_mark | her stays |
| referral, referral_child | a referral that ended in her admission (referral.stay) |
| room_hold | its referral |
| shift_log_entry | not tied: entries whose text may name her are listed, never changed |

A referral closed without an admission, and a hold with no referral, belong to nobody in the
service; the purge blanks their free texts on their own clock.

What the purge takes: names, dates of birth (kept as 1 January of the year), phone,
nationality, languages, notes and every free text written about her (discharge reasons,
extension reasons and notes, night-check notes, the referral she came from and the notes of
beds held for her), and the personal values in every audit entry about any of her records.
Referrals closed without an admission and holds with no referral lose their free texts once
they have been closed (or have ended) longer than the retention period. Shift-log entries
that may name her are listed for a person to redact, never changed here. What stays: the
anonymous facts reports need — dates of stays, rooms, destinations, referral sources,
children's sex and year of birth, extensions and their dates. Idempotent: an anonymised
woman, referral or hold is not touched again.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from housing.core.i18n import lazy_gettext as _l
from housing.core.audit import values_withheld
from housing.core.names import ANONYMOUS
from housing.core.privacy import (REMOVED, AreaPurge, PrivacyProvider, RecordIds, TextMention, audit_trail_about,
                                  columns_of, linked_sections, plain, scrub_audit)
from housing.extensions import db
from housing.shelter.night.rules import names_her
from housing.shelter.models import (ExtensionRequest, NightCheckMark, Placement, Referral, ReferralChild, Resident,
                                    RoomHold, ShiftLogEntry, Stay, StayChild)

SECTIONS = {
    "resident": _l("Her details"), "children": _l("Children"), "stays": _l("Stays at the shelter"),
    "referrals": _l("Referrals"), "holds": _l("Beds held for her arrival"),
    "shift_log_mentions": _l("Shift-log entries that may name her"), "audit_trail": _l("Audit trail about this person"),
}


# Her records ----------------------------------------------------------------------------

def _ids(query: Any) -> list[int]:
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


def shift_log() -> list[ShiftLogEntry]:
    """The whole shift log, oldest first, read once to be searched for names."""
    return list(db.session.scalars(select(ShiftLogEntry).order_by(ShiftLogEntry.written_at, ShiftLogEntry.id)))


def shift_entries_naming(resident: Resident) -> list[ShiftLogEntry]:
    """Shift-log entries that may name her (text_may_name), oldest first. Found, not
    judged: a person reads them before redacting or handing them over."""
    return [entry for entry, _named in shift_entries_naming_any([resident])]


def shift_entries_naming_any(residents: list[Resident]) -> list[tuple[ShiftLogEntry, Resident]]:
    """Each shift-log entry with each of these women it may name, oldest entry first (each
    entry is read once, however many women are looked for)."""
    people = [(resident, names_her(resident.first_name, resident.last_name,
                                   [stay.case_code for stay in resident.stays])) for resident in residents]
    return [(entry, resident) for entry in shift_log() for resident, names in people if names(entry.text)]


# The retention purge --------------------------------------------------------------------

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


def _blank_referrals(referrals: Any, now: datetime) -> None:
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


def _mentions(residents: list[Resident]) -> list[TextMention]:
    """Read before anonymising: afterwards her name is no longer there to be looked for."""
    if not residents:
        return []
    return [TextMention(entry.id, entry.written_at, resident.stays[-1].case_code if resident.stays else "")
            for entry, resident in shift_entries_naming_any(residents)]


def purge_shelter(cutoff: date, now: datetime, dry_run: bool) -> AreaPurge:
    """Women whose every stay ended before the cutoff, and the referrals and holds of nobody
    that ended as long ago."""
    due = residents_due(cutoff)
    referrals, holds = referrals_due(cutoff), holds_due(cutoff)
    done = AreaPurge(people=[r.id for r in due], mentions=_mentions(due),
                     counts={"referrals": len(referrals), "holds": len(holds)})
    if dry_run:
        done.case_codes = [s.case_code for r in due for s in r.stays]
        return done
    owned = [resident_records(resident) for resident in due]
    unowned = referral_records([referral.id for referral in referrals])
    unowned["room_hold"] = unowned["room_hold"] + [hold.id for hold in holds]
    with values_withheld():
        for resident in due:
            done.case_codes += anonymise_resident(resident, now)
        _blank_referrals(referrals, now)
        for hold in holds:
            hold.note, hold.anonymised_at = "", now
        db.session.flush()
    scrubbed = sum(scrub_audit(records, []) for records in owned) + scrub_audit(unowned, [])
    scrubbed += scrub_audit({}, done.case_codes)
    done.counts["audit_entries_scrubbed"] = scrubbed
    return done


# Subject access -------------------------------------------------------------------------

def resident_record(resident_id: int) -> dict[str, Any] | None:
    """Her details, her children, every stay with its rooms, extensions and night-check marks,
    the referral she came from and the beds held for it, the shift-log entries that may name
    her, every audit entry about any of her records, and what other areas hold on her from
    her stays (her enrolment in a programme)."""
    resident = db.session.scalar(select(Resident).where(Resident.id == resident_id).options(
        selectinload(Resident.children),
        selectinload(Resident.stays).selectinload(Stay.placements).selectinload(Placement.room),
        selectinload(Resident.stays).selectinload(Stay.children).selectinload(StayChild.child),
        selectinload(Resident.stays).selectinload(Stay.extension_requests)))
    if resident is None:
        return None
    codes = [stay.case_code for stay in resident.stays]
    records = resident_records(resident)
    marks = db.session.scalars(select(NightCheckMark).where(NightCheckMark.id.in_(records.get("night_check_mark", [])))
                               .options(selectinload(NightCheckMark.check))
                               .order_by(NightCheckMark.id)).all()
    referrals = db.session.scalars(select(Referral).where(Referral.id.in_(records.get("referral", [])))
                                   .options(selectinload(Referral.children)).order_by(Referral.id)).all()
    holds = db.session.scalars(select(RoomHold).where(RoomHold.id.in_(records.get("room_hold", [])))
                               .options(selectinload(RoomHold.room)).order_by(RoomHold.id)).all()
    return {
        "resident": columns_of(resident),
        "children": [columns_of(child) for child in resident.children],
        "stays": [{
            **columns_of(stay),
            "rooms": [{"room": p.room.name, "from": plain(p.started_on), "to": plain(p.ended_on)}
                      for p in stay.placements],
            "children": [{"child_id": link.child_id, "first_name": link.child.first_name,
                          "age_rule_exception": link.exception_reason} for link in stay.children],
            "extension_requests": [columns_of(r) for r in stay.extension_requests],
            "night_checks": [{"night_of": plain(m.check.night_of), "present": m.present, "note": m.note,
                              "current": m.current, "marked_at": plain(m.marked_at)}
                             for m in marks if m.stay_id == stay.id],
        } for stay in resident.stays],
        "referrals": [{**columns_of(r), "children": [{"age_years": c.age_years, "sex": c.sex} for c in r.children]}
                      for r in referrals],
        "holds": [{"room": h.room.name, **columns_of(h, skip=("room_id",))} for h in holds],
        "shift_log_mentions": [{"entry_id": e.id, "written_at": plain(e.written_at), "kind": e.kind, "text": e.text}
                               for e in shift_entries_naming(resident)],
        "audit_trail": audit_trail_about(records, codes),
        **linked_sections({"stay": records["stay"]}, asking="shelter"),
    }


PROVIDER = PrivacyProvider(area="shelter", records_of=resident_records, purge=purge_shelter, sections=SECTIONS)
