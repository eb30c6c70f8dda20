"""One woman, one record, one active stay: the checks of an admission run inside the service,
under the lock, whatever the form sent. Against the real database (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from housing.core.permissions import Permission, permissions_for
from housing.core.alerts import AlertContext, compute_alerts
from housing.core.clock import now_utc, today
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter import services
from housing.shelter.models import AdmissionSubmission, Resident, Stay
from tests.support import admission, child, make_room, make_stay, make_user, settings

pytestmark = pytest.mark.usefixtures("app_ctx")

BORN = date(1988, 7, 9)
COORDINATOR_MUST_FINISH = "A record visible to coordinators may match: a coordinator must complete this admission."


def messages(error: RuleViolation) -> list[tuple[str, str]]:
    return [(v.field, str(v.message)) for v in error.violations]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def discharged_stay(first_name="Αλεξάνδρα", last_name="Μαρκάκη", days_ago=200, **fields) -> Stay:
    staff = make_user("shelter_staff")
    stay = make_stay(first_name=first_name, last_name=last_name, birth_date=BORN,
                     admitted_on=today() - timedelta(days=days_ago + 60), by=staff, **fields)
    services.discharge(stay, today() - timedelta(days=days_ago), "left", "own_home", staff, today())
    return stay


def test_the_same_submission_key_twice_gives_back_the_first_stay_and_admits_nothing_more():
    staff, room = make_user("shelter_staff"), make_room(beds=2)
    data = admission(room, first_name="Ειρήνη", birth_date=BORN)
    data.submission_key = "key-of-one-form"
    first = services.admit(data, staff, today(), settings())
    with pytest.raises(services.AlreadyAdmitted) as repeat:
        services.admit(data, staff, today(), settings())
    assert repeat.value.stay.id == first.id
    assert (count(Resident), count(Stay), count(AdmissionSubmission)) == (1, 1, 1)
    assert db.session.scalar(select(AdmissionSubmission.user_id)) == staff.id


def test_a_key_belongs_to_the_user_who_got_the_form():
    room = make_room(beds=2)
    data = admission(room, first_name="Ειρήνη", birth_date=BORN)
    data.submission_key = "key-of-one-form"
    services.admit(data, make_user("shelter_staff"), today(), settings())
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, make_user("shelter_staff"), today(), settings())
    assert messages(refused.value) == [("", "This form is not valid any more: open the admission form again.")]
    assert count(Stay) == 1


def test_a_second_identical_admission_without_a_choice_is_refused_inside_the_service():
    staff, room = make_user("shelter_staff"), make_room(beds=2)
    services.admit(admission(room, first_name="Ειρήνη", birth_date=BORN), staff, today(), settings())
    with pytest.raises(RuleViolation) as refused:
        services.admit(admission(room, first_name="ΕΙΡΗΝΗ", last_name="παπαδακη", birth_date=BORN), staff, today(),
                       settings())
    assert messages(refused.value) == [("existing_resident", "She may have stayed here before: choose her earlier "
                                                             "record, or confirm that she is not in our records.")]
    assert (count(Resident), count(Stay)) == (1, 1)


def test_choosing_her_record_while_she_has_an_active_stay_is_refused():
    staff, room = make_user("shelter_staff"), make_room(beds=2)
    stay = services.admit(admission(room, first_name="Ειρήνη", birth_date=BORN), staff, today(), settings())
    data = admission(room, first_name="Ειρήνη", birth_date=BORN, existing_resident_id=stay.resident_id)
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, staff, today(), settings())
    assert messages(refused.value) == [("", "She already has an active stay; discharge it before a new admission.")]
    assert count(Stay) == 1


def test_an_existing_resident_must_be_one_of_the_records_offered_for_that_name_and_birth_date():
    other = discharged_stay(first_name="Δέσποινα", last_name="Σταυράκη")
    room = make_room(beds=2)
    data = admission(room, first_name="Ειρήνη", last_name="Παπαδάκη", birth_date=BORN,
                     existing_resident_id=other.resident_id)
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, make_user("shelter_staff"), today(), settings())
    assert messages(refused.value) == [("existing_resident", "That record is not one of the earlier records with this "
                                                             "name and date of birth: choose one of those offered.")]
    assert count(Stay) == 1 and db.session.get(Resident, other.resident_id).first_name == "Δέσποινα"


def test_a_readmission_with_blank_boxes_keeps_her_phone_nationality_and_languages():
    earlier = discharged_stay()
    resident = earlier.resident
    resident.phone, resident.nationality, resident.languages = "6944000111", "Συριακή", "Αραβικά, Αγγλικά"
    db.session.flush()
    data = admission(make_room(beds=1), first_name="Αλεξάνδρα", last_name="Μαρκάκη", birth_date=BORN,
                     existing_resident_id=resident.id)
    data.phone = data.nationality = data.languages = ""
    stay = services.admit(data, make_user("shelter_staff"), today(), settings())
    db.session.expire_all()
    again = db.session.get(Resident, stay.resident_id)
    assert (again.phone, again.nationality, again.languages) == ("6944000111", "Συριακή", "Αραβικά, Αγγλικά")


def test_a_readmission_with_a_new_phone_replaces_the_old_one():
    earlier = discharged_stay()
    earlier.resident.phone = "6944000111"
    data = admission(make_room(beds=1), first_name="Αλεξάνδρα", last_name="Μαρκάκη", birth_date=BORN,
                     existing_resident_id=earlier.resident_id)
    data.phone = "6977000222"
    stay = services.admit(data, make_user("shelter_staff"), today(), settings())
    assert stay.resident.phone == "6977000222"


def test_none_of_these_beside_an_active_stay_needs_a_reason_which_links_the_two_records():
    staff, room = make_user("shelter_staff"), make_room(beds=2)
    first = services.admit(admission(room, first_name="Ειρήνη", birth_date=BORN), staff, today(), settings())
    data = admission(room, first_name="Ειρήνη", birth_date=BORN)
    data.new_person = True
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, staff, today(), settings())
    assert [field for field, _ in messages(refused.value)] == ["distinct_reason"]
    data.distinct_reason = "Άλλη γυναίκα: άλλο πατρώνυμο, από τα Χανιά"
    second = services.admit(data, staff, today(), settings())
    assert second.resident_id != first.resident_id
    assert second.resident.distinct_from_id == first.resident_id
    assert second.resident.distinct_reason == "Άλλη γυναίκα: άλλο πατρώνυμο, από τα Χανιά"


def test_none_of_these_beside_a_discharged_record_needs_no_reason():
    discharged_stay(first_name="Ειρήνη", last_name="Παπαδάκη")
    data = admission(make_room(beds=1), first_name="Ειρήνη", birth_date=BORN)
    data.new_person = True
    stay = services.admit(data, make_user("shelter_staff"), today(), settings())
    assert stay.resident.distinct_from_id is None and count(Resident) == 2


def restricted_record() -> Stay:
    stay = discharged_stay()
    services.set_restriction(stay, True, "Ο σύντροφος την αναζητά")
    return stay


@pytest.mark.parametrize("choice", ["none chosen", "new person", "her record"])
def test_staff_cannot_complete_an_admission_that_matches_a_restricted_record(choice):
    hidden = restricted_record()
    data = admission(make_room(beds=1), first_name="Αλεξάνδρα", last_name="Μαρκάκη", birth_date=BORN)
    data.new_person = choice == "new person"
    data.distinct_reason = "not her"
    data.existing_resident_id = hidden.resident_id if choice == "her record" else None
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, make_user("shelter_staff"), today(), settings())
    assert messages(refused.value) == [("existing_resident", COORDINATOR_MUST_FINISH)]
    assert count(Stay) == 1


def test_a_coordinator_readmits_her_on_the_restricted_record():
    hidden = restricted_record()
    data = admission(make_room(beds=1), first_name="Αλεξάνδρα", last_name="Μαρκάκη", birth_date=BORN,
                     existing_resident_id=hidden.resident_id)
    stay = services.admit(data, make_user("coordinator"), today(), settings())
    assert stay.resident_id == hidden.resident_id


def test_a_restriction_requested_at_intake_hides_her_at_once_and_asks_a_coordinator():
    staff = make_user("shelter_staff")
    data = admission(make_room(beds=2), first_name="Ειρήνη", birth_date=BORN, children=[child("Μάρκος", 1500, "M")])
    data.restriction_requested = True
    with pytest.raises(RuleViolation) as refused:
        services.admit(data, staff, today(), settings())
    assert messages(refused.value) == [("restriction_reason", "Write why the stay must be restricted.")]

    data.restriction_reason = "Απειλές από τον πρώην σύζυγο"
    now = now_utc()
    stay = services.admit(data, staff, today(), settings(), now=now)
    assert stay.restricted is True and stay.restricted_reason == "Απειλές από τον πρώην σύζυγο"
    assert stay.restriction_requested_by_id == staff.id and stay.restriction_requested_at == now

    context = AlertContext(today=today(), now=now, config=current_app.config)
    waiting = [a for a in compute_alerts(context) if a.kind == "restriction_to_confirm"]
    assert [(a.subject, a.permission) for a in waiting] == [(stay.case_code, Permission.RESTRICT_STAY)]
    assert compute_alerts(context, permissions=permissions_for({"shelter_staff"}), kinds={"restriction_to_confirm"}) == []

    services.set_restriction(stay, True, "Απειλές από τον πρώην σύζυγο — επιβεβαιώθηκε")
    assert stay.restriction_requested_at is None
    assert compute_alerts(AlertContext(today=today(), now=now, config=current_app.config),
                          kinds={"restriction_to_confirm"}) == []


def test_a_coordinator_restricting_at_intake_needs_no_confirmation():
    data = admission(make_room(beds=1), first_name="Ειρήνη", birth_date=BORN)
    data.restriction_requested, data.restriction_reason = True, "Υψηλός κίνδυνος"
    stay = services.admit(data, make_user("coordinator"), today(), settings())
    assert stay.restricted is True and stay.restriction_requested_at is None


def test_alerts_of_a_restricted_stay_never_name_her_child():
    limits = settings().child_age_limits
    staff = make_user("shelter_staff")
    near_limit = child("Σταμάτης", 365 * 12 - 20, "M")  # twelve in about three weeks
    data = admission(make_room(beds=2), first_name="Ειρήνη", birth_date=BORN, children=[near_limit])
    data.restriction_requested, data.restriction_reason = True, "Υψηλός κίνδυνος"
    stay = services.admit(data, staff, today(), settings())
    context = AlertContext(today=today(), now=now_utc(), config=current_app.config)
    child_alerts = compute_alerts(context, kinds={"child_age_limit"})
    assert [a.subject for a in child_alerts] == [stay.case_code]
    assert limits["M"] == 12
    assert "Σταμάτης" not in str(child_alerts[0].message)
    assert str(child_alerts[0].message).startswith(f"{stay.case_code}: a child reaches the age limit (12) on ")
