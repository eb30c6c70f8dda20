"""Changes to stays: admit, discharge, transfer, restrict. Each service loads, checks the rules,
changes and flushes; the request commits, so an admission is written whole or not at all."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from collections.abc import Mapping

from sqlalchemy import func, select

from housing.core.i18n import lazy_gettext as _l
from housing.auth.models import User
from housing.core.audit import audited
from housing.core.case_codes import next_case_code
from housing.core.clock import now_utc
from housing.core.database import lock
from housing.core.errors import RuleViolation, Violation
from housing.core.permissions import Permission
from housing.core.registry import onward_for
from housing.core.submissions import earlier_submission
from housing.extensions import db
from housing.core.follow_up import ConsentInput
from housing.shelter.follow_up.services import forget_consent, record_consent
from housing.shelter.models import (DESTINATIONS, REFERRAL_SOURCES, SEXES, AdmissionSubmission, Child, Placement,
                                    Referral, Resident, Room, Stay, StayChild)
from housing.shelter.rooms import queries as places
from housing.shelter.stays import queries, rules


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
        free_beds_in_room=places.free_beds(room, now, data.referral_id),
        places_taken=places.places_taken_now(now, data.referral_id),
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
        assert child_input.birth_date is not None  # the rules refused a child without a date of birth
        child = known.get((child_input.first_name.strip().lower(), child_input.birth_date))
        if child is None:
            child = Child(mother=resident, first_name=child_input.first_name.strip(),
                          birth_date=child_input.birth_date, sex=child_input.sex)
            db.session.add(child)
        exception = rules.child_needs_exception(child_input.sex, child_input.birth_date, data.admitted_on,
                                                settings.child_age_limits)
        reason = child_input.exception_reason.strip() if exception else ""
        db.session.add(StayChild(stay=stay, child=child, exception_reason=reason,
                                 exception_by_id=by.id if exception else None))
    db.session.add(Placement(stay=stay, room=room, started_on=data.admitted_on, placed_by_id=by.id))
    if referral is not None:
        referral.close("admitted", "", by.id, data.admitted_on)
        referral.stay = stay
        for hold in referral.holds:
            if hold.released_at is None:
                hold.released_at, hold.released_by_id = now, by.id
    if data.submission_key:
        db.session.add(AdmissionSubmission(key=data.submission_key, user_id=by.id, stay=stay, created_at=now))
    db.session.flush()
    return stay


def _check_submission_key(key: str, by: User) -> None:
    """A key that already produced a stay is the same submission again: answer with that stay."""
    earlier = earlier_submission(AdmissionSubmission, key, by.id,
                                 _l("This form is not valid any more: open the admission form again."))
    if earlier is not None:
        raise AlreadyAdmitted(earlier.stay)



@audited("discharge")
def discharge(stay: Stay, discharged_on: date | None, reason: str, destination: str, by: User,
              today: date, consent: ConsentInput | None = None) -> Stay:
    """End a stay. The stay, its children and its room history are kept. `consent`: whether she
    agrees to be contacted afterwards, and how (the follow-up); given, it is recorded with the discharge."""
    lock("shelter")
    db.session.refresh(stay)
    if discharged_on is None:
        raise RuleViolation([Violation("discharged_on", _l("Enter the discharge date."))]
                            + (consent.violations() if consent is not None else []))
    violations = rules.discharge_violations(stay.admitted_on, discharged_on, destination, stay.is_active,
                                            DESTINATIONS, today)
    if consent is not None:
        violations += consent.violations()
    placement = stay.current_placement
    if placement is not None and discharged_on < placement.started_on:
        violations.append(Violation("discharged_on", _l("The discharge date cannot be before her last room move.")))
    if violations:
        raise RuleViolation(violations)
    stay.discharged_on = discharged_on
    stay.discharge_reason = reason.strip()
    stay.destination = destination
    stay.discharged_by_id = by.id
    stay.discharge_recorded_at = now_utc()
    if placement is not None:
        placement.ended_on = discharged_on
    for request in stay.extension_requests:
        if request.status == "pending":  # nothing left to extend
            # "closed" says why (the stay ended); the page puts it in the reader's language.
            request.status = "closed"
            request.decided_at = stay.discharge_recorded_at
    if consent is not None:
        record_consent(stay, consent, by, now_utc())
    db.session.flush()
    return stay


@audited("undo_discharge")
def undo_discharge(stay: Stay, by: User, today: date, settings: ShelterSettings, now: datetime | None = None) -> Stay:
    """A discharge entered by mistake, undone the same day by a coordinator: the same stay (same case
    code) is active again, in the same room with the same children, and the extension requests the
    discharge closed wait for a decision again. Serialised with admissions, so the bed it takes back
    cannot be given to someone else at the same moment."""
    lock("shelter")
    db.session.refresh(stay)
    now = now or now_utc()
    placement = next((p for p in reversed(stay.placements) if p.ended_on == stay.discharged_on), None)
    room = placement.room if placement is not None else None
    onward = onward_for(stay.destination)
    facts = rules.DischargeUndoFacts(
        discharged=not stay.is_active, recorded_at=stay.discharge_recorded_at,
        may_undo=by.can(Permission.UNDO_ENDING), her_active_stay_since=_has_active_stay(stay.resident_id),
        enrolled_onward=onward is not None and onward.enrolment_of(stay.id) is not None,
        room_name=room.name if room is not None else "", free_beds_in_room=places.free_beds(room, now) if room else 0,
        persons=stay.persons, places_taken=places.places_taken_now(now), capacity=settings.capacity)
    violations = rules.discharge_undo_violations(facts, today)
    if violations:
        raise RuleViolation(violations)
    assert placement is not None and stay.discharge_recorded_at is not None
    recorded_at = stay.discharge_recorded_at
    placement.ended_on = None
    for request in stay.extension_requests:
        if request.status == "closed" and request.decided_at is not None and request.decided_at >= recorded_at:
            request.status, request.decided_at = "pending", None  # closed by this discharge: open again
    stay.discharged_on, stay.discharge_reason, stay.destination = None, "", ""
    stay.discharged_by_id, stay.discharge_recorded_at = None, None
    forget_consent(stay)
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
                                           stay.persons, places.free_beds(room, now or now_utc()), today)
    if violations:
        raise RuleViolation(violations)
    current.ended_on = moved_on
    db.session.add(Placement(stay=stay, room=room, started_on=moved_on, placed_by_id=by.id))
    db.session.flush()
    return stay




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
