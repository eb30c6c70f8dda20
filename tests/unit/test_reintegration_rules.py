"""Truth tables for the REINTEGRATION rules: pure functions, no app, no database."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from housing.core.names import same_person
from housing.programmes import rules
from housing.programmes.models import ETHOS_CODES, EXIT_REASONS, EXIT_SITUATIONS, HOUSED, SEXES
from housing.programmes.rules import Clock, Period

CAPS = {1: 300, 2: 400, 3: 450, 4: 500, 5: 550}
TODAY = date(2026, 11, 26)


def fields(violations) -> list[str]:
    return [v.field for v in violations]


def text(violations) -> str:
    return " ".join(str(v.message) for v in violations)


# --- Periods of months ------------------------------------------------------------------

@pytest.mark.parametrize("start, months, end", [
    (date(2026, 1, 31), 24, date(2028, 1, 31)),   # 31 January + 24 months: January has 31 days
    (date(2026, 1, 31), 1, date(2026, 2, 28)),    # … + 1 month: clamped to the end of February
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2027, 1, 31), 13, date(2028, 2, 29)),   # into a leap February
    (date(2024, 2, 29), 12, date(2025, 2, 28)),   # a subsidy starting on 29 February, 12 months
    (date(2024, 2, 29), 24, date(2026, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),   # four years on, February has its 29th again
    (date(2026, 3, 31), 11, date(2027, 2, 28)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 12, 31), 12, date(2027, 12, 31)), # across the year end
    (date(2026, 5, 15), 24, date(2028, 5, 15)),   # an ordinary day keeps its number
    (date(2026, 10, 30), 4, date(2027, 2, 28)),
])
def test_subsidy_limits_are_calendar_months_clamped_to_the_month_end(start, months, end):
    assert rules.subsidy_limit(None, start, months) == end
    assert rules.programme_end(start, months) == end


def test_a_later_period_is_limited_by_the_first_ones_start():
    first = date(2026, 1, 31)
    assert rules.subsidy_limit(first, date(2027, 3, 1), 24) == date(2028, 1, 31)
    assert rules.subsidy_limit(date(2027, 3, 1), first, 24) == date(2028, 1, 31)  # the earlier start counts


# --- Caps -------------------------------------------------------------------------------

@pytest.mark.parametrize("size, cap_euros", [
    (1, 300), (2, 400), (3, 450), (4, 500), (5, 550),
    (6, 550), (9, 550), (20, 550),   # beyond the table: the largest cap
    (0, 300),                        # below the table (never allowed at enrolment): the smallest
])
def test_rent_cap_by_household_size(size, cap_euros):
    assert rules.rent_cap_cents(size, CAPS) == cap_euros * 100


def test_a_size_missing_from_the_table_takes_the_cap_below_it():
    assert rules.rent_cap_cents(3, {1: 300, 2: 400, 4: 500}) == 400_00


@pytest.mark.parametrize("cents, shown", [(400_00, "400"), (412_50, "412.50"), (5, "0.05"), (0, "0"), (-150, "-1.50")])
def test_euros_in_messages(cents, shown):
    assert rules.euros(cents) == shown


def tenancy(**changes) -> rules.TenancyFacts:
    values = dict(address="Οδός Έβανς 5", lease_start=date(2026, 1, 31), lease_end=date(2029, 1, 31),
                  monthly_rent_cents=500_00, subsidy_cents=400_00, subsidy_start=date(2026, 1, 31),
                  subsidy_end=date(2028, 1, 31), enrolled_on=date(2026, 1, 10), household_size=2,
                  current_lease_start=None, first_rent_subsidy_start=None)
    values.update(changes)
    return rules.TenancyFacts(**values)


@pytest.mark.parametrize("changes, wanted", [
    ({}, []),
    ({"subsidy_cents": 400_01}, ["subsidy_amount"]),                       # a cent over the cap for 2
    ({"household_size": 3, "subsidy_cents": 450_00}, []),                  # 3 persons: €450 allowed
    ({"household_size": 8, "subsidy_cents": 550_00, "monthly_rent_cents": 700_00}, []),
    ({"household_size": 8, "subsidy_cents": 550_01, "monthly_rent_cents": 700_00}, ["subsidy_amount"]),
    ({"monthly_rent_cents": 350_00, "subsidy_cents": 360_00}, ["subsidy_amount"]),  # more than the rent
    ({"subsidy_end": date(2028, 2, 1)}, ["subsidy_end"]),                  # a day over 24 months
    ({"subsidy_end": date(2026, 1, 31)}, ["subsidy_end"]),                 # ends as it starts
    ({"subsidy_start": date(2026, 1, 5), "subsidy_end": date(2027, 1, 5)},
     ["subsidy_start", "subsidy_start"]),                                  # before the lease and the enrolment
    ({"subsidy_end": None}, ["subsidy_end"]),
    ({"subsidy_start": None}, ["subsidy_start"]),
    ({"subsidy_cents": 0, "subsidy_start": None, "subsidy_end": None}, []),  # no subsidy at all
    ({"subsidy_cents": 0}, ["subsidy_amount"]),                            # dates without an amount
    ({"monthly_rent_cents": 0, "subsidy_cents": 0, "subsidy_start": None, "subsidy_end": None}, ["monthly_rent"]),
    ({"monthly_rent_cents": 10_000_01, "subsidy_cents": 0, "subsidy_start": None, "subsidy_end": None},
     ["monthly_rent"]),
    ({"address": "  "}, ["address"]),
    ({"lease_end": date(2026, 1, 31)}, ["lease_end"]),
    ({"current_lease_start": date(2026, 1, 31)}, ["lease_start"]),         # a move must start after the current lease
    ({"first_rent_subsidy_start": date(2025, 6, 30), "enrolled_on": date(2025, 6, 1),
      "subsidy_end": date(2027, 6, 30)}, []),
    ({"first_rent_subsidy_start": date(2025, 6, 30), "enrolled_on": date(2025, 6, 1),
      "subsidy_end": date(2027, 7, 1)}, ["subsidy_end"]),                  # a move does not restart the clock
])
def test_tenancy_truth_table(changes, wanted):
    assert fields(rules.tenancy_violations(tenancy(**changes), CAPS, 24)) == wanted


def test_the_cap_message_names_the_cap_and_the_household():
    message = text(rules.tenancy_violations(tenancy(subsidy_cents=450_00), CAPS, 24))
    assert "cap of €400 a month for a household of 2" in message


def test_the_period_message_names_the_last_day_allowed():
    message = text(rules.tenancy_violations(tenancy(subsidy_end=date(2028, 2, 1)), CAPS, 24))
    assert "until 31/01/2028 at the latest: 24 months from its start on 31/01/2026" in message


# --- Employment -------------------------------------------------------------------------

def job(**changes) -> rules.JobFacts:
    values = dict(employer="Φούρνος", position="Αρτοποιός", started_on=date(2024, 2, 29),
                  wage_start=date(2024, 2, 29), wage_end=date(2025, 2, 28), insurance_start=date(2025, 2, 28),
                  insurance_end=date(2026, 2, 28), enrolled_on=date(2024, 1, 15), current_job_start=None,
                  first_wage_start=None, first_insurance_start=None)
    values.update(changes)
    return rules.JobFacts(**values)


@pytest.mark.parametrize("changes, wanted", [
    ({}, []),                                                               # 29/02 + 12 months = 28/02
    ({"wage_end": date(2025, 3, 1), "insurance_start": date(2025, 3, 1), "insurance_end": date(2026, 3, 1)},
     ["wage_subsidy_end"]),                                                 # a day too long
    ({"insurance_start": date(2025, 2, 27), "insurance_end": date(2026, 2, 27)},
     ["insurance_subsidy_start"]),                                          # insurance before the salary ends
    ({"insurance_start": date(2025, 4, 1), "insurance_end": date(2026, 4, 1)}, []),  # it may follow later
    ({"insurance_end": date(2026, 3, 1)}, ["insurance_subsidy_end"]),       # 12 months after 28/02/2025
    ({"wage_start": None, "wage_end": None}, ["insurance_subsidy_start"]),  # insurance follows a salary subsidy
    ({"wage_start": None, "wage_end": None, "insurance_start": None, "insurance_end": None}, []),  # no subsidy
    ({"insurance_start": None, "insurance_end": None}, []),                 # salary subsidy only
    ({"wage_start": date(2024, 2, 1), "wage_end": date(2025, 2, 1), "insurance_start": date(2025, 2, 1),
      "insurance_end": date(2026, 2, 1)}, ["wage_subsidy_start"]),         # before the job started
    ({"wage_start": date(2024, 3, 1), "enrolled_on": date(2024, 3, 2), "started_on": date(2024, 3, 1)},
     ["wage_subsidy_start"]),                                               # before the enrolment
    ({"wage_end": None}, ["wage_subsidy_end"]),
    ({"wage_start": None}, ["wage_subsidy_start", "insurance_subsidy_start"]),
    ({"first_wage_start": date(2023, 11, 30), "enrolled_on": date(2023, 11, 1)},
     ["wage_subsidy_end"]),                                                 # the clock started with an earlier job
    ({"employer": "", "position": " "}, ["employer", "position"]),
    ({"current_job_start": date(2024, 2, 29)}, ["started_on"]),
])
def test_job_truth_table(changes, wanted):
    assert fields(rules.job_violations(job(**changes), 12, 12)) == wanted


# --- Clocks -----------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, stopped, effective", [
    (date(2026, 1, 1), date(2027, 1, 1), None, date(2027, 1, 1)),
    (date(2026, 1, 1), date(2027, 1, 1), date(2026, 6, 30), date(2026, 6, 30)),   # the home or job ended first
    (date(2026, 1, 1), date(2027, 1, 1), date(2027, 5, 1), date(2027, 1, 1)),     # ended after the subsidy
    (date(2026, 1, 1), date(2027, 1, 1), date(2026, 1, 1), date(2026, 1, 1)),
    (date(2026, 1, 1), date(2027, 1, 1), date(2025, 12, 31), None),               # ended before it began
])
def test_effective_end_of_a_period(start, end, stopped, effective):
    assert Period(start, end, stopped).effective_end == effective


def test_a_subsidy_clock_runs_from_the_first_period_to_the_latest():
    periods = [Period(date(2026, 1, 31), date(2028, 1, 31), date(2026, 9, 1)),
               Period(date(2026, 9, 1), date(2028, 1, 31))]
    clock = rules.subsidy_clock("rent", periods, 24)
    assert (clock.started, clock.ends_on, clock.limit) == (date(2026, 1, 31), date(2028, 1, 31), date(2028, 1, 31))


def test_a_clock_without_periods_is_not_set():
    clock = rules.subsidy_clock("wage", [], 12)
    assert not clock.is_set and clock.state(TODAY) == "not_set" and clock.days_left(TODAY) is None


@pytest.mark.parametrize("ends_on, days_left, state", [
    (TODAY + timedelta(days=30), 30, "running"),
    (TODAY + timedelta(days=1), 1, "running"),
    (TODAY, 0, "running"),                       # the last day
    (TODAY - timedelta(days=1), -1, "ended"),
    (date(2027, 2, 28), 94, "running"),
    (date(2028, 2, 29), 460, "running"),         # across a leap day
])
def test_days_left_on_a_clock(ends_on, days_left, state):
    clock = Clock("rent", date(2026, 1, 1), ends_on, ends_on)
    assert clock.days_left(TODAY) == days_left
    assert clock.state(TODAY) == state


def test_a_clock_that_starts_later_is_upcoming():
    clock = Clock("insurance", TODAY + timedelta(days=3), TODAY + timedelta(days=368), None)
    assert clock.state(TODAY) == "upcoming"


def test_the_next_clock_to_end_skips_ended_and_unset_clocks():
    ended = Clock("wage", date(2025, 1, 1), TODAY - timedelta(days=1), None)
    rent = Clock("rent", date(2025, 1, 1), TODAY + timedelta(days=40), None)
    insurance = Clock("insurance", TODAY - timedelta(days=1), TODAY + timedelta(days=20), None)
    unset = Clock("wage", None, None, None)
    assert rules.next_clock_to_end([ended, rent, insurance, unset], TODAY) == insurance
    assert rules.next_clock_to_end([ended, unset], TODAY) is None


def test_the_programme_clock_ends_at_the_exit_if_there_was_one():
    assert rules.programme_clock(date(2025, 1, 1), date(2027, 1, 1)).ends_on == date(2027, 1, 1)
    assert rules.programme_clock(date(2025, 1, 1), date(2027, 1, 1), date(2026, 3, 3)).ends_on == date(2026, 3, 3)


# --- Enrolment, capacity, duplicates ----------------------------------------------------

def enrolment(**changes) -> rules.EnrolmentFacts:
    values = dict(first_name="Γιάννης", last_name="Μαρκάκης", birth_date=date(1970, 1, 1), sex="M",
                  household_size=1, enrolled_on=TODAY, ethos_at_entry="roofless.public_space", caseworker_ok=True,
                  active=10, capacity=60)
    values.update(changes)
    return rules.EnrolmentFacts(**values)


@pytest.mark.parametrize("changes, wanted", [
    ({}, []),
    ({"active": 59}, []),
    ({"active": 60}, [""]),
    ({"active": 61}, [""]),
    ({"enrolled_on": TODAY + timedelta(days=1)}, ["enrolled_on"]),
    ({"birth_date": TODAY}, ["birth_date"]),
    ({"birth_date": TODAY + timedelta(days=1)}, ["birth_date"]),
    ({"household_size": 0}, ["household_size"]),
    ({"household_size": 20}, []),
    ({"household_size": 21}, ["household_size"]),
    ({"ethos_at_entry": HOUSED}, ["ethos_at_entry"]),   # housed is a situation at exit, not at entry
    ({"ethos_at_entry": "insecure.violence"}, []),
    ({"sex": ""}, ["sex"]),
    ({"caseworker_ok": False}, ["caseworker_id"]),
    ({"first_name": "", "last_name": ""}, ["first_name", "last_name"]),
])
def test_enrolment_truth_table(changes, wanted):
    assert fields(rules.enrolment_violations(enrolment(**changes), SEXES, ETHOS_CODES, TODAY)) == wanted


def test_the_capacity_message_is_clear():
    assert "The programme is full: 60 of 60 places are taken" in text(rules.capacity_violations(60, 60))


@pytest.mark.parametrize("first, last, born, same", [
    ("Γιάννης", "Μαρκάκης", date(1970, 1, 1), True),
    ("ΓΙΑΝΝΗΣ", "ΜΑΡΚΑΚΗΣ", date(1970, 1, 1), True),    # capitals, no accents
    ("γιαννης", " μαρκάκης ", date(1970, 1, 1), True),
    ("Γιάννης", "Μαρκάκης", date(1970, 1, 2), False),    # another day of birth
    ("Γιώργος", "Μαρκάκης", date(1970, 1, 1), False),
])
def test_same_person_ignores_case_and_accents(first, last, born, same):
    assert same_person(first, last, born, "Γιάννης", "Μαρκάκης", date(1970, 1, 1)) is same


@pytest.mark.parametrize("discharged, destination, enrolled, consent, consent_on, wanted", [
    (TODAY, "reintegration", False, True, TODAY, []),
    (None, "", False, True, TODAY, [""]),                        # still at the shelter
    (TODAY, "own_home", False, True, TODAY, [""]),               # discharged elsewhere
    (TODAY, "reintegration", True, True, TODAY, [""]),           # enrolled once already
    (TODAY, "reintegration", False, False, TODAY, ["consent_given"]),
    (TODAY, "reintegration", False, True, None, ["consent_on"]),
    (TODAY, "reintegration", False, True, TODAY + timedelta(days=1), ["consent_on"]),
])
def test_enrolment_from_the_shelter(discharged, destination, enrolled, consent, consent_on, wanted):
    assert fields(rules.shelter_enrolment_violations(discharged, destination, enrolled, consent, consent_on,
                                                     TODAY)) == wanted


# --- Exit and the rest ------------------------------------------------------------------

@pytest.mark.parametrize("reason, exited, situation, housed, employed, wanted", [
    ("completed", TODAY, HOUSED, True, True, []),
    ("withdrawn", TODAY, "roofless.public_space", False, False, []),
    ("other", date(2026, 1, 1), "insecure.eviction", False, True, []),
    ("completed", date(2025, 12, 31), HOUSED, True, True, ["exited_on"]),   # before the enrolment
    ("completed", TODAY + timedelta(days=1), HOUSED, True, True, ["exited_on"]),
    ("expelled", TODAY, HOUSED, True, True, ["reason"]),
    ("completed", TODAY, "nowhere", True, True, ["ethos_at_exit"]),
    ("completed", TODAY, HOUSED, False, True, ["housed_at_exit"]),          # housed, yet "not housed"
    ("completed", TODAY, HOUSED, None, None, ["housed_at_exit", "employed_at_exit"]),
])
def test_exit_truth_table(reason, exited, situation, housed, employed, wanted):
    found = rules.exit_violations(True, reason, exited, date(2026, 1, 1), situation, housed, employed, EXIT_REASONS,
                                  EXIT_SITUATIONS, HOUSED, TODAY)
    assert fields(found) == wanted


def test_nothing_changes_after_the_exit():
    found = rules.exit_violations(False, "completed", TODAY, date(2026, 1, 1), HOUSED, True, True, EXIT_REASONS,
                                  EXIT_SITUATIONS, HOUSED, TODAY)
    assert fields(found) == [""]


@pytest.mark.parametrize("held_on, kind, minutes, wanted", [
    (TODAY, "psychosocial", 45, []),
    (TODAY + timedelta(days=1), "counselling", 45, ["held_on"]),
    (date(2025, 12, 31), "information", 45, ["held_on"]),   # before the enrolment
    (TODAY, "gossip", 45, ["kind"]),
    (TODAY, "referral", 0, ["duration_minutes"]),
    (TODAY, "referral", 601, ["duration_minutes"]),
    (None, "referral", None, ["held_on", "duration_minutes"]),
])
def test_session_truth_table(held_on, kind, minutes, wanted):
    found = rules.session_violations(held_on, kind, minutes, True, ("psychosocial", "counselling", "information",
                                                                    "referral"), date(2026, 1, 1), TODAY)
    assert fields(found) == wanted


# --- The one subsidy-period rule (rent, salary, insurance) --------------------------------

def _subsidy(kind, start, end, first=None, not_before=(), required=False, months=12):
    facts = rules.SubsidyFacts(kind, start, end, first, not_before=not_before, required=required)
    return [(v.field, str(v.message)) for v in rules.subsidy_violations(facts, months)]


JAN31, FEB1 = date(2026, 1, 31), date(2026, 2, 1)


@pytest.mark.parametrize("kind, start, end, first, not_before, required, expected", [
    # No period: fine when optional, asked for when required or when only the end was typed.
    ("wage", None, None, None, (), False, []),
    ("rent", None, None, None, (), True, [("subsidy_start", "Enter when the rent subsidy starts.")]),
    ("insurance", None, date(2026, 6, 1), None, (), False,
     [("insurance_subsidy_start", "Enter when the insurance subsidy starts.")]),
    # A start but no end.
    ("wage", FEB1, None, None, (), False, [("wage_subsidy_end", "Enter when the salary subsidy ends.")]),
    ("rent", FEB1, None, None, (), True, [("subsidy_end", "Enter when the rent subsidy ends.")]),
    # The end on the start day, or before it.
    ("rent", FEB1, FEB1, None, (), True, [("subsidy_end", "The subsidy must end after it starts.")]),
    ("insurance", FEB1, JAN31, None, (), False,
     [("insurance_subsidy_end", "The subsidy must end after it starts.")]),
    # 12 months from 31 January is 31 January next year: that day is allowed, the next is not.
    ("wage", JAN31, date(2027, 1, 31), None, (), False, []),
    ("wage", JAN31, date(2027, 2, 1), None, (), False, [("wage_subsidy_end",
     "The salary subsidy can run until 31/01/2027 at the latest: 12 months from its start on 31/01/2026.")]),
    # A later period counts from the first period's start: 12 months from 1 August 2025.
    ("insurance", date(2026, 3, 1), date(2026, 8, 2), date(2025, 8, 1), (), False, [("insurance_subsidy_end",
     "The insurance subsidy can run until 01/08/2026 at the latest: 12 months from its start on 01/08/2025.")]),
    ("rent", date(2026, 3, 1), date(2026, 8, 1), date(2025, 8, 1), (), True, []),
    # Earliest starts: each broken one is named, in order; one on the day itself is fine.
    ("rent", JAN31, date(2026, 6, 1), None, ((FEB1, "before the lease"), (date(2026, 3, 1), "before enrolment")),
     True, [("subsidy_start", "before the lease"), ("subsidy_start", "before enrolment")]),
    ("wage", FEB1, date(2026, 6, 1), None, ((FEB1, "before the job"), (None, "never")), False, []),
])
def test_a_subsidy_period(kind, start, end, first, not_before, required, expected):
    assert _subsidy(kind, start, end, first, not_before, required) == expected


def test_a_subsidy_period_runs_for_its_own_months():
    assert _subsidy("rent", JAN31, date(2026, 7, 31), required=True, months=6) == []
    assert _subsidy("rent", JAN31, date(2026, 8, 1), required=True, months=6) == [("subsidy_end",
        "The rent subsidy can run until 31/07/2026 at the latest: 6 months from its start on 31/01/2026.")]
