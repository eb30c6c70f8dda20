"""The safety plan's pages and the door list: what each role sees, bad input that writes
nothing, and what the night shift reads at the door."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.shelter import services as shelter
from housing.shelter.models import Stay, StayChild
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder, RiskAssessment
from tests.safety_support import assess, bar, make_order
from tests.support import child, field_errors, make_room, make_stay, make_user


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def stay_id(app):
    with app.test_request_context():
        stay = make_stay(room=make_room(beds=2, name="Κνωσός"), children=[child("Άρτεμις", 2000, "F")],
                         first_name="Ευδοκία", last_name="Μαυράκη")
        db.session.commit()
        return stay.id


def order_form(**changes) -> dict:
    form = {"safety-order-authority": "court", "safety-order-kind": "restraining",
            "safety-order-reference": "1234/2026", "safety-order-issued_on": dmy(today() - timedelta(days=3)),
            "safety-order-valid_until": dmy(today() + timedelta(days=60)), "safety-order-conditions": "500 m",
            "safety-order-protects_woman": "y"}
    form.update(changes)
    return form


def barred_form(**changes) -> dict:
    form = {"safety-barred-name": "Γιάννης Κ.", "safety-barred-relationship": "former partner",
            "safety-barred-description": "Tall, grey beard, red pick-up", "safety-barred-what_to_do": "Call 100"}
    form.update(changes)
    return form


def test_staff_record_an_assessment_an_order_and_a_person_and_read_them_on_the_stay_page(client_as, stay_id, app):
    client = client_as("shelter_staff")
    response = client.post(f"/shelter/stays/{stay_id}/safety/assessment", data={
        "safety-risk-level": "high", "safety-risk-assessed_on": dmy(today()), "safety-risk-next_review_on": "",
        "safety-risk-note": "Threats by phone"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/shelter/stays/{stay_id}#safety-plan")
    with app.app_context():
        child_id = str(db.session.scalars(select(StayChild.id).where(StayChild.stay_id == stay_id)).one())
    assert client.post(f"/shelter/stays/{stay_id}/safety/orders/new",
                       data=order_form(**{"safety-order-children": child_id})).status_code == 302
    assert client.post(f"/shelter/stays/{stay_id}/safety/barred/new", data=barred_form()).status_code == 302
    page = client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    start = page.index('id="safety-plan"')
    section = page[start:page.index("</section>", start)]  # the plan's own section, not those after it
    assert "High risk" in section and dmy(today() + timedelta(days=7)) in section  # next review: 7 days
    assert "Restraining order" in section and "1234/2026" in section and "her, Άρτεμις" in section
    assert "Γιάννης Κ." in section and "Tall, grey beard, red pick-up" in section
    assert "The coordinators have been alerted" in section  # high risk, not restricted: staff do not restrict
    ids = re.findall(r'id="([^"]+)"', page)
    own = re.findall(r'id="([^"]+)"', section)
    assert all(i.startswith("safety-") for i in own) and all(ids.count(i) == 1 for i in own)


def test_a_coordinator_is_pointed_to_the_restriction(client_as, stay_id, app):
    with app.test_request_context():
        assess(db.session.get(Stay, stay_id), "high")
        db.session.commit()
    page = client_as("coordinator").get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert 'href="#restriction"' in page and 'id="restriction"' in page


@pytest.mark.parametrize("path, data, field, message", [
    ("orders/new", order_form(**{"safety-order-valid_until": dmy(today() - timedelta(days=4))}),
     "valid_until", "The order cannot end before it was issued"),
    ("orders/new", order_form(**{"safety-order-issued_on": "31/02/2026"}), "issued_on", "Not a valid date"),
    ("orders/new", order_form(**{"safety-order-conditions": "x" * 10_000}), "conditions", "At most 4000 characters"),
    ("orders/new", order_form(**{"safety-order-protects_woman": "", "safety-order-children": "999999"}),
     "children", "is not a valid choice"),
    ("orders/new", order_form(**{"safety-order-authority": "army"}), "authority", "Not a valid choice"),
    ("assessment", {"safety-risk-level": "high", "safety-risk-assessed_on": dmy(today()),
                    "safety-risk-next_review_on": dmy(today() - timedelta(days=1))},
     "next_review_on", "The next review cannot be in the past."),
    ("assessment", {"safety-risk-level": "low", "safety-risk-assessed_on": dmy(today() + timedelta(days=1))},
     "assessed_on", "An assessment cannot be dated in the future."),
    ("assessment", {"safety-risk-assessed_on": dmy(today())}, "level", "Choose the risk level."),
    ("assessment", {"safety-risk-level": "medium", "safety-risk-assessed_on": dmy(today()),
                    "safety-risk-note": "é" * 10_000}, "note", "At most 4000 characters"),
    ("barred/new", barred_form(**{"safety-barred-description": " "}), "description", "Describe the person"),
    ("barred/new", barred_form(**{"safety-barred-name": "N" * 10_000}), "name", "At most 120 characters"),
])
def test_bad_input_gets_a_message_at_the_field_and_writes_nothing(client_as, stay_id, app, path, data, field,
                                                                   message):
    with app.app_context():
        before = (count(RiskAssessment), count(ProtectiveOrder), count(BarredPerson))
    response = client_as("shelter_staff").post(f"/shelter/stays/{stay_id}/safety/{path}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any(message in error for error in field_errors(html)), field_errors(html)
    assert re.search(rf'id="safety-(risk|order|barred)-{field}-error"', html) or field == "children"
    with app.app_context():
        assert (count(RiskAssessment), count(ProtectiveOrder), count(BarredPerson)) == before
    typed = next((value for key, value in data.items() if value and len(value) < 100
                  and not key.endswith(("authority", "kind", "level", "children", "protects_woman"))), "")
    assert typed in html  # what was typed is kept


def test_a_script_is_shown_as_text(client_as, stay_id):
    client = client_as("shelter_staff")
    script = "<script>alert('x')</script>"
    assert client.post(f"/shelter/stays/{stay_id}/safety/barred/new",
                       data=barred_form(**{"safety-barred-name": script, "safety-barred-description": script}))\
        .status_code == 302
    for page in (client.get(f"/shelter/stays/{stay_id}"), client_as("night_shift").get("/shelter/door-list")):
        html = page.get_data(as_text=True)
        assert script not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_ending_an_entry_asks_why_and_keeps_it(client_as, stay_id, app):
    with app.test_request_context():
        person_id = bar(db.session.get(Stay, stay_id), name="Πέτρος Λ.").id
        db.session.commit()
    client = client_as("shelter_staff")
    refused = client.post(f"/shelter/safety/barred/{person_id}/end", data={"safety-end-reason": ""})
    assert refused.status_code == 400 and "Write why it no longer applies." in field_errors(refused.get_data(as_text=True))
    assert "Πέτρος Λ." in client_as("night_shift").get("/shelter/door-list").get_data(as_text=True)
    assert client.post(f"/shelter/safety/barred/{person_id}/end",
                       data={"safety-end-reason": "Court revoked it"}).status_code == 302
    assert "Πέτρος Λ." not in client_as("night_shift").get("/shelter/door-list").get_data(as_text=True)
    page = client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert "Πέτρος Λ." in page and "Court revoked it" in page


def test_the_door_list_says_nothing_of_whose_case_it_is(client_as, stay_id, app):
    with app.test_request_context():
        stay = db.session.get(Stay, stay_id)
        bar(stay, name="Ζήσης Α.", description="Κοντός, φαλακρός", what_to_do="Μην ανοίξετε· καλέστε το 100")
        bar(make_stay(), name="Αλέξης Β.", description="Ψηλός")
        code = stay.case_code
        db.session.commit()
    response = client_as("night_shift").get("/shelter/door-list")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("Αλέξης Β.") < html.index("Ζήσης Α.")  # by name
    assert "Κοντός, φαλακρός" in html and "Μην ανοίξετε· καλέστε το 100" in html
    for revealing in (code, "SH-", "Ευδοκία", "Μαυράκη", "Κνωσός", "Άρτεμις", "/shelter/stays/"):
        assert revealing not in html
    assert "CONFIDENTIAL" in html and "Printed " in html and "safety.css" in html


def test_the_door_list_empties_when_the_stay_ends(client_as, stay_id, app):
    with app.test_request_context():
        stay = db.session.get(Stay, stay_id)
        bar(stay, name="Ζήσης Α.")
        staff = make_user("shelter_staff")
        shelter.discharge(stay, today(), "Moved on", "relatives", staff, today())
        db.session.commit()
    html = client_as("night_shift").get("/shelter/door-list").get_data(as_text=True)
    assert "Ζήσης Α." not in html and "Nobody is on the door list." in html


def test_a_restricted_stays_plan_is_for_coordinators_only(client_as, stay_id, app):
    with app.test_request_context():
        stay = db.session.get(Stay, stay_id)
        order = make_order(stay, reference="ΚΡΥΦΟ-9")
        person = bar(stay, name="Ζήσης Α.")
        shelter.set_restriction(stay, True, "High risk")
        db.session.commit()
        order_id, person_id = order.id, person.id
    staff = client_as("shelter_staff")
    page = staff.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert "ΚΡΥΦΟ-9" not in page and "Ζήσης Α." not in page
    assert "The safety plan of a restricted stay is seen by coordinators only." in page
    for path in (f"/shelter/stays/{stay_id}/safety/assessment", f"/shelter/stays/{stay_id}/safety/orders/new",
                 f"/shelter/stays/{stay_id}/safety/barred/new", f"/shelter/safety/orders/{order_id}/end",
                 f"/shelter/safety/barred/{person_id}/end"):
        assert staff.get(path).status_code == 403
        assert staff.post(path, data={}).status_code == 403
    assert "ΚΡΥΦΟ-9" in client_as("coordinator").get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert "Ζήσης Α." in client_as("night_shift").get("/shelter/door-list").get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "reintegration_staff", "night_shift"])
def test_the_stay_page_and_alerts_hold_nothing_of_the_plan_for_others(client_as, stay_id, app, role):
    with app.test_request_context():
        make_order(db.session.get(Stay, stay_id), valid_until=today() + timedelta(days=2), reference="ΚΡΥΦΟ-9")
        db.session.commit()
    client = client_as(role)
    assert client.get(f"/shelter/stays/{stay_id}").status_code == 403
    assert "ΚΡΥΦΟ-9" not in client.get("/alerts/").get_data(as_text=True)


def test_the_door_list_is_in_the_night_shifts_menu(client_as):
    assert 'href="/shelter/door-list"' in client_as("night_shift").get("/shelter/board").get_data(as_text=True)
    assert 'href="/shelter/door-list"' not in client_as("admin").get("/admin/users").get_data(as_text=True)


def test_a_discharged_stays_plan_is_read_only(client_as, stay_id, app):
    with app.test_request_context():
        stay = db.session.get(Stay, stay_id)
        bar(stay, name="Ζήσης Α.")
        shelter.discharge(stay, today(), "Moved on", "relatives", make_user("shelter_staff"), today())
        db.session.commit()
    client = client_as("shelter_staff")
    page = client.get(f"/shelter/stays/{stay_id}").get_data(as_text=True)
    assert "Ζήσης Α." in page and "Add a person" not in page
    refused = client.post(f"/shelter/stays/{stay_id}/safety/barred/new", data=barred_form())
    assert refused.status_code == 400 and "The stay has ended" in refused.get_data(as_text=True)
