"""Changes to the shelter's records. Each service loads, checks the rules, changes and
flushes; the caller commits, so an admission is written whole or not at all."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from housing.core.audit import audited
from housing.core.case_codes import next_case_code
from housing.auth.models import User
from housing.core.clock import now_utc
from housing.core.database import lock
from housing.core.errors import RuleViolation, Violation
from housing.core.submissions import earlier_submission
from housing.core.permissions import Permission
from housing.extensions import db
from housing.shelter import queries, rules
from housing.shelter.models import (DESTINATIONS, REFERRAL_SOURCES, REFERRAL_STATUSES, SEXES, SHIFT_LOG_KINDS,
                                    URGENCIES, AdmissionSubmission, Bed, Child, ExtensionRequest, NightCheck,
                                    NightCheckMark, Placement, Referral, ReferralChild, Resident, Room, RoomHold,
                                    ShiftLogEntry, Stay, StayChild)


@dataclass(frozen=True)
class ShelterSettings:
    capacity: int
    stay_months: int
    child_age_limits: Mapping[str, int]

    @classmethod
    def from_config(cls, config: Mapping) -> ShelterSettings:
        return cls(config["SHELTER_CAPACITY"], config["STAY_MONTHS"], dict(config["CHILD_AGE_LIMITS"]))


@dataclass
class ChildInput:
    first_name: str
    birth_date: date | None
    sex: str
    exception_reason: str = ""
    field_prefix: str = ""


@dataclass
class AdmissionInput:
    first_name: str
    last_name: str
    birth_date: date | None
    room_id: int | None
    admitted_on: date | None
    referral_source: str
    nationality: str = ""
    languages: str = ""
    phone: str = ""
    notes: str = ""
    children: list[ChildInput] = field(default_factory=list)
    existing_resident_id: int | None = None
    new_person: bool = False  # "none of these: she is not in our records"
    distinct_reason: str = ""  # why she is not the same-named woman with an active stay
    referral_id: int | None = None  # admitted from the waiting list: its hold is hers
    submission_key: str = ""  # the one-time key of the form (see AdmissionSubmission)
    restriction_requested: bool = False  # high risk at intake: hidden at once, a coordinator confirms
    restriction_reason: str = ""


class AlreadyAdmitted(Exception):
    """This very submission was saved before (a double click, a retry): its stay, not a second one."""

    def __init__(self, stay: Stay):
        super().__init__(stay.case_code)
        self.stay = stay


def _required_violations(data: AdmissionInput) -> list[Violation]:
    found = []
    if not data.first_name.strip():
        found.append(Violation("first_name", _l("Enter her first name.")))
    if not data.last_name.strip():
        found.append(Violation("last_name", _l("Enter her last name.")))
    if data.birth_date is None:
        found.append(Violation("birth_date", _l("Enter her date of birth.")))
    if data.admitted_on is None:
        found.append(Violation("admitted_on", _l("Enter the admission date.")))
    if data.referral_source not in REFERRAL_SOURCES:
        found.append(Violation("referral_source", _l("Choose who referred her.")))
    if data.room_id is None:
        found.append(Violation("room_id", _l("Choose a room.")))
    for child in data.children:
        if not child.first_name.strip():
            found.append(Violation(f"{child.field_prefix}-first_name", _l("Enter the child's first name.")))
        if child.birth_date is None:
            found.append(Violation(f"{child.field_prefix}-birth_date", _l("Enter the child's date of birth.")))
        if child.sex not in SEXES:
            found.append(Violation(f"{child.field_prefix}-sex", _l("Choose girl or boy.")))
    return found


def _has_active_stay(resident_id: int) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Stay)
                                  .where(Stay.resident_id == resident_id, Stay.discharged_on.is_(None))))


@audited("admit")
def admit(data: AdmissionInput, by: User, today: date, settings: ShelterSettings,
          now: datetime | None = None) -> Stay:
    """Admit a woman and the children with her into a room. Serialised with every other
    change to occupancy, so two admissions for the last place cannot both succeed.
    Beds and places held for someone else count as taken; her own hold is used up."""
    lock("shelter")
    now = now or now_utc()
    # Everything below reads under the lock: a second identical submission waits here and then
    # finds the first one's key, record and stay.
    _check_submission_key(data.submission_key, by)
    violations = _required_violations(data)
    referral = db.session.get(Referral, data.referral_id) if data.referral_id is not None else None
    if data.referral_id is not None and (referral is None or referral.status != "waiting"):
        violations.append(Violation("", _l("This referral is no longer on the waiting list.")))
    room = db.session.get(Room, data.room_id) if data.room_id is not None else None
    if data.room_id is not None and room is None:
        violations.append(Violation("room_id", _l("That room does not exist.")))
    if data.restriction_requested and not data.restriction_reason.strip():
        violations.append(Violation("restriction_reason", _l("Write why the stay must be restricted.")))
    if violations:
        raise RuleViolation(violations)
    earlier = queries.possible_duplicates(data.first_name, data.last_name, data.birth_date)
    may_see_restricted = by.can(Permission.RESTRICT_STAY)
    records = tuple(rules.EarlierRecord(r.id, r.is_restricted and not may_see_restricted,
                                        any(s.is_active for s in r.stays)) for r in earlier)
    violations = rules.earlier_record_violations(records, data.existing_resident_id, data.new_person,
                                                 data.distinct_reason)
    if violations:
        raise RuleViolation(violations)
    resident = next((r for r in earlier if r.id == data.existing_resident_id), None)
    same_named_active = next((r for r in earlier if any(s.is_active for s in r.stays)), None)

    assert room is not None and data.admitted_on is not None
    children = tuple(rules.ChildFacts(c.field_prefix, c.first_name.strip(), c.birth_date, c.sex,
                                      c.exception_reason) for c in data.children)
    facts = rules.AdmissionFacts(
        admitted_on=data.admitted_on, mother_birth_date=data.birth_date, room_name=room.name,
        free_beds_in_room=queries.free_beds(room, now, data.referral_id),
        active_women=queries.active_women_count() + queries.holds_count(now, data.referral_id),
        capacity=settings.capacity, has_active_stay=resident is not None and _has_active_stay(resident.id),
        may_grant_exception=by.can_grant_exception(), child_age_limits=settings.child_age_limits,
        children=children)
    violations = rules.admission_violations(facts, today)
    if violations:
        raise RuleViolation(violations)

    if resident is None:
        resident = Resident(first_name=data.first_name.strip(), last_name=data.last_name.strip(),
                            birth_date=data.birth_date, referral_source=data.referral_source)
        if same_named_active is not None:
            resident.distinct_from = same_named_active
            resident.distinct_reason = data.distinct_reason.strip()
        db.session.add(resident)
    # Re-admitted on her earlier record: an empty box keeps what was known (the form says so).
    for name in ("nationality", "languages", "phone"):
        typed = getattr(data, name).strip()
        if typed or not getattr(resident, name):
            setattr(resident, name, typed)
    resident.referral_source = data.referral_source
    if data.notes.strip():
        resident.notes = (resident.notes + "\n\n" if resident.notes else "") + data.notes.strip()
    db.session.flush()

    end = rules.planned_end(data.admitted_on, settings.stay_months)
    stay = Stay(case_code=next_case_code("SH", data.admitted_on.year), resident=resident,
                admitted_on=data.admitted_on, original_end=end, planned_end=end, admitted_by_id=by.id)
    if data.restriction_requested:
        # Hidden from the first moment; staff's request waits for a coordinator (an alert).
        stay.restricted, stay.restricted_reason = True, data.restriction_reason.strip()
        if not may_see_restricted:
            stay.restriction_requested_by_id, stay.restriction_requested_at = by.id, now
    db.session.add(stay)
    known = {(c.first_name.lower(), c.birth_date): c for c in resident.children}
    for child_input in data.children:
        child = known.get((child_input.first_name.strip().lower(), child_input.birth_date))
        if child is None:
            child = Child(mother=resident, first_name=child_input.first_name.strip(),
                          birth_date=child_input.birth_date, sex=child_input.sex)
            db.session.add(child)
        eligible = rules.child_is_eligible(child_input.sex, child_input.birth_date, data.admitted_on,
                                           settings.child_age_limits)
        reason = "" if eligible else child_input.exception_reason.strip()
        db.session.add(StayChild(stay=stay, child=child, exception_reason=reason,
                                 exception_by_id=None if eligible else by.id))
    db.session.add(Placement(stay=stay, room=room, started_on=data.admitted_on, placed_by_id=by.id))
    if referral is not None:
        _close_referral(referral, "admitted", "", by, data.admitted_on)
        referral.stay = stay
        for hold in referral.holds:
            if hold.released_at is None:
                hold.released_at, hold.released_by_id = now, by.id
    if data.submission_key:
        db.session.add(AdmissionSubmission(key=data.submission_key, user_id=by.id, stay=stay, created_at=now))
    db.session.flush()
    _pause_for_kill_test()
    return stay


def _check_submission_key(key: str, by: User) -> None:
    """A key that already produced a stay is the same submission again: answer with that stay."""
    earlier = earlier_submission(AdmissionSubmission, key, by.id,
                                 _l("This form is not valid any more: open the admission form again."))
    if earlier is not None:
        raise AlreadyAdmitted(earlier.stay)


def _pause_for_kill_test() -> None:
    """Test-only and off unless HOUSING_TEST_PAUSE_AFTER_FLUSH=<seconds> is set: holds an admission
    here, everything flushed and nothing committed, so tests/integration/test_kill_mid_admission.py
    can kill the worker inside the transaction. HOUSING_TEST_PAUSE_MARKER names a file that gets
    this process's id when the pause starts."""
    seconds = os.environ.get("HOUSING_TEST_PAUSE_AFTER_FLUSH")
    if not seconds:
        return
    marker = os.environ.get("HOUSING_TEST_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(str(os.getpid()))
    time.sleep(float(seconds))


@audited("discharge")
def discharge(stay: Stay, discharged_on: date | None, reason: str, destination: str, by: User,
              today: date) -> Stay:
    """End a stay. The stay, its children and its room history are kept."""
    lock("shelter")
    db.session.refresh(stay)
    if discharged_on is None:
        raise RuleViolation(Violation("discharged_on", _l("Enter the discharge date.")))
    violations = rules.discharge_violations(stay.admitted_on, discharged_on, destination, stay.is_active,
                                            DESTINATIONS, today)
    placement = stay.current_placement
    if placement is not None and discharged_on < placement.started_on:
        violations.append(Violation("discharged_on", _l("The discharge date cannot be before her last room move.")))
    if violations:
        raise RuleViolation(violations)
    stay.discharged_on = discharged_on
    stay.discharge_reason = reason.strip()
    stay.destination = destination
    stay.discharged_by_id = by.id
    if placement is not None:
        placement.ended_on = discharged_on
    for request in stay.extension_requests:
        if request.status == "pending":  # nothing left to extend
            request.status = "closed"
            request.decision_note = str(_l("Closed automatically: the stay ended on %(day)s.",
                                           day=discharged_on.strftime("%d/%m/%Y")))
            request.decided_at = now_utc()
    db.session.flush()
    return stay


@audited("transfer")
def transfer(stay: Stay, room_id: int | None, moved_on: date | None, by: User, today: date,
             now: datetime | None = None) -> Stay:
    """Move the household to another room, under the same bed rule as an admission."""
    lock("shelter")
    db.session.refresh(stay)
    if not stay.is_active:
        raise RuleViolation(Violation("", _l("This stay has already ended.")))
    room = db.session.get(Room, room_id) if room_id is not None else None
    violations = []
    if room is None:
        violations.append(Violation("room_id", _l("Choose a room.")))
    if moved_on is None:
        violations.append(Violation("moved_on", _l("Enter the date of the move.")))
    if violations:
        raise RuleViolation(violations)
    current = stay.current_placement
    assert current is not None and room is not None and moved_on is not None
    violations = rules.transfer_violations(current.room_id, current.started_on, room.id, room.name, moved_on,
                                           stay.persons, queries.free_beds(room, now or now_utc()), today)
    if violations:
        raise RuleViolation(violations)
    current.ended_on = moved_on
    db.session.add(Placement(stay=stay, room=room, started_on=moved_on, placed_by_id=by.id))
    db.session.flush()
    return stay


@audited("create_room")
def create_room(name: str, floor: str, beds: int, cots: int) -> Room:
    name = name.strip()
    violations = []
    if not name:
        violations.append(Violation("name", _l("Enter the room's name.")))
    elif db.session.scalar(select(Room).where(func.lower(Room.name) == name.lower())) is not None:
        violations.append(Violation("name", _l("There is already a room called %(name)s.", name=name)))
    if beds < 0 or cots < 0 or beds + cots < 1 or beds + cots > 30:
        violations.append(Violation("beds", _l("A room has between 1 and 30 beds and cots.")))
    if violations:
        raise RuleViolation(violations)
    room = Room(name=name, floor=floor.strip())
    db.session.add(room)
    for number in range(1, beds + 1):
        db.session.add(Bed(room=room, label=str(number)))
    for number in range(1, cots + 1):
        db.session.add(Bed(room=room, label=f"C{number}", is_cot=True))
    db.session.flush()
    return room


@audited("add_bed")
def add_bed(room: Room, label: str, is_cot: bool) -> Bed:
    label = label.strip()
    if not label:
        raise RuleViolation(Violation("label", _l("Enter a label for the bed.")))
    if any(bed.label.lower() == label.lower() for bed in room.beds):
        raise RuleViolation(Violation("label", _l("Room %(room)s already has a bed %(label)s.",
                                                  room=room.name, label=label)))
    bed = Bed(room=room, label=label, is_cot=is_cot)
    db.session.add(bed)
    db.session.flush()
    return bed


@audited("take_bed_out_of_service")
def take_bed_out_of_service(bed: Bed, reason: str, today: date) -> Bed:
    lock("shelter")
    db.session.refresh(bed)
    if not bed.in_service:
        raise RuleViolation(Violation("", _l("This bed is already out of service.")))
    persons = queries.persons_by_room().get(bed.room_id, 0)
    in_service = bed.room.beds_in_service
    violations = rules.bed_withdrawal_violations(persons, in_service, reason)
    if violations:
        raise RuleViolation(violations)
    bed.in_service = False
    bed.out_of_service_reason = reason.strip()
    bed.out_of_service_since = today
    db.session.flush()
    return bed


@audited("return_bed_to_service")
def return_bed_to_service(bed: Bed) -> Bed:
    bed.in_service = True
    bed.out_of_service_reason = ""
    bed.out_of_service_since = None
    db.session.flush()
    return bed


@audited("restrict_stay")
def set_restriction(stay: Stay, restricted: bool, reason: str) -> Stay:
    """A coordinator marks a high-risk stay: lists and the board then show her bed as occupied
    and her case code only, and name searches leave her out for everyone but coordinators."""
    if restricted and not reason.strip():
        raise RuleViolation(Violation("reason", _l("Write why the stay is restricted.")))
    stay.restricted = restricted
    stay.restricted_reason = reason.strip() if restricted else ""
    # A coordinator's decision confirms (or lifts) a restriction staff requested at intake.
    stay.restriction_requested_by_id, stay.restriction_requested_at = None, None
    db.session.flush()
    return stay


# --- Extensions -----------------------------------------------------------------------

class NotYours(Exception):
    """Raised when someone tries to decide their own request (the view answers 403)."""


@audited("request_extension")
def request_extension(stay: Stay, proposed_end: date | None, reason: str, by: User, now: datetime) -> ExtensionRequest:
    lock("shelter")
    db.session.refresh(stay)
    has_pending = any(r.status == "pending" for r in stay.extension_requests)
    violations = rules.extension_request_violations(stay.is_active, stay.planned_end, proposed_end, reason,
                                                    has_pending)
    if violations:
        raise RuleViolation(violations)
    request = ExtensionRequest(stay=stay, current_end=stay.planned_end, proposed_end=proposed_end,
                               reason=reason.strip(), requested_by_id=by.id, requested_at=now, status="pending")
    db.session.add(request)
    db.session.flush()
    return request


@audited("decide_extension")
def decide_extension(request: ExtensionRequest, approve: bool, new_end: date | None, note: str, by: User,
                     now: datetime) -> ExtensionRequest:
    """Approve (possibly with another date) or reject. Serialised, so two coordinators
    deciding at once cannot both decide."""
    lock("shelter")
    db.session.refresh(request)
    stay = request.stay
    db.session.refresh(stay)
    if not rules.may_decide_extension(request.requested_by_id, by.id):
        raise NotYours()
    new_end = new_end if approve else None
    violations = rules.extension_decision_violations(request.status, stay.is_active, approve, new_end,
                                                     stay.planned_end, note)
    if violations:
        raise RuleViolation(violations)
    request.status = "approved" if approve else "rejected"
    request.decided_end = new_end
    request.decision_note = note.strip()
    request.decided_by_id = by.id
    request.decided_at = now
    if approve:
        stay.planned_end = new_end
    db.session.flush()
    return request


# --- The night check --------------------------------------------------------------------

@audited("night_check")
def save_night_check(night: date, marks: dict[int, tuple[bool | None, str]], by: User,
                     now: datetime) -> NightCheck:
    """One check per night. A second save the same night corrects it: changed marks are
    retired and new ones written, so who changed what is kept."""
    lock("night-check")
    expected = {h.stay.id for h in queries.households_by_room()}
    violations = rules.night_check_violations(marks, expected)
    if violations:
        raise RuleViolation(violations)
    check = db.session.scalar(select(NightCheck).where(NightCheck.night_of == night))
    if check is None:
        check = NightCheck(night_of=night, created_by_id=by.id, created_at=now, updated_at=now)
        db.session.add(check)
        db.session.flush()
    current = {m.stay_id: m for m in db.session.scalars(
        select(NightCheckMark).where(NightCheckMark.check_id == check.id, NightCheckMark.current.is_(True)))}
    for stay_id, (present, note) in sorted(marks.items()):
        note = note.strip() if not present else ""
        earlier = current.get(stay_id)
        if earlier is not None and earlier.present == present and earlier.note == note:
            continue
        if earlier is not None:
            earlier.current = False
        db.session.add(NightCheckMark(check=check, stay_id=stay_id, present=bool(present), note=note, current=True,
                                      marked_by_id=by.id, marked_at=now))
    check.updated_at = now
    db.session.flush()
    return check


# --- Shift log --------------------------------------------------------------------------

def _shift_text_violations(kind: str, text: str) -> list[Violation]:
    found = []
    if kind not in SHIFT_LOG_KINDS:
        found.append(Violation("kind", _l("Choose the kind of entry.")))
    if not text.strip():
        found.append(Violation("text", _l("Write the entry.")))
    return found


@audited("write_shift_entry")
def write_shift_entry(kind: str, text: str, by: User, now: datetime) -> ShiftLogEntry:
    violations = _shift_text_violations(kind, text)
    if violations:
        raise RuleViolation(violations)
    entry = ShiftLogEntry(kind=kind, text=text.strip(), author_id=by.id, written_at=now)
    db.session.add(entry)
    db.session.flush()
    return entry


@audited("edit_shift_entry")
def edit_shift_entry(entry: ShiftLogEntry, text: str, by: User, now: datetime) -> ShiftLogEntry:
    if not rules.shift_entry_editable(entry.written_at, now, entry.author_id, by.id):
        raise RuleViolation(Violation("text", _l(
            "Entries can be corrected by their author within %(n)d minutes; write a new entry instead.",
            n=rules.SHIFT_LOG_EDIT_MINUTES)))
    violations = _shift_text_violations(entry.kind, text)
    if violations:
        raise RuleViolation(violations)
    entry.text = text.strip()
    entry.edited_at = now
    db.session.flush()
    return entry


# --- Holds ------------------------------------------------------------------------------

@audited("hold_beds")
def hold_beds(room: Room, beds: int | None, held_until: datetime | None, note: str, by: User, now: datetime,
              capacity: int, referral: Referral | None = None) -> RoomHold:
    """Keep beds in a room (and a place in the shelter) for an expected arrival."""
    lock("shelter")
    violations = rules.hold_violations(beds, queries.free_beds(room, now), room.name, held_until, now)
    violations += rules.capacity_violations(queries.active_women_count() + queries.holds_count(now), capacity)
    if referral is not None and referral.status != "waiting":
        violations.append(Violation("", _l("This referral is no longer on the waiting list.")))
    if violations:
        raise RuleViolation(violations)
    hold = RoomHold(room=room, beds=beds, held_until=held_until, note=note.strip(), referral=referral,
                    created_by_id=by.id, created_at=now)
    db.session.add(hold)
    db.session.flush()
    return hold


@audited("release_hold")
def release_hold(hold: RoomHold, by: User, now: datetime) -> RoomHold:
    if hold.released_at is None and hold.held_until > now:
        hold.released_at, hold.released_by_id = now, by.id
        db.session.flush()
    return hold


# --- Waiting list -----------------------------------------------------------------------

@dataclass
class ReferralInput:
    received_on: date | None
    source: str
    household_size: int | None
    urgency: str
    contact_notes: str = ""
    children: list[tuple[int | None, str]] = field(default_factory=list)  # (age in years, sex)


@audited("add_referral")
def create_referral(data: ReferralInput, by: User, today: date, now: datetime) -> Referral:
    found = []
    if data.received_on is None:
        found.append(Violation("received_on", _l("Enter the date of the referral.")))
    elif data.received_on > today:
        found.append(Violation("received_on", _l("The date cannot be in the future.")))
    if data.source not in REFERRAL_SOURCES:
        found.append(Violation("source", _l("Choose who referred her.")))
    if data.urgency not in URGENCIES:
        found.append(Violation("urgency", _l("Choose the urgency.")))
    if data.household_size is None or not 1 <= data.household_size <= 15:
        found.append(Violation("household_size", _l("A household has between 1 and 15 persons.")))
    elif data.household_size != 1 + len(data.children):
        found.append(Violation("household_size", _l(
            "The household size counts her and each child: %(n)d with the children listed.",
            n=1 + len(data.children))))
    for index, (age, sex) in enumerate(data.children):
        if age is None or not 0 <= age <= 30:
            found.append(Violation(f"children-{index}-age_years", _l("Enter the child's age in years.")))
        if sex not in SEXES:
            found.append(Violation(f"children-{index}-sex", _l("Choose girl or boy.")))
    if found:
        raise RuleViolation(found)
    referral = Referral(received_on=data.received_on, source=data.source, household_size=data.household_size,
                        urgency=data.urgency, contact_notes=data.contact_notes.strip(), status="waiting",
                        created_by_id=by.id, created_at=now)
    referral.children = [ReferralChild(age_years=age, sex=sex) for age, sex in data.children]
    db.session.add(referral)
    db.session.flush()
    return referral


def _close_referral(referral: Referral, status: str, note: str, by: User, on: date) -> None:
    referral.status = status
    referral.closing_note = note.strip()
    referral.closed_on = on
    referral.closed_by_id = by.id


@audited("close_referral")
def close_referral(referral: Referral, status: str, note: str, by: User, today: date, now: datetime) -> Referral:
    """Placed elsewhere or withdrawn (admission closes it as admitted); its holds are released."""
    if referral.status != "waiting":
        raise RuleViolation(Violation("", _l("This referral is already closed.")))
    if status not in REFERRAL_STATUSES or status in ("waiting", "admitted"):
        raise RuleViolation(Violation("status", _l("Choose how the referral ends.")))
    _close_referral(referral, status, note, by, today)
    for hold in referral.holds:
        release_hold(hold, by, now)
    db.session.flush()
    return referral
