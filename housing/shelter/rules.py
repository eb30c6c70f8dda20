"""The shelter's rules as pure functions: no Flask, no database, `today` passed in.

Each returns the violations it finds (empty when the request is allowed), naming the
form field concerned so that the page can show the message where the user typed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping

from flask_babel import lazy_gettext as _l

from housing.core.calendar import add_months, age_on, birthday_at
from housing.core.errors import Violation
from housing.core.names import name_key

SEX_WORDS = {"F": _l("girls"), "M": _l("boys")}
SEX_SINGULAR = {"F": _l("girl"), "M": _l("boy")}


def planned_end(admitted_on: date, stay_months: int) -> date:
    """A stay lasts STAY_MONTHS calendar months from admission (shelter regulation: 3)."""
    return add_months(admitted_on, stay_months)


def child_is_eligible(sex: str, birth_date: date, on: date, limits: Mapping[str, int]) -> bool:
    """Girls may stay while younger than 18, boys while younger than 12 (shelter regulation):
    a boy is eligible until the day before his 12th birthday."""
    return age_on(birth_date, on) < limits[sex]


def child_limit_date(sex: str, birth_date: date, limits: Mapping[str, int]) -> date:
    """The first day on which the child is no longer eligible."""
    return birthday_at(birth_date, limits[sex])


# The purge compares every entry of the shift log with every person it anonymises: fold each once.
_folded = lru_cache(maxsize=1024)(name_key)


def text_may_name(text: str, first_name: str, last_name: str, case_codes: Iterable[str] = ()) -> bool:
    """A free text (a shift-log line) may name a woman when each word of her first name and of her
    last name begins a word of it, whatever the accents, capitals or sigma ("της ΠΑΠΑΔΑΚΗ" and
    "Μαρίας" count: Greek declines names), or when one of her case codes appears in it."""
    folded = _folded(text)
    if any(code and _folded(code) in folded for code in case_codes):
        return True
    first, last = _folded(first_name).split(), _folded(last_name).split()
    words = first + last
    if not first or not last or not all(any(ch.isalnum() for ch in word) for word in words):
        return False  # an anonymised ("—") or empty name names nobody
    return all(re.search(rf"(?<!\w){re.escape(word)}", folded) for word in words)


def capacity_violations(active_women: int, capacity: int, field_name: str = "") -> list[Violation]:
    """At most SHELTER_CAPACITY women have an active stay; children do not count."""
    if active_women >= capacity:
        return [Violation(field_name, _l(
            "The shelter is full: %(active)d of %(capacity)d places are taken. "
            "Nobody can be admitted until a woman is discharged.", active=active_women, capacity=capacity))]
    return []


def room_fit_violations(persons: int, free_beds: int, room_name: str, field_name: str = "room_id") -> list[Violation]:
    """A household is placed in one room and the persons in a room never exceed its beds in service."""
    if persons > free_beds:
        return [Violation(field_name, _l(
            "Room %(room)s has %(free)d free bed(s) in service; this household needs %(persons)d.",
            room=room_name, free=max(free_beds, 0), persons=persons))]
    return []


@dataclass(frozen=True)
class ChildFacts:
    field_prefix: str  # e.g. "children-0", the form entry the facts came from
    first_name: str
    birth_date: date | None
    sex: str
    exception_reason: str = ""


@dataclass(frozen=True)
class AdmissionFacts:
    admitted_on: date | None
    mother_birth_date: date | None
    room_name: str
    free_beds_in_room: int
    active_women: int
    capacity: int
    has_active_stay: bool
    may_grant_exception: bool
    child_age_limits: Mapping[str, int]
    children: tuple[ChildFacts, ...] = field(default_factory=tuple)


def date_violations(mother_birth_date: date | None, admitted_on: date | None, children: tuple[ChildFacts, ...],
                    today: date) -> list[Violation]:
    """Dates that cannot be: births or admission in the future, a child born before the mother."""
    found: list[Violation] = []
    if admitted_on is not None and admitted_on > today:
        found.append(Violation("admitted_on", _l("The admission date cannot be in the future.")))
    if mother_birth_date is not None:
        if mother_birth_date > today:
            found.append(Violation("birth_date", _l("The date of birth cannot be in the future.")))
        elif admitted_on is not None and mother_birth_date >= admitted_on:
            found.append(Violation("birth_date", _l("The date of birth must be before the admission date.")))
    for child in children:
        where = f"{child.field_prefix}-birth_date"
        if child.birth_date is None:
            continue
        if child.birth_date > today:
            found.append(Violation(where, _l("%(name)s: the date of birth cannot be in the future.",
                                             name=child.first_name)))
        elif mother_birth_date is not None and child.birth_date <= mother_birth_date:
            found.append(Violation(where, _l("%(name)s: a child must be born after the mother.",
                                             name=child.first_name)))
        elif admitted_on is not None and child.birth_date > admitted_on:
            found.append(Violation(where, _l("%(name)s: the date of birth is after the admission date.",
                                             name=child.first_name)))
    return found


def child_age_violations(children: tuple[ChildFacts, ...], admitted_on: date, limits: Mapping[str, int],
                         may_grant_exception: bool) -> list[Violation]:
    """Each child must be under the age limit for their sex on the admission day, unless a
    coordinator records an exception with a written reason."""
    found: list[Violation] = []
    for child in children:
        if child.birth_date is None or child.sex not in limits:
            continue
        if child_is_eligible(child.sex, child.birth_date, admitted_on, limits):
            continue
        rule = _l("%(sex)s may stay until the age of %(limit)d", sex=SEX_WORDS[child.sex], limit=limits[child.sex])
        age = age_on(child.birth_date, admitted_on)
        if not may_grant_exception:
            found.append(Violation(f"{child.field_prefix}-birth_date", _l(
                "%(name)s is %(age)d on the admission date; %(rule)s. Only a coordinator can admit "
                "with an exception.", name=child.first_name, age=age, rule=rule)))
        elif not child.exception_reason.strip():
            found.append(Violation(f"{child.field_prefix}-exception_reason", _l(
                "%(name)s is %(age)d on the admission date; %(rule)s. To admit anyway, write the reason "
                "for the exception.", name=child.first_name, age=age, rule=rule)))
    return found


def admission_violations(facts: AdmissionFacts, today: date) -> list[Violation]:
    """Every rule an admission must satisfy, all reported at once."""
    found = date_violations(facts.mother_birth_date, facts.admitted_on, facts.children, today)
    if facts.has_active_stay:
        found.append(Violation("", _l("She already has an active stay; discharge it before a new admission.")))
    found += capacity_violations(facts.active_women, facts.capacity)
    found += room_fit_violations(1 + len(facts.children), facts.free_beds_in_room, facts.room_name)
    if facts.admitted_on is not None:
        found += child_age_violations(facts.children, facts.admitted_on, facts.child_age_limits,
                                      facts.may_grant_exception)
    return found


def discharge_violations(admitted_on: date, discharged_on: date, destination: str, is_active: bool,
                         destinations: tuple[str, ...], today: date) -> list[Violation]:
    found: list[Violation] = []
    if not is_active:
        found.append(Violation("", _l("This stay has already ended.")))
    if discharged_on < admitted_on:
        found.append(Violation("discharged_on", _l("The discharge date cannot be before the admission date.")))
    if discharged_on > today:
        found.append(Violation("discharged_on", _l("The discharge date cannot be in the future.")))
    if destination not in destinations:
        found.append(Violation("destination", _l("Choose a destination.")))
    return found


def transfer_violations(current_room_id: int, current_since: date, new_room_id: int, new_room_name: str,
                        moved_on: date, persons: int, free_beds_in_new_room: int, today: date) -> list[Violation]:
    found: list[Violation] = []
    if new_room_id == current_room_id:
        found.append(Violation("room_id", _l("The household is already in this room.")))
    if moved_on < current_since:
        found.append(Violation("moved_on", _l("The move cannot be before the household came into the current room.")))
    if moved_on > today:
        found.append(Violation("moved_on", _l("The move cannot be in the future.")))
    if new_room_id != current_room_id:
        found += room_fit_violations(persons, free_beds_in_new_room, new_room_name)
    return found


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


# --- Extensions (four eyes) -------------------------------------------------------------

def extension_request_violations(is_active: bool, current_end: date, proposed_end: date | None, reason: str,
                                 has_pending: bool) -> list[Violation]:
    """A stay may be extended while active, to a date after its current planned end, with a
    written reason; one pending request at a time."""
    found: list[Violation] = []
    if not is_active:
        found.append(Violation("", _l("A discharged stay cannot be extended.")))
    if has_pending:
        found.append(Violation("", _l("This stay already has a request waiting for a decision.")))
    if proposed_end is None:
        found.append(Violation("proposed_end", _l("Enter the proposed new end date.")))
    elif proposed_end <= current_end:
        found.append(Violation("proposed_end", _l("The new end must be after the current planned end (%(end)s).",
                                                  end=current_end.strftime("%d/%m/%Y"))))
    if not reason.strip():
        found.append(Violation("reason", _l("Write the reason for the extension.")))
    return found


def may_decide_extension(requested_by_id: int, decider_id: int) -> bool:
    """Nobody decides a request they made themselves."""
    return requested_by_id != decider_id


def extension_decision_violations(status: str, is_active: bool, approve: bool, new_end: date | None,
                                  current_end: date, note: str) -> list[Violation]:
    found: list[Violation] = []
    if status != "pending":
        found.append(Violation("", _l("This request has already been decided.")))
        return found
    if not is_active:
        found.append(Violation("", _l("A discharged stay cannot be extended.")))
    if approve:
        if new_end is None:
            found.append(Violation("decided_end", _l("Enter the new end date.")))
        elif new_end <= current_end:
            found.append(Violation("decided_end", _l("The new end must be after the current planned end (%(end)s).",
                                                     end=current_end.strftime("%d/%m/%Y"))))
    if not note.strip():
        found.append(Violation("note", _l("Write a note on the decision.")))
    return found


# --- The night ------------------------------------------------------------------------

NIGHT_STARTS_AT_HOUR = 12


def night_of(moment_in_athens: datetime) -> date:
    """The night a moment belongs to: from noon to noon, so a check at 03:00 on the 27th is
    the check of the night of the 26th."""
    day = moment_in_athens.date()
    return day if moment_in_athens.hour >= NIGHT_STARTS_AT_HOUR else day - timedelta(days=1)


NIGHTS_SEEN_BY_THE_NIGHT_SHIFT = 2  # tonight's check and last night's


def earliest_night_visible(tonight: date, sees_case_history: bool) -> date | None:
    """The night shift sees tonight's check and last night's, nothing older: old checks hold the
    names and absence notes of women long gone. Staff and coordinators keep the history (None)."""
    if sees_case_history:
        return None
    return tonight - timedelta(days=NIGHTS_SEEN_BY_THE_NIGHT_SHIFT - 1)


def night_visible(night: date, tonight: date, sees_case_history: bool) -> bool:
    earliest = earliest_night_visible(tonight, sees_case_history)
    return earliest is None or night >= earliest


def night_check_violations(marks: dict[int, tuple[bool | None, str]], expected_stays: set[int]) -> list[Violation]:
    """Every woman present tonight is marked present or absent; only those."""
    found: list[Violation] = []
    unknown = set(marks) - expected_stays
    if unknown:
        found.append(Violation("", _l("The list changed while you were checking: reload the page.")))
    for stay_id in sorted(expected_stays):
        present, _note = marks.get(stay_id, (None, ""))
        if present is None:
            found.append(Violation(f"stay-{stay_id}", _l("Mark her present or absent.")))
    return found


SHIFT_LOG_EDIT_MINUTES = 15


def shift_entry_editable(written_at: datetime, now: datetime, author_id: int, user_id: int) -> bool:
    """Its author may correct an entry for 15 minutes; after that it stands as written."""
    return author_id == user_id and now - written_at <= timedelta(minutes=SHIFT_LOG_EDIT_MINUTES)


# --- Holds and the waiting list -------------------------------------------------------

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


def referral_child_flags(children: list[tuple[int, str]], limits: Mapping[str, int]) -> list[str]:
    """Children of a referral over the age limit for their sex, each named with the rule
    (a flag for the coordinator, not a refusal: she may grant an exception)."""
    flags = []
    for number, (age, sex) in enumerate(children, start=1):
        if sex in limits and age >= limits[sex]:
            flags.append(str(_l("Child %(n)d: a %(sex)s of %(age)d — %(words)s may stay until the age of %(limit)d.",
                                n=number, sex=SEX_SINGULAR[sex], age=age, words=SEX_WORDS[sex],
                                limit=limits[sex])))
    return flags


# --- Earlier records at admission --------------------------------------------------------

@dataclass(frozen=True)
class EarlierRecord:
    """A record with the same name and date of birth as the woman being admitted."""

    resident_id: int
    hidden: bool  # restricted, and the person admitting is not a coordinator
    has_active_stay: bool


def earlier_record_violations(records: tuple[EarlierRecord, ...], chosen_id: int | None, new_person: bool,
                              distinct_reason: str) -> list[Violation]:
    """She is admitted on an earlier record when one matches, so one woman is never two people.
    A restricted record is never named to staff: only a coordinator completes that admission.
    "None of these" beside a record that has an active stay today opens a second person with the
    same name and birth date: only with a written reason."""
    if any(record.hidden for record in records):
        return [Violation("existing_resident", _l("A record visible to coordinators may match: a coordinator must "
                                                  "complete this admission."))]
    if chosen_id is not None:
        if chosen_id not in {record.resident_id for record in records}:
            return [Violation("existing_resident", _l("That record is not one of the earlier records with this name "
                                                      "and date of birth: choose one of those offered."))]
        return []
    if not records:
        return []
    if not new_person:
        return [Violation("existing_resident", _l("She may have stayed here before: choose her earlier record, "
                                                  "or confirm that she is not in our records."))]
    if any(record.has_active_stay for record in records) and not distinct_reason.strip():
        return [Violation("distinct_reason", _l("A record with the same name and date of birth has an active stay "
                                                "today: write why she is a different person, or choose that "
                                                "record."))]
    return []
