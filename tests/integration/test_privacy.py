"""Privacy: restricted stays, minimisation per role, subject access, and the retention purge."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from housing.core.audit_entry import AuditEntry
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.privacy.retention import purge
from housing.shelter import services
from housing.shelter.models import Resident, Stay
from tests.support import child, make_room, make_stay, make_user

PHONE, NATIONALITY, NOTE = "6912345678", "Σουρινάμ", "SECRET-NOTE-ABOUT-HER"
BIRTH = date(1991, 5, 14)


@pytest.fixture
def resident(app):
    """An active stay with distinctive personal details, a night check and an extension."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        stay = make_stay(room=make_room(beds=3, name="Κνωσός"), first_name="Amira", last_name="Haddad",
                         birth_date=BIRTH, admitted_on=today() - timedelta(days=40),
                         children=[child("Layla", 1500, "F", admitted_on=today() - timedelta(days=40))])
        stay.resident.phone, stay.resident.nationality, stay.resident.notes = PHONE, NATIONALITY, NOTE
        services.request_extension(stay, stay.planned_end + timedelta(days=20), "EXTENSION-REASON-TEXT", staff,
                                   now_utc())
        services.save_night_check(today() - timedelta(days=1), {stay.id: (False, "NIGHT-NOTE-TEXT")},
                                  make_user("night_shift"), now_utc())
        db.session.commit()
        return {"stay": stay.id, "code": stay.case_code, "resident": stay.resident_id}


NIGHT_PAGES = ["/shelter/board", "/shelter/board/print", "/shelter/night-check", "/shelter/night-checks",
               "/shelter/log", "/shelter/evacuation"]


@pytest.mark.parametrize("path", NIGHT_PAGES)
def test_night_shift_pages_hold_no_birth_date_phone_nationality_notes_or_history(client_as, resident, path):
    page = client_as("night_shift").get(path).get_data(as_text=True)
    for secret in (PHONE, NATIONALITY, NOTE, BIRTH.strftime("%d/%m/%Y"), "EXTENSION-REASON-TEXT",
                   "Earlier stays", "Room history"):
        assert secret not in page, f"{secret!r} on {path}"


def test_restricted_stay_shows_an_occupied_bed_and_the_case_code_only(client_as, resident, app):
    coordinator = client_as("coordinator")
    refused = coordinator.post(f"/shelter/stays/{resident['stay']}/restriction", data={"restricted": "y",
                                                                                       "reason": ""})
    assert refused.status_code == 400
    assert coordinator.post(f"/shelter/stays/{resident['stay']}/restriction",
                            data={"restricted": "y", "reason": "Ο σύντροφος την αναζητά"}).status_code == 302
    staff, night = client_as("shelter_staff"), client_as("night_shift")
    for client in (staff, night):
        board = client.get("/shelter/board").get_data(as_text=True)
        assert resident["code"] in board and "Amira" not in board and "occupied" in board
        assert 'id="children-count">1<' in board  # she and her child still fill their beds
    night_page = night.get("/shelter/night-check").get_data(as_text=True)
    assert resident["code"] in night_page and "Amira" not in night_page and "Layla" not in night_page
    assert resident["code"] not in staff.get("/shelter/residents?q=amira").get_data(as_text=True)
    assert resident["code"] in staff.get(f"/shelter/residents?q={resident['code']}").get_data(as_text=True)
    listing = staff.get("/shelter/residents").get_data(as_text=True)
    assert resident["code"] in listing and "Haddad" not in listing
    assert resident["code"] in coordinator.get("/shelter/residents?q=amira").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Stay, resident["stay"]).restricted is True


def test_only_coordinators_restrict(client_as, resident):
    assert client_as("shelter_staff").post(f"/shelter/stays/{resident['stay']}/restriction",
                                           data={"restricted": "y", "reason": "x"}).status_code == 403


def test_subject_access_export_holds_everything_and_is_audited(client_as, resident, app):
    coordinator = client_as("coordinator")
    response = coordinator.get(f"/shelter/residents/{resident['resident']}/data.json")
    data = json.loads(response.get_data(as_text=True))
    assert data["resident"]["phone"] == PHONE and data["resident"]["notes"] == NOTE
    assert data["children"][0]["first_name"] == "Layla"
    stay = data["stays"][0]
    assert stay["case_code"] == resident["code"] and stay["rooms"][0]["room"] == "Κνωσός"
    assert stay["extension_requests"][0]["reason"] == "EXTENSION-REASON-TEXT"
    assert stay["night_checks"][0]["note"] == "NIGHT-NOTE-TEXT"
    assert any(entry["action"] == "admit" for entry in data["audit_trail"])
    page = coordinator.get(f"/shelter/residents/{resident['resident']}/data").get_data(as_text=True)
    assert PHONE in page and resident["code"] in page
    with app.app_context():
        exports = db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "subject_access"))
        assert sorted(exports) == ["html", "json"]
    assert client_as("shelter_staff").get(f"/shelter/residents/{resident['resident']}/data.json").status_code == 403


def old_stay(years_ago: int, **fields) -> Stay:
    staff = make_user("shelter_staff")
    admitted = today() - timedelta(days=365 * years_ago + 100)
    stay = make_stay(admitted_on=admitted, children=[child("Νίκος", 2000, "M", admitted_on=admitted)], **fields)
    stay.resident.phone, stay.resident.notes = PHONE, NOTE
    services.discharge(stay, admitted + timedelta(days=60), "Επέστρεψε στη Λάρισα", "relatives", staff, today())
    return stay


