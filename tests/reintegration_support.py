"""Factories for REINTEGRATION tests, with sensible defaults (like tests/support.py)."""
from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import date, timedelta

from flask import current_app

from housing.auth.models import User
from housing.core.clock import today
from housing.programmes import services
from housing.programmes.programme import programmes
from housing.programmes.models import Beneficiary, Job, SupportSession, Tenancy
from tests.support import make_user


def programme(code: str = "reintegration", **changes) -> services.ProgrammeSettings:
    """A configured programme (REINTEGRATION unless named), with some figures changed
    (capacity=2, rent_caps={…})."""
    return replace(programmes(current_app)[code], **changes)


def make_caseworker(username: str | None = None) -> User:
    return make_user("reintegration_staff", username=username)


# A new first name for each beneficiary made here: four random hex digits once gave two of the
# same name and date of birth in one test, which the duplicate check rightly refused.
_FIRST_NAMES = itertools.count(1)


def enrolment(caseworker: User | None = None, *, first_name: str | None = None, last_name: str = "Μαρκάκης",
              birth_date: date = date(1980, 3, 14), sex: str = "M", household_size: int = 1,
              enrolled_on: date | None = None, ethos: str = "roofless.public_space",
              confirmed_new_person: bool = False, **extra) -> services.EnrolmentInput:
    caseworker = caseworker or make_caseworker()
    return services.EnrolmentInput(
        first_name=first_name or f"Γιάννης-{next(_FIRST_NAMES)}", last_name=last_name, birth_date=birth_date,
        sex=sex, household_size=household_size, caseworker_id=caseworker.id,
        enrolled_on=enrolled_on or today(), ethos_at_entry=ethos, confirmed_new_person=confirmed_new_person, **extra)


def make_beneficiary(caseworker: User | None = None, by: User | None = None, settings=None,
                     **fields) -> Beneficiary:
    caseworker = caseworker or make_caseworker()
    return services.enrol(enrolment(caseworker, **fields), by or caseworker, today(), settings or programme())


def tenancy_input(lease_start: date | None = None, *, rent: int = 450_00, subsidy: int | None = 300_00,
                  subsidy_start: date | None = None, subsidy_end: date | None = None,
                  lease_end: date | None = None, address: str | None = None) -> services.TenancyInput:
    lease_start = lease_start or today()
    if subsidy and subsidy_start is None:
        subsidy_start = lease_start
    if subsidy and subsidy_end is None:
        subsidy_end = subsidy_start + timedelta(days=365)
    return services.TenancyInput(address=address or f"Οδός Κνωσού {uuid.uuid4().hex[:3]}, Ηράκλειο",
                                 landlord="Κ. Παπαδόπουλος", lease_start=lease_start,
                                 lease_end=lease_end, monthly_rent_cents=rent, subsidy_cents=subsidy,
                                 subsidy_start=subsidy_start if subsidy else None,
                                 subsidy_end=subsidy_end if subsidy else None)


def make_tenancy(beneficiary: Beneficiary, by: User | None = None, settings=None, **fields) -> Tenancy:
    by = by or beneficiary.caseworker
    return services.start_tenancy(beneficiary, tenancy_input(**fields), by, today(), settings or programme())


def job_input(started_on: date | None = None, *, wage: tuple[date, date] | None = None,
              insurance: tuple[date, date] | None = None, employer: str = "Ξενοδοχείο Μίνως") -> services.JobInput:
    return services.JobInput(employer=employer, position="Βοηθός κουζίνας", started_on=started_on or today(),
                             wage_subsidy_start=wage[0] if wage else None, wage_subsidy_end=wage[1] if wage else None,
                             insurance_subsidy_start=insurance[0] if insurance else None,
                             insurance_subsidy_end=insurance[1] if insurance else None)


def make_job(beneficiary: Beneficiary, by: User | None = None, settings=None, **fields) -> Job:
    by = by or beneficiary.caseworker
    return services.start_job(beneficiary, job_input(**fields), by, today(), settings or programme())


def make_session(beneficiary: Beneficiary, held_on: date | None = None, by: User | None = None,
                 kind: str = "psychosocial", notes: str = "") -> SupportSession:
    by = by or beneficiary.caseworker
    return services.record_session(beneficiary, services.SessionInput(held_on or today(), kind, 45, by.id, notes),
                                   by, today())


def reintegration_sample() -> dict:
    """One of each REINTEGRATION record, for tests that need ids to visit (tests/web/test_access.py)."""
    person = make_beneficiary(enrolled_on=today() - timedelta(days=60))
    tenancy = make_tenancy(person, lease_start=today() - timedelta(days=50), lease_end=today() + timedelta(days=300))
    job = make_job(person, started_on=today() - timedelta(days=40))
    make_session(person, today() - timedelta(days=2))
    referral = services.refer(person, "ΔΥΠΑ", today() - timedelta(days=1), "", person.caseworker, today())
    return {"beneficiary_id": person.id, "tenancy_id": tenancy.id, "job_id": job.id,
            "service_referral_id": referral.id}
