"""Changes to the shelter's records. Each service loads, checks the rules, changes and
flushes; the caller commits, so an admission is written whole or not at all."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from housing.auth.models import User
from housing.core.database import lock
from housing.core.errors import RuleViolation, Violation
from housing.extensions import db
from housing.shelter import queries, rules
from housing.shelter.models import (DESTINATIONS, REFERRAL_SOURCES, SEXES, Bed, CaseCodeCounter, Child, Placement,
                                    Resident, Room, Stay, StayChild)


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


def next_case_code(prefix: str, year: int) -> str:
    """SH-2026-014: numbers run per year and are never handed out twice. Call under lock()."""
    counter = db.session.scalar(select(CaseCodeCounter).where(CaseCodeCounter.prefix == prefix,
                                                              CaseCodeCounter.year == year).with_for_update())
    if counter is None:
        counter = CaseCodeCounter(prefix=prefix, year=year, last_number=0)
        db.session.add(counter)
    counter.last_number += 1
    db.session.flush()
    return f"{prefix}-{year}-{counter.last_number:03d}"


def _has_active_stay(resident_id: int) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Stay)
                                  .where(Stay.resident_id == resident_id, Stay.discharged_on.is_(None))))


def admit(data: AdmissionInput, by: User, today: date, settings: ShelterSettings) -> Stay:
    """Admit a woman and the children with her into a room. Serialised with every other
    change to occupancy, so two admissions for the last place cannot both succeed."""
    lock("shelter")
    violations = _required_violations(data)
    room = db.session.get(Room, data.room_id) if data.room_id is not None else None
    if data.room_id is not None and room is None:
        violations.append(Violation("room_id", _l("That room does not exist.")))
    resident = None
    if data.existing_resident_id is not None:
        resident = db.session.get(Resident, data.existing_resident_id)
        if resident is None:
            violations.append(Violation("", _l("The earlier record chosen no longer exists.")))
    if violations:
        raise RuleViolation(violations)

    assert room is not None and data.admitted_on is not None
    children = tuple(rules.ChildFacts(c.field_prefix, c.first_name.strip(), c.birth_date, c.sex,
                                      c.exception_reason) for c in data.children)
    facts = rules.AdmissionFacts(
        admitted_on=data.admitted_on, mother_birth_date=data.birth_date, room_name=room.name,
        free_beds_in_room=queries.free_beds(room), active_women=queries.active_women_count(),
        capacity=settings.capacity, has_active_stay=resident is not None and _has_active_stay(resident.id),
        may_grant_exception=by.can_grant_exception(), child_age_limits=settings.child_age_limits,
        children=children)
    violations = rules.admission_violations(facts, today)
    if violations:
        raise RuleViolation(violations)

    if resident is None:
        resident = Resident(first_name=data.first_name.strip(), last_name=data.last_name.strip(),
                            birth_date=data.birth_date, referral_source=data.referral_source)
        db.session.add(resident)
    resident.nationality = data.nationality.strip()
    resident.languages = data.languages.strip()
    resident.phone = data.phone.strip()
    resident.referral_source = data.referral_source
    if data.notes.strip():
        resident.notes = (resident.notes + "\n\n" if resident.notes else "") + data.notes.strip()
    db.session.flush()

    stay = Stay(case_code=next_case_code("SH", data.admitted_on.year), resident=resident,
                admitted_on=data.admitted_on, planned_end=rules.planned_end(data.admitted_on, settings.stay_months),
                admitted_by_id=by.id)
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
    db.session.flush()
    return stay


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
    db.session.flush()
    return stay


def transfer(stay: Stay, room_id: int | None, moved_on: date | None, by: User, today: date) -> Stay:
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
                                           stay.persons, queries.free_beds(room), today)
    if violations:
        raise RuleViolation(violations)
    current.ended_on = moved_on
    db.session.add(Placement(stay=stay, room=room, started_on=moved_on, placed_by_id=by.id))
    db.session.flush()
    return stay


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


def return_bed_to_service(bed: Bed) -> Bed:
    bed.in_service = True
    bed.out_of_service_reason = ""
    bed.out_of_service_since = None
    db.session.flush()
    return bed
