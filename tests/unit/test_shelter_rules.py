"""Truth tables for the shelter's rules: pure functions, no app, no database."""
from __future__ import annotations

from datetime import date

import pytest

from housing.core.calendar import age_on
from housing.core.names import name_key
from housing.shelter.rooms import rules as room_rules
from housing.shelter.stays import rules as stay_rules
from housing.shelter.stays.rules import AdmissionFacts, ChildFacts

LIMITS = {"F": 18, "M": 12}


@pytest.mark.parametrize("admitted, months, expected", [
    (date(2026, 11, 30), 3, date(2027, 2, 28)),   # 30 Nov + 3 months: February has no 30th
    (date(2027, 11, 30), 3, date(2028, 2, 29)),   # … in a leap year, 29 February
    (date(2026, 1, 31), 3, date(2026, 4, 30)),    # 31 Jan + 3 months: April has 30 days
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 15), 3, date(2026, 6, 15)),    # an ordinary day keeps its number
    (date(2026, 10, 31), 3, date(2027, 1, 31)),   # across the year end
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2026, 5, 31), 0, date(2026, 5, 31)),
])
def test_planned_end_adds_calendar_months_clamped_to_month_end(admitted, months, expected):
    assert stay_rules.planned_end(admitted, months) == expected


@pytest.mark.parametrize("birth, on, age", [
    (date(2014, 6, 10), date(2026, 6, 9), 11),    # the day before the 12th birthday
    (date(2014, 6, 10), date(2026, 6, 10), 12),   # the 12th birthday
    (date(2008, 6, 10), date(2026, 6, 9), 17),    # the day before the 18th birthday
    (date(2008, 6, 10), date(2026, 6, 10), 18),   # the 18th birthday
    (date(2016, 2, 29), date(2027, 2, 28), 10),   # born 29 Feb: still 10 on 28 Feb of a common year
    (date(2016, 2, 29), date(2027, 3, 1), 11),    # … 11 on 1 March
    (date(2016, 2, 29), date(2028, 2, 29), 12),   # … and on 29 Feb of a leap year
    (date(2016, 2, 29), date(2028, 2, 28), 11),
    (date(2020, 1, 1), date(2020, 1, 1), 0),
])
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age


@pytest.mark.parametrize("sex, birth, on, eligible", [
    ("M", date(2014, 6, 10), date(2026, 6, 9), True),    # boy, day before 12th birthday: still eligible
    ("M", date(2014, 6, 10), date(2026, 6, 10), False),  # boy on his 12th birthday: not eligible
    ("F", date(2014, 6, 10), date(2026, 6, 10), True),   # a girl of 12 is eligible
    ("F", date(2008, 6, 10), date(2026, 6, 9), True),    # girl, day before 18th birthday
    ("F", date(2008, 6, 10), date(2026, 6, 10), False),  # girl on her 18th birthday
    ("M", date(2014, 2, 28), date(2026, 2, 27), True),
    ("M", date(2016, 2, 29), date(2028, 2, 28), True),   # boy born 29 Feb, day before his 12th birthday
    ("M", date(2016, 2, 29), date(2028, 2, 29), False),  # … on it
    ("M", date(2015, 2, 28), date(2027, 2, 27), True),
    ("F", date(2008, 2, 29), date(2026, 2, 28), True),   # girl born 29 Feb turns 18 on 1 March 2026
    ("F", date(2008, 2, 29), date(2026, 3, 1), False),
])
def test_child_eligibility_by_sex(sex, birth, on, eligible):
    assert stay_rules.child_needs_exception(sex, birth, on, LIMITS) is not eligible


@pytest.mark.parametrize("sex, birth, limit_day", [
    ("M", date(2014, 6, 10), date(2026, 6, 10)),
    ("F", date(2014, 6, 10), date(2032, 6, 10)),
    ("M", date(2016, 2, 29), date(2028, 2, 29)),   # 2028 is a leap year
    ("F", date(2016, 2, 29), date(2034, 3, 1)),    # 2034 is not: the limit is reached on 1 March
])
def test_child_limit_date(sex, birth, limit_day):
    assert stay_rules.child_limit_date(sex, birth, LIMITS) == limit_day


