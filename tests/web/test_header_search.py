"""The search box in the header: shown to exactly the roles that may search people (written out
here from DESIGN.md's roles, not read from the role map), leading to the list's results; one box,
labelled, with a button per list for whoever may search several."""
from __future__ import annotations

import re
import uuid

import pytest

from housing.extensions import db
from tests.reintegration_support import make_beneficiary
from tests.second_programme_support import acting, both, two_programmes_app  # noqa: F401 - fixtures
from tests.support import login, make_stay, make_user

# role → the lists its header box searches (action first, then each further button's formaction)
BOX = {
    "coordinator": ["/shelter/residents", "/reintegration/beneficiaries"],
    "shelter_staff": ["/shelter/residents"],
    "reintegration_staff": ["/reintegration/beneficiaries"],
    "night_shift": [],
    "admin": [],
}


def header(html: str) -> str:
    return html.split("</header>")[0]


def box_targets(html: str) -> list[str]:
    found = re.search(r'<form method="get" action="([^"]+)" class="header-search"(.*?)</form>', header(html), re.S)
    if found is None:
        return []
    return [found.group(1), *re.findall(r'formaction="([^"]+)"', found.group(2))]


@pytest.mark.parametrize("role", sorted(BOX))
def test_the_header_box_is_offered_to_exactly_the_roles_that_may_search(client_as, role):
    page = client_as(role).get("/account").get_data(as_text=True)
    assert box_targets(page) == BOX[role]
    if BOX[role]:
        assert '<label for="header-q"' in header(page) and 'id="header-q" type="search" name="q"' in header(page)


def test_one_list_gets_a_search_button_several_get_a_button_each(client_as):
    staff = header(client_as("shelter_staff").get("/account").get_data(as_text=True))
    assert "Search residents by case code or name" in staff and ">Search</button>" in staff
    both_lists = header(client_as("coordinator").get("/account").get_data(as_text=True))
    assert ">Residents</button>" in both_lists and ">REINTEGRATION</button>" in both_lists
    assert "Search by case code or name" in both_lists


def test_a_night_carer_gets_no_box_on_the_board(client_as):
    assert "header-search" not in client_as("night_shift").get("/shelter/board").get_data(as_text=True)


def test_the_box_leads_to_results_and_searches_former_stays_too(client_as, app):
    with app.test_request_context():
        stay = make_stay(first_name="Ελένη", last_name="Χατζηδάκη")
        other = make_stay(first_name="Σοφία", last_name="Λαμπράκη")
        db.session.commit()
        code, other_code = stay.case_code, other.case_code
    staff = client_as("shelter_staff")
    for typed in ("chatzidaki", "ΧΑΤΖΗΔΑΚΗ", "ελενη χατζηδακη"):
        page = staff.get("/shelter/residents", query_string={"q": typed, "status": "all"}).get_data(as_text=True)
        assert code in page and other_code not in page, typed


def test_the_programme_box_leads_to_its_results(client_as, app):
    with app.test_request_context():
        person = make_beneficiary(first_name="Γιάννης", last_name="Ψαράκης")
        db.session.commit()
        code = person.case_code
    page = client_as("reintegration_staff").get("/reintegration/beneficiaries",
                                                query_string={"q": "giannis psarakis", "status": "all"})
    assert code in page.get_data(as_text=True)


def test_a_restricted_woman_is_not_found_from_the_box_by_her_name_in_latin_letters(client_as, app):
    from housing.shelter import services

    with app.test_request_context():
        stay = make_stay(first_name="Αμίρα", last_name="Χαντάντ")
        services.set_restriction(stay, True, "Ο σύντροφος την αναζητά")
        db.session.commit()
        code = stay.case_code
    query = {"q": "amira", "status": "all"}
    assert code not in client_as("shelter_staff").get("/shelter/residents", query_string=query).get_data(as_text=True)
    assert code in client_as("coordinator").get("/shelter/residents", query_string=query).get_data(as_text=True)
    by_code = {"q": code.lower(), "status": "all"}
    assert code in client_as("shelter_staff").get("/shelter/residents", query_string=by_code).get_data(as_text=True)


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "x" * 10_000, "%_\\", "—"])
def test_odd_input_in_the_box_gives_a_page_never_an_error(client_as, typed):
    for path in ("/shelter/residents", "/reintegration/beneficiaries"):
        response = client_as("coordinator").get(path, query_string={"q": typed, "status": "all"})
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_the_box_is_in_greek_for_a_greek_reader(app):
    with app.test_request_context():
        user = make_user("shelter_staff", username=f"el-{uuid.uuid4().hex[:6]}", locale="el")
        db.session.commit()
        username = user.username
    client = app.test_client()
    login(client, username)
    top = header(client.get("/account").get_data(as_text=True))
    assert "Αναζήτηση φιλοξενούμενων με κωδικό υπόθεσης ή όνομα" in top and ">Αναζήτηση</button>" in top


def test_whoever_works_in_two_programmes_gets_a_button_for_each(both):
    with acting(both):
        user = make_user("coordinator", username=f"coord-{uuid.uuid4().hex[:6]}")
        db.session.commit()
        username = user.username
    client = both.test_client()
    login(client, username)
    assert box_targets(client.get("/account").get_data(as_text=True)) == [
        "/shelter/residents", "/reintegration/beneficiaries", "/anoiko/beneficiaries"]
