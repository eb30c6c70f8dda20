"""Changes to rooms, beds and holds."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from housing.core.i18n import lazy_gettext as _l
from housing.auth.models import User
from housing.core.audit import audited
from housing.core.database import lock
from housing.core.errors import RuleViolation, Violation
from housing.extensions import db
from housing.shelter.models import Bed, BedServicePeriod, Referral, Room, RoomHold
from housing.shelter.rooms import queries, rules


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
def take_bed_out_of_service(bed: Bed, reason: str, today: date, by: User | None = None) -> Bed:
    """The bed leaves service tonight; its history gains a period open from today (the reports
    count the beds in service on every past night from these periods)."""
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
    db.session.add(BedServicePeriod(bed=bed, out_from=today, reason=bed.out_of_service_reason,
                                    recorded_by_id=by.id if by is not None else None))
    db.session.flush()
    return bed


@audited("return_bed_to_service")
def return_bed_to_service(bed: Bed, today: date, by: User | None = None) -> Bed:
    """The bed is back in service tonight: its open period ends today (`back_on` is the first
    night in service again). A bed out of service without an open period (taken out before the
    history was kept) gains the period it was out, from the day it went out."""
    lock("shelter")
    db.session.refresh(bed)
    if bed.in_service:
        return bed
    period = db.session.scalar(select(BedServicePeriod).where(BedServicePeriod.bed_id == bed.id,
                                                              BedServicePeriod.back_on.is_(None))
                               .order_by(BedServicePeriod.out_from.desc()).limit(1))
    if period is None:
        period = BedServicePeriod(bed=bed, out_from=min(bed.out_of_service_since or today, today),
                                  reason=bed.out_of_service_reason,
                                  recorded_by_id=by.id if by is not None else None)
        db.session.add(period)
    period.back_on = max(today, period.out_from)
    bed.in_service = True
    bed.out_of_service_reason = ""
    bed.out_of_service_since = None
    db.session.flush()
    return bed




@audited("hold_beds")
def hold_beds(room: Room, beds: int | None, held_until: datetime | None, note: str, by: User, now: datetime,
              capacity: int, referral: Referral | None = None) -> RoomHold:
    """Keep beds in a room (and a place in the shelter) for an expected arrival."""
    lock("shelter")
    violations = rules.hold_violations(beds, queries.free_beds(room, now), room.name, held_until, now)
    violations += rules.capacity_violations(queries.places_taken_now(now), capacity)
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
