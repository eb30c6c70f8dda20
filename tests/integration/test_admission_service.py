"""The admission, discharge and transfer services against a real database."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy import func, select

from housing.core.clock import today
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter import services
from housing.shelter.rooms import queries as places
from housing.shelter.stays import queries
from housing.shelter.stays.rules import planned_end
from housing.shelter.models import Child, Placement, Resident, Stay, StayChild
from tests.support import admission, child, make_room, make_stay, make_user, settings

pytestmark = pytest.mark.usefixtures("app_ctx")


def fields_of(error: RuleViolation) -> list[str]:
    return [v.field for v in error.violations]


def test_admission_creates_resident_children_stay_and_placement():
    room = make_room(beds=3)
    stay = make_stay(room=room, children=[child("Νίκος", 2000, "M"), child("Άρτεμις", 800, "F", index=1)])
    assert stay.case_code == f"SH-{today().year}-001"
    assert stay.planned_end == planned_end(today(), 3)
    assert [link.child.first_name for link in stay.children] == ["Νίκος", "Άρτεμις"]
    assert stay.current_placement.room_id == room.id
    assert places.persons_by_room()[room.id] == 3


def test_case_codes_are_sequential_per_year_and_never_reused():
    staff = make_user("shelter_staff")
    first = make_stay(by=staff)
    second = make_stay(by=staff)
    services.discharge(second, today(), "left", "relatives", staff, today())
    third = make_stay(by=staff)
    last_year = make_stay(by=staff, admitted_on=date(today().year - 1, 12, 31))
    codes = [s.case_code for s in (first, second, third)]
    year = today().year
    assert codes == [f"SH-{year}-001", f"SH-{year}-002", f"SH-{year}-003"]
    assert last_year.case_code == f"SH-{year - 1}-001"


def test_capacity_is_enforced_with_a_message_naming_the_count(app):
    staff = make_user("shelter_staff")
    room = make_room(beds=10)
    for _ in range(3):
        services.admit(admission(room), staff, today(), settings(capacity=3))
    with pytest.raises(RuleViolation) as refused:
        services.admit(admission(room), staff, today(), settings(capacity=3))
    assert "3 of 3" in str(refused.value)
    assert places.active_women_count() == 3


def test_children_do_not_count_toward_capacity_but_must_fit_in_beds():
    staff = make_user("shelter_staff")
    room = make_room(beds=3)
    services.admit(admission(room, children=[child(index=0), child("Μαρία", 400, "F", index=1)]), staff, today(),
                   settings(capacity=1))
    other_room = make_room(beds=2)
    with pytest.raises(RuleViolation) as refused:
        services.admit(admission(other_room), staff, today(), settings(capacity=1))
    assert fields_of(refused.value) == [""]  # full, though beds are free


def test_a_household_that_does_not_fit_the_room_is_refused():
    room = make_room(beds=2)
    with pytest.raises(RuleViolation) as refused:
        make_stay(room=room, children=[child(index=0), child(index=1)])
    assert fields_of(refused.value) == ["room_id"]
    assert db.session.scalar(select(func.count()).select_from(Stay)) == 0


def test_beds_out_of_service_are_not_offered():
    room = make_room(beds=2)
    services.take_bed_out_of_service(room.beds[0], "repairs", today())
    with pytest.raises(RuleViolation):
        make_stay(room=room, children=[child()])
    assert make_stay(room=room).current_placement.room_id == room.id


def test_a_bed_cannot_leave_service_under_a_sleeping_household():
    room = make_room(beds=2)
    make_stay(room=room, children=[child()])
    with pytest.raises(RuleViolation):
        services.take_bed_out_of_service(room.beds[0], "repairs", today())
    assert room.beds[0].in_service


def test_bed_back_in_service():
    room = make_room(beds=1)
    bed = services.take_bed_out_of_service(room.beds[0], "paint", today())
    assert not bed.in_service and bed.out_of_service_reason == "paint"
    services.return_bed_to_service(bed, today())
    assert bed.in_service and bed.out_of_service_reason == ""


def test_staff_cannot_admit_a_boy_over_the_limit_and_nothing_is_written():
    staff = make_user("shelter_staff")
    room = make_room(beds=3)
    over_age = child("Πέτρος", age_days=12 * 366, sex="M")
    with pytest.raises(RuleViolation) as refused:
        services.admit(admission(room, children=[over_age]), staff, today(), settings())
    assert fields_of(refused.value) == ["children-0-birth_date"]
    assert "Πέτρος" in str(refused.value)
    # Counted in the service's own session, no rollback first: anything it had added would be flushed and seen.
    assert db.session.scalar(select(func.count()).select_from(Resident)) == 0


def test_a_coordinator_admits_over_the_limit_with_an_exception_shown_on_the_stay():
    coordinator = make_user("coordinator")
    room = make_room(beds=3)
    over_age = child("Πέτρος", age_days=12 * 366, sex="M", exception_reason="Brother of a newborn; 2 weeks")
    stay = services.admit(admission(room, children=[over_age]), coordinator, today(), settings())
    link = stay.children[0]
    assert link.exception_reason == "Brother of a newborn; 2 weeks"
    assert link.exception_by_id == coordinator.id


def test_an_eligible_childs_exception_text_is_not_recorded():
    coordinator = make_user("coordinator")
    stay = make_stay(by=coordinator, children=[child(age_days=1000, exception_reason="not needed")])
    assert stay.children[0].exception_reason == "" and stay.children[0].exception_by_id is None


def test_returning_woman_is_readmitted_on_her_record_with_her_known_children():
    staff = make_user("shelter_staff")
    room = make_room(beds=3)
    first = services.admit(admission(room, first_name="Ελένη", admitted_on=today() - timedelta(days=200),
                                     children=[child("Νίκος", 2000, admitted_on=today() - timedelta(days=200))]),
                           staff, today(), settings())
    services.discharge(first, today() - timedelta(days=120), "home", "own_home", staff, today())
    assert queries.possible_duplicates("ελένη", "ΠΑΠΑΔΆΚΗ", date(1990, 4, 2)) == [first.resident]
    again = services.admit(admission(room, first_name="Ελένη", existing_resident_id=first.resident_id,
                                     children=[child("Νίκος", 2200)]), staff, today(), settings())
    assert again.resident_id == first.resident_id and again.case_code != first.case_code
    assert db.session.scalar(select(func.count()).select_from(Resident)) == 1
    assert db.session.scalar(select(func.count()).select_from(Child)) == 1


def test_one_active_stay_per_woman():
    stay = make_stay()
    with pytest.raises(RuleViolation) as refused:
        make_stay(existing_resident_id=stay.resident_id, first_name=stay.resident.first_name)
    assert "already has an active stay" in str(refused.value)


@pytest.mark.parametrize("changes, field", [
    ({"birth_date": date(2999, 1, 1)}, "birth_date"),
    ({"admitted_on": date(2999, 1, 1)}, "admitted_on"),
])
def test_dates_in_the_future_are_refused(changes, field):
    room = make_room()
    data = admission(room)
    for name, value in changes.items():
        setattr(data, name, value)
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, make_user("shelter_staff"), today(), settings())
    assert field in fields_of(refused.value)


def test_discharge_keeps_the_stay_and_frees_the_room():
    room = make_room(beds=2)
    stay = make_stay(room=room, children=[child()], admitted_on=today() - timedelta(days=10))
    services.discharge(stay, today(), "Found a flat", "independent_housing", make_user("shelter_staff"), today())
    assert not stay.is_active and stay.destination == "independent_housing"
    assert stay.placements[0].ended_on == today()
    assert places.persons_by_room().get(room.id, 0) == 0
    assert db.session.get(Stay, stay.id) is not None


@pytest.mark.parametrize("when, destination", [(-11, "own_home"), (1, "own_home"), (0, "mars")])
def test_discharge_rules(when, destination):
    stay = make_stay(admitted_on=today() - timedelta(days=10))
    with pytest.raises(RuleViolation):
        services.discharge(stay, today() + timedelta(days=when), "x", destination, make_user("shelter_staff"),
                           today())
    assert stay.is_active


def test_a_discharged_stay_cannot_be_discharged_again():
    stay = make_stay()
    staff = make_user("shelter_staff")
    services.discharge(stay, today(), "x", "unknown", staff, today())
    with pytest.raises(RuleViolation):
        services.discharge(stay, today(), "x", "unknown", staff, today())


def test_transfer_keeps_room_history():
    first, second = make_room(beds=2), make_room(beds=2)
    stay = make_stay(room=first, children=[child()], admitted_on=today() - timedelta(days=5))
    services.transfer(stay, second.id, today(), make_user("shelter_staff"), today())
    assert [(p.room_id, p.ended_on) for p in stay.placements] == [(first.id, today()), (second.id, None)]
    assert places.persons_by_room() == {second.id: 2}


def test_transfer_into_a_room_too_small_is_refused():
    first, small = make_room(beds=3), make_room(beds=1)
    stay = make_stay(room=first, children=[child()])
    with pytest.raises(RuleViolation) as refused:
        services.transfer(stay, small.id, today(), make_user("shelter_staff"), today())
    assert fields_of(refused.value) == ["room_id"]
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 1


def test_database_refuses_a_second_active_stay_even_past_the_rules():
    stay = make_stay()
    db.session.add(Stay(case_code="SH-1999-999", resident_id=stay.resident_id, admitted_on=today(), original_end=today(),
                        planned_end=today(), admitted_by_id=stay.admitted_by_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_stay_child_links_children_to_this_stay_only():
    stay = make_stay(children=[child()])
    assert db.session.scalar(select(func.count()).select_from(StayChild).where(StayChild.stay_id == stay.id)) == 1
