"""Restricted stays stay hidden: for everyone but coordinators a restricted stay shows its case
code and its occupied bed only — in the duplicate check at admission, in the earlier stays of her
other stays, on her stay page and in the alerts. And staff may request a restriction at intake."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.shelter import services
from housing.shelter.models import Resident, Stay
from tests.support import child, field_errors, make_room, make_stay, make_user

BIRTH = date(1987, 3, 21)
PHONE, NATIONALITY, NOTE = "6933111222", "Σουρινάμ", "SECRET-NOTE-ABOUT-HER"
COORDINATOR_MUST_FINISH = "A record visible to coordinators may match: a coordinator must complete this admission."


@pytest.fixture
def hidden(app):
    """Amira Haddad: an older unrestricted stay, now discharged, and a restricted active stay with
    a child nearing the boys' age limit."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        old = make_stay(first_name="Amira", last_name="Haddad", birth_date=BIRTH, by=staff,
                        admitted_on=today() - timedelta(days=700))
        services.discharge(old, today() - timedelta(days=600), "left", "relatives", staff, today())
        resident = old.resident
        resident.phone, resident.nationality, resident.notes = PHONE, NATIONALITY, NOTE
        room = make_room(beds=3, name="Κνωσός")
        stay = services.admit(services.AdmissionInput(
            first_name="Amira", last_name="Haddad", birth_date=BIRTH, room_id=room.id, admitted_on=today(),
            referral_source="police", existing_resident_id=resident.id,
            children=[child("Yusuf", 365 * 12 - 20, "M")]), make_user("coordinator"), today(),
            services.ShelterSettings.from_config(app.config))
        services.set_restriction(stay, True, "Ο σύντροφος την αναζητά")
        db.session.commit()
        return {"old": old.id, "old_code": old.case_code, "stay": stay.id, "code": stay.case_code,
                "resident": resident.id, "room": room.id}


def admission_form(room_id: int, **changes) -> dict[str, str]:
    data = {"first_name": "amira", "last_name": "HADDAD", "birth_date": BIRTH.strftime("%d/%m/%Y"),
            "referral_source": "police", "room_id": str(room_id), "admitted_on": today().strftime("%d/%m/%Y"),
            "submit": "Admit"}
    data.update(changes)
    return data


def stays_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Stay))


def test_the_duplicate_check_names_no_restricted_record_to_staff_and_staff_cannot_finish(client_as, hidden, app):
    staff = client_as("shelter_staff")
    room = make_room_committed(app)
    for choice in ({}, {"existing_resident": "new", "distinct_reason": "not her"},
                   {"existing_resident": str(hidden["resident"])}):
        response = staff.post("/shelter/admit", data=admission_form(room, **choice))
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert COORDINATOR_MUST_FINISH in field_errors(page)
        for secret in (hidden["code"], hidden["old_code"], "active)", "Haddad, "):
            assert secret not in page, secret
    assert stays_count(app) == 2

    coordinator = client_as("coordinator")
    page = coordinator.post("/shelter/admit", data=admission_form(room)).get_data(as_text=True)
    assert hidden["code"] in page and hidden["old_code"] in page and COORDINATOR_MUST_FINISH not in page


def make_room_committed(app) -> int:
    with app.app_context():
        room = make_room(beds=2)
        db.session.commit()
        return room.id


def test_her_older_stay_lists_the_restricted_stay_for_coordinators_only(client_as, hidden):
    staff_page = client_as("shelter_staff").get(f"/shelter/stays/{hidden['old']}").get_data(as_text=True)
    assert hidden["code"] not in staff_page and f"/shelter/stays/{hidden['stay']}" not in staff_page
    coordinator_page = client_as("coordinator").get(f"/shelter/stays/{hidden['old']}").get_data(as_text=True)
    assert hidden["code"] in coordinator_page and f"/shelter/stays/{hidden['stay']}" in coordinator_page


def test_staff_see_a_restricted_stay_page_with_what_they_need_to_work_and_nothing_of_her(client_as, hidden):
    page = client_as("shelter_staff").get(f"/shelter/stays/{hidden['stay']}").get_data(as_text=True)
    for shown in (hidden["code"], "Κνωσός", today().strftime("%d/%m/%Y"), "1 child with her on this stay.",
                  f"/shelter/stays/{hidden['stay']}/discharge", f"/shelter/stays/{hidden['stay']}/transfer",
                  f"/shelter/stays/{hidden['stay']}/extensions"):
        assert shown in page, shown
    for secret in ("Amira", "Haddad", BIRTH.strftime("%d/%m/%Y"), PHONE, NATIONALITY, NOTE, "Yusuf",
                   "Ο σύντροφος την αναζητά", hidden["old_code"], "Earlier stays", "Her details"):
        assert secret not in page, secret


