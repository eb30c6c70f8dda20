"""Read models of stays shaped for the pages: the occupancy board, the residents list, a stay's
file, the facts the alerts read. Each runs a fixed number of SQL statements, whatever the number
of rooms and stays (tests/integration/test_query_counts.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, false, literal, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from housing.core import people
from housing.core.calendar import age_on
from housing.core.names import case_code_pattern, name_patterns
from housing.core.permissions import Permission
from housing.extensions import db
from housing.shelter.models import (Bed, Child, ExtensionRequest, Placement, Resident, Room, RoomHold, Stay,
                                    StayChild)
from housing.shelter.rooms.queries import active_holds, children_of_stay
from housing.shelter.rooms import rules
from housing.shelter.rooms.rules import free_places, places_taken
from housing.shelter.stays.rules import child_limit_date, limit_reached_during_stay


@dataclass
class Household:
    stay_id: int
    case_code: str
    first_name: str
    children: int
    planned_end: date
    admitted_on: date
    restricted: bool = False  # shown as an occupied bed and a case code only

    @property
    def persons(self) -> int:
        return 1 + self.children


@dataclass
class RoomLine:
    room: Room
    households: list[Household] = field(default_factory=list)
    holds: list[RoomHold] = field(default_factory=list)

    @property
    def room_id(self) -> int:
        return self.room.id

    @property
    def name(self) -> str:
        return self.room.name

    @property
    def held_beds(self) -> int:
        return sum(hold.beds for hold in self.holds)

    @property
    def beds_in_service(self) -> int:
        return self.room.beds_in_service

    @property
    def beds_out_of_service(self) -> list[Bed]:
        return [bed for bed in self.room.beds if not bed.in_service]

    @property
    def persons(self) -> int:
        return sum(h.persons for h in self.households)

    @property
    def beds(self) -> list[tuple[Bed, str]]:
        """Each bed with what it shows (`rooms.rules.bed_states`)."""
        beds = self.room.beds
        states = rules.bed_states([bed.in_service for bed in beds], self.persons, self.held_beds)
        return list(zip(beds, states, strict=True))

    @property
    def free_beds(self) -> int:
        return rules.free_beds(self.beds_in_service, self.persons, self.held_beds)


@dataclass
class Board:
    rooms: list[RoomLine]
    capacity: int
    today: date
    window_days: int

    @property
    def households(self) -> list[Household]:
        return [h for line in self.rooms for h in line.households]

    @property
    def women(self) -> int:
        return len(self.households)

    @property
    def children(self) -> int:
        return sum(h.children for h in self.households)

    @property
    def holds(self) -> list[RoomHold]:
        return [hold for line in self.rooms for hold in line.holds]

    @property
    def places_taken(self) -> int:
        """Women present and holds (`rooms.rules.places_taken`): the figure an admission is refused on."""
        return places_taken(self.women, len(self.holds))

    @property
    def free_places(self) -> int:
        return free_places(self.capacity, self.places_taken)

    @property
    def free_beds(self) -> int:
        return sum(line.free_beds for line in self.rooms)

    @property
    def departures_due(self) -> list[Household]:
        """Active stays whose planned end falls within the window (overdue ones included)."""
        horizon = self.today + timedelta(days=self.window_days)
        return sorted((h for h in self.households if h.planned_end <= horizon), key=lambda h: h.planned_end)


def occupancy_board(today: date, now: datetime, capacity: int, window_days: int) -> Board:
    """Rooms, beds, holds and who is where: a fixed handful of statements."""
    rooms = db.session.scalars(select(Room).options(joinedload(Room.beds)).order_by(Room.name)).unique().all()
    rows = db.session.execute(
        select(Placement.room_id, Stay.id, Stay.case_code, Resident.first_name, children_of_stay(),
               Stay.planned_end, Stay.admitted_on, Stay.restricted)
        .join(Stay, Stay.id == Placement.stay_id)
        .join(Resident, Resident.id == Stay.resident_id)
        .where(Placement.ended_on.is_(None), Stay.discharged_on.is_(None))
        .order_by(Stay.case_code)
    ).all()
    lines = {room.id: RoomLine(room) for room in rooms}
    for room_id, stay_id, code, first_name, children, end, admitted, restricted in rows:
        lines[room_id].households.append(Household(stay_id, code, "" if restricted else first_name, int(children),
                                                   end, admitted, bool(restricted)))
    for hold in active_holds(now):
        lines[hold.room_id].holds.append(hold)
    return Board(list(lines.values()), capacity, today, window_days)


@dataclass(frozen=True)
class ChildOnStay:
    """A child of a stay with the age rule worked out for the page."""

    link: StayChild
    age_today: int
    age_at_planned_end: int
    limit_day: date
    limit_reached_during_stay: bool  # and the stay is active: the page marks it


def children_on_stay(stay: Stay, today: date, limits) -> list[ChildOnStay]:
    lines = []
    for link in stay.children:
        child = link.child
        lines.append(ChildOnStay(link, age_on(child.birth_date, today), age_on(child.birth_date, stay.planned_end),
                                 child_limit_date(child.sex, child.birth_date, limits),
                                 stay.is_active and limit_reached_during_stay(child.sex, child.birth_date,
                                                                              stay.planned_end, limits)))
    return lines


@dataclass
class ResidentRow:
    stay: Stay
    room_name: str | None


def residents_list(search: str = "", status: str = "active", limit: int = 200,
                   names_of_restricted: bool = False) -> list[ResidentRow]:
    """Stays with their resident and current room, newest first; search by case code or name.
    A restricted stay, and every stay of a woman who has one, is found by its case code only,
    unless `names_of_restricted` (coordinators)."""
    current_room = (select(Placement.stay_id, Room.name.label("room_name"))
                    .join(Room, Room.id == Placement.room_id)
                    .where(Placement.ended_on.is_(None)).subquery())
    query = (select(Stay, current_room.c.room_name)
             .join(Resident, Resident.id == Stay.resident_id)
             .outerjoin(current_room, current_room.c.stay_id == Stay.id)
             .options(contains_eager(Stay.resident).selectinload(Resident.stays), selectinload(Stay.children))
             .order_by(Stay.admitted_on.desc(), Stay.id.desc())
             .limit(limit))
    if status == "active":
        query = query.where(Stay.discharged_on.is_(None))
    elif status == "former":
        query = query.where(Stay.discharged_on.is_not(None))
    terms = search.strip()
    if terms:
        patterns = name_patterns(terms)
        by_name = and_(*(Resident.search_key.like(pattern, escape="\\") for pattern in patterns)) \
            if patterns else false()
        if not names_of_restricted:
            # A restricted record is never found by her name: not its restricted stay, nor her older ones.
            restricted_stay = aliased(Stay)
            by_name = by_name & ~exists().where(restricted_stay.resident_id == Stay.resident_id,
                                                restricted_stay.restricted.is_(True))
        query = query.where(or_(Stay.case_code.like(case_code_pattern(terms), escape="\\"), by_name))
    return [ResidentRow(stay, room) for stay, room in db.session.execute(query).all()]


def stay_detail(stay_id: int) -> Stay | None:
    """A stay's file in one statement: her record, who admitted and discharged her, the children,
    the placements and rooms, the extension requests and who asked and decided. The collections
    of one stay are a few rows each, so their joined product stays small."""
    return db.session.scalars(
        select(Stay).where(Stay.id == stay_id).options(
            joinedload(Stay.resident),
            joinedload(Stay.children).joinedload(StayChild.child),
            joinedload(Stay.children).joinedload(StayChild.exception_by),
            joinedload(Stay.placements).joinedload(Placement.room),
            joinedload(Stay.placements).joinedload(Placement.placed_by),
            joinedload(Stay.admitted_by),
            joinedload(Stay.discharged_by),
            joinedload(Stay.restriction_requested_by),
            joinedload(Stay.extension_requests).joinedload(ExtensionRequest.requested_by),
            joinedload(Stay.extension_requests).joinedload(ExtensionRequest.decided_by),
        )).unique().one_or_none()


@dataclass(frozen=True)
class HerRecords:
    other_stays: list[Stay]  # her other stays, by admission
    opened_beside: list[Resident]  # records opened as a different person beside hers, with their stays


def her_records(stay: Stay, with_restricted: bool = False) -> HerRecords:
    """Her record's stays, and the records of the same name and birth date opened beside hers or
    hers beside (`Resident.distinct_from`), each with its stays: one statement. A restricted
    stay is listed among her other stays for coordinators only (`with_restricted`)."""
    resident = stay.resident
    ids = [resident.id] + ([resident.distinct_from_id] if resident.distinct_from_id is not None else [])
    people = db.session.scalars(select(Resident).where(or_(Resident.id.in_(ids),
                                                           Resident.distinct_from_id == resident.id))
                                .options(joinedload(Resident.stays)).order_by(Resident.id)).unique().all()
    others = [other for other in resident.stays if other.id != stay.id and (with_restricted or not other.restricted)]
    return HerRecords(others, [person for person in people if person.distinct_from_id == resident.id])


# Active stays restricted at intake by staff, waiting for a coordinator.
RESTRICTION_TO_CONFIRM = (Stay.discharged_on.is_(None), Stay.restricted.is_(True),
                          Stay.restriction_requested_at.is_not(None))


def possible_duplicates(first_name: str, last_name: str, birth_date: date | None) -> list[Resident]:
    """Earlier records of the same woman (same date of birth, same name whatever the case or
    accents), with her stays."""
    return people.possible_duplicates(Resident, first_name, last_name, birth_date, selectinload(Resident.stays))


def children_matching(mother_id: int) -> list[Child]:
    return list(db.session.scalars(select(Child).where(Child.mother_id == mother_id)).all())


@dataclass(frozen=True)
class ChildFact:
    first_name: str
    sex: str
    birth_date: date


@dataclass(frozen=True)
class StayFact:
    stay_id: int
    case_code: str
    planned_end: date
    children: tuple[ChildFact, ...]
    restricted: bool = False


def record_restricted() -> Any:
    """In a query over stays: whether her record is hidden whole — this stay or any other of hers
    restricted (as `Stay.shows_identity_to`), so an alert about it is for the coordinators alone."""
    other = aliased(Stay)
    return exists().where(other.resident_id == Stay.resident_id, other.restricted.is_(True))

def alert_first_names(stay_ids: Iterable[int], user: Any) -> Select | None:
    """The alerts dashboard's names: (key, stay id, first name) rows, one statement. Whoever sees
    no case files reads none; a woman with a restricted stay is named to coordinators only."""
    if not user.can(Permission.VIEW_SHELTER_CASES):
        return None
    statement = (select(literal("stay_id").label("key"), Stay.id.label("id"), Resident.first_name.label("name"))
                 .join(Resident, Stay.resident_id == Resident.id).where(Stay.id.in_(list(stay_ids))))
    if not user.can(Permission.RESTRICT_STAY):
        restricted = aliased(Stay)
        statement = statement.where(~exists().where(restricted.resident_id == Stay.resident_id,
                                                    restricted.restricted.is_(True)))
    return statement
