"""The REINTEGRATION services against a real database: each rule through the service."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import today
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.programmes import queries, rules, services
from housing.programmes.models import Beneficiary, Job, Tenancy
from housing.shelter import services as shelter
from tests.reintegration_support import (enrolment, make_beneficiary, make_caseworker, make_job, make_session,
                                         make_tenancy, programme)
from tests.support import child, make_stay, make_user

pytestmark = pytest.mark.usefixtures("app_ctx")


def fields_of(error: RuleViolation) -> list[str]:
    return [v.field for v in error.violations]


def messages_of(error: RuleViolation) -> str:
    return " ".join(str(v.message) for v in error.violations)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- Enrolment ----------------------------------------------------------------------------

def test_enrolment_gives_a_yearly_case_code_and_the_planned_end():
    worker = make_caseworker()
    first = make_beneficiary(worker)
    second = make_beneficiary(worker)
    earlier = make_beneficiary(worker, enrolled_on=date(today().year - 1, 12, 31))
    year = today().year
    assert [first.case_code, second.case_code] == [f"RE-{year}-001", f"RE-{year}-002"]
    assert earlier.case_code == f"RE-{year - 1}-001"
    assert earlier.planned_end == date(year + 1, 12, 31)  # enrolment + 24 months
    assert first.status == "active" and first.caseworker_id == worker.id


def test_shelter_and_programme_case_codes_run_separately():
    stay = make_stay()
    person = make_beneficiary()
    assert stay.case_code.endswith("-001") and person.case_code.endswith("-001")


def test_capacity_is_enforced_with_a_clear_message():
    worker = make_caseworker()
    small = programme(capacity=2)
    make_beneficiary(worker, settings=small)
    make_beneficiary(worker, settings=small)
    with pytest.raises(RuleViolation) as refused:
        make_beneficiary(worker, settings=small)
    assert "The programme is full: 2 of 2 places are taken" in messages_of(refused.value)
    assert count(Beneficiary) == 2


def test_an_exit_frees_a_place():
    worker = make_caseworker()
    small = programme(capacity=1)
    person = make_beneficiary(worker, settings=small)
    services.exit_programme(person, services.ExitInput("withdrawn", today(), "insecure.no_tenancy", False, False),
                           worker, today())
    assert make_beneficiary(worker, settings=small).is_active


def test_possible_duplicates_stop_the_enrolment_until_confirmed():
    worker = make_caseworker()
    earlier = make_beneficiary(worker, first_name="Γιάννης", last_name="Μαρκάκης", birth_date=date(1975, 6, 1))
    same = dict(first_name="ΓΙΑΝΝΗΣ", last_name="μαρκακης", birth_date=date(1975, 6, 1))
    with pytest.raises(RuleViolation) as refused:
        services.enrol(enrolment(worker, **same), worker, today(), programme())
    assert fields_of(refused.value) == ["confirm_new_person"]
    assert earlier.case_code in messages_of(refused.value)
    assert count(Beneficiary) == 1
    again = services.enrol(enrolment(worker, confirmed_new_person=True, **same), worker, today(), programme())
    assert again.id != earlier.id and count(Beneficiary) == 2


@pytest.mark.parametrize("changes, field", [
    ({"first_name": " "}, "first_name"),
    ({"birth_date": None}, "birth_date"),
    ({"sex": "Q"}, "sex"),
    ({"household_size": 0}, "household_size"),
    ({"household_size": 21}, "household_size"),
    ({"ethos": "roofless"}, "ethos_at_entry"),
    ({"enrolled_on": today() + timedelta(days=1)}, "enrolled_on"),
])
def test_enrolment_rules_name_the_field(changes, field):
    worker = make_caseworker()
    with pytest.raises(RuleViolation) as refused:
        services.enrol(enrolment(worker, **changes), worker, today(), programme())
    assert field in fields_of(refused.value)


def test_the_caseworker_must_be_a_programme_caseworker():
    shelter_worker = make_user("shelter_staff")
    data = enrolment(make_caseworker())
    data.caseworker_id = shelter_worker.id
    with pytest.raises(RuleViolation) as refused:
        services.enrol(data, make_user("coordinator"), today(), programme())
    assert fields_of(refused.value) == ["caseworker_id"]


# --- Housing ------------------------------------------------------------------------------

def test_a_move_ends_the_current_tenancy_and_keeps_the_history():
    person = make_beneficiary(enrolled_on=today() - timedelta(days=200))
    first = make_tenancy(person, lease_start=today() - timedelta(days=150),
                         subsidy_start=today() - timedelta(days=150), subsidy_end=today() + timedelta(days=400))
    moved_on = today() - timedelta(days=10)
    second = make_tenancy(person, lease_start=moved_on, subsidy_start=moved_on,
                          subsidy_end=today() + timedelta(days=300))
    db.session.refresh(person)
    assert [t.id for t in person.tenancies] == [first.id, second.id]
    assert first.ended_on == moved_on and first.end_reason == "moved_home"
    assert person.current_tenancy.id == second.id
    clock = queries.clocks_of(person, programme().clocks)[1]
    assert clock.started == today() - timedelta(days=150)  # the rent clock runs from the first subsidy
    assert clock.ends_on == second.subsidy_end


def test_a_subsidy_over_the_cap_is_refused_naming_the_cap():
    person = make_beneficiary(household_size=2)
    with pytest.raises(RuleViolation) as refused:
        make_tenancy(person, rent=600_00, subsidy=400_01)
    assert fields_of(refused.value) == ["subsidy_amount"]
    assert "cap of €400 a month for a household of 2" in messages_of(refused.value)
    assert count(Tenancy) == 0
    assert make_tenancy(person, rent=600_00, subsidy=400_00).subsidy_cents == 400_00


def test_a_large_household_takes_the_largest_cap():
    person = make_beneficiary(household_size=9)
    with pytest.raises(RuleViolation) as refused:
        make_tenancy(person, rent=900_00, subsidy=551_00)
    assert "cap of €550 a month for a household of 9" in messages_of(refused.value)


def test_the_rent_subsidy_ends_at_most_24_months_after_the_first_one_started():
    start = date(2024, 1, 31)
    person = make_beneficiary(enrolled_on=start)
    with pytest.raises(RuleViolation) as refused:
        make_tenancy(person, lease_start=start, subsidy_start=start, subsidy_end=date(2026, 2, 1))
    assert fields_of(refused.value) == ["subsidy_end"]
    assert "until 31/01/2026 at the latest" in messages_of(refused.value)
    make_tenancy(person, lease_start=start, subsidy_start=start, subsidy_end=date(2026, 1, 31))
    # A move does not restart the clock: the next subsidy still ends by 31/01/2026.
    with pytest.raises(RuleViolation) as again:
        make_tenancy(person, lease_start=date(2025, 3, 1), subsidy_start=date(2025, 3, 1),
                     subsidy_end=date(2027, 3, 1))
    assert "until 31/01/2026 at the latest: 24 months from its start on 31/01/2024" in messages_of(again.value)


def test_ending_a_tenancy_stops_the_rent_clock():
    person = make_beneficiary(enrolled_on=today() - timedelta(days=100))
    tenancy = make_tenancy(person, lease_start=today() - timedelta(days=90))
    services.end_tenancy(tenancy, today() - timedelta(days=5), "Evicted", person.caseworker, today())
    clock = queries.clocks_of(person, programme().clocks)[1]
    assert clock.ends_on == today() - timedelta(days=5) and clock.state(today()) == "ended"
    with pytest.raises(RuleViolation):
        services.end_tenancy(tenancy, today(), "twice", person.caseworker, today())


def test_renewing_a_lease_moves_its_end():
    person = make_beneficiary()
    tenancy = make_tenancy(person, lease_end=today() + timedelta(days=20))
    services.renew_lease(tenancy, today() + timedelta(days=385))
    assert tenancy.lease_end == today() + timedelta(days=385)
    with pytest.raises(RuleViolation) as refused:
        services.renew_lease(tenancy, today())
    assert fields_of(refused.value) == ["lease_end"]


def test_payments_are_recorded_with_kind_and_amount():
    person = make_beneficiary()
    payment = services.record_payment(person, services.PaymentInput(today(), "electricity", 85_40, "ΔΕΗ"),
                                      person.caseworker, today())
    assert payment.amount_cents == 85_40
    with pytest.raises(RuleViolation) as refused:
        services.record_payment(person, services.PaymentInput(today() + timedelta(days=1), "gold", -5),
                                person.caseworker, today())
    assert set(fields_of(refused.value)) == {"paid_on", "kind", "amount"}


# --- Employment ---------------------------------------------------------------------------

def test_a_new_job_keeps_the_history_of_the_earlier_ones():
    person = make_beneficiary(enrolled_on=today() - timedelta(days=300))
    start = today() - timedelta(days=250)
    first = make_job(person, started_on=start, wage=(start, rules.add_months(start, 6)), employer="Φούρνος")
    second = make_job(person, started_on=today() - timedelta(days=30), employer="Σούπερ μάρκετ")
    db.session.refresh(person)
    assert [j.employer for j in person.jobs] == ["Φούρνος", "Σούπερ μάρκετ"]
    assert first.ended_on == second.started_on and person.current_job.id == second.id
    assert count(Job) == 2


def test_the_salary_subsidy_is_at_most_12_months_and_insurance_follows_it():
    start = date(2024, 2, 29)
    person = make_beneficiary(enrolled_on=start)
    with pytest.raises(RuleViolation) as refused:
        make_job(person, started_on=start, wage=(start, date(2025, 3, 1)),
                 insurance=(date(2025, 2, 1), date(2026, 2, 1)))
    assert set(fields_of(refused.value)) == {"wage_subsidy_end", "insurance_subsidy_start"}
    assert "until 28/02/2025 at the latest" in messages_of(refused.value)
    job = make_job(person, started_on=start, wage=(start, date(2025, 2, 28)),
                   insurance=(date(2025, 2, 28), date(2026, 2, 28)))
    wage, insurance = queries.clocks_of(person, programme().clocks)[2:]
    assert (wage.started, wage.ends_on) == (start, date(2025, 2, 28))
    assert (insurance.started, insurance.ends_on) == (date(2025, 2, 28), date(2026, 2, 28))
    assert job.insurance_subsidy_end == date(2026, 2, 28)


def test_insurance_without_a_salary_subsidy_is_refused():
    person = make_beneficiary()
    with pytest.raises(RuleViolation) as refused:
        make_job(person, insurance=(today(), today() + timedelta(days=100)))
    assert fields_of(refused.value) == ["insurance_subsidy_start"]


def test_ending_a_job_stops_its_subsidies():
    person = make_beneficiary(enrolled_on=today() - timedelta(days=100))
    start = today() - timedelta(days=60)
    job = make_job(person, started_on=start, wage=(start, rules.add_months(start, 12)),
                   insurance=(rules.add_months(start, 12), rules.add_months(start, 24)))
    services.end_job(job, today() - timedelta(days=1), "Resigned", person.caseworker, today())
    wage, insurance = queries.clocks_of(person, programme().clocks)[2:]
    assert wage.ends_on == today() - timedelta(days=1)
    assert not insurance.is_set  # the job ended before the insurance subsidy began


# --- Support and exit -----------------------------------------------------------------------

def test_sessions_and_referrals():
    person = make_beneficiary(enrolled_on=today() - timedelta(days=40))
    make_session(person, today() - timedelta(days=3), notes="Αναζήτηση εργασίας")
    referral = services.refer(person, "ΔΥΠΑ Ηρακλείου", today() - timedelta(days=2), "Εγγραφή στο μητρώο ανέργων",
                              person.caseworker, today())
    services.close_referral(referral, "Εγγράφηκε", today(), person.caseworker, today())
    assert referral.closed_on == today() and not referral.is_open
    with pytest.raises(RuleViolation):
        services.close_referral(referral, "again", today(), person.caseworker, today())
    with pytest.raises(RuleViolation) as refused:
        services.record_session(person, services.SessionInput(today(), "chat", 0, make_user("shelter_staff").id),
                                person.caseworker, today())
    assert set(fields_of(refused.value)) == {"kind", "duration_minutes", "staff_id"}


def test_an_exit_is_recorded_and_nothing_is_deleted():
    person = make_beneficiary(enrolled_on=today() - timedelta(days=400))
    make_tenancy(person, lease_start=today() - timedelta(days=300))
    services.exit_programme(person, services.ExitInput("completed", today(), "housed", True, True, "Αυτόνομος"),
                            person.caseworker, today())
    assert (person.status, person.exited_on, person.housed_at_exit, person.employed_at_exit) == (
        "completed", today(), True, True)
    assert count(Beneficiary) == 1 and count(Tenancy) == 1
    with pytest.raises(RuleViolation) as refused:
        make_session(person)
    assert "exited the programme" in messages_of(refused.value)
    with pytest.raises(RuleViolation):
        services.exit_programme(person, services.ExitInput("completed", today(), "housed", True, True),
                                person.caseworker, today())


def test_exit_rules_name_the_field():
    person = make_beneficiary()
    with pytest.raises(RuleViolation) as refused:
        services.exit_programme(person, services.ExitInput("vanished", today() + timedelta(days=1), "housed", False,
                                                           None), person.caseworker, today())
    assert set(fields_of(refused.value)) == {"reason", "exited_on", "housed_at_exit", "employed_at_exit"}
    assert person.is_active


# --- From the shelter -----------------------------------------------------------------------

def discharged_to_programme(notes: str = "Ιστορικό βίας — εμπιστευτικό", children=()):
    staff = make_user("shelter_staff")
    stay = make_stay(by=staff, admitted_on=today() - timedelta(days=80), children=children,
                     first_name="Ελένη", last_name="Σταυράκη")
    stay.resident.notes = notes
    stay.resident.phone = "6912345678"
    shelter.discharge(stay, today() - timedelta(days=1), "Μετάβαση σε αυτόνομη διαβίωση", "reintegration", staff,
                      today())
    return stay


def shelter_input(worker, **changes) -> services.EnrolmentInput:
    data = enrolment(worker, first_name="", last_name="", birth_date=None, sex="", household_size=2,
                     ethos="houseless.womens_shelter")
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_a_coordinator_enrols_a_woman_from_the_shelter_with_consent_and_without_her_notes():
    stay = discharged_to_programme(children=[child("Άρτεμις", 2000, "F", admitted_on=today() - timedelta(days=80))])
    coordinator = make_user("coordinator")
    worker = make_caseworker()
    person = services.enrol_from_shelter(stay, shelter_input(worker, phone="6912345678"), True, today(),
                                         coordinator, today(), programme())
    assert (person.first_name, person.last_name, person.sex) == ("Ελένη", "Σταυράκη", "F")
    assert person.birth_date == stay.resident.birth_date
    assert person.from_stay_id == stay.id and person.came_from_shelter
    assert person.consent_on == today() and person.consent_recorded_by_id == coordinator.id
    texts = [getattr(person, column.key) for column in Beneficiary.__table__.columns
             if isinstance(getattr(person, column.key), str)]
    assert not any("εμπιστευτικό" in text or "αυτόνομη διαβίωση" in text for text in texts)
    assert stay.id not in {s.id for s in queries.stays_to_enrol()}
    with pytest.raises(RuleViolation) as twice:
        services.enrol_from_shelter(stay, shelter_input(worker), True, today(), coordinator, today(), programme())
    assert "already been enrolled" in messages_of(twice.value)


def test_no_enrolment_from_the_shelter_without_consent():
    stay = discharged_to_programme()
    with pytest.raises(RuleViolation) as refused:
        services.enrol_from_shelter(stay, shelter_input(make_caseworker()), False, None, make_user("coordinator"),
                                    today(), programme())
    assert {"consent_given", "consent_on"} <= set(fields_of(refused.value))
    assert count(Beneficiary) == 0


def test_only_stays_discharged_to_the_programme_can_be_enrolled():
    staff = make_user("shelter_staff")
    active = make_stay(by=staff)
    elsewhere = make_stay(by=staff)
    shelter.discharge(elsewhere, today(), "home", "own_home", staff, today())
    for stay in (active, elsewhere):
        with pytest.raises(RuleViolation) as refused:
            services.enrol_from_shelter(stay, shelter_input(make_caseworker()), True, today(),
                                        make_user("coordinator"), today(), programme())
        assert "discharged to the REINTEGRATION programme" in messages_of(refused.value)
    assert queries.stays_to_enrol() == []


def test_an_enrolment_from_a_stay_waits_for_the_shelters_writers_first(monkeypatch):
    """The undo of her discharge holds the shelter's lock: the enrolment from that stay takes it
    before the programme's (the one order every service keeps), so the two cannot both succeed."""
    stay = discharged_to_programme()
    taken: list[str] = []
    monkeypatch.setattr(services, "lock", taken.append)
    services.enrol_from_shelter(stay, shelter_input(make_caseworker()), True, today(), make_user("coordinator"),
                                today(), programme())
    assert taken == ["shelter", "reintegration"]
