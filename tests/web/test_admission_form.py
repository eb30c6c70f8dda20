"""The admission page as a social worker uses it: typed input is never lost, errors
appear at the field, and a refused submission writes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.shelter.models import Child, Placement, Resident, Stay, StayChild
from tests.support import field_errors, form_errors, make_room, make_stay

TABLES = (Resident, Child, Stay, StayChild, Placement)


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {t.__tablename__: db.session.scalar(select(func.count()).select_from(t)) for t in TABLES}


@pytest.fixture
def room_id(app):
    with app.app_context():
        room = make_room(beds=4, name="Φαιστός")
        db.session.commit()
        return room.id


def form(room, **changes):
    data = {"first_name": "Ελένη", "last_name": "Παπαδάκη", "birth_date": "14/05/1991",
            "nationality": "Ελληνική", "languages": "Ελληνικά", "phone": "6900000000",
            "referral_source": "sos_15900", "notes": "", "room_id": str(room),
            "admitted_on": today().strftime("%d/%m/%Y"), "submit": "Admit"}
    data.update(changes)
    return data


def with_children(data, *children):
    for index, (name, birth, sex) in enumerate(children):
        data[f"children-{index}-first_name"] = name
        data[f"children-{index}-birth_date"] = birth
        data[f"children-{index}-sex"] = sex
    return data


def dmy(days_ago: int) -> str:
    return (today() - timedelta(days=days_ago)).strftime("%d/%m/%Y")


def test_staff_admits_a_woman_with_two_children(client_as, room_id, app):
    client = client_as("shelter_staff")
    data = with_children(form(room_id), ("Νίκος", dmy(3000), "M"), ("Άρτεμις", dmy(900), "F"))
    response = client.post("/shelter/admit", data=data)
    assert response.status_code == 302 and "/shelter/stays/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"SH-{today().year}-001" in page and "Νίκος" in page and "Άρτεμις" in page
    assert row_counts(app) == {"resident": 1, "child": 2, "stay": 1, "stay_child": 2, "placement": 1}


def test_add_a_child_keeps_everything_typed(client_as, room_id):
    client = client_as("shelter_staff")
    data = with_children(form(room_id, first_name="Amira", notes="Came at night"), ("Layla", "31/02/2020", "F"))
    data.pop("submit")
    data["add_child"] = "Add a child"
    page = client.post("/shelter/admit", data=data).get_data(as_text=True)
    assert 'value="Amira"' in page and "Came at night" in page
    assert 'value="Layla"' in page and 'value="31/02/2020"' in page  # even an impossible date is kept to fix
    assert 'name="children-1-first_name"' in page  # the new, empty child
    assert field_errors(page) == []  # adding a child is not a submission


def test_remove_a_child_keeps_the_others(client_as, room_id):
    client = client_as("shelter_staff")
    data = with_children(form(room_id), ("Πρώτο", dmy(100), "F"), ("Δεύτερο", dmy(200), "M"), ("Τρίτο", dmy(300), "F"))
    data.pop("submit")
    data["children-0-remove"] = "Remove this child"
    page = client.post("/shelter/admit", data=data).get_data(as_text=True)
    assert "Πρώτο" not in page
    assert 'name="children-0-first_name" type="text" value="Δεύτερο"' in page
    assert 'name="children-1-first_name" type="text" value="Τρίτο"' in page
    assert 'name="children-2-first_name"' not in page


@pytest.mark.parametrize("path", ["/shelter/admit", "/shelter/waiting-list"])
def test_a_crafted_field_beside_a_remove_button_is_ignored(client_as, room_id, path):
    """A field named "children-1" or "children-" (no third part) beside a remove button gave a 500:
    it is passed over; the form comes back with the first child removed and nothing saved."""
    client = client_as("shelter_staff")
    data = with_children(form(room_id), ("Πρώτο", dmy(100), "F"), ("Δεύτερο", dmy(200), "M"))
    data.pop("submit")
    data.update({"children-0-remove": "Remove this child", "children-1": "x", "children-": "y"})
    response = client.post(path, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Πρώτο" not in page
    if path == "/shelter/admit":
        assert 'name="children-0-first_name" type="text" value="Δεύτερο"' in page
    assert row_counts(client.application) == {"resident": 0, "child": 0, "stay": 0, "stay_child": 0, "placement": 0}


@pytest.mark.parametrize("changes, field_id, message", [
    ({"birth_date": "31/02/1990"}, "birth_date", "Not a valid date"),
    ({"admitted_on": "tomorrow"}, "admitted_on", "Not a valid date"),
    ({"first_name": ""}, "first_name", "Enter her first name."),
    ({"referral_source": "mafia"}, "referral_source", "Not a valid choice"),
    ({"room_id": ""}, "room_id", "Choose a room."),
    ({"room_id": "999999"}, "room_id", "Not a valid choice"),
    ({"room_id": "abc"}, "room_id", ""),
    ({"first_name": "x" * 10000}, "first_name", "Field cannot be longer than 80 characters."),
    ({"birth_date": "01/01/2999"}, "birth_date", "cannot be in the future"),
])
def test_bad_input_gets_a_message_at_the_field_and_keeps_the_rest(client_as, room_id, app, changes, field_id,
                                                                   message):
    client = client_as("shelter_staff")
    before = row_counts(app)
    response = client.post("/shelter/admit", data=form(room_id, nationality="Συριακή", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field_id}-error"' in page
    assert message in " ".join(field_errors(page))
    assert 'value="Συριακή"' in page  # what was typed elsewhere is still there
    assert row_counts(app) == before


# Control characters are dropped before anything sees them: "\x00\x07" is then an empty name, refused.
@pytest.mark.parametrize("hostile, status, stays_added", [
    ("<script>alert(1)</script>", 302, 1), ("Robert'); DROP TABLE stay;--", 302, 1), ("فاطمة الزهراء", 302, 1),
    ("Ελένη\u200b", 302, 1), ("\x00\x07", 400, 0), ("😀" * 20, 302, 1), ("a" * 80, 302, 1)])
def test_hostile_names_are_stored_as_text_and_escaped(client_as, room_id, app, hostile, status, stays_added):
    client = client_as("shelter_staff")
    before = row_counts(app)
    response = client.post("/shelter/admit", data=form(room_id, first_name=hostile, last_name=hostile))
    assert response.status_code == status
    if status == 302:
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "<script>alert" not in page
        assert str(escape(hostile))[:40] in page
    else:
        assert field_errors(response.get_data(as_text=True)) == ["Enter her first name.", "Enter her last name."]
    assert row_counts(app)["stay"] == before["stay"] + stays_added


def test_a_boy_over_the_limit_is_refused_for_staff_with_his_name_and_the_rule(client_as, room_id, app):
    client = client_as("shelter_staff")
    data = with_children(form(room_id), ("Πέτρος", dmy(12 * 366), "M"))
    page = client.post("/shelter/admit", data=data).get_data(as_text=True)
    errors = " ".join(field_errors(page))
    assert "Πέτρος is 12" in errors and "boys may stay until the age of 12" in errors
    assert "exception_reason" not in page  # staff are not offered the exception
    assert row_counts(app)["stay"] == 0


def test_a_coordinator_records_an_exception_that_the_stay_shows(client_as, room_id):
    client = client_as("coordinator")
    data = with_children(form(room_id), ("Πέτρος", dmy(12 * 366), "M"))
    first = client.post("/shelter/admit", data=data).get_data(as_text=True)
    assert 'id="children-0-exception_reason-error"' in first
    data["children-0-exception_reason"] = "Twin sister admitted too; reviewed with the psychologist"
    response = client.post("/shelter/admit", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Exception to the age rule" in page and "reviewed with the psychologist" in page


def test_capacity_message_when_full(client_as, room_id, app):
    app.config["SHELTER_CAPACITY"] = 1
    try:
        client = client_as("shelter_staff")
        assert client.post("/shelter/admit", data=form(room_id)).status_code == 302
        page = client.post("/shelter/admit", data=form(room_id, first_name="Σοφία")).get_data(as_text=True)
        assert "The shelter is full: 1 of 1 places are taken" in " ".join(form_errors(page))
    finally:
        app.config["SHELTER_CAPACITY"] = 20


def test_a_returning_woman_is_offered_her_earlier_record(client_as, room_id, app):
    with app.test_request_context():
        earlier = make_stay(first_name="Ελένη", last_name="Παπαδάκη", admitted_on=today() - timedelta(days=300))
        from housing.shelter import services
        from tests.support import make_user
        services.discharge(earlier, today() - timedelta(days=200), "home", "own_home", make_user("shelter_staff"),
                           today())
        db.session.commit()
        resident_id, earlier_code = earlier.resident_id, earlier.case_code
        birth = earlier.resident.birth_date.strftime("%d/%m/%Y")
    client = client_as("shelter_staff")
    data = form(room_id, first_name="ελένη", last_name="ΠΑΠΑΔΑΚΗ", birth_date=birth)
    page = client.post("/shelter/admit", data=data).get_data(as_text=True)
    assert "She may have stayed here before" in page and earlier_code in page
    assert row_counts(app)["stay"] == 1  # nothing admitted until she is identified
    data["existing_resident"] = str(resident_id)
    response = client.post("/shelter/admit", data=data)
    assert response.status_code == 302
    assert row_counts(app)["resident"] == 1 and row_counts(app)["stay"] == 2


def test_a_second_person_beside_an_active_stay_needs_a_written_reason_shown_on_both_records(client_as, room_id,
                                                                                             app):
    with app.test_request_context():
        stay = make_stay(first_name="Μαρία", last_name="Παπαδάκη")
        db.session.commit()
        birth, first_code, first_id = stay.resident.birth_date.strftime("%d/%m/%Y"), stay.case_code, stay.id
    client = client_as("shelter_staff")
    data = form(room_id, first_name="Μαρία", birth_date=birth, existing_resident="new")
    refused = client.post("/shelter/admit", data=data)
    assert refused.status_code == 400
    assert ("A record with the same name and date of birth has an active stay today: write why she is a different "
            "person, or choose that record.") in field_errors(refused.get_data(as_text=True))
    assert row_counts(app)["resident"] == 1

    data["distinct_reason"] = "Another woman: different mother's name, from Chania"
    response = client.post("/shelter/admit", data=data)
    assert response.status_code == 302
    assert row_counts(app)["resident"] == 2
    new_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Another woman: different mother&#39;s name, from Chania" in new_page and first_code in new_page
    first_page = client.get(f"/shelter/stays/{first_id}").get_data(as_text=True)
    assert "Another woman: different mother&#39;s name, from Chania" in first_page


def test_room_choices_show_free_beds(client_as, room_id):
    page = client_as("shelter_staff").get("/shelter/admit").get_data(as_text=True)
    assert "Φαιστός — 4 free bed(s) of 4" in page
    assert today().strftime("%d/%m/%Y") in page  # admission date defaults to today


def test_with_a_bed_held_the_page_and_the_refusal_give_the_same_places(client_as, room_id, app):
    """A held place is not free: the summary above the form counts it as taken, as the refusal does."""
    from housing.core.clock import now_utc
    from housing.shelter import services
    from tests.support import make_user

    app.config["SHELTER_CAPACITY"] = 2
    try:
        with app.test_request_context():
            make_stay(first_name="Άννα")
            staff, now = make_user("shelter_staff"), now_utc()
            services.hold_beds(make_room(beds=2), 1, now + timedelta(hours=6), "expected tonight", staff, now, 2)
            db.session.commit()
        client = client_as("shelter_staff")
        page = client.get("/shelter/admit").get_data(as_text=True)
        assert "Places: 2 of 2 taken, 0 free." in page
        refused = client.post("/shelter/admit", data=form(room_id, first_name="Σοφία")).get_data(as_text=True)
        assert "The shelter is full: 2 of 2 places are taken" in " ".join(form_errors(refused))
    finally:
        app.config["SHELTER_CAPACITY"] = 20