@pytest.mark.parametrize("active, capacity, refused", [(0, 20, False), (19, 20, False), (20, 20, True),
                                                        (21, 20, True), (4, 5, False), (5, 5, True)])
def test_capacity(active, capacity, refused):
    found = room_rules.capacity_violations(active, capacity)
    assert bool(found) is refused
    if refused:
        assert f"{active} of {capacity}" in str(found[0].message)


@pytest.mark.parametrize("persons, free, refused", [(1, 1, False), (3, 3, False), (3, 2, True), (1, 0, True),
                                                    (2, -1, True)])
def test_room_fit(persons, free, refused):
    found = room_rules.room_fit_violations(persons, free, "Κνωσός")
    assert bool(found) is refused
    if refused:
        assert found[0].field == "room_id" and "Κνωσός" in str(found[0].message)


def facts(**changes) -> AdmissionFacts:
    base = dict(admitted_on=date(2026, 6, 10), mother_birth_date=date(1990, 1, 1), room_name="Φαιστός",
                free_beds_in_room=4, places_taken=5, capacity=20, has_active_stay=False, may_grant_exception=False,
                child_age_limits=LIMITS, children=())
    base.update(changes)
    return AdmissionFacts(**base)


TODAY = date(2026, 6, 10)


def boy(birth: date, reason: str = "", index: int = 0) -> ChildFacts:
    return ChildFacts(f"children-{index}", "Νίκος", birth, "M", reason)


def test_a_valid_admission_has_no_violations():
    assert stay_rules.admission_violations(facts(children=(boy(date(2020, 1, 1)),)), TODAY) == []


def test_a_boy_of_12_is_refused_for_staff_naming_the_child_and_the_rule():
    found = stay_rules.admission_violations(facts(children=(boy(date(2014, 6, 10)),)), TODAY)
    assert [v.field for v in found] == ["children-0-birth_date"]
    assert "Νίκος is 12" in str(found[0].message) and "boys may stay until the age of 12" in str(found[0].message)


def test_a_coordinator_needs_a_written_reason_for_an_exception():
    found = stay_rules.admission_violations(facts(may_grant_exception=True, children=(boy(date(2014, 6, 10)),)), TODAY)
    assert [v.field for v in found] == ["children-0-exception_reason"]
    with_reason = facts(may_grant_exception=True, children=(boy(date(2014, 6, 10), "Twin of a girl, 2 weeks"),))
    assert stay_rules.admission_violations(with_reason, TODAY) == []


def test_a_staff_member_cannot_grant_an_exception_even_with_a_reason():
    found = stay_rules.admission_violations(facts(children=(boy(date(2014, 6, 10), "please"),)), TODAY)
    assert [v.field for v in found] == ["children-0-birth_date"]


@pytest.mark.parametrize("changes, field", [
    ({"admitted_on": date(2026, 6, 11)}, "admitted_on"),
    ({"mother_birth_date": date(2026, 6, 11)}, "birth_date"),
    ({"children": (boy(date(2026, 6, 11)),)}, "children-0-birth_date"),
    ({"mother_birth_date": date(2020, 5, 1), "children": (boy(date(2020, 4, 30)),)},
     "children-0-birth_date"),  # a child born before the mother
    ({"admitted_on": date(2026, 1, 1), "children": (boy(date(2026, 3, 1)),)}, "children-0-birth_date"),
    ({"has_active_stay": True}, ""),
    ({"places_taken": 20}, ""),
    ({"free_beds_in_room": 1, "children": (boy(date(2020, 1, 1)),)}, "room_id"),
])
def test_each_rule_names_its_field(changes, field):
    found = stay_rules.admission_violations(facts(**changes), TODAY)
    assert [v.field for v in found] == [field]


