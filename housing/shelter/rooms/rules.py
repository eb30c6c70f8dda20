"""Places, rooms, beds and holds as pure functions: what is taken, what fits."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.names import name_key


def places_taken(active_women: int, holds: int) -> int:
    """The shelter's places taken: one by each woman with an active stay and one by each hold,
    kept for the woman expected — a held place is not free. Children do not count."""
    return active_women + holds


def free_beds(beds_in_service: int, persons: int, held_beds: int) -> int:
    """A room's free beds: those in service, less the persons placed there and the beds held."""
    return max(beds_in_service - persons - held_beds, 0)


BED_STATES = ("taken", "held", "free", "out")


def bed_states(in_service: Iterable[bool], persons: int, held_beds: int) -> list[str]:
    """What each bed of a room shows on the board, in the beds' order: the first beds in service
    are taken by the persons placed, the next by the beds held, the rest are free; a bed out of
    service is "out". A room holds no more persons than beds in service (admission refuses it), but
    if it did the surplus would show on no bed."""
    states = []
    for serving in in_service:
        if not serving:
            states.append("out")
        elif persons > 0:
            persons -= 1
            states.append("taken")
        elif held_beds > 0:
            held_beds -= 1
            states.append("held")
        else:
            states.append("free")
    return states


def free_places(capacity: int, taken: int) -> int:
    return max(capacity - taken, 0)


def capacity_violations(taken: int, capacity: int, field_name: str = "") -> list[Violation]:
    """At most SHELTER_CAPACITY places are taken (`places_taken`): nobody is admitted past them."""
    if taken >= capacity:
        return [Violation(field_name, _l(
            "The shelter is full: %(active)d of %(capacity)d places are taken. "
            "Nobody can be admitted until a woman is discharged.", active=taken, capacity=capacity))]
    return []


def room_fit_violations(persons: int, free_beds: int, room_name: str, field_name: str = "room_id") -> list[Violation]:
    """A household is placed in one room and the persons in a room never exceed its beds in service."""
    if persons > free_beds:
        return [Violation(field_name, _l(
            "Room %(room)s has %(free)d free bed(s) in service; this household needs %(persons)d.",
            room=room_name, free=max(free_beds, 0), persons=persons))]
    return []




def bed_withdrawal_violations(persons_in_room: int, beds_in_service: int, reason: str) -> list[Violation]:
    """A bed can leave service only if the persons in the room still fit in the beds left."""
    found: list[Violation] = []
    if not reason.strip():
        found.append(Violation("reason", _l("Write why the bed is out of service.")))
    if persons_in_room > beds_in_service - 1:
        found.append(Violation("reason", _l(
            "%(persons)d persons sleep in this room and it has %(beds)d beds in service: move a household "
            "before taking a bed out of service.", persons=persons_in_room, beds=beds_in_service)))
    return found




def hold_violations(beds: int | None, free_beds: int, room_name: str, held_until: datetime | None,
                    now: datetime) -> list[Violation]:
    found: list[Violation] = []
    if beds is None or beds < 1:
        found.append(Violation("beds", _l("Hold at least one bed.")))
    elif beds > free_beds:
        found.append(Violation("beds", _l("Room %(room)s has %(free)d free bed(s) to hold.", room=room_name,
                                          free=max(free_beds, 0))))
    if held_until is None:
        found.append(Violation("held_until", _l("Enter until when the beds are held.")))
    elif held_until <= now:
        found.append(Violation("held_until", _l("A hold must end in the future.")))
    elif held_until - now > timedelta(days=14):
        found.append(Violation("held_until", _l("A hold lasts 14 days at most.")))
    return found


_BASEMENT_WORDS = ("υπογειο", "basement")
_GROUND_WORDS = ("ισογειο", "ground")
_NO_NUMBER = 1000
# Floors written in words (as name_key folds them: no accents, lower case, σ for ς).
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
             "πρωτοσ": 1, "δευτεροσ": 2, "τριτοσ": 3, "τεταρτοσ": 4, "πεμπτοσ": 5}


def floor_rank(floor: str) -> tuple[int, str]:
    """Where a floor comes in walking order, read from its name as the admin wrote it: the
    basement, the ground floor, then the floors by their number ("1ος όροφος", "2nd floor"); a
    name without a number, and a room with no floor written, come last (by name)."""
    key = name_key(floor)
    if not key:
        return (_NO_NUMBER + 1, "")
    if any(word in key for word in _BASEMENT_WORDS):
        return (-1, key)
    if any(word in key for word in _GROUND_WORDS):
        return (0, key)
    number = re.search(r"\d+", key)
    if number:
        return (int(number.group()), key)
    for word in key.split():
        if word in _ORDINALS:
            return (_ORDINALS[word], key)
    return (_NO_NUMBER, key)


Item = TypeVar("Item")


def group_by_floor(items: Iterable[Item], floor_of: Callable[[Item], str]) -> list[tuple[str, list[Item]]]:
    """Items (rooms, households) grouped by floor in walking order, keeping their order within
    a floor."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(floor_of(item), []).append(item)
    return sorted(groups.items(), key=lambda group: floor_rank(group[0]))
