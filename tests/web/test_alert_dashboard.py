"""The alerts dashboard people can act on: her first name beside the case code for whoever may see
it, the shelter's and each programme's alerts apart, and beside each alert the buttons that settle
it, for whoever may press them. The digest e-mail names nobody."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
from tests.reintegration_support import make_beneficiary, make_caseworker
from tests.support import DEMO_PASSWORD, QueryCounter, admission, login, make_room, make_stay, make_user, settings


@pytest.fixture
def alerting(app):
    """Rena, past her planned end; Sofia, restricted and past it too; Petros in REINTEGRATION,
    his programme long over with no exit recorded."""
    with app.test_request_context():
        long_ago = today() - timedelta(days=120)
        rena = make_stay(first_name="Ρένα", admitted_on=long_ago)
        sofia = make_stay(first_name="Σοφία", admitted_on=long_ago)
        services.set_restriction(sofia, True, "Ο σύντροφος την αναζητά")
        worker = make_caseworker()
        petros = make_beneficiary(worker, first_name="Πέτρος", enrolled_on=today() - timedelta(days=800))
        db.session.commit()
        return {"rena": rena.id, "rena_code": rena.case_code, "sofia": sofia.id, "sofia_code": sofia.case_code,
                "petros": petros.id, "petros_code": petros.case_code, "worker": worker.username}


def dashboard(client) -> str:
    response = client.get("/alerts/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def line_of(page: str, code: str) -> str:
    """The dashboard's list item of the stay-overdue (or programme) alert about this case code."""
    found = re.findall(r'<li class="alert kind-(?:stay_overdue|programme_ending)">(.*?)</li>', page, re.S)
    lines = [line for line in found if code in line]
    assert len(lines) == 1, found
    return lines[0]


def test_staff_read_her_first_name_beside_the_case_code(client_as, alerting):
    page = dashboard(client_as("shelter_staff"))
    assert '<strong class="alert-person">Ρένα</strong>' in line_of(page, alerting["rena_code"])


def test_staff_read_no_name_beside_a_restricted_stay_coordinators_do(client_as, alerting):
    staff = dashboard(client_as("shelter_staff"))
    assert "alert-person" not in line_of(staff, alerting["sofia_code"])
    assert "Σοφία" not in staff
    coordinator = dashboard(client_as("coordinator"))
    assert '<strong class="alert-person">Σοφία</strong>' in line_of(coordinator, alerting["sofia_code"])


def test_a_caseworker_reads_the_name_of_her_own_beneficiary(app, alerting):
    client = app.test_client()
    login(client, alerting["worker"], DEMO_PASSWORD)
    page = dashboard(client)
    assert '<strong class="alert-person">Πέτρος</strong>' in line_of(page, alerting["petros_code"])
    assert "Ρένα" not in page and alerting["rena_code"] not in page  # no shelter data


def test_the_coordinator_sees_the_shelter_and_the_programme_apart(client_as, alerting):
    page = dashboard(client_as("coordinator"))
    shelter = page[page.index('id="alerts-area-shelter"'):page.index('id="alerts-area-reintegration"')]
    programme = page[page.index('id="alerts-area-reintegration"'):]
    assert '<h2 id="alerts-area-shelter-heading">Shelter</h2>' in shelter
    assert '<h2 id="alerts-area-reintegration-heading">REINTEGRATION</h2>' in programme
    assert alerting["rena_code"] in shelter and alerting["petros_code"] not in shelter
    assert alerting["petros_code"] in programme and alerting["rena_code"] not in programme
    assert 'id="alerts-shelter-urgent"' in shelter and 'id="alerts-reintegration-urgent"' in programme


def buttons(line: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="button small" href="([^"]+)">([^<]+)</a>', line)


def test_an_overdue_stay_offers_an_extension_and_the_discharge(client_as, alerting):
    line = line_of(dashboard(client_as("shelter_staff")), alerting["rena_code"])
    stay = alerting["rena"]
    assert buttons(line) == [(f"/shelter/stays/{stay}#extensions", "Request an extension"),
                             (f"/shelter/stays/{stay}#discharge", "Record the discharge")]


def test_the_programme_end_offers_the_exit_to_the_caseworker(app, alerting):
    client = app.test_client()
    login(client, alerting["worker"], DEMO_PASSWORD)
    line = line_of(dashboard(client), alerting["petros_code"])
    assert buttons(line) == [(f"/reintegration/beneficiaries/{alerting['petros']}/exit", "Record the exit")]


def test_a_button_is_shown_only_to_whoever_may_press_it(app, client_as, alerting):
    """The restriction to confirm is the coordinator's; an extension to decide too."""
    with app.test_request_context():
        by = make_user("shelter_staff")
        room = make_room(beds=1)
        asked = services.admit(replace(admission(room, first_name="Άννα"), restriction_requested=True,
                                       restriction_reason="Κίνδυνος"), by, today(), settings())
        services.request_extension(make_stay(first_name="Μαρία", by=by), today() + timedelta(days=120), "Δουλειά",
                                   by, now_utc() - timedelta(hours=72))
        db.session.commit()
        asked_id = asked.id
    coordinator = dashboard(client_as("coordinator"))
    assert (f"/shelter/stays/{asked_id}#restriction", "Confirm or lift the restriction") in buttons(coordinator)
    assert ("/shelter/extensions", "Decide the request") in buttons(coordinator)
    staff = dashboard(client_as("shelter_staff"))
    assert "Confirm or lift the restriction" not in staff and "Decide the request" not in staff


def test_the_names_cost_one_statement_whatever_the_number_of_alerts(app, client_as, alerting):
    client = client_as("coordinator")
    with QueryCounter(app) as few:
        dashboard(client)
    with app.test_request_context():
        for n in range(5):
            make_stay(first_name=f"Ξένια-{n}", admitted_on=today() - timedelta(days=120))
        make_beneficiary(first_name="Λευτέρης", enrolled_on=today() - timedelta(days=800))
        db.session.commit()
    with QueryCounter(app) as many:
        page = dashboard(client)
    assert "Ξένια-4" in page and "Λευτέρης" in page
    assert many.count == few.count
    # Both areas' names in one statement.
    assert sum("resident.first_name" in s and "beneficiary.first_name" in s for s in many.statements) == 1


def test_the_digest_names_nobody(app, alerting):
    from housing.alerts.cli import digest_body
    from housing.alerts.views import current_context
    from housing.auth.models import User
    from housing.core.alerts import alerts_for

    with app.test_request_context():
        coordinator = make_user("coordinator")
        body = digest_body(coordinator, alerts_for(coordinator, current_context()))
        assert alerting["rena_code"] in body and alerting["petros_code"] in body
        assert "Ρένα" not in body and "Σοφία" not in body and "Πέτρος" not in body
        assert isinstance(coordinator, User)
