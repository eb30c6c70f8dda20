"""The REINTEGRATION pages as caseworkers and coordinators use them: typed input is never
lost, errors appear at the field, a refused submission writes nothing, no input gives a
500, and the two programmes stay apart."""
from __future__ import annotations

from dataclasses import replace

import uuid
from datetime import date, timedelta

import pytest
from flask import current_app
from markupsafe import escape
from sqlalchemy import func, select

from housing.core.clock import today
from housing.extensions import db
from housing.programmes.programme import programmes
from housing.programmes.models import (Beneficiary, Job, ServiceReferral, SupportPayment, SupportSession,
                                          Tenancy)
from housing.programmes import services as programme_services
from housing.shelter import services as shelter
from housing.shelter.models import Stay
from tests.reintegration_support import (make_beneficiary, make_caseworker, make_job, make_session, make_tenancy,
                                         reintegration_sample)
from tests.support import field_errors, form_errors, login, make_stay, make_user

TABLES = (Beneficiary, Tenancy, SupportPayment, Job, SupportSession, ServiceReferral)


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {t.__tablename__: db.session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def worker(app):
    """A caseworker (logged-in client, user id) with one beneficiary enrolled 60 days ago."""
    with app.test_request_context():
        user = make_caseworker(username=f"worker-{uuid.uuid4().hex[:6]}")
        person = make_beneficiary(user, household_size=2, enrolled_on=today() - timedelta(days=60))
        db.session.commit()
        ids = {"user_id": user.id, "username": user.username, "beneficiary_id": person.id,
               "case_code": person.case_code}
    client = app.test_client()
    login(client, ids["username"])
    return client, ids


def enrol_form(worker_id: int, **changes) -> dict:
    data = {"first_name": "Στέλιος", "last_name": "Χατζάκης", "birth_date": "14/05/1971", "sex": "M",
            "phone": "6900000000", "email": "", "household_size": "1", "household_members": "",
            "caseworker_id": str(worker_id), "enrolled_on": dmy(today()),
            "ethos_at_entry": "roofless.public_space", "submit": "Enrol"}
    data.update(changes)
    return data


# --- Enrolment ----------------------------------------------------------------------------

def test_a_caseworker_enrols_a_beneficiary(worker, app):
    client, ids = worker
    response = client.post("/reintegration/enrol", data=enrol_form(ids["user_id"]))
    assert response.status_code == 302 and "/reintegration/beneficiaries/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"RE-{today().year}-002" in page and "Στέλιος Χατζάκης" in page
    assert "Programme clocks" in page and 'id="clock-rent"' in page
    assert row_counts(app)["beneficiary"] == 2


def test_the_enrol_form_offers_the_caseworker_and_todays_date(worker):
    client, ids = worker
    page = client.get("/reintegration/enrol").get_data(as_text=True)
    assert f'value="{dmy(today())}"' in page
    assert f'<option selected value="{ids["user_id"]}">' in page
    assert '<optgroup label="Houseless">' in page and "In a women's shelter" in page  # ETHOS by category


@pytest.mark.parametrize("changes, field_id, message", [
    ({"birth_date": "31/02/1990"}, "birth_date", "Not a valid date"),
    ({"enrolled_on": "yesterday"}, "enrolled_on", "Not a valid date"),
    ({"enrolled_on": "01/01/2999"}, "enrolled_on", "cannot be in the future"),
    ({"birth_date": "01/01/2999"}, "birth_date", "cannot be in the future"),
    ({"first_name": ""}, "first_name", "Enter the first name."),
    ({"first_name": "x" * 10000}, "first_name", "Field cannot be longer than 80 characters."),
    ({"household_members": "x" * 10000}, "household_members", "Field cannot be longer than 2000 characters."),
    ({"household_size": "-1"}, "household_size", "Number must be between 1 and 20."),
    ({"household_size": "99999999999999999999"}, "household_size", "Number must be between 1 and 20."),
    ({"household_size": "δύο"}, "household_size", "Not a valid integer value."),
    ({"sex": "Q"}, "sex", "Not a valid choice"),
    ({"caseworker_id": "abc"}, "caseworker_id", ""),
    ({"caseworker_id": "999999"}, "caseworker_id", "Not a valid choice"),
    ({"ethos_at_entry": "roofless"}, "ethos_at_entry", "Not a valid choice"),
    ({"email": "not-an-address"}, "email", "Not a valid e-mail address."),
])
def test_bad_enrolment_input_gets_a_message_at_the_field_and_keeps_the_rest(worker, app, changes, field_id,
                                                                              message):
    client, ids = worker
    before = row_counts(app)
    response = client.post("/reintegration/enrol", data=enrol_form(ids["user_id"], phone="6977123456", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field_id}-error"' in page
    assert message in " ".join(field_errors(page))
    assert 'value="6977123456"' in page  # what was typed elsewhere is still there
    assert row_counts(app) == before


# Control characters are dropped before anything sees them: "\x00\x07" is then an empty name, refused.
@pytest.mark.parametrize("hostile, status, added", [
    ("<script>alert(1)</script>", 302, 1), ("O'Brien\"; DROP TABLE beneficiary;--", 302, 1), ("فاطمة الزهراء", 302, 1),
    ("Ελένη\u200b", 302, 1), ("\x00\x07", 400, 0), ("😀" * 20, 302, 1), ("a" * 80, 302, 1)])
def test_hostile_names_are_stored_as_text_and_escaped(worker, app, hostile, status, added):
    client, ids = worker
    before = row_counts(app)["beneficiary"]
    response = client.post("/reintegration/enrol", data=enrol_form(ids["user_id"], first_name=hostile,
                                                                   last_name=hostile))
    assert response.status_code == status
    if status == 302:
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "<script>alert" not in page
        assert str(escape(hostile))[:40] in page
    assert row_counts(app)["beneficiary"] == before + added


def test_possible_duplicates_are_shown_before_a_new_record(worker, app):
    client, ids = worker
    with app.app_context():
        existing = db.session.get(Beneficiary, ids["beneficiary_id"])
        same = {"first_name": existing.first_name.upper(), "last_name": existing.last_name.lower(),
                "birth_date": dmy(existing.birth_date)}
    page = client.post("/reintegration/enrol", data=enrol_form(ids["user_id"], **same)).get_data(as_text=True)
    assert "This person may already have a record" in page and ids["case_code"] in page
    assert 'id="confirm_new_person-error"' in page
    assert row_counts(app)["beneficiary"] == 1
    response = client.post("/reintegration/enrol", data=enrol_form(ids["user_id"], confirm_new_person="y", **same))
    assert response.status_code == 302 and row_counts(app)["beneficiary"] == 2


def test_a_full_programme_says_so(worker, app):
    client, ids = worker
    configured = programmes(app)
    configured["reintegration"] = replace(configured["reintegration"], capacity=1)
    try:
        page = client.post("/reintegration/enrol", data=enrol_form(ids["user_id"])).get_data(as_text=True)
    finally:
        configured["reintegration"] = replace(configured["reintegration"], capacity=60)
    assert "The programme is full: 1 of 1 places are taken" in " ".join(form_errors(page))
    assert row_counts(app)["beneficiary"] == 1


# --- Housing, work, support ---------------------------------------------------------------

def tenancy_form(**changes) -> dict:
    start = today() - timedelta(days=30)
    data = {"address": "Οδός Έβανς 12, Ηράκλειο", "landlord": "Κ. Μαρκάκης", "lease_start": dmy(start),
            "lease_end": "", "monthly_rent": "450", "subsidy_amount": "350,50", "subsidy_start": dmy(start),
            "subsidy_end": dmy(start + timedelta(days=365)), "submit": "Save"}
    data.update(changes)
    return data


def test_a_tenancy_with_a_subsidy_shows_on_the_page(worker, app):
    client, ids = worker
    url = f"/reintegration/beneficiaries/{ids['beneficiary_id']}"
    response = client.post(f"{url}/tenancies/new", data=tenancy_form())
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Οδός Έβανς 12" in page and "€350.50" in page and "€450.00" in page
    with app.app_context():
        assert db.session.scalars(select(Tenancy)).one().subsidy_cents == 350_50


@pytest.mark.parametrize("changes, field_id, message", [
    ({"subsidy_amount": "400,01"}, "subsidy_amount", "cannot exceed the cap of €400 a month for a household of 2"),
    ({"monthly_rent": "-5"}, "monthly_rent", "cannot be negative"),
    ({"monthly_rent": "abc"}, "monthly_rent", "Enter an amount in euros"),
    ({"monthly_rent": "1e9"}, "monthly_rent", "Enter an amount in euros"),
    ({"monthly_rent": "99999999999999999999"}, "monthly_rent", "too large"),
    ({"monthly_rent": "9" * 10000}, "monthly_rent", "Enter an amount in euros"),
    ({"monthly_rent": "5.000.000"}, "monthly_rent", "too large"),
    ({"monthly_rent": "20.000"}, "monthly_rent", "at most €10000"),
    ({"monthly_rent": ""}, "monthly_rent", "Enter the monthly rent."),
    ({"subsidy_end": "31/02/2027"}, "subsidy_end", "Not a valid date"),
    ({"subsidy_end": dmy(today() + timedelta(days=800))}, "subsidy_end", "at the latest"),
    ({"address": ""}, "address", "Enter the address."),
    ({"address": "x" * 10000}, "address", "Field cannot be longer than 200 characters."),
    ({"lease_end": dmy(today() - timedelta(days=60))}, "lease_end", "must end after it starts"),
])
def test_bad_tenancy_input_gets_a_message_at_the_field(worker, app, changes, field_id, message):
    client, ids = worker
    before = row_counts(app)
    response = client.post(f"/reintegration/beneficiaries/{ids['beneficiary_id']}/tenancies/new",
                           data=tenancy_form(landlord="Ελένη Ψαρά", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field_id}-error"' in page
    assert message in " ".join(field_errors(page))
    assert 'value="Ελένη Ψαρά"' in page
    assert row_counts(app) == before


def test_moving_home_keeps_the_first_tenancy(worker, app):
    client, ids = worker
    url = f"/reintegration/beneficiaries/{ids['beneficiary_id']}"
    assert client.post(f"{url}/tenancies/new", data=tenancy_form()).status_code == 302
    page = client.get(f"{url}/tenancies/new").get_data(as_text=True)
    assert "Move to a new home" in page and "Οδός Έβανς 12" in page
    moved = today() - timedelta(days=2)
    response = client.post(f"{url}/tenancies/new", data=tenancy_form(address="Οδός 1821 3", lease_start=dmy(moved),
                                                                    subsidy_start=dmy(moved),
                                                                    subsidy_end=dmy(moved + timedelta(days=200))))
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Οδός Έβανς 12" in page and "Οδός 1821 3" in page and f"left on {dmy(moved)}" in page


def test_a_job_with_both_subsidies_shows_the_clocks(worker):
    client, ids = worker
    url = f"/reintegration/beneficiaries/{ids['beneficiary_id']}"
    start = today() - timedelta(days=10)
    wage_end = start + timedelta(days=300)
    response = client.post(f"{url}/jobs/new", data={
        "employer": "Ξενοδοχείο Μίνως", "position": "Βοηθός κουζίνας", "started_on": dmy(start),
        "wage_subsidy_start": dmy(start), "wage_subsidy_end": dmy(wage_end), "insurance_subsidy_start": dmy(wage_end),
        "insurance_subsidy_end": dmy(wage_end + timedelta(days=300)), "submit": "Save"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Ξενοδοχείο Μίνως" in page
    assert f"{dmy(wage_end)}" in page and "290" in page  # the salary subsidy: 290 days left


def test_a_salary_subsidy_over_twelve_months_is_refused_at_the_field(worker, app):
    client, ids = worker
    start = today() - timedelta(days=10)
    response = client.post(f"/reintegration/beneficiaries/{ids['beneficiary_id']}/jobs/new", data={
        "employer": "Φούρνος", "position": "Αρτοποιός", "started_on": dmy(start), "wage_subsidy_start": dmy(start),
        "wage_subsidy_end": dmy(start + timedelta(days=400)), "submit": "Save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="wage_subsidy_end-error"' in page
    assert "The salary subsidy can run until" in " ".join(field_errors(page))
    assert 'value="Φούρνος"' in page and row_counts(app)["job"] == 0


@pytest.mark.parametrize("path, data, field_id", [
    ("payments/new", {"paid_on": dmy(today()), "kind": "water", "amount": "-12"}, "amount"),
    ("payments/new", {"paid_on": dmy(today()), "kind": "water", "amount": "1000000000"}, "amount"),
    ("payments/new", {"paid_on": "31/02/2026", "kind": "water", "amount": "12"}, "paid_on"),
    ("payments/new", {"paid_on": dmy(today()), "kind": "champagne", "amount": "12"}, "kind"),
    ("sessions/new", {"held_on": dmy(today()), "kind": "counselling", "duration_minutes": "0"}, "duration_minutes"),
    ("sessions/new", {"held_on": dmy(today() + timedelta(days=1)), "kind": "counselling",
                      "duration_minutes": "30"}, "held_on"),
    ("referrals/new", {"service": "", "referred_on": dmy(today())}, "service"),
    ("exit", {"reason": "completed", "exited_on": dmy(today()), "ethos_at_exit": "housed",
              "housed_at_exit": "no", "employed_at_exit": "yes"}, "housed_at_exit"),
])
def test_other_forms_refuse_bad_input_at_the_field(worker, app, path, data, field_id):
    client, ids = worker
    before = row_counts(app)
    response = client.post(f"/reintegration/beneficiaries/{ids['beneficiary_id']}/{path}",
                           data={"staff_id": str(ids["user_id"]), **data, "submit": "Save"})
    assert response.status_code == 400
    assert f'id="{field_id}-error"' in response.get_data(as_text=True)
    assert row_counts(app) == before


def test_a_session_and_a_referral_appear_on_the_timeline(worker):
    client, ids = worker
    url = f"/reintegration/beneficiaries/{ids['beneficiary_id']}"
    assert client.post(f"{url}/sessions/new", data={
        "held_on": dmy(today()), "kind": "counselling", "duration_minutes": "50", "staff_id": str(ids["user_id"]),
        "notes": "Προετοιμασία για συνέντευξη", "submit": "Save"}).status_code == 302
    assert client.post(f"{url}/referrals/new", data={
        "service": "ΔΥΠΑ Ηρακλείου", "referred_on": dmy(today()), "reason": "Εγγραφή", "submit": "Save"}
    ).status_code == 302
    page = client.get(url).get_data(as_text=True)
    timeline = page[page.index('id="timeline"'):]
    assert "Counselling" in timeline and "Προετοιμασία για συνέντευξη" in timeline
    assert "Referred to ΔΥΠΑ Ηρακλείου" in timeline and "Enrolled" in timeline


def test_after_the_exit_the_record_stays_and_cannot_change(worker, app):
    client, ids = worker
    url = f"/reintegration/beneficiaries/{ids['beneficiary_id']}"
    assert client.post(f"{url}/exit", data={
        "reason": "withdrawn", "exited_on": dmy(today()), "ethos_at_exit": "insecure.no_tenancy",
        "housed_at_exit": "no", "employed_at_exit": "no", "submit": "Save", "confirm": "1"}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "withdrawn" in page and "Record a session" not in page
    response = client.post(f"{url}/sessions/new", data={
        "held_on": dmy(today()), "kind": "counselling", "duration_minutes": "50", "staff_id": str(ids["user_id"]),
        "submit": "Save"})
    assert response.status_code == 400 and "exited the programme" in " ".join(form_errors(response.get_data(
        as_text=True)))
    assert row_counts(app)["beneficiary"] == 1


# --- No input gives a 500 -----------------------------------------------------------------

def reintegration_rules(app, methods=("GET", "POST")):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("reintegration.") and set(methods) & rule.methods]


@pytest.mark.parametrize("junk", ["", "x" * 10_000, "' OR 1=1; --", "<script>alert(1)</script>", "31/02/2026",
                                  "-99999999999999999999", "مرحبا", "Ελληνικά"])
def test_no_input_gives_a_500_on_any_form(app, client_as, junk):
    client = client_as("coordinator", "reintegration_staff")
    with app.test_request_context():
        args = reintegration_sample()
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff, admitted_on=today() - timedelta(days=20))
        shelter.discharge(stay, today(), "flat", "reintegration", staff, today())
        args["stay_id"] = stay.id
        db.session.commit()
    before = row_counts(app)
    for rule in reintegration_rules(app, ("POST",)):
        url = rule.map.bind("localhost").build(rule.endpoint, {name: args[name] for name in rule.arguments})
        fields = {"first_name", "last_name", "birth_date", "sex", "phone", "email", "household_size",
                  "household_members", "caseworker_id", "enrolled_on", "ethos_at_entry", "consent_given",
                  "consent_on", "address", "landlord", "lease_start", "lease_end", "monthly_rent", "subsidy_amount",
                  "subsidy_start", "subsidy_end", "ended_on", "reason", "paid_on", "kind", "amount", "note",
                  "employer", "position", "started_on", "wage_subsidy_start", "wage_subsidy_end",
                  "insurance_subsidy_start", "insurance_subsidy_end", "held_on", "duration_minutes", "staff_id",
                  "notes", "service", "referred_on", "outcome", "closed_on", "exited_on", "ethos_at_exit",
                  "housed_at_exit", "employed_at_exit"}
        response = client.post(url, data={**{name: junk for name in fields}, "submit": "Save"})
        # Every form has a date or a choice that no junk fills: each is refused at its fields.
        assert response.status_code == 400, f"{url}: {response.status_code}"
    assert row_counts(app) == before  # nothing of this was acceptable: nothing written


def test_pages_render_in_greek(app):
    with app.test_request_context():
        user = make_user("reintegration_staff", username=f"greek-{uuid.uuid4().hex[:6]}", locale="el")
        person = make_beneficiary(user, enrolled_on=today() - timedelta(days=100))
        make_tenancy(person, lease_start=today() - timedelta(days=90), rent=412_50, subsidy=300_00)
        make_job(person, started_on=today() - timedelta(days=50))
        make_session(person, today() - timedelta(days=3))
        db.session.commit()
        username, person_id = user.username, person.id
    client = app.test_client()
    login(client, username)
    page = client.get(f"/reintegration/beneficiaries/{person_id}").get_data(as_text=True)
    assert 'lang="el"' in page and "412,50" in page  # money in the Greek way
    assert client.get("/reintegration/").status_code == 200


# --- The two programmes stay apart ----------------------------------------------------------

@pytest.fixture
def every_id(app):
    with app.test_request_context():
        args = reintegration_sample()
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff, admitted_on=today() - timedelta(days=20))
        shelter.discharge(stay, today(), "flat", "reintegration", staff, today())
        args["stay_id"] = stay.id
        db.session.commit()
        return args


@pytest.mark.parametrize("role", ["night_shift", "shelter_staff", "admin"])
def test_shelter_roles_get_403_on_every_reintegration_page(app, client_as, every_id, role):
    client = client_as(role)
    for rule in reintegration_rules(app):
        url = rule.map.bind("localhost").build(rule.endpoint, {name: every_id[name] for name in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            assert client.open(url, method=method, data={}).status_code == 403, f"{method} {url}"


def test_caseworkers_get_403_on_every_shelter_page(app, client_as):
    from tests.safety_support import safety_sample
    from tests.support import make_room, shelter_operations_sample

    with app.test_request_context():
        room = make_room(beds=3)
        stay = make_stay(room=room)
        args = {"stay_id": stay.id, "room_id": room.id, "bed_id": room.beds[-1].id}
        args.update(shelter_operations_sample(stay, room))
        args.update(safety_sample(stay))
        db.session.commit()
    client = client_as("reintegration_staff")
    shelter_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in ("shelter", "rooms")]
    assert len(shelter_rules) > 10
    for rule in shelter_rules:
        url = rule.map.bind("localhost").build(rule.endpoint, {name: args[name] for name in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            assert client.open(url, method=method, data={}).status_code == 403, f"{method} {url}"
    assert client.get("/reintegration/from-shelter").status_code == 403  # a coordinator's page


def test_a_caseworkers_search_never_returns_shelter_residents(app, worker):
    client, _ids = worker
    with app.test_request_context():
        stay = make_stay(first_name="Ζωγραφιά", last_name="Ξυλουράκη")
        db.session.commit()
        code = stay.case_code
    for query in ("Ζωγραφιά", "Ξυλουράκη", "ζωγραφια", code, "SH-", ""):
        page = client.get("/reintegration/beneficiaries", query_string={"q": query, "status": "all"}).get_data(
            as_text=True)
        results = page.split('class="search" role="search"', 1)[1].split("</form>", 1)[1]  # not the search box
        assert "Ζωγραφιά" not in results and "Ξυλουράκη" not in results and code not in results


def test_search_finds_beneficiaries_by_name_and_code(worker):
    client, ids = worker
    page = client.get("/reintegration/beneficiaries", query_string={"q": ids["case_code"].lower()}).get_data(
        as_text=True)
    assert ids["case_code"] in page
    assert "No beneficiaries match." in client.get("/reintegration/beneficiaries",
                                                   query_string={"q": "%_\\"}).get_data(as_text=True)


def test_caseloads_own_for_caseworkers_all_for_coordinators(app, worker, client_as):
    client, ids = worker
    with app.test_request_context():
        other = make_caseworker(username=f"other-{uuid.uuid4().hex[:6]}")
        theirs = make_beneficiary(other)
        db.session.commit()
        their_code = theirs.case_code
    mine = client.get("/reintegration/").get_data(as_text=True)
    assert ids["case_code"] in mine and their_code not in mine and "My caseload" in mine
    everything = client_as("coordinator").get("/reintegration/").get_data(as_text=True)
    assert ids["case_code"] in everything and their_code in everything and "All caseloads" in everything
    # Caseworkers cover for each other: any of them may open any beneficiary.
    assert client.get(f"/reintegration/beneficiaries/{theirs.id}").status_code == 200


# --- From the shelter -----------------------------------------------------------------------

def test_a_coordinator_enrols_a_woman_from_the_shelter(app, client_as):
    with app.test_request_context():
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff, first_name="Leila", last_name="Mansour", admitted_on=today() - timedelta(days=60))
        stay.resident.notes = "Confidential: history of violence"
        stay.resident.phone = "6911111111"
        shelter.discharge(stay, today(), "Independent living", "reintegration", staff, today())
        worker = make_caseworker()
        db.session.commit()
        stay_id, worker_id = stay.id, worker.id
    client = client_as("coordinator")
    listing = client.get("/reintegration/from-shelter").get_data(as_text=True)
    assert "Leila Mansour" in listing and f"/reintegration/from-shelter/{stay_id}" in listing
    form = client.get(f"/reintegration/from-shelter/{stay_id}").get_data(as_text=True)
    assert "Leila Mansour" in form and 'value="6911111111"' in form  # carried over, not typed again
    data = {"phone": "6911111111", "household_size": "1", "caseworker_id": str(worker_id),
            "enrolled_on": dmy(today()), "ethos_at_entry": "houseless.womens_shelter", "consent_on": dmy(today()),
            "submit": "Enrol"}
    refused = client.post(f"/reintegration/from-shelter/{stay_id}", data=data)
    assert refused.status_code == 400 and 'id="consent_given-error"' in refused.get_data(as_text=True)
    response = client.post(f"/reintegration/from-shelter/{stay_id}", data={**data, "consent_given": "y"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Leila Mansour" in page and "Came from the Shelter for Women" in page
    assert "Confidential" not in page and "Independent living" not in page
    again = client.get(f"/reintegration/from-shelter/{stay_id}")
    assert again.status_code == 302  # already enrolled: to her record


def test_her_stays_page_leads_to_the_programme_she_left_for(app, client_as):
    """The shelter asks the core's registry where a destination leads: before her enrolment the
    coordinator is offered it, after it the page links her record; nobody else sees either."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        onward = make_stay(by=staff, first_name="Samira", admitted_on=today() - timedelta(days=30))
        home = make_stay(by=staff, first_name="Dora", admitted_on=today() - timedelta(days=30))
        shelter.discharge(onward, today(), "Independent living", "reintegration", staff, today())
        shelter.discharge(home, today(), "Back home", "relatives", staff, today())
        db.session.commit()
        onward_id, home_id = onward.id, home.id
    coordinator, worker = client_as("coordinator"), client_as("shelter_staff")
    page = coordinator.get(f"/shelter/stays/{onward_id}").get_data(as_text=True)
    assert "She left for the REINTEGRATION programme." in page
    assert f'href="/reintegration/from-shelter/{onward_id}">Enrol her in REINTEGRATION<' in page
    assert "Enrol her in" not in coordinator.get(f"/shelter/stays/{home_id}").get_data(as_text=True)
    assert "Enrol her in" not in worker.get(f"/shelter/stays/{onward_id}").get_data(as_text=True)
    with app.test_request_context():
        person = programme_services.enrol_from_shelter(
            db.session.get(Stay, onward_id), programme_services.EnrolmentInput(
                first_name="", last_name="", birth_date=None, sex="F", household_size=1,
                caseworker_id=make_caseworker().id, enrolled_on=today(), ethos_at_entry="houseless.womens_shelter"),
            True, today(), make_user("coordinator"), today(), programmes(current_app)["reintegration"])
        db.session.commit()
        code, person_id = person.case_code, person.id
    page = coordinator.get(f"/shelter/stays/{onward_id}").get_data(as_text=True)
    assert f"Enrolled in REINTEGRATION as {code}." in page and f'href="/reintegration/beneficiaries/{person_id}"' in page
    assert "Enrol her in" not in page


def test_only_stays_discharged_to_the_programme_can_be_opened(app, client_as):
    with app.test_request_context():
        stay = make_stay()
        db.session.commit()
        stay_id = stay.id
    assert client_as("coordinator").get(f"/reintegration/from-shelter/{stay_id}").status_code == 404


def test_a_caseworker_sees_that_she_came_from_the_shelter_but_not_the_stay(app, client_as):
    with app.test_request_context():
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff, admitted_on=today() - timedelta(days=60))
        shelter.discharge(stay, today(), "flat", "reintegration", staff, today())
        from tests.reintegration_support import enrolment, programme

        data = enrolment(make_caseworker(), household_size=1, ethos="houseless.womens_shelter")
        person = programme_services.enrol_from_shelter(stay, data, True, today(), make_user("coordinator"), today(),
                                                       programme())
        db.session.commit()
        person_id, stay_code = person.id, stay.case_code
    page = client_as("reintegration_staff").get(f"/reintegration/beneficiaries/{person_id}").get_data(as_text=True)
    assert "Came from the Shelter for Women" in page
    assert stay_code not in page and "/shelter/stays/" not in page
    coordinator_page = client_as("coordinator").get(f"/reintegration/beneficiaries/{person_id}").get_data(
        as_text=True)
    assert stay_code in coordinator_page  # a coordinator may follow the link to the stay


def test_opening_a_file_and_every_change_are_on_the_audit_trail(worker, app):
    from housing.core.audit_entry import AuditEntry

    client, ids = worker
    url = f"/reintegration/beneficiaries/{ids['beneficiary_id']}"
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/referrals/new", data={"service": "ΔΥΠΑ", "referred_on": dmy(today()),
                                                     "submit": "Save"}).status_code == 302
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.case_code == ids["case_code"])).all()
        actions = {(e.action, e.record_type) for e in entries}
    assert ("open_file", "beneficiary") in actions and ("refer", "service_referral") in actions
