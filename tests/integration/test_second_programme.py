"""A second programme added by configuration only (An-Oiko beside REINTEGRATION): its own
caseload, case codes, capacity, clocks and alerts, each alert for its own audience."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from housing.core.alerts import AlertContext, alerts_for, compute_alerts
from housing.core.clock import now_utc, today
from housing.core.errors import DomainError
from housing.core.permissions import permissions_for
from housing.extensions import db
from housing.programmes import queries, rules, services
from housing.programmes.programme import programmes
from tests.reintegration_support import enrolment
from tests.second_programme_support import acting, both, two_programmes_app  # noqa: F401 - fixtures
from tests.support import make_user


def anoiko(app, **changes):
    return replace(programmes(app)["anoiko"], **changes)


def reintegration(app, **changes):
    return replace(programmes(app)["reintegration"], **changes)


def enrol(app, code: str, worker, **fields):
    programme = programmes(app)[code]
    return services.enrol(enrolment(worker, **fields), worker, today(), programme)


def test_each_programme_numbers_its_own_cases(both):
    with acting(both):
        re_worker, ao_worker = make_user("reintegration_staff"), make_user("anoiko_staff")
        first_re = enrol(both, "reintegration", re_worker)
        first_ao = enrol(both, "anoiko", ao_worker)
        second_ao = enrol(both, "anoiko", ao_worker)
        year = today().year
        assert (first_ao.case_code, second_ao.case_code) == (f"AO-{year}-001", f"AO-{year}-002")
        assert first_re.case_code == f"RE-{year}-001"
        assert (first_re.programme, first_ao.programme) == ("reintegration", "anoiko")


def test_capacity_is_counted_per_programme(both):
    with acting(both):
        re_worker, ao_worker = make_user("reintegration_staff"), make_user("anoiko_staff")
        full = anoiko(both, capacity=2)
        for _ in range(2):
            services.enrol(enrolment(ao_worker), ao_worker, today(), full)
        with pytest.raises(DomainError) as refused:
            services.enrol(enrolment(ao_worker), ao_worker, today(), full)
        assert "The programme is full: 2 of 2 places are taken" in str(refused.value.violations[0].message)
        # REINTEGRATION still has every place: An-Oiko's people are not counted there.
        services.enrol(enrolment(re_worker), re_worker, today(), reintegration(both, capacity=1))
        assert (queries.active_count("anoiko"), queries.active_count("reintegration")) == (2, 1)


def test_a_caseworker_of_another_programme_cannot_hold_the_caseload(both):
    with acting(both):
        re_worker = make_user("reintegration_staff")
        with pytest.raises(DomainError) as refused:
            services.enrol(enrolment(re_worker), re_worker, today(), programmes(both)["anoiko"])
        assert [v.field for v in refused.value.violations] == ["caseworker_id"]


def test_the_duplicate_check_looks_in_the_programme_only(both):
    with acting(both):
        re_worker, ao_worker = make_user("reintegration_staff"), make_user("anoiko_staff")
        same = {"first_name": "Ζαχαρίας", "last_name": "Ψυλλάκης", "birth_date": date(1970, 2, 2)}
        enrol(both, "reintegration", re_worker, **same)
        enrol(both, "anoiko", ao_worker, **same)  # not a duplicate: another programme's record
        with pytest.raises(DomainError) as refused:
            enrol(both, "anoiko", ao_worker, **same)
        assert [v.field for v in refused.value.violations] == ["confirm_new_person"]


def test_clocks_come_from_the_programmes_definition(both):
    with acting(both):
        ao_worker = make_user("anoiko_staff")
        enrolled = date(2026, 1, 31)
        person = services.enrol(enrolment(ao_worker, enrolled_on=enrolled), ao_worker, date(2026, 3, 1),
                                programmes(both)["anoiko"])
        assert person.planned_end == date(2027, 7, 31)  # 18 months, An-Oiko's; REINTEGRATION's would be 24
        # Rent: 18 months at most and a cap of €250 for one person.
        too_long = services.TenancyInput(address="Οδός Δαιδάλου 3", lease_start=enrolled, monthly_rent_cents=400_00,
                                         subsidy_cents=250_00, subsidy_start=enrolled,
                                         subsidy_end=date(2027, 8, 1))
        with pytest.raises(DomainError) as refused:
            services.start_tenancy(person, too_long, ao_worker, date(2026, 3, 1), programmes(both)["anoiko"])
        assert [(v.field, str(v.message)) for v in refused.value.violations] == [
            ("subsidy_end", "The rent subsidy can run until 31/07/2027 at the latest: 18 months from its start "
                            "on 31/01/2026.")]
        over_cap = replace(too_long, subsidy_cents=251_00, subsidy_end=date(2027, 7, 31))
        with pytest.raises(DomainError) as refused:
            services.start_tenancy(person, over_cap, ao_worker, date(2026, 3, 1), programmes(both)["anoiko"])
        assert [v.field for v in refused.value.violations] == ["subsidy_amount"]
        assert rules.rent_cap_cents(1, programmes(both)["anoiko"].rent_caps) == 250_00


def _ending_in(app, code: str, worker, days: int):
    """A beneficiary whose programme ends `days` from today."""
    programme = programmes(app)[code]
    enrolled = rules.add_months(today() + timedelta(days=days), -programme.programme_months)
    return services.enrol(enrolment(worker, enrolled_on=enrolled), worker, today(), programme)


def _context(app) -> AlertContext:
    return AlertContext(today(), now_utc(), app.config)


def test_alerts_use_each_programmes_threshold_and_name_its_pages(both):
    with acting(both):
        re_worker, ao_worker = make_user("reintegration_staff"), make_user("anoiko_staff")
        re_person = _ending_in(both, "reintegration", re_worker, 25)  # within REINTEGRATION's 30 days
        ao_late = _ending_in(both, "anoiko", ao_worker, 25)  # past An-Oiko's 21 days: no alert yet
        ao_soon = _ending_in(both, "anoiko", ao_worker, 20)
        found = {(a.subject, a.scope, a.endpoint) for a in compute_alerts(_context(both), kinds={"programme_ending"})}
        assert found == {(re_person.case_code, "reintegration", "reintegration.beneficiary"),
                         (ao_soon.case_code, "anoiko", "anoiko.beneficiary")}
        assert ao_late.case_code not in {subject for subject, _, _ in found}


def test_each_programmes_alerts_reach_its_own_audience(both):
    with acting(both):
        re_worker, ao_worker = make_user("reintegration_staff"), make_user("anoiko_staff")
        coordinator, shelter = make_user("coordinator"), make_user("shelter_staff")
        re_person = _ending_in(both, "reintegration", re_worker, 5)
        ao_person = _ending_in(both, "anoiko", ao_worker, 5)
        db.session.flush()

        def seen(user) -> set[str]:
            return {a.subject for a in alerts_for(user, _context(both)) if a.kind == "programme_ending"}

        assert seen(coordinator) == {re_person.case_code, ao_person.case_code}
        assert seen(ao_worker) == {ao_person.case_code}
        assert seen(re_worker) == {re_person.case_code}
        assert seen(shelter) == set()
        # Another caseworker of the programme is not the owner; one of the other programme never sees it.
        assert seen(make_user("anoiko_staff")) == set()
        colleague = make_user("reintegration_staff")
        assert not [a for a in compute_alerts(_context(both), permissions=permissions_for({"reintegration_staff"}),
                                              user_id=colleague.id, scopes={"reintegration"})
                    if a.subject == ao_person.case_code]


def test_a_user_works_in_the_programmes_of_her_roles(both):
    with acting(both):
        assert make_user("anoiko_staff").programme_scopes == frozenset({"anoiko"})
        assert make_user("reintegration_staff").programme_scopes == frozenset({"reintegration"})
        assert make_user("reintegration_staff", "anoiko_staff").programme_scopes == {"reintegration", "anoiko"}
        assert make_user("coordinator").programme_scopes is None  # every programme
        assert make_user("shelter_staff").programme_scopes == frozenset()
        assert make_user("admin").programme_scopes == frozenset()