@pytest.mark.usefixtures("app_ctx")
def test_purge_anonymises_old_cases_keeps_figures_and_is_idempotent():
    old = old_stay(7, first_name="Δέσποινα", last_name="Αλεξάκη")
    recent = old_stay(2, first_name="Σοφία", last_name="Δασκαλάκη")
    active = make_stay(first_name="Ζωή")
    db.session.flush()
    dry = purge(today(), now_utc(), 5, dry_run=True)
    assert dry.residents == [old.resident_id] and db.session.get(Resident, old.resident_id).first_name == "Δέσποινα"
    report = purge(today(), now_utc(), 5, dry_run=False)
    assert report.residents == [old.resident_id]
    resident = db.session.get(Resident, old.resident_id)
    assert (resident.first_name, resident.last_name, resident.phone, resident.notes) == ("—", "—", "", "")
    assert resident.birth_date == date(1990, 1, 1) and resident.children[0].birth_date.month == 1
    assert resident.children[0].sex == "M"
    stay = db.session.get(Stay, old.id)
    assert stay.destination == "relatives" and stay.discharge_reason == "" and stay.admitted_on == old.admitted_on
    assert db.session.get(Resident, recent.resident_id).first_name == "Σοφία"
    assert db.session.get(Resident, active.resident_id).first_name == "Ζωή"
    trail = " ".join(e.changes for e in db.session.scalars(select(AuditEntry)))
    assert "Δέσποινα" not in trail and "Αλεξάκη" not in trail and PHONE not in " ".join(
        e.changes for e in db.session.scalars(select(AuditEntry).where(AuditEntry.case_code == old.case_code)))
    assert "Σοφία" in trail  # the others' trail is untouched
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "retention_purge")).first()
    assert purge(today(), now_utc(), 5, dry_run=False).residents == []  # idempotent


def test_purge_command(app):
    with app.test_request_context():
        old_stay(8)
        db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "purge", "--older-than-years", "5", "--dry-run"])
    assert dry.exit_code == 0 and "would anonymise 1 shelter resident(s)" in dry.output
    done = runner.invoke(args=["retention", "purge", "--older-than-years", "5"])
    assert "anonymised 1 shelter resident(s)" in done.output
    again = runner.invoke(args=["retention", "purge", "--older-than-years", "5"])
    assert "anonymised 0 shelter resident(s)" in again.output
    assert runner.invoke(args=["retention", "purge", "--older-than-years", "0"]).exit_code != 0


def test_beneficiary_subject_access_and_the_shelter_record_that_led_to_it(client_as, app):
    from housing.programmes import services as programme_services
    from tests.reintegration_support import enrolment, make_tenancy, programme

    with app.test_request_context():
        stay = make_stay(first_name="Leila", admitted_on=today() - timedelta(days=40))
        services.discharge(stay, today(), "Ένταξη", "reintegration", make_user("shelter_staff"), today())
        person = programme_services.enrol_from_shelter(stay, enrolment(), True, today(), make_user("coordinator"),
                                                       today(), programme())
        make_tenancy(person)
        db.session.commit()
        resident_id, person_id, code = stay.resident_id, person.id, person.case_code
    coordinator = client_as("coordinator")
    data = json.loads(coordinator.get(f"/reintegration/beneficiaries/{person_id}/data.json").get_data(as_text=True))
    assert data["beneficiary"]["case_code"] == code and data["tenancies"][0]["address"]
    assert "stays" not in data  # nothing of her shelter file
    resident = json.loads(coordinator.get(f"/shelter/residents/{resident_id}/data.json").get_data(as_text=True))
    assert resident["reintegration"][0]["beneficiary"]["case_code"] == code
    page = coordinator.get(f"/reintegration/beneficiaries/{person_id}/data").get_data(as_text=True)
    assert code in page and "Tenancies" in page
    assert client_as("reintegration_staff").get(f"/reintegration/beneficiaries/{person_id}/data").status_code == 403


@pytest.mark.usefixtures("app_ctx")
def test_purge_anonymises_beneficiaries_who_left_long_ago():
    from housing.programmes import services as programme_services
    from housing.programmes.models import Beneficiary
    from tests.reintegration_support import make_beneficiary, make_tenancy

    enrolled = today() - timedelta(days=365 * 8)
    person = make_beneficiary(first_name="Γιάννης", last_name="Σταυρακάκης", enrolled_on=enrolled)
    home = make_tenancy(person, lease_start=enrolled, address="Οδός Ικάρου 5, Ηράκλειο")
    programme_services.exit_programme(person, programme_services.ExitInput(
        "completed", enrolled + timedelta(days=400), "housed", True, True, "Μένει στην οδό Ικάρου 5"),
        make_user("reintegration_staff"), today())
    active = make_beneficiary(first_name="Ανδρέας")
    db.session.flush()
    report = purge(today(), now_utc(), 5, dry_run=False)
    assert report.extra["beneficiaries"] == 1
    gone = db.session.get(Beneficiary, person.id)
    assert (gone.first_name, gone.last_name, gone.exit_notes) == ("—", "—", "")
    assert gone.housed_at_exit is True and gone.exited_on == enrolled + timedelta(days=400)  # figures kept
    assert home.address == "—" and home.monthly_rent_cents > 0
    assert db.session.get(Beneficiary, active.id).first_name == "Ανδρέας"
    trail = " ".join(e.changes for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.case_code == person.case_code)))
    assert "Σταυρακάκης" not in trail and "Ικάρου" not in trail
    assert purge(today(), now_utc(), 5, dry_run=False).extra["beneficiaries"] == 0
