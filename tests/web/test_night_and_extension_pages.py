"""The pages of the shelter's daily work, as staff, coordinators and the night shift use them."""
from __future__ import annotations

from datetime import timedelta

import re

import pytest
from sqlalchemy import func, select

from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
from housing.shelter.models import ExtensionRequest, NightCheckMark, Referral, RoomHold, ShiftLogEntry, Stay
from tests.support import child, field_errors, form_errors, login, make_room, make_stay, make_user


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def stay(app):
    with app.test_request_context():
        made = make_stay(room=make_room(beds=3, name="Κνωσός"), first_name="Amira",
                         admitted_on=today() - timedelta(days=80),
                         children=[child("Layla", 1500, "F", admitted_on=today() - timedelta(days=80))])
        db.session.commit()
        return {"id": made.id, "code": made.case_code, "end": made.planned_end}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_request_then_approve_as_another_user(client_as, stay, app):
    staff, coordinator = client_as("shelter_staff"), client_as("coordinator")
    url = f"/shelter/stays/{stay['id']}"
    proposed = stay["end"] + timedelta(days=60)
    response = staff.post(f"{url}/extensions", data={"proposed_end": dmy(proposed), "reason": "Flat from 1 March"})
    assert response.status_code == 302
    page = coordinator.get(url).get_data(as_text=True)
    assert "Decide the request" in page
    with app.app_context():
        request_id = db.session.scalar(select(ExtensionRequest.id))
    approved_end = stay["end"] + timedelta(days=45)
    decided = coordinator.post(f"/shelter/extensions/{request_id}/decide",
                               data={"decision": "approve", "decided_end": dmy(approved_end), "note": "45 days"})
    assert decided.status_code == 302
    page = staff.get(url).get_data(as_text=True)
    assert dmy(approved_end) in page and "Approved" in page and dmy(stay["end"]) in page
    assert f"until {dmy(approved_end)}" in coordinator.get("/shelter/board").get_data(as_text=True)


def test_deciding_ones_own_request_is_refused_even_when_forced(client_as, stay, app):
    with app.test_request_context():
        coordinator = make_user("coordinator", username="self-decider")
        db.session.commit()
        request = services.request_extension(db.session.get(Stay, stay["id"]), stay["end"] + timedelta(days=9),
                                             "x", coordinator, now_utc())
        db.session.commit()
        request_id = request.id
    from tests.support import login

    client = app.test_client()
    login(client, "self-decider")
    page = client.get(f"/shelter/stays/{stay['id']}").get_data(as_text=True)
    assert "Decide the request" not in page and "another coordinator decides it" in page
    forced = client.post(f"/shelter/extensions/{request_id}/decide",
                         data={"decision": "approve", "decided_end": dmy(stay["end"] + timedelta(days=9)),
                               "note": "mine"})
    assert forced.status_code == 403
    with app.app_context():
        assert db.session.get(ExtensionRequest, request_id).status == "pending"


