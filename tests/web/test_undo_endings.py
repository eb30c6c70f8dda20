"""An ending asks before it acts and can be undone the same day: discharge, a referral's closure
without admission, a programme exit. And a refused form says so at its top, with the cursor on the
first field to correct."""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from housing.core.audit_entry import AuditEntry
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.programmes.models import Beneficiary
from housing.shelter import services as shelter
from housing.shelter.models import Placement, Referral, Stay
from tests.reintegration_support import make_beneficiary, make_caseworker
from tests.support import child, make_room, make_stay, make_user

TODAY = today().strftime("%d/%m/%Y")
DISCHARGE = {"discharged_on": TODAY, "destination": "relatives", "reason": "Πάει στην αδελφή της", "submit": "1"}


def actions(app, record_type: str, record_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.record_type == record_type, AuditEntry.record_id == record_id,
            AuditEntry.action != "open_file").order_by(AuditEntry.id)))


@pytest.fixture
def household(app):
    """Tamara and her son in room Κνωσός, which has no bed to spare."""
    with app.test_request_context():
        room = make_room(beds=2, name="Κνωσός")
        stay = make_stay(room=room, first_name="Tamara", admitted_on=today() - timedelta(days=20),
                         children=[child("Νίκος", 2000, "M", admitted_on=today() - timedelta(days=20))])
        db.session.commit()
        return {"stay": stay.id, "code": stay.case_code, "room": room.id, "url": f"/shelter/stays/{stay.id}"}


def discharged(app, household) -> None:
    """Discharged this morning by staff, as the form would."""
    with app.test_request_context():
        stay = db.session.get(Stay, household["stay"])
        staff = make_user("shelter_staff")
        shelter.discharge(stay, today(), "Πάει στην αδελφή της", "relatives", staff, today())
        db.session.commit()


def stay_state(app, household) -> tuple:
    with app.app_context():
        stay = db.session.get(Stay, household["stay"])
        open_rooms = [p.room_id for p in stay.placements if p.ended_on is None]
        return stay.case_code, stay.discharged_on, stay.destination, open_rooms, len(stay.children)


# --- The confirmation step ----------------------------------------------------------------------

def test_the_first_press_repeats_the_discharge_in_words_and_writes_nothing(client_as, app, household):
    response = client_as("shelter_staff").post(f"{household['url']}/discharge", data=DISCHARGE)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f"Discharge {household['code']} Tamara and 1 child on {TODAY}, destination: Relatives?" in page
    assert "<dt>Reason</dt><dd class=\"prose\">Πάει στην αδελφή της</dd>" in page
    assert "Confirm discharge" in page and ">Back</button>" in page
    # The values travel in hidden fields, the pressed button with them.
    for name, value in DISCHARGE.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in page
    assert stay_state(app, household)[1] is None
    assert "discharge" not in actions(app, "stay", household["stay"])


def test_a_discharge_for_a_stay_she_may_not_see_names_no_one(client_as, app, household):
    with app.test_request_context():
        stay = db.session.get(Stay, household["stay"])
        shelter.set_restriction(stay, True, "High risk")
        db.session.commit()
    page = client_as("shelter_staff").post(f"{household['url']}/discharge", data=DISCHARGE).get_data(as_text=True)
    assert f"Discharge {household['code']} and 1 child on {TODAY}" in page and "Tamara" not in page


