"""The admission form for a woman who has stayed before, and the form sent twice."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.shelter import services
from housing.shelter.models import AdmissionSubmission, Resident, Stay
from tests.support import child, field_errors, make_room, make_stay, make_user

BIRTH = date(1985, 10, 2)


@pytest.fixture
def earlier(app):
    """Κατερίνα Λαμπράκη stayed last year with her daughter and son, and left."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        admitted = today() - timedelta(days=400)
        stay = make_stay(room=make_room(beds=3), first_name="Κατερίνα", last_name="Λαμπράκη", birth_date=BIRTH,
                         admitted_on=admitted, by=staff, children=[child("Μυρτώ", 2500, "F", admitted_on=admitted)])
        resident = stay.resident
        resident.phone, resident.nationality, resident.languages = "6955123456", "Γεωργιανή", "Γεωργιανά, Ρωσικά"
        services.discharge(stay, today() - timedelta(days=320), "left", "relatives", staff, today())
        room = make_room(beds=3, name="Ίδη")
        db.session.commit()
        return {"resident": resident.id, "room": room.id, "code": stay.case_code}


def form(room_id: int, **changes) -> dict[str, str]:
    data = {"first_name": "Κατερίνα", "last_name": "Λαμπράκη", "birth_date": BIRTH.strftime("%d/%m/%Y"),
            "referral_source": "police", "room_id": str(room_id), "admitted_on": today().strftime("%d/%m/%Y"),
            "submit": "Admit"}
    data.update(changes)
    return data


def test_choosing_her_earlier_record_fills_the_form_from_it(client_as, earlier):
    client = client_as("shelter_staff")
    data = form(earlier["room"], existing_resident=str(earlier["resident"]), use_record="Fill in")
    del data["submit"]
    page = client.post("/shelter/admit", data=data).get_data(as_text=True)
    assert 'value="6955123456"' in page and 'value="Γεωργιανή"' in page and 'value="Γεωργιανά, Ρωσικά"' in page
    assert re.search(r'name="children-0-first_name"[^>]*value="Μυρτώ"', page)
    assert "Filled in from her earlier record" in page
    assert "Left empty, her earlier record keeps what it holds." in page


def test_a_readmission_with_blank_boxes_keeps_what_her_record_knew(client_as, earlier, app):
    client = client_as("shelter_staff")
    response = client.post("/shelter/admit", data=form(earlier["room"], existing_resident=str(earlier["resident"]),
                                                       phone="", nationality="", languages=""))
    assert response.status_code == 302
    with app.app_context():
        resident = db.session.get(Resident, earlier["resident"])
        assert (resident.phone, resident.nationality, resident.languages) == \
            ("6955123456", "Γεωργιανή", "Γεωργιανά, Ρωσικά")


def test_an_existing_resident_that_was_not_offered_is_refused(client_as, earlier, app):
    with app.app_context():
        stranger = make_stay(first_name="Ζωή", last_name="Άσχετη", birth_date=date(1970, 1, 1))
        services.discharge(stranger, today(), "left", "relatives", make_user("shelter_staff"), today())
        db.session.commit()
        stranger_id = stranger.resident_id
    response = client_as("shelter_staff").post("/shelter/admit", data=form(earlier["room"],
                                                                           existing_resident=str(stranger_id)))
    assert response.status_code == 400
    assert ("That record is not one of the earlier records with this name and date of birth: choose one of those "
            "offered.") in field_errors(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Stay).where(Stay.resident_id == stranger_id)) == 1


def test_the_form_carries_a_one_time_key_and_a_repeat_shows_the_first_result(client_as, app):
    with app.app_context():
        room = make_room(beds=2)
        db.session.commit()
        room_id = room.id
    client = client_as("shelter_staff")
    page = client.get("/shelter/admit").get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    assert len(key) >= 20 and key not in client.get("/shelter/admit").get_data(as_text=True)
    data = form(room_id, first_name="Ροδάνθη", last_name="Διπλή", submission_key=key)
    first = client.post("/shelter/admit", data=data)
    again = client.post("/shelter/admit", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    landing = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "This admission was already saved: here is her stay (" in landing
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Resident)
                                 .where(Resident.last_name == "Διπλή")) == 1
        assert db.session.scalar(select(func.count()).select_from(AdmissionSubmission)) == 1
