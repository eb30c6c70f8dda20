"""The stay page says what usually follows, each step linked to where it is done and shown only to
whoever may do it."""
from __future__ import annotations

import re
from datetime import timedelta

from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
from tests.safety_support import assess
from tests.support import DEMO_PASSWORD, login, make_stay, make_user


def steps(client, stay_id: int) -> list[tuple[str, str]]:
    response = client.get(f"/shelter/stays/{stay_id}")
    assert response.status_code == 200
    return re.findall(r'<li id="next-([a-z_]+)"><a class="button[^"]*" href="([^"]+)">',
                      response.get_data(as_text=True))


def new_stay(app, **fields) -> int:
    with app.test_request_context():
        stay = make_stay(**fields)
        db.session.commit()
        return stay.id


def test_after_an_admission_staff_assess_her_and_tell_the_night_shift(app, client_as):
    stay = new_stay(app)
    assert steps(client_as("shelter_staff"), stay) == [
        ("intake_assessment", f"/shelter/stays/{stay}/safety/assessment"),
        ("tell_night_shift", "/shelter/log?kind=handover")]


def test_after_an_admission_the_coordinator_is_also_offered_the_restriction(app, client_as):
    stay = new_stay(app)
    assert steps(client_as("coordinator"), stay) == [
        ("intake_assessment", f"/shelter/stays/{stay}/safety/assessment"),
        ("tell_night_shift", "/shelter/log?kind=handover"),
        ("restrict_if_at_risk", f"/shelter/stays/{stay}#restriction")]


def test_the_steps_read_as_sentences(app, client_as):
    stay = new_stay(app)
    page = client_as("shelter_staff").get(f"/shelter/stays/{stay}").get_data(as_text=True)
    assert "<h2 id=\"next-steps-heading\">What usually follows</h2>" in page
    assert ">Record the intake assessment</a> <span class=\"hint\">Her risk level and what she told you at intake, " \
           "in her safety plan.</span>" in page
    assert ">Tell the night shift</a>" in page


def test_once_assessed_and_a_few_days_in_nothing_is_left_to_do(app, client_as):
    with app.test_request_context():
        stay = make_stay(admitted_on=today() - timedelta(days=5))
        assess(stay, level="low")
        db.session.commit()
        stay_id = stay.id
    assert steps(client_as("coordinator"), stay_id) == []
    assert 'id="next-steps"' not in client_as("coordinator").get(f"/shelter/stays/{stay_id}").get_data(as_text=True)


def test_high_risk_asks_the_coordinator_to_restrict_and_not_staff(app, client_as):
    with app.test_request_context():
        stay = make_stay(admitted_on=today() - timedelta(days=5))
        assess(stay, level="high")
        db.session.commit()
        stay_id = stay.id
    assert steps(client_as("coordinator"), stay_id) == [("restrict_high_risk", f"/shelter/stays/{stay_id}#restriction")]
    assert steps(client_as("shelter_staff"), stay_id) == []


def test_a_restricted_stay_offers_staff_no_step_into_her_file(app, client_as):
    with app.test_request_context():
        stay = make_stay()
        services.set_restriction(stay, True, "Ο σύντροφος την αναζητά")
        db.session.commit()
        stay_id = stay.id
    assert steps(client_as("shelter_staff"), stay_id) == [("tell_night_shift", "/shelter/log?kind=handover")]
    assert ("intake_assessment", f"/shelter/stays/{stay_id}/safety/assessment") in steps(client_as("coordinator"),
                                                                                          stay_id)


def test_near_the_planned_end_an_extension_or_the_discharge(app, client_as):
    with app.test_request_context():
        stay = make_stay(admitted_on=today() - timedelta(days=85))
        assess(stay, level="low")
        db.session.commit()
        stay_id = stay.id
    assert steps(client_as("shelter_staff"), stay_id) == [
        ("request_extension", f"/shelter/stays/{stay_id}#extensions"),
        ("record_discharge", f"/shelter/stays/{stay_id}#discharge")]


def test_a_waiting_request_is_decided_by_another_coordinator_than_who_asked(app, client_as):
    with app.test_request_context():
        asker = make_user("coordinator")
        stay = make_stay(admitted_on=today() - timedelta(days=85))
        assess(stay, level="low")
        services.request_extension(stay, stay.planned_end + timedelta(days=30), "Δουλειά", asker, now_utc())
        db.session.commit()
        stay_id, asker_name = stay.id, asker.username
    assert steps(client_as("coordinator"), stay_id) == [("decide_extension", f"/shelter/stays/{stay_id}#extensions")]
    assert steps(client_as("shelter_staff"), stay_id) == []
    own = app.test_client()
    login(own, asker_name, DEMO_PASSWORD)
    assert steps(own, stay_id) == []


def test_after_a_discharge_to_the_programme_the_coordinator_enrols_her(app, client_as):
    with app.test_request_context():
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff, admitted_on=today() - timedelta(days=30))
        services.discharge(stay, today(), "Ανεξάρτητη διαβίωση", "reintegration", staff, today())
        other = make_stay(by=staff, admitted_on=today() - timedelta(days=30))
        services.discharge(other, today(), "Στην οικογένεια", "relatives", staff, today())
        db.session.commit()
        stay_id, other_id = stay.id, other.id
    assert steps(client_as("coordinator"), stay_id) == [("enrol", f"/reintegration/from-shelter/{stay_id}")]
    assert steps(client_as("shelter_staff"), stay_id) == []
    assert steps(client_as("coordinator"), other_id) == []


def test_telling_the_night_shift_opens_a_handover_note(client_as):
    page = client_as("shelter_staff").get("/shelter/log?kind=handover").get_data(as_text=True)
    assert '<option selected value="handover">Handover note</option>' in page
    plain = client_as("shelter_staff").get("/shelter/log?kind=nonsense").get_data(as_text=True)
    assert "selected" not in plain.split('id="kind"')[1].split("</select>")[0]
