"""Read models of places, rooms, beds and holds: what is taken now. Each a fixed number of
statements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from housing.extensions import db
from housing.shelter.models import Bed, BedServicePeriod, Placement, Room, RoomHold, Stay, StayChild
from housing.shelter.rooms import rules


def places_taken_now(now: datetime, except_referral_id: int | None = None) -> int:
    """The places taken now (`rules.places_taken`); her own hold does not keep a place from her."""
    return rules.places_taken(active_women_count(), holds_count(now, except_referral_id))


def active_women_query() -> Select:
    return select(func.count()).select_from(Stay).where(Stay.discharged_on.is_(None))


def active_women_count() -> int:
    return db.session.scalar(active_women_query()) or 0


def children_of_stay() -> ScalarSelect[int]:
    """The number of children of the stay of the enclosing statement, counted on its own rows (an
    index look-up): a count grouped over every stay ever was read whole for each room."""
    return (select(func.count()).select_from(StayChild).where(StayChild.stay_id == Stay.id)
            .correlate(Stay).scalar_subquery())


def persons_by_room() -> dict[int, int]:
    """Persons (women + the children with them) currently placed in each room."""
    rows = db.session.execute(
        select(Placement.room_id, func.sum(1 + children_of_stay()))
        .join(Stay, Stay.id == Placement.stay_id)
        .where(Placement.ended_on.is_(None), Stay.discharged_on.is_(None))
        .group_by(Placement.room_id)
    ).all()
    return {room_id: int(persons) for room_id, persons in rows}


def free_beds(room: Room, now: datetime, except_referral_id: int | None = None) -> int:
    """Beds in service, less the persons placed and the beds held for someone else."""
    in_service = db.session.scalar(select(func.count()).select_from(Bed)
                                   .where(Bed.room_id == room.id, Bed.in_service.is_(True))) or 0
    held = held_beds_by_room(now, except_referral_id).get(room.id, 0)
    return in_service - persons_by_room().get(room.id, 0) - held




@dataclass(frozen=True)
class RoomChoice:
    """A room as a choice of where to place a household: its beds in service and what is free."""

    room_id: int
    name: str
    beds_in_service: int
    persons: int
    held_beds: int

    @property
    def free_beds(self) -> int:
        return rules.free_beds(self.beds_in_service, self.persons, self.held_beds)


def room_choices(now: datetime) -> list[RoomChoice]:
    """Every room with its beds in service, persons placed and beds held, by name: one statement
    (a form's room choice needs no board)."""
    in_service = (select(func.count()).select_from(Bed).where(Bed.room_id == Room.id, Bed.in_service.is_(True))
                  .scalar_subquery())
    persons = (select(func.coalesce(func.sum(1 + children_of_stay()), 0))
               .select_from(Placement).join(Stay, Stay.id == Placement.stay_id)
               .where(Placement.room_id == Room.id, Placement.ended_on.is_(None), Stay.discharged_on.is_(None))
               .scalar_subquery())
    held = (select(func.coalesce(func.sum(RoomHold.beds), 0))
            .where(RoomHold.room_id == Room.id, RoomHold.released_at.is_(None), RoomHold.held_until > now)
            .scalar_subquery())
    rows = db.session.execute(select(Room.id, Room.name, in_service, persons, held).order_by(Room.name)).all()
    return [RoomChoice(room_id, name, int(beds or 0), int(placed or 0), int(kept or 0))
            for room_id, name, beds, placed, kept in rows]


@dataclass(frozen=True)
class Vacancy:
    """Whether a place and a bed are free now, without the board: two statements."""

    free_places: int
    free_beds: int


def vacancy_now(now: datetime, capacity: int) -> Vacancy:
    women, holds = db.session.execute(select(active_women_query().scalar_subquery(),
                                             holds_query(now).scalar_subquery())).one()
    taken = rules.places_taken(women or 0, holds or 0)
    return Vacancy(rules.free_places(capacity, taken), sum(line.free_beds for line in room_choices(now)))


def rooms_with_beds() -> list[Room]:
    return list(db.session.scalars(select(Room).options(selectinload(Room.beds)).order_by(Room.name)).all())


def service_history(room_id: int) -> list[BedServicePeriod]:
    """The times the room's beds were out of service, the latest first (one statement)."""
    return list(db.session.scalars(
        select(BedServicePeriod).join(Bed, Bed.id == BedServicePeriod.bed_id).where(Bed.room_id == room_id)
        .options(contains_eager(BedServicePeriod.bed))
        .order_by(BedServicePeriod.out_from.desc(), BedServicePeriod.id.desc())).all())




def active_holds(now: datetime) -> list[RoomHold]:
    """Holds in force now: not released and not yet expired (an expired hold frees itself)."""
    return list(db.session.scalars(
        select(RoomHold).where(RoomHold.released_at.is_(None), RoomHold.held_until > now)
        .options(selectinload(RoomHold.room), selectinload(RoomHold.referral))
        .order_by(RoomHold.held_until)).all())


def held_beds_by_room(now: datetime, except_referral_id: int | None = None) -> dict[int, int]:
    query = (select(RoomHold.room_id, func.sum(RoomHold.beds))
             .where(RoomHold.released_at.is_(None), RoomHold.held_until > now).group_by(RoomHold.room_id))
    if except_referral_id is not None:
        query = query.where(or_(RoomHold.referral_id.is_(None), RoomHold.referral_id != except_referral_id))
    return {room_id: int(beds) for room_id, beds in db.session.execute(query).all()}


def holds_query(now: datetime | ColumnElement[datetime], except_referral_id: int | None = None) -> Select:
    """Each hold keeps one place for the woman expected."""
    query = select(func.count()).select_from(RoomHold).where(RoomHold.released_at.is_(None),
                                                             RoomHold.held_until > now)
    if except_referral_id is not None:
        query = query.where(or_(RoomHold.referral_id.is_(None), RoomHold.referral_id != except_referral_id))
    return query


def holds_count(now: datetime, except_referral_id: int | None = None) -> int:
    return db.session.scalar(holds_query(now, except_referral_id)) or 0
