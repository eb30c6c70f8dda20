"""Read models of the night: checks, who sleeps in which room, the shift log, absences."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from housing.extensions import db
from housing.shelter.rooms.rules import group_by_floor
from housing.shelter.models import NightCheck, NightCheckMark, Placement, Room, ShiftLogEntry, Stay, StayChild


def _check_with_marks(query: Select) -> NightCheck | None:
    """The check and its marks, each with who marked it and her stay and record: two statements."""
    return db.session.scalar(query.options(
        selectinload(NightCheck.marks).joinedload(NightCheckMark.marked_by),
        selectinload(NightCheck.marks).joinedload(NightCheckMark.stay).joinedload(Stay.resident)))


def night_check_for(night: date) -> NightCheck | None:
    return _check_with_marks(select(NightCheck).where(NightCheck.night_of == night))


def last_night_check() -> NightCheck | None:
    latest = select(func.max(NightCheck.night_of)).scalar_subquery()
    return _check_with_marks(select(NightCheck).where(NightCheck.night_of == latest))


def night_checks(limit: int = 60) -> list[tuple[NightCheck, int, int]]:
    """Past checks, newest first, with the number of women present and absent."""
    present = func.sum(case((NightCheckMark.present.is_(True), 1), else_=0))
    absent = func.sum(case((NightCheckMark.present.is_(False), 1), else_=0))
    rows = db.session.execute(
        select(NightCheck, func.coalesce(present, 0), func.coalesce(absent, 0))
        .outerjoin(NightCheckMark, (NightCheckMark.check_id == NightCheck.id) & NightCheckMark.current.is_(True))
        .group_by(NightCheck.id).order_by(NightCheck.night_of.desc()).limit(limit)).all()
    return [(check, int(p), int(a)) for check, p, a in rows]


@dataclass
class HouseholdInRoom:
    stay: Stay
    room_name: str
    floor: str = ""


def households_by_room() -> list[HouseholdInRoom]:
    """Every active stay with her children and room, in walking order — floor by floor (see
    `floor_rank`), then by room: the night check and the evacuation list."""
    rows = db.session.execute(
        select(Stay, Room.name, Room.floor)
        .join(Placement, (Placement.stay_id == Stay.id) & Placement.ended_on.is_(None))
        .join(Room, Room.id == Placement.room_id).where(Stay.discharged_on.is_(None))
        .options(joinedload(Stay.resident), selectinload(Stay.children).joinedload(StayChild.child))
        .order_by(Room.name, Stay.case_code)).all()
    households = [HouseholdInRoom(stay, room, floor) for stay, room, floor in rows]
    return [household for _floor, group in group_by_floor(households, lambda h: h.floor) for household in group]


@dataclass
class FloorOfHouseholds:
    """One floor of the evacuation list: its households room by room, and who is on it."""

    floor: str
    households: list[HouseholdInRoom]

    @property
    def women(self) -> int:
        return len(self.households)

    @property
    def children(self) -> int:
        return sum(len(household.stay.children) for household in self.households)

    @property
    def persons(self) -> int:
        return self.women + self.children


def households_by_floor() -> list[FloorOfHouseholds]:
    return [FloorOfHouseholds(floor, group)
            for floor, group in group_by_floor(households_by_room(), lambda h: h.floor)]


# --- Shift log ----------------------------------------------------------------------------

def shift_log(limit: int = 100, before_id: int | None = None) -> list[ShiftLogEntry]:
    query = (select(ShiftLogEntry).options(selectinload(ShiftLogEntry.author))
             .order_by(ShiftLogEntry.written_at.desc(), ShiftLogEntry.id.desc()).limit(limit))
    if before_id is not None:
        query = query.where(ShiftLogEntry.id < before_id)
    return list(db.session.scalars(query).all())




@dataclass(frozen=True)
class AbsenceFact:
    stay_id: int
    case_code: str
    night_of: date
    note: str
    restricted: bool = False


def absences_query() -> Select:
    """Women marked absent at the most recent night check, if their stay is still active
    (stay id, case code, night, note, restricted); the alerts read it too."""
    latest = select(func.max(NightCheck.night_of)).scalar_subquery()
    return (select(Stay.id, Stay.case_code, NightCheck.night_of, NightCheckMark.note, Stay.restricted)
            .join(NightCheckMark, NightCheckMark.stay_id == Stay.id)
            .join(NightCheck, NightCheck.id == NightCheckMark.check_id)
            .where(NightCheck.night_of == latest, NightCheckMark.current.is_(True),
                   NightCheckMark.present.is_(False), Stay.discharged_on.is_(None)))


def absences_at_last_check() -> list[AbsenceFact]:
    rows = db.session.execute(absences_query().order_by(Stay.case_code)).all()
    return [AbsenceFact(*row) for row in rows]