def test_staff_never_find_a_restricted_record_by_her_name_not_even_her_older_stays(client_as, hidden):
    staff = client_as("shelter_staff")
    for query in ("amira", "Haddad", "amira haddad"):
        page = staff.get(f"/shelter/residents?status=all&q={query}").get_data(as_text=True)
        assert hidden["code"] not in page and hidden["old_code"] not in page, query
    by_code = staff.get(f"/shelter/residents?status=all&q={hidden['code']}").get_data(as_text=True)
    assert hidden["code"] in by_code and "Haddad" not in by_code
    coordinator = client_as("coordinator").get("/shelter/residents?status=all&q=amira").get_data(as_text=True)
    assert hidden["code"] in coordinator and hidden["old_code"] in coordinator


def test_coordinators_see_her_whole_restricted_stay(client_as, hidden):
    page = client_as("coordinator").get(f"/shelter/stays/{hidden['stay']}").get_data(as_text=True)
    for shown in ("Amira Haddad", PHONE, NOTE, "Yusuf", "Ο σύντροφος την αναζητά", hidden["old_code"]):
        assert shown in page, shown


def test_alerts_of_a_restricted_stay_carry_its_case_code_and_kind_only(client_as, hidden):
    """Staff read the case code and the kind; coordinators, who may see who she is, her first name
    beside it too, and neither her child's name nor her surname."""
    for role, named in (("shelter_staff", False), ("coordinator", True)):
        page = client_as(role).get("/alerts/").get_data(as_text=True)
        assert f"{hidden['code']}: a child reaches the age limit (12) on" in page
        assert "Yusuf" not in page and "Haddad" not in page
        assert ('<strong class="alert-person">Amira</strong>' in page) is named


def test_staff_request_a_restriction_at_intake_and_her_name_is_never_on_the_board(client_as, app):
    room = make_room_committed(app)
    staff = client_as("shelter_staff")
    data = admission_form(room, first_name="Νεφέλη", last_name="Κρυφή", request_restriction="y")
    refused = staff.post("/shelter/admit", data=data)
    assert refused.status_code == 400
    assert "Write why the stay must be restricted." in field_errors(refused.get_data(as_text=True))
    data["restriction_reason"] = "Τη βρήκε ο δράστης στο προηγούμενο καταφύγιο"
    response = staff.post("/shelter/admit", data=data)
    assert response.status_code == 302
    landing = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Νεφέλη" not in landing and "restricted at once; a coordinator confirms the restriction" in landing
    for client in (staff, client_as("night_shift")):
        board = client.get("/shelter/board").get_data(as_text=True)
        assert "Νεφέλη" not in board and "occupied" in board
    with app.app_context():
        stay = db.session.scalar(select(Stay).join(Resident).where(Resident.last_name == "Κρυφή"))
        assert stay.restricted is True and stay.restriction_requested_at is not None
        stay_id, code = stay.id, stay.case_code
    assert code not in staff.get("/shelter/residents?q=Νεφέλη").get_data(as_text=True)

    coordinator = client_as("coordinator")
    alerts = coordinator.get("/alerts/").get_data(as_text=True)
    assert f"{code}: a restriction requested at admission waits for a coordinator's confirmation." in alerts
    assert code + ": a restriction" not in staff.get("/alerts/").get_data(as_text=True)
    stay_page = coordinator.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert "waiting for a coordinator to confirm or lift it" in stay_page
    assert coordinator.post(f"/shelter/stays/{stay_id}/restriction",
                            data={"restricted": "y", "reason": "Επιβεβαιώνεται"}).status_code == 302
    assert f"{code}: a restriction" not in coordinator.get("/alerts/").get_data(as_text=True)


def test_her_older_unrestricted_stay_names_her_to_staff_no_more(client_as, hidden):
    """One restricted stay hides the whole record: her older stay's page and its row in the full
    list show its case code only to staff — else the list would name her, and the name search
    that finds nothing would tell that she has a restricted stay."""
    staff = client_as("shelter_staff")
    page = staff.get(f"/shelter/stays/{hidden['old']}").get_data(as_text=True)
    assert hidden["old_code"] in page
    for hidden_value in ("Amira", "Haddad", BIRTH.strftime("%d/%m/%Y"), PHONE, NATIONALITY, NOTE):
        assert hidden_value not in page, hidden_value
    for status in ("all", "former"):
        listing = staff.get(f"/shelter/residents?q=&status={status}").get_data(as_text=True)
        assert hidden["old_code"] in listing and "Haddad" not in listing, status
    coordinator = client_as("coordinator")
    assert "Haddad" in coordinator.get(f"/shelter/stays/{hidden['old']}").get_data(as_text=True)
    assert "Haddad" in coordinator.get("/shelter/residents?q=&status=former").get_data(as_text=True)