def test_every_violation_is_reported_at_once():
    found = stay_rules.admission_violations(facts(places_taken=20, free_beds_in_room=0, has_active_stay=True,
                                             children=(boy(date(2010, 1, 1)),)), TODAY)
    assert len(found) == 4


@pytest.mark.parametrize("discharged, destination, active, fields", [
    (date(2026, 6, 10), "own_home", True, []),
    (date(2026, 5, 1), "own_home", True, []),
    (date(2026, 4, 30), "own_home", True, ["discharged_on"]),   # before the admission
    (date(2026, 6, 11), "own_home", True, ["discharged_on"]),   # in the future
    (date(2026, 6, 1), "moon", True, ["destination"]),
    (date(2026, 6, 1), "own_home", False, [""]),
])
def test_discharge(discharged, destination, active, fields):
    found = stay_rules.discharge_violations(date(2026, 5, 1), discharged, destination, active,
                                       ("own_home", "relatives"), TODAY)
    assert [v.field for v in found] == fields


@pytest.mark.parametrize("new_room, moved_on, free, fields", [
    (2, date(2026, 6, 1), 3, []),
    (1, date(2026, 6, 1), 3, ["room_id"]),                       # same room
    (2, date(2026, 4, 1), 3, ["moved_on"]),                      # before she came into the current room
    (2, date(2026, 6, 11), 3, ["moved_on"]),                     # in the future
    (2, date(2026, 6, 1), 2, ["room_id"]),                       # 3 persons, 2 free beds
])
def test_transfer(new_room, moved_on, free, fields):
    found = stay_rules.transfer_violations(1, date(2026, 5, 1), new_room, "Ζάκρος", moved_on, 3, free, TODAY)
    assert [v.field for v in found] == fields


@pytest.mark.parametrize("persons, beds, reason, refused", [(0, 1, "repairs", False), (2, 3, "repairs", False),
                                                            (3, 3, "repairs", True), (0, 2, " ", True)])
def test_bed_withdrawal(persons, beds, reason, refused):
    assert bool(room_rules.bed_withdrawal_violations(persons, beds, reason)) is refused


@pytest.mark.parametrize("a, b, same", [("Παπαδάκη", "ΠΑΠΑΔΑΚΗ", True), ("Ελένη", "ελενη", True),
                                        ("Δασκαλάκης", "ΔΑΣΚΑΛΑΚΗΣ", True), ("Maria  José", "maria jose", True),
                                        ("Ελένη", "Ελένα", False), ("Fatima", "Fatma", False)])
def test_names_match_whatever_the_case_and_accents(a, b, same):
    assert (name_key(a) == name_key(b)) is same


@pytest.mark.parametrize("beds_in_service, persons, held, free", [
    (4, 0, 0, 4),
    (4, 3, 0, 1),
    (4, 3, 1, 0),   # the last bed held for the woman expected
    (4, 2, 1, 1),
    (3, 4, 0, 0),   # a bed went out of service under a household: none free, never below zero
    (0, 0, 0, 0),
])
def test_free_beds_of_a_room(beds_in_service, persons, held, free):
    assert room_rules.free_beds(beds_in_service, persons, held) == free


@pytest.mark.parametrize(("in_service", "persons", "held", "shown"), [
    ((True, True, True, True), 0, 0, ["free", "free", "free", "free"]),
    ((True, True, True, True), 3, 1, ["taken", "taken", "taken", "held"]),
    ((True, True, True, True), 1, 2, ["taken", "held", "held", "free"]),
    # a bed out of service is passed over: the mother and child take the first two in service
    ((False, True, True, True), 2, 0, ["out", "taken", "taken", "free"]),
    ((True, False, True, False), 1, 1, ["taken", "out", "held", "out"]),
    ((True, True), 3, 1, ["taken", "taken"]),  # never more than the beds
])
def test_which_bed_the_board_shows_taken_held_free_or_out(in_service, persons, held, shown):
    assert room_rules.bed_states(in_service, persons, held) == shown