def test_back_returns_to_the_form_with_what_was_typed(client_as, app, household):
    response = client_as("shelter_staff").post(f"{household['url']}/discharge", data={**DISCHARGE, "back": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<textarea id="discharge-reason" [^>]*name="reason"', page)
    assert "Πάει στην αδελφή της</textarea>" in page and '<option selected value="relatives">' in page
    assert 'discharge#discharge-form" id="discharge-form" novalidate>' in page  # the page opens at the form
    assert 'class="form-errors"' not in page  # nothing was refused
    assert stay_state(app, household)[1] is None


def test_only_the_confirm_press_writes(client_as, app, household):
    response = client_as("shelter_staff").post(f"{household['url']}/discharge", data={**DISCHARGE, "confirm": "1"})
    assert response.status_code == 302
    code, discharged_on, destination, open_rooms, _children = stay_state(app, household)
    assert (discharged_on, destination, open_rooms) == (today(), "relatives", [])
    assert actions(app, "stay", household["stay"]) == ["admit", "discharge"]


def test_a_refused_first_press_shows_the_form_not_the_confirmation(client_as, app, household):
    response = client_as("shelter_staff").post(f"{household['url']}/discharge",
                                               data={**DISCHARGE, "discharged_on": "01/01/2000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Confirm discharge" not in page
    assert "The discharge date cannot be before the admission date." in page


# --- Errors you can see -------------------------------------------------------------------------

def test_a_failed_discharge_opens_at_its_form_with_a_summary_and_the_cursor_on_the_first_wrong_field(
        client_as, household):
    response = client_as("shelter_staff").post(f"{household['url']}/discharge",
                                               data={"discharged_on": "", "destination": "", "reason": "Typed",
                                                     "submit": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # The page opens at the form: its address names it, and the first wrong field has the cursor.
    assert f'action="/shelter/stays/{household["stay"]}/discharge#discharge-form" novalidate>' in page
    section = page[page.index('<section class="card" id="discharge">'):]
    summary = section[section.index('role="alert"'):section.index("</div>")]
    assert "This form was not saved: correct the 2 fields below." in summary
    assert '<a href="#discharge-discharged_on">Discharge date: Enter the discharge date.</a>' in summary
    assert '<a href="#discharge-destination">Destination: Choose a destination.</a>' in summary
    assert len(re.findall(r"\bautofocus\b", page)) == 1
    assert re.search(r'<input aria-describedby="discharge-discharged_on-error" aria-invalid="true" [^>]*autofocus '
                     r'id="discharge-discharged_on"', page)
    assert "Typed</textarea>" in page  # what was typed is kept


def test_a_failed_referral_closure_opens_at_its_form_with_the_summary(client_as, app):
    with app.test_request_context():
        staff = make_user("shelter_staff")
        referral = shelter.create_referral(shelter.ReferralInput(today(), "police", 1, "high"), staff, today(),
                                           now_utc())
        db.session.commit()
        url = f"/shelter/referrals/{referral.id}"
    page = client_as("shelter_staff").post(url, data={"status": "", "note": "x", "submit_close": "1"}).get_data(
        as_text=True)
    assert f'action="{url}#close-form" novalidate>' in page  # no id while a field is refused: autofocus leads
    assert '<a href="#close-status">Outcome: Choose how the referral ends.</a>' in page
    assert re.search(r'<select [^>]*autofocus [^>]*id="close-status"', page)


# --- Undoing a discharge ------------------------------------------------------------------------

def test_a_coordinator_undoes_a_discharge_the_same_day_and_the_same_stay_comes_back(client_as, app, household):
    discharged(app, household)
    coordinator = client_as("coordinator")
    page = coordinator.get(household["url"]).get_data(as_text=True)
    assert "Undo the discharge" in page
    response = coordinator.post(f"{household['url']}/undo-discharge")
    assert response.status_code == 302
    assert stay_state(app, household) == (household["code"], None, "", [household["room"]], 1)
    assert actions(app, "stay", household["stay"]) == ["admit", "discharge", "undo_discharge"]
    board = coordinator.get("/shelter/board").get_data(as_text=True)
    assert household["code"] in board


def test_staff_see_no_undo_button_and_cannot_undo(client_as, app, household):
    discharged(app, household)
    staff = client_as("shelter_staff")
    assert "Undo the discharge" not in staff.get(household["url"]).get_data(as_text=True)
    assert staff.post(f"{household['url']}/undo-discharge").status_code == 403
    assert stay_state(app, household)[1] == today()


def test_the_next_day_the_discharge_cannot_be_undone(client_as, app, household):
    discharged(app, household)
    with time_machine.travel(now_utc() + timedelta(days=1), tick=False):
        coordinator = client_as("coordinator")
        assert "Undo the discharge" not in coordinator.get(household["url"]).get_data(as_text=True)
        response = coordinator.post(f"{household['url']}/undo-discharge")
    assert response.status_code == 400
    assert "This can be undone only on the day it was entered." in response.get_data(as_text=True)
    assert stay_state(app, household)[1] == today()
    assert "undo_discharge" not in actions(app, "stay", household["stay"])


def test_her_bed_taken_by_a_new_admission_refuses_the_undo_and_writes_nothing(client_as, app, household):
    discharged(app, household)
    with app.test_request_context():
        room = db.session.get(Stay, household["stay"]).placements[-1].room
        make_stay(room=room)  # a new woman in one of the two beds
        db.session.commit()
    response = client_as("coordinator").post(f"{household['url']}/undo-discharge")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ("Her bed in room Κνωσός has been taken since: the discharge cannot be undone. Admit her again instead."
            in html.unescape(page))
    assert 'role="alert"' in page
    assert stay_state(app, household)[1:4] == (today(), "relatives", [])
    with app.app_context():
        assert db.session.scalar(select(Placement.ended_on).where(Placement.stay_id == household["stay"])) == today()


def test_an_extension_request_the_discharge_closed_waits_again_after_the_undo(client_as, app, household):
    with app.test_request_context():
        stay = db.session.get(Stay, household["stay"])
        shelter.request_extension(stay, stay.planned_end + timedelta(days=30), "Flat from March",
                                  make_user("shelter_staff"), now_utc())
        db.session.commit()
    discharged(app, household)
    assert client_as("coordinator").post(f"{household['url']}/undo-discharge").status_code == 302
    with app.app_context():
        request = db.session.get(Stay, household["stay"]).extension_requests[0]
        assert (request.status, request.decided_at) == ("pending", None)


# --- A referral closed without admission ----------------------------------------------------------

@pytest.fixture
def referral(app):
    with app.test_request_context():
        staff = make_user("shelter_staff")
        item = shelter.create_referral(shelter.ReferralInput(today(), "police", 1, "high"), staff, today(), now_utc())
        db.session.commit()
        return {"id": item.id, "url": f"/shelter/referrals/{item.id}"}


CLOSE = {"status": "withdrawn", "note": "Βρήκε θέση αλλού", "submit_close": "1"}


def referral_status(app, referral) -> str:
    with app.app_context():
        return db.session.get(Referral, referral["id"]).status


def test_closing_a_referral_asks_first_and_back_keeps_the_note(client_as, app, referral):
    staff = client_as("shelter_staff")
    page = html.unescape(staff.post(referral["url"], data=CLOSE).get_data(as_text=True))
    assert f"Close the referral of {TODAY} without admission — Withdrawn?" in page
    assert "Confirm the closure" in page and referral_status(app, referral) == "waiting"
    back = staff.post(referral["url"], data={**CLOSE, "back": "1"})
    assert back.status_code == 200 and "Βρήκε θέση αλλού</textarea>" in back.get_data(as_text=True)
    assert staff.post(referral["url"], data={**CLOSE, "confirm": "1"}).status_code == 302
    assert referral_status(app, referral) == "withdrawn"


def test_a_coordinator_puts_a_referral_closed_by_mistake_back_on_the_waiting_list(client_as, app, referral):
    client_as("shelter_staff").post(referral["url"], data={**CLOSE, "confirm": "1"})
    staff = client_as("shelter_staff")
    assert "Undo the closure" not in staff.get(referral["url"]).get_data(as_text=True)
    assert staff.post(f"{referral['url']}/undo-closure").status_code == 403
    coordinator = client_as("coordinator")
    assert "Undo the closure" in coordinator.get(referral["url"]).get_data(as_text=True)
    assert coordinator.post(f"{referral['url']}/undo-closure").status_code == 302
    assert referral_status(app, referral) == "waiting"
    assert actions(app, "referral", referral["id"])[-1] == "undo_close_referral"


def test_the_next_day_the_closure_stays(client_as, app, referral):
    client_as("shelter_staff").post(referral["url"], data={**CLOSE, "confirm": "1"})
    with time_machine.travel(now_utc() + timedelta(days=1), tick=False):
        response = client_as("coordinator").post(f"{referral['url']}/undo-closure")
    assert response.status_code == 400 and "only on the day it was entered" in response.get_data(as_text=True)
    assert referral_status(app, referral) == "withdrawn"


# --- A programme exit -----------------------------------------------------------------------------

EXIT = {"reason": "withdrawn", "exited_on": TODAY, "ethos_at_exit": "insecure.no_tenancy", "housed_at_exit": "no",
        "employed_at_exit": "no", "notes": "Μετακόμισε", "submit": "1"}


@pytest.fixture
def beneficiary(app):
    with app.test_request_context():
        worker = make_caseworker()
        person = make_beneficiary(worker, enrolled_on=today() - timedelta(days=60))
        db.session.commit()
        return {"id": person.id, "code": person.case_code, "first_name": person.first_name,
                "worker": worker.username, "url": f"/reintegration/beneficiaries/{person.id}"}


def beneficiary_status(app, beneficiary) -> str:
    with app.app_context():
        return db.session.get(Beneficiary, beneficiary["id"]).status


def test_an_exit_asks_first_then_a_coordinator_undoes_it_the_same_day(client_as, app, beneficiary):
    caseworker = client_as("reintegration_staff")
    page = html.unescape(caseworker.post(f"{beneficiary['url']}/exit", data=EXIT).get_data(as_text=True))
    assert (f"Record the exit of {beneficiary['code']} {beneficiary['first_name']} from the programme on {TODAY} "
            "— Withdrew?") in page
    assert "<dt>Notes</dt><dd class=\"prose\">Μετακόμισε</dd>" in page
    assert beneficiary_status(app, beneficiary) == "active"
    back = caseworker.post(f"{beneficiary['url']}/exit", data={**EXIT, "back": "1"}).get_data(as_text=True)
    assert "Μετακόμισε</textarea>" in back
    assert caseworker.post(f"{beneficiary['url']}/exit", data={**EXIT, "confirm": "1"}).status_code == 302
    assert beneficiary_status(app, beneficiary) == "withdrawn"

    assert "Undo the exit" not in caseworker.get(beneficiary["url"]).get_data(as_text=True)
    assert caseworker.post(f"{beneficiary['url']}/undo-exit").status_code == 403
    coordinator = client_as("coordinator")
    assert "Undo the exit" in coordinator.get(beneficiary["url"]).get_data(as_text=True)
    assert coordinator.post(f"{beneficiary['url']}/undo-exit").status_code == 302
    with app.app_context():
        person = db.session.get(Beneficiary, beneficiary["id"])
        assert (person.status, person.case_code, person.exited_on, person.ethos_at_exit) == (
            "active", beneficiary["code"], None, "")
    assert actions(app, "beneficiary", beneficiary["id"])[-2:] == ["exit_programme", "undo_exit_programme"]


def test_the_next_day_the_exit_stays(client_as, app, beneficiary):
    client_as("reintegration_staff").post(f"{beneficiary['url']}/exit", data={**EXIT, "confirm": "1"})
    with time_machine.travel(now_utc() + timedelta(days=1), tick=False):
        response = client_as("coordinator").post(f"{beneficiary['url']}/undo-exit")
    assert response.status_code == 400 and "only on the day it was entered" in response.get_data(as_text=True)
    assert beneficiary_status(app, beneficiary) == "withdrawn"


def test_undo_is_refused_when_nothing_ended(client_as, household, app):
    response = client_as("coordinator").post(f"{household['url']}/undo-discharge")
    assert response.status_code == 400
    assert "There is nothing to undo: it has not ended." in response.get_data(as_text=True)


def test_in_greek_the_confirmation_and_the_undo_read_naturally(app, household):
    from tests.support import login

    with app.app_context():
        make_user("shelter_staff", username="greek-staff", locale="el")
        make_user("coordinator", username="greek-coordinator", locale="el")
        db.session.commit()
    staff = app.test_client()
    login(staff, "greek-staff")
    page = html.unescape(staff.post(f"{household['url']}/discharge", data=DISCHARGE).get_data(as_text=True))
    assert "<h1>Επιβεβαίωση αποχώρησης</h1>" in page
    assert (f"Αποχώρηση: {household['code']} Tamara και 1 παιδί, στις {TODAY}, με προορισμό: Συγγενείς;"
            in page)
    assert ">Πίσω</button>" in page
    assert staff.post(f"{household['url']}/discharge", data={**DISCHARGE, "confirm": "1"}).status_code == 302
    coordinator = app.test_client()
    login(coordinator, "greek-coordinator")
    assert "Αναίρεση αποχώρησης" in coordinator.get(household["url"]).get_data(as_text=True)
    coordinator.post(f"{household['url']}/undo-discharge")
    page = coordinator.get(household["url"]).get_data(as_text=True)
    assert f"Η αποχώρηση του {household['code']} αναιρέθηκε: η φιλοξενία της είναι πάλι ενεργή." in page
