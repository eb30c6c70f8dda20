"""The stay page (discharge, transfer), the board, rooms and beds, health and errors."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from housing import create_app
from housing.core.clock import today
from housing.core.forms import parse_dmy
from housing.core.permissions import Access, requires
from housing.extensions import db
from housing.shelter.models import Bed, Room, Stay
from tests.support import child, close_database, field_errors, login, make_room, make_stay, make_user

TODAY = today().strftime("%d/%m/%Y")  # at collection; still a valid date if the run passes midnight


@pytest.fixture
def household(app):
    with app.test_request_context():
        first, second, small = make_room(beds=3, name="Αριάδνη"), make_room(beds=3, name="Κνωσός"), \
            make_room(beds=1, name="Ζάκρος")
        stay = make_stay(room=first, first_name="Amira", admitted_on=today() - timedelta(days=30),
                         children=[child("Layla", 1500, "F", admitted_on=today() - timedelta(days=30))])
        db.session.commit()
        return {"stay": stay.id, "code": stay.case_code, "first": first.id, "second": second.id, "small": small.id}


def test_stay_page_shows_dates_children_ages_and_room(client_as, household):
    page = client_as("shelter_staff").get(f"/shelter/stays/{household['stay']}").get_data(as_text=True)
    admitted = today() - timedelta(days=30)
    assert admitted.strftime("%d/%m/%Y") in page
    assert "Layla" in page and "Age at planned end" in page and "Reaches the age limit" in page
    assert "Αριάδνη" in page


def test_transfer_then_discharge_keep_the_history(client_as, household, app):
    client = client_as("shelter_staff")
    url = f"/shelter/stays/{household['stay']}"
    moved = client.post(f"{url}/transfer", data={"room_id": str(household["second"]), "moved_on": TODAY})
    assert moved.status_code == 302
    left = client.post(f"{url}/discharge", data={"discharged_on": TODAY, "destination": "reintegration",
                                                 "reason": "Ένταξη στο πρόγραμμα", "confirm": "1"})
    assert left.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Αριάδνη" in page and "Κνωσός" in page and "REINTEGRATION programme" in page
    with app.app_context():
        assert db.session.get(Stay, household["stay"]).discharged_on == parse_dmy(TODAY)
    assert household["code"] not in client.get("/shelter/board").get_data(as_text=True)


def test_transfer_into_a_small_room_names_the_problem(client_as, household):
    response = client_as("shelter_staff").post(f"/shelter/stays/{household['stay']}/transfer",
                                               data={"room_id": str(household["small"]), "moved_on": TODAY})
    assert response.status_code == 400
    assert "Room Ζάκρος has 1 free bed(s) in service; this household needs 2." in field_errors(
        response.get_data(as_text=True))


@pytest.mark.parametrize("data, message", [
    ({"discharged_on": "31/02/2026", "destination": "own_home", "reason": "x"}, "Not a valid date"),
    ({"discharged_on": "01/01/2000", "destination": "own_home", "reason": "x"}, "before the admission date"),
    ({"discharged_on": TODAY, "destination": "", "reason": "x"}, "Choose a destination."),
    ({"discharged_on": TODAY, "destination": "own_home", "reason": ""}, "Write the reason for the discharge."),
])
def test_discharge_errors_keep_the_typed_reason(client_as, household, app, data, message):
    response = client_as("shelter_staff").post(f"/shelter/stays/{household['stay']}/discharge", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any(message in error for error in field_errors(page)), field_errors(page)
    if data["reason"]:
        assert f"{data['reason']}</textarea>" in page
    with app.app_context():
        assert db.session.get(Stay, household["stay"]).discharged_on is None


def test_board_counts_women_children_free_places_and_beds(client_as, household):
    page = client_as("night_shift").get("/shelter/board").get_data(as_text=True)
    assert 'id="women-present">1 / 20<' in page
    assert 'id="children-count">1<' in page
    assert 'id="free-places">19<' in page
    assert 'id="free-beds">5<' in page  # 3 + 3 + 1 beds, 2 persons
    assert household["code"] in page and "Amira" in page


def test_departures_due_lists_stays_ending_within_a_week(client_as, app):
    with app.test_request_context():
        soon = make_stay(admitted_on=today() - timedelta(days=88))  # planned end in 2-3 days
        later = make_stay(admitted_on=today() - timedelta(days=10))
        db.session.commit()
        soon_code, later_code = soon.case_code, later.case_code
    page = client_as("night_shift").get("/shelter/board").get_data(as_text=True)
    departures = page.split("Departures due")[1]
    assert soon_code in departures and later_code not in departures


def test_admin_creates_a_room_and_takes_a_bed_out_of_service_and_back(client_as, app):
    admin = client_as("admin")
    created = admin.post("/rooms/", data={"name": "Μάλια", "floor": "2ος", "beds": "3", "cots": "1"})
    assert created.status_code == 302
    with app.app_context():
        room = db.session.scalar(select(Room).where(Room.name == "Μάλια"))
        bed_id = room.beds[0].id
        assert len(room.beds) == 4
    refused = admin.post(f"/rooms/beds/{bed_id}/out-of-service", data={"reason": ""})
    assert refused.status_code == 400
    assert admin.post(f"/rooms/beds/{bed_id}/out-of-service", data={"reason": "Σπασμένο στρώμα"}).status_code == 302
    page = admin.get(created.headers["Location"]).get_data(as_text=True)
    assert "Σπασμένο στρώμα" in page
    assert admin.post(f"/rooms/beds/{bed_id}/in-service").status_code == 302
    with app.app_context():
        assert db.session.get(Bed, bed_id).in_service


@pytest.mark.parametrize("data, message", [({"name": "", "beds": "2"}, "Enter the room's name."),
                                           ({"name": "X", "beds": "-1"}, "Number must be between 0 and 30."),
                                           ({"name": "X", "beds": "abc"}, "Not a valid integer value."),
                                           ({"name": "X", "beds": "99999999999999999999"}, "between 0 and 30"),
                                           ({"name": "X", "beds": "0", "cots": "0"}, "between 1 and 30")])
def test_room_form_errors(client_as, app, data, message):
    response = client_as("admin").post("/rooms/", data=data)
    assert response.status_code == 400
    assert any(message in e for e in field_errors(response.get_data(as_text=True)))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Room)) == 0


def test_a_duplicate_room_name_is_refused(client_as):
    admin = client_as("admin")
    admin.post("/rooms/", data={"name": "Φαιστός", "beds": "2"})
    response = admin.post("/rooms/", data={"name": "φαιστός", "beds": "2"})
    assert "There is already a room called φαιστός." in field_errors(response.get_data(as_text=True))


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "db": "ok"}


def test_healthz_says_503_when_the_database_is_unreachable():
    broken = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["db"] == "unreachable"


@pytest.fixture
def crashing_app(app, database_url):
    """An app with a route that fails in the middle of a change (PROPAGATE_EXCEPTIONS off, as in
    production), bound for this test to the suite's rolled-back transaction."""
    crashing = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False,
                          WTF_CSRF_ENABLED=False)

    @crashing.route("/crash")
    @requires(Access.AUTHENTICATED)
    def crash():
        db.session.add(Room(name="half-written"))
        db.session.flush()  # the first half reaches the database…
        db.session.add(Room(name="half-written"))
        db.session.flush()  # …and the second fails there (the name is unique): the session is now unusable
        return "never reached"

    engines = db._app_engines[crashing]  # noqa: SLF001 - as tests/conftest.py does for the suite's app
    own = engines[None]
    engines[None] = db._app_engines[app][None]  # noqa: SLF001
    try:
        yield crashing
    finally:
        with crashing.app_context():
            db.session.remove()
        engines[None] = own
        with crashing.app_context():
            close_database()


def test_an_unexpected_error_rolls_back_and_shows_a_page(crashing_app):
    """The 500 handler rolls the session back: the error page (whose menu counts alerts in the
    database) is shown in full, and the half that was flushed is not kept."""
    with crashing_app.app_context():
        make_user("shelter_staff", username="crash-staff")
        db.session.commit()
    client = crashing_app.test_client()
    login(client, "crash-staff")
    response = client.get("/crash")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Nothing was saved. Please try again" in page
    assert 'href="/alerts/"' in page  # the menu, read from the database after the rollback
    with crashing_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Room).where(Room.name == "half-written")) == 0
