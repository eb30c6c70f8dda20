"""Her deadlines' and the follow-up's pages: what each role sees, the discharge and exit with her
consent, bad input at the field that writes nothing, and a restricted stay's sections."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.programmes.aftercare.models import BeneficiaryDeadline, BeneficiaryFollowUp, BeneficiaryFollowUpAttempt
from housing.programmes.models import Beneficiary
from housing.shelter import services as shelter
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.follow_up.models import StayFollowUp, StayFollowUpAttempt
from housing.shelter.models import Stay
from tests.aftercare_support import add_deadline, left_stay
from tests.reintegration_support import make_beneficiary, make_caseworker
from tests.support import field_errors, login, make_stay, make_user


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def section(html: str, anchor: str) -> str:
    found = re.search(rf'<section[^>]*id="{anchor}".*?</section>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def stay_id(app):
    with app.test_request_context():
        stay = make_stay(first_name="Ευδοκία", last_name="Μαυράκη")
        db.session.commit()
        return stay.id


@pytest.fixture
def left_id(app):
    with app.test_request_context():
        stay = left_stay(100, first_name="Ραλλού", last_name="Ηλιάκη")
        db.session.commit()
        return stay.id


def deadline_form(**changes) -> dict:
    form = {"deadline-kind": "court_hearing", "deadline-due_on": dmy(today() + timedelta(days=5)),
            "deadline-responsible": "Δικηγόρος Κ.", "deadline-note": "Αίθουσα 3"}
    form.update(changes)
    return form


def attempt_form(**changes) -> dict:
    form = {"follow-up-month": "3", "follow-up-attempted_on": dmy(today()), "follow-up-channel": "call",
            "follow-up-reached": "yes", "follow-up-housing_outcome": "stably_housed", "follow-up-note": ""}
    form.update(changes)
    return form


def test_staff_add_a_deadline_see_it_on_the_stay_page_and_mark_it_done(client_as, stay_id, app):
    client = client_as("shelter_staff")
    response = client.post(f"/shelter/stays/{stay_id}/deadlines/new", data=deadline_form())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/shelter/stays/{stay_id}#deadlines")
    part = section(client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True), "deadlines")
    assert "Court hearing" in part and dmy(today() + timedelta(days=5)) in part and "in 5 days" in part
    assert "Δικηγόρος Κ." in part and "Αίθουσα 3" in part
    with app.app_context():
        deadline_id = db.session.scalars(select(StayDeadline.id)).one()
    assert client.post(f"/shelter/stays/{stay_id}/deadlines/done",
                       data={"deadline-done-deadline_id": str(deadline_id)}).status_code == 302
    part = section(client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True), "deadlines")
    assert "No open deadline." in part and "Done (1)" in part


def test_a_deadline_of_another_stay_is_not_marked_done_from_this_one(client_as, stay_id, app):
    with app.test_request_context():
        other = add_deadline(make_stay())
        db.session.commit()
        other_id = other.id
    client = client_as("shelter_staff")
    for sent in (str(other_id), "abc", "99999999999999999999", ""):
        response = client.post(f"/shelter/stays/{stay_id}/deadlines/done", data={"deadline-done-deadline_id": sent})
        assert response.status_code == 400  # her file again, saying why
        assert "This deadline is not one of this stay" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(StayDeadline, other_id).done_at is None


@pytest.mark.parametrize("data, field, message", [
    (deadline_form(**{"deadline-due_on": dmy(today().replace(year=today().year + 40))}), "due_on",
     "more than 5 years ahead"),
    (deadline_form(**{"deadline-due_on": "31/02/2027"}), "due_on", "Not a valid date"),
    (deadline_form(**{"deadline-due_on": ""}), "due_on", "Enter the date."),
    (deadline_form(**{"deadline-kind": "parking"}), "kind", "Not a valid choice"),
    (deadline_form(**{"deadline-note": "N" * 10_000}), "note", "At most 2000 characters"),
    (deadline_form(**{"deadline-responsible": "R" * 10_000}), "responsible", "At most 120 characters"),
])
def test_bad_deadline_input_gets_a_message_at_the_field_and_writes_nothing(client_as, stay_id, app, data, field,
                                                                          message):
    response = client_as("shelter_staff").post(f"/shelter/stays/{stay_id}/deadlines/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any(message in error for error in field_errors(html)), field_errors(html)
    assert f'id="deadline-{field}-error"' in html
    with app.app_context():
        assert count(StayDeadline) == 0
    assert "Δικηγόρος Κ." in html or field == "responsible"  # what was typed is kept


def test_a_script_is_shown_as_text(client_as, stay_id):
    client = client_as("shelter_staff")
    script = "<script>alert('x')</script>"
    assert client.post(f"/shelter/stays/{stay_id}/deadlines/new",
                       data=deadline_form(**{"deadline-note": script, "deadline-responsible": script})
                       ).status_code == 302
    html = client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert script not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_the_discharge_records_her_consent_and_the_follow_up_shows_on_her_page(client_as, stay_id, app):
    client = client_as("shelter_staff")
    refused = client.post(f"/shelter/stays/{stay_id}/discharge", data={
        "discharged_on": dmy(today()), "destination": "relatives", "reason": "Back with her family",
        "contact_consent": "y", "contact_channel": "service", "contact_service": ""})
    assert refused.status_code == 400
    assert "Name the service through which she may be contacted." in field_errors(refused.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Stay, stay_id).discharged_on is None and count(StayFollowUp) == 0
    assert "Back with her family" in refused.get_data(as_text=True)  # kept
    typed = {"discharged_on": dmy(today()), "destination": "relatives", "reason": "Back with her family",
             "contact_consent": "y", "contact_channel": "service", "contact_service": "Κέντρο Γυναικών"}
    asked = client.post(f"/shelter/stays/{stay_id}/discharge", data=typed)
    assert asked.status_code == 200 and "Κέντρο Γυναικών" in asked.get_data(as_text=True)  # the step repeats it
    with app.app_context():
        assert count(StayFollowUp) == 0  # nothing written before "Confirm discharge"
    left = client.post(f"/shelter/stays/{stay_id}/discharge", data={**typed, "confirm": "1"})
    assert left.status_code == 302
    part = section(client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True), "follow-up")
    assert "Through a named service" in part and "Κέντρο Γυναικών" in part
    for months in (3, 6, 12):
        assert f'id="follow-up-{months}"' in part
    assert "not yet due" in part


def test_a_follow_up_attempt_is_recorded_and_bad_ones_write_nothing(client_as, left_id, app):
    client = client_as("shelter_staff")
    with app.app_context():
        left_on = db.session.get(Stay, left_id).discharged_on
    form_page = client.get(f"/shelter/stays/{left_id}/follow-up/attempt?month=3").get_data(as_text=True)
    assert 'name="follow-up-month" type="hidden" value="3"' in form_page
    for data, field, message in (
            (attempt_form(**{"follow-up-attempted_on": dmy(left_on - timedelta(days=1))}), "attempted_on",
             "cannot come before she left"),
            (attempt_form(**{"follow-up-attempted_on": dmy(today() + timedelta(days=1))}), "attempted_on",
             "cannot be in the future"),
            (attempt_form(**{"follow-up-housing_outcome": ""}), "housing_outcome", "choose the outcome"),
            (attempt_form(**{"follow-up-reached": "no"}), "housing_outcome", "only when she was reached"),
            (attempt_form(**{"follow-up-note": "x" * 10_000}), "note", "At most 2000 characters"),
            (attempt_form(**{"follow-up-month": "7"}), "month", "Choose the follow-up.")):
        response = client.post(f"/shelter/stays/{left_id}/follow-up/attempt", data=data)
        assert response.status_code == 400, field
        assert any(message in error for error in field_errors(response.get_data(as_text=True))), \
            (field, field_errors(response.get_data(as_text=True)))
    with app.app_context():
        assert count(StayFollowUpAttempt) == 0
    assert client.post(f"/shelter/stays/{left_id}/follow-up/attempt",
                       data=attempt_form(**{"follow-up-note": "Σε δικό της σπίτι"})).status_code == 302
    part = section(client.get(f"/shelter/stays/{left_id}").get_data(as_text=True), "follow-up")
    assert "Stably housed" in part and "Σε δικό της σπίτι" in part and ">reached<" in part


def test_her_consent_can_be_withdrawn_after_she_left(client_as, left_id, app):
    client = client_as("shelter_staff")
    assert client.post(f"/shelter/stays/{left_id}/follow-up/consent", data={}).status_code == 302
    with app.app_context():
        consent = db.session.scalars(select(StayFollowUp).where(StayFollowUp.stay_id == left_id)).one()
        assert (consent.consents, consent.phone) == (False, "")
    assert "She did not consent" in client.get(f"/shelter/stays/{left_id}").get_data(as_text=True)


def test_a_restricted_stays_deadlines_and_follow_up_are_for_coordinators_only(client_as, stay_id, left_id, app):
    with app.test_request_context():
        for each in (stay_id, left_id):
            stay = db.session.get(Stay, each)
            shelter.set_restriction(stay, True, "High risk")
        add_deadline(db.session.get(Stay, stay_id), note="Κρυφή σημείωση")
        db.session.commit()
    staff = client_as("shelter_staff")
    page = staff.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert "Κρυφή σημείωση" not in page
    assert "The deadlines of a restricted stay are seen by coordinators only." in page
    for url in (f"/shelter/stays/{stay_id}/deadlines/new", f"/shelter/stays/{left_id}/follow-up/attempt",
                f"/shelter/stays/{left_id}/follow-up/consent"):
        assert staff.get(url).status_code == 403, url
    assert staff.post(f"/shelter/stays/{stay_id}/deadlines/done", data={}).status_code == 403
    assert "Κρυφή σημείωση" in client_as("coordinator").get(f"/shelter/stays/{stay_id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "night_shift", "reintegration_staff"])
def test_others_see_nothing_of_her_deadlines_or_follow_up(client_as, stay_id, left_id, app, role):
    with app.test_request_context():
        add_deadline(db.session.get(Stay, stay_id), note="Σημείωση για την υπόθεση", days=1)
        db.session.commit()
    client = client_as(role)
    for url in (f"/shelter/stays/{stay_id}", f"/shelter/stays/{left_id}", "/alerts/", "/shelter/board"):
        html = client.get(url).get_data(as_text=True)
        assert "Σημείωση για την υπόθεση" not in html and "Court hearing" not in html
        assert 'id="deadlines"' not in html and 'id="follow-up"' not in html


# --- A programme's beneficiaries ----------------------------------------------------------

@pytest.fixture
def person_id(app):
    with app.test_request_context():
        worker = make_caseworker(username="aftercare-worker")
        person = make_beneficiary(worker, enrolled_on=today() - timedelta(days=400))
        db.session.commit()
        return person.id


def test_a_caseworker_records_a_deadline_the_exit_with_consent_and_a_follow_up(client_as, person_id, app):
    client = app.test_client()
    login(client, "aftercare-worker")
    base = f"/reintegration/beneficiaries/{person_id}"
    too_far = client.post(f"{base}/deadlines/new", data=deadline_form(**{"deadline-due_on": "01/01/2099"}))
    assert too_far.status_code == 400 and 'id="deadline-due_on-error"' in too_far.get_data(as_text=True)
    assert client.post(f"{base}/deadlines/new", data=deadline_form()).status_code == 302
    part = section(client.get(base).get_data(as_text=True), "deadlines")
    assert "Court hearing" in part and "Αίθουσα 3" in part
    exit_form = {"reason": "completed", "exited_on": dmy(today() - timedelta(days=190)), "ethos_at_exit": "housed",
                 "housed_at_exit": "yes", "employed_at_exit": "yes", "notes": "",
                 "contact_consent": "y", "contact_channel": "phone", "contact_phone": ""}
    refused = client.post(f"{base}/exit", data=exit_form)
    assert refused.status_code == 400
    assert "Enter the phone number she agreed to be called on." in field_errors(refused.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Beneficiary, person_id).is_active and count(BeneficiaryFollowUp) == 0
    exit_form["contact_phone"] = "6944 555 666"
    assert client.post(f"{base}/exit", data={**exit_form, "confirm": "1"}).status_code == 302
    part = section(client.get(base).get_data(as_text=True), "follow-up")
    assert "6944 555 666" in part and 'id="follow-up-6"' in part and 'id="follow-up-12"' in part
    bad = client.post(f"{base}/follow-up/attempt", data={**attempt_form(**{"follow-up-month": "6"}),
                                                         "follow-up-work_outcome": ""})
    assert bad.status_code == 400 and 'id="follow-up-work_outcome-error"' in bad.get_data(as_text=True)
    with app.app_context():
        assert count(BeneficiaryFollowUpAttempt) == 0
    assert client.post(f"{base}/follow-up/attempt", data={**attempt_form(**{"follow-up-month": "6"}),
                                                          "follow-up-work_outcome": "in_work"}).status_code == 302
    part = section(client.get(base).get_data(as_text=True), "follow-up")
    assert "Stably housed" in part and "In work" in part


def test_shelter_staff_and_other_programmes_see_nothing_of_a_beneficiarys_deadlines(client_as, person_id, app):
    with app.test_request_context():
        from housing.core.clock import now_utc
        from housing.programmes.aftercare import services

        person = db.session.get(Beneficiary, person_id)
        services.record_deadline(person, "court_hearing", today() + timedelta(days=1), "", "Ειρηνοδικείο",
                                 make_user("coordinator"), today(), now_utc())
        db.session.commit()
        assert count(BeneficiaryDeadline) == 1
        code = person.case_code
    for role in ("shelter_staff", "night_shift", "admin"):
        client = client_as(role)
        assert client.get(f"/reintegration/beneficiaries/{person_id}").status_code == 403
        assert client.get(f"/reintegration/beneficiaries/{person_id}/deadlines/new").status_code == 403
        assert "Ειρηνοδικείο" not in client.get("/alerts/").get_data(as_text=True)
    # Another caseworker may open the file (they cover for each other) but the alert is the person's own caseworker's.
    assert code not in client_as("reintegration_staff").get("/alerts/").get_data(as_text=True)
    mine = app.test_client()
    login(mine, "aftercare-worker")
    assert f"{code}: court hearing on {dmy(today() + timedelta(days=1))}." in mine.get("/alerts/").get_data(as_text=True)


def test_the_follow_up_reports_show_exact_figures_and_suppress_small_counts_in_downloads(client_as, app):
    from tests.aftercare_support import attempt

    with app.test_request_context():
        staff = make_user("shelter_staff")
        for number in range(4):
            stay = left_stay(100 + number, by=staff)
            if number < 2:
                attempt(stay, reached=True, outcome="stably_housed", by=staff)
        left_stay(120, consent=None, by=staff)  # not asked
        db.session.commit()
    client = client_as("coordinator")
    period = {"start": dmy(today() - timedelta(days=200)), "end": dmy(today())}
    page = client.get("/reports/follow-up", query_string=period).get_data(as_text=True)
    row = re.search(r"at 3 months</t[hd]>(.*?)</tr>", page, re.S).group(1)
    assert [cell.strip() for cell in re.findall(r"<td[^>]*>([^<]*)</td>", row)] == \
        ["5", "4", "4", "2", "50.0%", "2", "100.0%"]
    csv = client.get("/reports/follow-up/retention.csv", query_string=period).get_data(as_text=True)
    three = next(line for line in csv.splitlines() if line.startswith("at 3 months"))
    assert three.split(",")[1:5] == ["5", "4", "4", "<3"]
    for role in ("shelter_staff", "reintegration_staff", "night_shift", "admin"):
        assert client_as(role).get("/reports/follow-up", query_string=period).status_code == 403
        assert client_as(role).get("/reports/reintegration-follow-up", query_string=period).status_code == 403
    assert client.get("/reports/reintegration-follow-up", query_string=period).status_code == 200


def test_a_discharge_undone_the_same_day_keeps_no_consent_and_no_follow_up(client_as, stay_id, app):
    """She has not left after all: no way to reach her is kept, and no follow-up falls due."""
    assert client_as("shelter_staff").post(f"/shelter/stays/{stay_id}/discharge", data={
        "discharged_on": dmy(today()), "destination": "relatives", "reason": "Back with her family", "contact_consent": "y",
        "contact_channel": "phone", "contact_phone": "6944 111 222", "confirm": "1"}).status_code == 302
    with app.app_context():
        assert count(StayFollowUp) == 1
    coordinator = client_as("coordinator")
    assert coordinator.post(f"/shelter/stays/{stay_id}/undo-discharge", data={}).status_code == 302
    with app.app_context():
        assert db.session.get(Stay, stay_id).discharged_on is None and count(StayFollowUp) == 0
    assert "6944 111 222" not in coordinator.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
