"""The rules of a stay as pure functions: no Flask, no database, `today` passed in.

Admission (dates, the child age rule, earlier records), discharge and transfer. Each returns
the violations it finds (empty when the request is allowed), naming the form field concerned
so that the page can show the message where the user typed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from collections.abc import Mapping

from housing.core.i18n import lazy_gettext as _l

from housing.core.calendar import add_months, age_on, birthday_at
from housing.core.errors import Violation
from housing.core.undo import undo_violations
from housing.shelter.rooms.rules import capacity_violations, room_fit_violations


SEX_WORDS = {"F": _l("girls"), "M": _l("boys")}
SEX_SINGULAR = {"F": _l("girl"), "M": _l("boy")}


def planned_end(admitted_on: date, stay_months: int) -> date:
    """A stay lasts STAY_MONTHS calendar months from admission (shelter regulation: 3)."""
    return add_months(admitted_on, stay_months)


def age_limit_reached(sex: str, age: int, limits: Mapping[str, int]) -> bool:
    """The child age rule in years: girls may stay while younger than 18, boys while younger than
    12 (shelter regulation, CHILD_AGE_LIMITS)."""
    return age >= limits[sex]


def child_needs_exception(sex: str, birth_date: date, on: date, limits: Mapping[str, int]) -> bool:
    """A child at or over the age limit for their sex on that day is admitted only with a
    coordinator's recorded exception: a boy is eligible until the day before his 12th birthday."""
    return age_limit_reached(sex, age_on(birth_date, on), limits)


def child_limit_date(sex: str, birth_date: date, limits: Mapping[str, int]) -> date:
    """The first day on which the child is no longer eligible."""
    return birthday_at(birth_date, limits[sex])


def limit_reached_during_stay(sex: str, birth_date: date, planned_end: date, limits: Mapping[str, int]) -> bool:
    """The child reaches the age limit on or before the stay's planned end (an alert ahead of time)."""
    return child_limit_date(sex, birth_date, limits) <= planned_end





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
    places_taken: int  # rooms.rules.places_taken: women with an active stay and holds for others
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
        if not child_needs_exception(child.sex, child.birth_date, admitted_on, limits):
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
    found += capacity_violations(facts.places_taken, facts.capacity)
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


@dataclass(frozen=True)
class DischargeUndoFacts:
    """What a same-day undo of a discharge depends on, read under the shelter lock."""

    discharged: bool
    recorded_at: datetime | None  # when the discharge was entered
    may_undo: bool  # the person's right (coordinators)
    her_active_stay_since: bool  # she was admitted again, under another case code
    enrolled_onward: bool  # enrolled in a programme from this stay since
    room_name: str
    free_beds_in_room: int  # beds of her room free now
    persons: int  # she and the children of the stay
    places_taken: int  # women with an active stay now
    capacity: int


def discharge_undo_violations(facts: DischargeUndoFacts, today: date) -> list[Violation]:
    """A discharge entered by mistake is undone the same day by a coordinator: the same stay, case
    code, room and children come back — if nothing since has made it impossible (her bed taken by
    a new admission, the shelter full, a new stay or an enrolment that followed the discharge)."""
    found = undo_violations(facts.discharged, facts.recorded_at, facts.may_undo, today)
    if found:
        return found
    if facts.her_active_stay_since:
        found.append(Violation("", _l("She has been admitted again since, under another case code: "
                                      "the discharge cannot be undone.")))
    if facts.enrolled_onward:
        found.append(Violation("", _l("She has been enrolled in a programme from this stay: "
                                      "the discharge cannot be undone.")))
    if not facts.room_name:  # no room was hers when she left: there is no bed to give back
        found.append(Violation("", _l("She had no room when she left: the discharge cannot be undone. "
                                      "Admit her again instead.")))
    elif facts.free_beds_in_room < facts.persons:
        found.append(Violation("", _l("Her bed in room %(room)s has been taken since: the discharge cannot be "
                                      "undone. Admit her again instead.", room=facts.room_name)))
    found += capacity_violations(facts.places_taken, facts.capacity)
    return found


# --- What usually follows ------------------------------------------------------------------

# The first days after an admission: the night shift is told who arrived.
NEW_ADMISSION_DAYS = 2


@dataclass(frozen=True)
class StayState:
    """What the stay page knows of a stay when it says what usually follows."""

    active: bool
    admitted_on: date
    planned_end: date
    restricted: bool = False
    restriction_awaits_confirmation: bool = False
    risk_known: bool = True  # False when the reader may not see the safety plan
    risk_level: str | None = None  # the current assessment's level; None before the first one
    extension_pending: bool = False
    extension_requested_by: int | None = None
    left_for_programme: bool = False  # discharged to a programme that takes women from the shelter
    enrolled: bool = False


@dataclass(frozen=True)
class NextStep:
    """A step that usually follows, done by whoever holds `permission`; `sees_her`: only for whoever
    may see who she is (a restricted stay's plan is the coordinators'); `not_by`: a user who may not
    do it (nobody decides their own extension request)."""

    code: str
    permission: str
    sees_her: bool = False
    not_by: int | None = None


def next_steps(state: StayState, today: date, ending_days: int) -> list[NextStep]:
    """After an admission: the intake assessment in her safety plan, a handover note for the night
    shift, and the restriction if she is at risk; near the planned end: an extension or the
    discharge; a request waiting: its decision; after a discharge to a programme: the enrolment.
    Permissions are named by their codes (housing.core.permissions.Permission values)."""
    steps: list[NextStep] = []
    if not state.active:
        if state.left_for_programme and not state.enrolled:
            steps.append(NextStep("enrol", "enrol_from_shelter"))
        return steps
    new = (today - state.admitted_on).days < NEW_ADMISSION_DAYS
    if state.risk_known and state.risk_level is None:
        steps.append(NextStep("intake_assessment", "safety_plan", sees_her=True))
    if new:
        steps.append(NextStep("tell_night_shift", "shift_log"))
    if state.restriction_awaits_confirmation:
        steps.append(NextStep("confirm_restriction", "restrict_stay"))
    elif not state.restricted and state.risk_known:
        if state.risk_level == "high":
            steps.append(NextStep("restrict_high_risk", "restrict_stay"))
        elif state.risk_level is None and new:
            steps.append(NextStep("restrict_if_at_risk", "restrict_stay"))
    if state.extension_pending:
        steps.append(NextStep("decide_extension", "decide_extension", not_by=state.extension_requested_by))
    elif (state.planned_end - today).days <= ending_days:
        steps.append(NextStep("request_extension", "request_extension"))
        steps.append(NextStep("record_discharge", "discharge_stay"))
    return steps
