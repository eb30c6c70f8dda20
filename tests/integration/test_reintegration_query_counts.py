"""REINTEGRATION pages run a fixed number of SQL statements whatever the number of beneficiaries."""
from __future__ import annotations

from datetime import timedelta

import pytest

from housing.core.clock import today
from housing.extensions import db
from housing.programmes import services
from housing.shelter import services as shelter
from tests.reintegration_support import make_beneficiary, make_caseworker, make_job, make_session, make_tenancy
from tests.support import QueryCounter, make_stay, make_user


def add_people(app, count: int) -> dict:
    """`count` beneficiaries over two caseworkers, each with a home, a job, sessions, a payment and a
    referral; the last one moved home once; one woman discharged from the shelter to the programme."""
    with app.test_request_context():
        workers = [make_caseworker(), make_caseworker()]
        person = None
        for number in range(count):
            person = make_beneficiary(workers[number % 2], enrolled_on=today() - timedelta(days=120))
            make_tenancy(person, lease_start=today() - timedelta(days=100), lease_end=today() + timedelta(days=600))
            make_job(person, started_on=today() - timedelta(days=90),
                     wage=(today() - timedelta(days=90), today() + timedelta(days=200)))
            make_session(person, today() - timedelta(days=20))
            make_session(person, today() - timedelta(days=2))
            services.record_payment(person, services.PaymentInput(today(), "water", 30_00), person.caseworker, today())
            services.refer(person, "ΔΥΠΑ", today(), "", person.caseworker, today())
        make_tenancy(person, lease_start=today() - timedelta(days=10))
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff, admitted_on=today() - timedelta(days=30))
        shelter.discharge(stay, today(), "flat", "reintegration", staff, today())
        db.session.commit()
        return {"beneficiary": person.id, "tenancy": person.current_tenancy.id, "stay": stay.id}


# Statements per page and role, read from the statements and written here (at most 8), the same
# with 2 beneficiaries as with 12; each counts the session check (1) and the menu's alert count (1).
# The beneficiary's file: the record with its homes, jobs and referrals (1), payments (1), sessions
# (1), the deadlines (1) and the audited opening (1). The coordinator's caseload lists every caseworker (1 more).
STATEMENTS = {
    ("coordinator", "/reintegration/"): 6,
    ("reintegration_staff", "/reintegration/"): 5,
    **{(role, path): count for role in ("coordinator", "reintegration_staff") for path, count in {
        "/reintegration/beneficiaries": 4, "/reintegration/beneficiaries?status=all&q=re-": 4,
        "/reintegration/beneficiaries/{beneficiary}": 7, "/reintegration/enrol": 4,
        "/reintegration/beneficiaries/{beneficiary}/tenancies/new": 5,
        "/reintegration/beneficiaries/{beneficiary}/jobs/new": 4,
        "/reintegration/beneficiaries/{beneficiary}/sessions/new": 4,
        "/reintegration/tenancies/{tenancy}/end": 4}.items()},
    ("coordinator", "/reintegration/from-shelter"): 4,
    ("coordinator", "/reintegration/from-shelter/{stay}"): 8,
}


@pytest.mark.parametrize("role, path", list(STATEMENTS))
def test_statement_count_does_not_grow_with_the_data(app, client_as, role, path):
    client = client_as(role)
    ids = add_people(app, 2)
    with QueryCounter(app) as small:
        assert client.get(path.format(**ids)).status_code == 200
    ids = add_people(app, 12)
    with QueryCounter(app) as large:
        assert client.get(path.format(**ids)).status_code == 200
    assert large.count == small.count, "\n".join(large.statements)
    assert small.count == STATEMENTS[(role, path)], "\n".join(small.statements)