def test_extension_form_errors_keep_the_reason(client_as, stay, app):
    response = client_as("shelter_staff").post(f"/shelter/stays/{stay['id']}/extensions",
                                               data={"proposed_end": dmy(stay["end"]), "reason": "Η αιτία μου"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any("must be after the current planned end" in e for e in field_errors(page))
    assert "Η αιτία μου</textarea>" in page
    assert count(app, ExtensionRequest) == 0


def test_pending_list_for_coordinators_with_days_left(client_as, stay, app):
    client_as("shelter_staff").post(f"/shelter/stays/{stay['id']}/extensions",
                                    data={"proposed_end": dmy(stay["end"] + timedelta(days=9)), "reason": "x"})
    page = client_as("coordinator").get("/shelter/extensions").get_data(as_text=True)
    assert stay["code"] in page and re.search(rf'<td data-label="Days left" class="">{(stay["end"] - today()).days}</td>', page)


def test_night_check_with_an_absence_reaches_the_coordinators_dashboard(client_as, stay, app):
    night = client_as("night_shift")
    page = night.get("/shelter/night-check").get_data(as_text=True)
    assert "Amira" in page and "Layla" in page and "Παπαδάκη" not in page  # first names only
    incomplete = night.post("/shelter/night-check", data={f"note-{stay['id']}": "typed"})
    assert incomplete.status_code == 400 and 'value="typed"' in incomplete.get_data(as_text=True)
    saved = night.post("/shelter/night-check", data={f"stay-{stay['id']}": "absent", f"note-{stay['id']}": ""})
    assert saved.status_code == 302
    dashboard = client_as("coordinator").get("/alerts/").get_data(as_text=True)
    assert f"{stay['code']} was absent at the night check" in dashboard and "with no explanation" in dashboard
    assert night.get("/alerts/").status_code == 403


def test_night_check_second_save_corrects_and_keeps_history(client_as, stay, app):
    night = client_as("night_shift")
    night.post("/shelter/night-check", data={f"stay-{stay['id']}": "absent"})
    night.post("/shelter/night-check", data={f"stay-{stay['id']}": "present"})
    with app.app_context():
        marks = db.session.scalars(select(NightCheckMark).order_by(NightCheckMark.id)).all()
        assert [(m.present, m.current) for m in marks] == [(False, False), (True, True)]
        night_of = marks[0].check.night_of
    detail = night.get(f"/shelter/night-checks/{night_of.isoformat()}").get_data(as_text=True)
    assert "corrected later" in detail
    assert night.get("/shelter/night-checks/not-a-date").status_code == 404


def test_shift_log_newest_first_and_no_delete(client_as, app):
    night = client_as("night_shift")
    assert night.post("/shelter/log", data={"kind": "incident", "text": "Πόρτα ανοιχτή στις 02:00"}).status_code == 302
    assert night.post("/shelter/log", data={"kind": "handover", "text": "Ήσυχη νύχτα"}).status_code == 302
    bad = night.post("/shelter/log", data={"kind": "gossip", "text": "κείμενο που κρατιέται"})
    assert bad.status_code == 400 and "κείμενο που κρατιέται" in bad.get_data(as_text=True)
    page = night.get("/shelter/log").get_data(as_text=True)
    assert page.index("Ήσυχη νύχτα") < page.index("Πόρτα ανοιχτή")
    assert count(app, ShiftLogEntry) == 2
    with app.app_context():
        entry_id = db.session.scalar(select(ShiftLogEntry.id).order_by(ShiftLogEntry.id))
    other = client_as("shelter_staff")
    refused = other.post(f"/shelter/log/{entry_id}/edit", data={"text": "rewritten"})
    assert refused.status_code == 302  # not her entry: sent back to the log with a message
    assert night.post(f"/shelter/log/{entry_id}/edit", data={"text": "Πόρτα ανοιχτή· κλειδώθηκε"}).status_code == 302


def test_evacuation_list_names_rooms_children_and_absences(client_as, stay):
    night = client_as("night_shift")
    night.post("/shelter/night-check", data={f"stay-{stay['id']}": "absent", f"note-{stay['id']}": "στη θεία της"})
    page = night.get("/shelter/evacuation").get_data(as_text=True)
    assert "Amira Παπαδάκη" in page and "Κνωσός" in page and "Layla" in page
    assert "ABSENT" in page and "στη θεία της" in page and "Printed" in page


def test_hold_beds_then_the_board_shows_them(client_as, app):
    with app.app_context():
        room = make_room(beds=2, name="Ζάκρος")
        db.session.commit()
        room_id = room.id
    staff = client_as("shelter_staff")
    tomorrow = today() + timedelta(days=1)
    response = staff.post("/shelter/holds", data={"room_id": str(room_id), "beds": "2", "until_day": dmy(tomorrow),
                                                 "until_time": "18:00", "note": "από SOS"})
    assert response.status_code == 302
    board = staff.get("/shelter/board").get_data(as_text=True)
    assert "2 held until" in board and 'id="free-beds">0<' in board and 'id="free-places">19<' in board
    bad = staff.post("/shelter/holds", data={"room_id": str(room_id), "beds": "1", "until_day": "31/02/2026",
                                            "until_time": "25:00", "note": "κρατημένο"})
    assert bad.status_code == 400 and "κρατημένο" in bad.get_data(as_text=True)
    assert count(app, RoomHold) == 1


def test_waiting_list_flags_a_boy_of_13_and_admits_from_the_referral(client_as, app):
    with app.app_context():
        room = make_room(beds=3, name="Φαιστός")
        db.session.commit()
        room_id = room.id
    staff = client_as("shelter_staff")
    form = {"received_on": dmy(today()), "source": "police", "urgency": "high", "household_size": "3",
            "contact_notes": "Καλεί από τηλέφωνο φίλης", "children-0-age_years": "13", "children-0-sex": "M",
            "children-1-age_years": "4", "children-1-sex": "F", "submit": "1"}
    response = staff.post("/shelter/waiting-list", data=form)
    assert response.status_code == 302
    page = staff.get("/shelter/waiting-list").get_data(as_text=True)
    assert "a boy of 13 — boys may stay until the age of 12" in page
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    admit_page = staff.get(f"/shelter/admit?referral={referral_id}").get_data(as_text=True)
    assert f'name="referral_id" type="hidden" value="{referral_id}"' in admit_page
    assert admit_page.count('name="children-') >= 2 and '<option selected value="police">' in admit_page
    data = {"first_name": "Nadia", "last_name": "K.", "birth_date": "01/01/1990", "referral_source": "police",
            "room_id": str(room_id), "admitted_on": dmy(today()), "referral_id": str(referral_id), "submit": "1",
            "children-0-first_name": "Sami", "children-0-birth_date": dmy(today() - timedelta(days=4 * 365)),
            "children-0-sex": "F"}
    assert staff.post("/shelter/admit", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Referral, referral_id).status == "admitted"


def test_referral_form_keeps_children_when_one_is_removed(client_as):
    staff = client_as("shelter_staff")
    form = {"received_on": dmy(today()), "source": "self", "urgency": "normal", "household_size": "3",
            "children-0-age_years": "7", "children-0-sex": "M", "children-1-age_years": "2", "children-1-sex": "F",
            "children-0-remove": "1"}
    page = staff.post("/shelter/waiting-list", data=form).get_data(as_text=True)
    assert re.search(r'name="children-0-age_years"[^>]*value="2"', page)
    assert 'name="children-1-age_years"' not in page


@pytest.mark.parametrize("changes, message", [
    ({"household_size": "3"}, "counts her and each child"),
    ({"children-0-age_years": "-3"}, "Number must be between 0 and 30."),
    ({"received_on": "31/02/2026"}, "Not a valid date"),
    ({"source": ""}, "Choose who referred her."),
])
def test_referral_form_errors(client_as, app, changes, message):
    form = {"received_on": dmy(today()), "source": "self", "urgency": "normal", "household_size": "2",
            "children-0-age_years": "7", "children-0-sex": "M", "submit": "1"}
    form.update(changes)
    page = client_as("shelter_staff").post("/shelter/waiting-list", data=form).get_data(as_text=True)
    assert any(message in e for e in field_errors(page) + form_errors(page)), field_errors(page)
    assert count(app, Referral) == 0


def test_a_request_closed_by_the_discharge_reads_in_each_readers_language(client_as, stay, app):
    staff = client_as("shelter_staff")
    url = f"/shelter/stays/{stay['id']}"
    assert staff.post(f"{url}/extensions", data={"proposed_end": dmy(stay["end"] + timedelta(days=30)),
                                                 "reason": "Flat from 1 March"}).status_code == 302
    assert staff.post(f"{url}/discharge", data={"discharged_on": dmy(today()), "destination": "relatives",
                                                "reason": "To her sister", "confirm": "1"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ExtensionRequest.decision_note)) == ""
        make_user("shelter_staff", username="greek-reader", locale="el")
        db.session.commit()
    english_page = staff.get(url).get_data(as_text=True)
    assert f"Closed automatically: the stay ended on {dmy(today())}." in english_page
    reader = app.test_client()
    login(reader, "greek-reader")
    greek_page = reader.get(url).get_data(as_text=True)
    assert f"Έκλεισε αυτόματα: η φιλοξενία έληξε στις {dmy(today())}." in greek_page
    assert "Closed automatically" not in greek_page
