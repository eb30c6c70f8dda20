"""A second programme's pages (An-Oiko beside REINTEGRATION, by configuration only): each
programme's staff see nothing of the other — 403 on its pages, its people never in their
searches or alerts — while coordinators see both."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.programmes import rules, services
from housing.programmes.models import Beneficiary
from housing.programmes.programme import programmes
from tests.reintegration_support import enrolment
from tests.second_programme_support import acting, both, two_programmes_app  # noqa: F401 - fixtures
from tests.support import login, make_user


@pytest.fixture
def people(both):
    """One beneficiary in each programme, whose programme ends in 5 days, and a login per role."""
    with acting(both):
        users = {role: make_user(role, username=f"{role}-{uuid.uuid4().hex[:6]}")
                 for role in ("reintegration_staff", "anoiko_staff", "coordinator", "shelter_staff", "admin")}
        made = {}
        for code, role, last in (("reintegration", "reintegration_staff", "Ρεθυμνιωτάκης"),
                                 ("anoiko", "anoiko_staff", "Ανωγειανάκης")):
            programme = programmes(both)[code]
            enrolled = rules.add_months(today() + timedelta(days=5), -programme.programme_months)
            person = services.enrol(enrolment(users[role], last_name=last, enrolled_on=enrolled), users[role],
                                    today(), programme)
            made[code] = {"id": person.id, "code": person.case_code, "last": last}
        db.session.commit()
        names = {role: user.username for role, user in users.items()}
    return names, made


def client_for(app, username):
    client = app.test_client()
    login(client, username)
    return client


PAGES = ("/{code}/", "/{code}/beneficiaries", "/{code}/beneficiaries/{id}", "/{code}/enrol",
         "/{code}/beneficiaries/{id}/sessions/new", "/{code}/beneficiaries/{id}/exit")


@pytest.mark.parametrize("role, own, other", [
    ("reintegration_staff", "reintegration", "anoiko"),
    ("anoiko_staff", "anoiko", "reintegration"),
])
def test_staff_of_one_programme_are_refused_every_page_of_the_other(both, people, role, own, other):
    names, made = people
    client = client_for(both, names[role])
    for page in PAGES:
        assert client.get(page.format(code=own, id=made[own]["id"])).status_code == 200, page
        assert client.get(page.format(code=other, id=made[other]["id"])).status_code == 403, page
    # A write is refused before anything is read, and writes nothing.
    before = _count(both)
    response = client.post(f"/{other}/beneficiaries/{made[other]['id']}/sessions/new",
                           data={"held_on": today().strftime("%d/%m/%Y"), "kind": "counselling",
                                 "duration_minutes": "30"})
    assert response.status_code == 403 and _count(both) == before


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Beneficiary))


@pytest.mark.parametrize("role, own, other", [
    ("reintegration_staff", "reintegration", "anoiko"),
    ("anoiko_staff", "anoiko", "reintegration"),
])
def test_the_other_programmes_people_are_never_in_searches_or_alerts(both, people, role, own, other):
    names, made = people
    client = client_for(both, names[role])
    found = client.get(f"/{own}/beneficiaries?q={made[other]['last']}&status=all").get_data(as_text=True)
    assert made[other]["code"] not in found
    everyone = client.get(f"/{own}/beneficiaries?status=all").get_data(as_text=True)
    assert made[own]["code"] in everyone and made[other]["code"] not in everyone
    dashboard = client.get("/alerts/").get_data(as_text=True)
    assert made[own]["code"] in dashboard and made[other]["code"] not in dashboard


def test_coordinators_see_both_programmes_each_under_its_own_pages(both, people):
    names, made = people
    client = client_for(both, names["coordinator"])
    for code in ("reintegration", "anoiko"):
        page = client.get(f"/{code}/").get_data(as_text=True)
        assert made[code]["code"] in page
        other = "anoiko" if code == "reintegration" else "reintegration"
        assert made[other]["code"] not in page  # each caseload is its programme's own
        assert client.get(f"/{code}/beneficiaries/{made[code]['id']}").status_code == 200
        # Another programme's record is not found under this programme's address.
        assert client.get(f"/{code}/beneficiaries/{made[other]['id']}").status_code == 404
    dashboard = client.get("/alerts/").get_data(as_text=True)
    assert made["reintegration"]["code"] in dashboard and made["anoiko"]["code"] in dashboard


def test_the_menu_names_each_programme_to_whoever_works_in_several(both, people):
    names, _made = people
    coordinator = client_for(both, names["coordinator"]).get("/alerts/").get_data(as_text=True)
    assert 'href="/reintegration/">REINTEGRATION<' in coordinator and 'href="/anoiko/">An-Oiko<' in coordinator
    worker = client_for(both, names["anoiko_staff"]).get("/anoiko/").get_data(as_text=True)
    # She works in one programme: her menu reads as it always did, without the programme's name.
    assert 'href="/anoiko/">Caseload<' in worker and 'href="/anoiko/beneficiaries">Beneficiaries<' in worker
    assert 'href="/reintegration/' not in worker and ">An-Oiko<" not in worker
    assert client_for(both, names["anoiko_staff"]).get("/").headers["Location"].endswith("/anoiko/")


def test_a_programme_that_takes_nobody_from_the_shelter_has_no_shelter_pages(both, people):
    names, _made = people
    client = client_for(both, names["coordinator"])
    assert client.get("/anoiko/from-shelter").status_code == 404
    assert client.get("/reintegration/from-shelter").status_code == 200


def test_the_account_form_offers_each_programmes_role(both, people):
    names, _made = people
    page = client_for(both, names["admin"]).get("/admin/users/new").get_data(as_text=True)
    assert "REINTEGRATION caseworker" in page and "An-Oiko caseworker" in page
    assert 'value="anoiko_staff"' in page
