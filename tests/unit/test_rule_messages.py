"""What each refusal says, word for word, and at which field: the page shows these messages
where the user typed, so a refusal with the wrong words or at the wrong field is a bug a user
sees. Truth tables with the boundary days written out (the same day is allowed, the day after
is not). Messages are in English here (no app, no locale)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

import pytest

from housing.auth import rules as accounts
from housing.programmes import rules as programme
from housing.core.names import name_key
from housing.shelter.extensions import rules as extension_rules
from housing.shelter.night import rules as night_rules
from housing.shelter.rooms import rules as room_rules
from housing.shelter.stays import rules as stay_rules
from housing.shelter.waiting import rules as waiting_rules

TODAY = date(2026, 6, 10)
ADMITTED = date(2026, 5, 1)
END = date(2026, 12, 1)
T0 = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)


def said(violations) -> list[tuple[str, str]]:
    return [(violation.field, str(violation.message)) for violation in violations]


# --- The shelter --------------------------------------------------------------------------------

@pytest.mark.parametrize("discharged, destination, active, expected", [
    (ADMITTED, "own_home", True, []),                                                    # the day she came
    (TODAY, "own_home", True, []),                                                       # today
    (date(2026, 4, 30), "own_home", True,
     [("discharged_on", "The discharge date cannot be before the admission date.")]),
    (date(2026, 6, 11), "own_home", True, [("discharged_on", "The discharge date cannot be in the future.")]),
    (TODAY, "moon", True, [("destination", "Choose a destination.")]),
    (TODAY, "own_home", False, [("", "This stay has already ended.")]),
])
def test_discharge_says(discharged, destination, active, expected):
    found = stay_rules.discharge_violations(ADMITTED, discharged, destination, active, ("own_home", "relatives"), TODAY)
    assert said(found) == expected


@pytest.mark.parametrize("new_room, moved_on, free, expected", [
    (2, ADMITTED, 3, []),                                      # on the day she came into the current room
    (2, TODAY, 3, []),                                         # today
    (1, TODAY, 3, [("room_id", "The household is already in this room.")]),
    (2, date(2026, 4, 30), 3, [("moved_on", "The move cannot be before the household came into the current room.")]),
    (2, date(2026, 6, 11), 3, [("moved_on", "The move cannot be in the future.")]),
    (2, TODAY, 2, [("room_id", "Room Ζάκρος has 2 free bed(s) in service; this household needs 3.")]),
])
def test_transfer_says(new_room, moved_on, free, expected):
    found = stay_rules.transfer_violations(1, ADMITTED, new_room, "Ζάκρος", moved_on, 3, free, TODAY)
    assert said(found) == expected


@pytest.mark.parametrize("persons, beds, reason, expected", [
    (2, 3, "repairs", []),
    (0, 1, "repairs", []),
    (3, 3, "repairs", [("reason", "3 persons sleep in this room and it has 3 beds in service: move a household "
                                  "before taking a bed out of service.")]),
    (0, 2, "  ", [("reason", "Write why the bed is out of service.")]),
])
def test_bed_withdrawal_says(persons, beds, reason, expected):
    assert said(room_rules.bed_withdrawal_violations(persons, beds, reason)) == expected


@pytest.mark.parametrize("active, proposed, reason, pending, expected", [
    (True, END + timedelta(days=1), "needs time", False, []),
    (True, END, "needs time", False, [("proposed_end", "The new end must be after the current planned end (01/12/2026).")]),
    (True, None, "needs time", False, [("proposed_end", "Enter the proposed new end date.")]),
    (True, date(2027, 1, 1), " ", False, [("reason", "Write the reason for the extension.")]),
    (True, date(2027, 1, 1), "x", True, [("", "This stay already has a request waiting for a decision.")]),
    (False, date(2027, 1, 1), "x", False, [("", "A discharged stay cannot be extended.")]),
])
def test_extension_request_says(active, proposed, reason, pending, expected):
    assert said(extension_rules.extension_request_violations(active, END, proposed, reason, pending)) == expected


@pytest.mark.parametrize("status, active, approve, new_end, note, expected", [
    ("pending", True, True, END + timedelta(days=1), "ok", []),
    ("pending", True, False, None, "no flat needed", []),
    ("pending", True, True, END, "ok", [("decided_end", "The new end must be after the current planned end (01/12/2026).")]),
    ("pending", True, True, None, "ok", [("decided_end", "Enter the new end date.")]),
    ("pending", True, False, None, " ", [("note", "Write a note on the decision.")]),
    ("approved", True, True, date(2027, 1, 1), "", [("", "This request has already been decided.")]),
    ("pending", False, False, None, "ok", [("", "A discharged stay cannot be extended.")]),
])
def test_extension_decision_says(status, active, approve, new_end, note, expected):
    assert said(extension_rules.extension_decision_violations(status, active, approve, new_end, END, note)) == expected


def test_night_check_says():
    assert said(night_rules.night_check_violations({1: (True, ""), 2: (False, "out")}, {1, 2})) == []
    assert said(night_rules.night_check_violations({1: (True, "")}, {1, 2})) == [("stay-2", "Mark her present or absent.")]
    assert said(night_rules.night_check_violations({1: (None, "")}, {1})) == [("stay-1", "Mark her present or absent.")]
    assert said(night_rules.night_check_violations({1: (True, ""), 9: (True, "")}, {1})) == [
        ("", "The list changed while you were checking: reload the page.")]


@pytest.mark.parametrize("beds, free, until, expected", [
    (2, 2, T0 + timedelta(days=14), []),                                              # all free beds, 14 days exactly
    (3, 2, T0 + timedelta(hours=5), [("beds", "Room Κνωσός has 2 free bed(s) to hold.")]),
    (1, -1, T0 + timedelta(hours=5), [("beds", "Room Κνωσός has 0 free bed(s) to hold.")]),  # overfull: never "-1"
    (0, 2, T0 + timedelta(hours=5), [("beds", "Hold at least one bed.")]),
    (None, 2, T0 + timedelta(hours=5), [("beds", "Hold at least one bed.")]),
    (1, 2, T0, [("held_until", "A hold must end in the future.")]),
    (1, 2, T0 + timedelta(days=14, seconds=1), [("held_until", "A hold lasts 14 days at most.")]),
    (1, 2, None, [("held_until", "Enter until when the beds are held.")]),
])
def test_hold_says(beds, free, until, expected):
    assert said(room_rules.hold_violations(beds, free, "Κνωσός", until, T0)) == expected


def test_referral_flags_say_which_child_and_the_rule():
    flags = waiting_rules.referral_child_flags([(13, "M"), (11, "M"), (17, "F"), (18, "F")], {"F": 18, "M": 12})
    assert flags == ["Child 1: a boy of 13 — boys may stay until the age of 12.",
                     "Child 4: a girl of 18 — girls may stay until the age of 18."]


# --- REINTEGRATION ------------------------------------------------------------------------------

ENROLLED = date(2026, 1, 1)
REASONS = ("completed", "withdrew")
SITUATIONS = ("1.1", "13.1")
HOUSED = "13.1"


@pytest.mark.parametrize("active, reason, exited, situation, housed, employed, expected", [
    (True, "completed", ENROLLED, HOUSED, True, False, []),                       # on the day of enrolment
    (True, "completed", TODAY, "1.1", False, True, []),                            # today
    (True, "moon", TODAY, HOUSED, True, True, [("reason", "Choose how the participation ended.")]),
    (True, "completed", None, HOUSED, True, True, [("exited_on", "Enter the exit date.")]),
    (True, "completed", date(2025, 12, 31), HOUSED, True, True,
     [("exited_on", "The exit cannot be before the enrolment (01/01/2026).")]),
    (True, "completed", date(2026, 6, 11), HOUSED, True, True, [("exited_on", "The exit date cannot be in the future.")]),
    (True, "completed", TODAY, "9.9", True, True, [("ethos_at_exit", "Choose the living situation at exit.")]),
    (True, "completed", TODAY, HOUSED, None, True, [("housed_at_exit", "Answer yes or no.")]),
    (True, "completed", TODAY, HOUSED, False, True,
     [("housed_at_exit", "The living situation at exit says housed: answer yes, or choose another living situation.")]),
    (True, "completed", TODAY, HOUSED, True, None, [("employed_at_exit", "Answer yes or no.")]),
    (False, "completed", TODAY, HOUSED, True, True,
     [("", "This beneficiary has exited the programme; the record can no longer change.")]),
])
def test_exit_says(active, reason, exited, situation, housed, employed, expected):
    found = programme.exit_violations(active, reason, exited, ENROLLED, situation, housed, employed, REASONS,
                                      SITUATIONS, HOUSED, TODAY)
    assert said(found) == expected


@pytest.mark.parametrize("service, referred, expected", [
    ("ΔΥΠΑ", ENROLLED, []),                                                       # on the day of enrolment
    ("ΔΥΠΑ", TODAY, []),                                                          # today
    (" ", TODAY, [("service", "Enter the service she or he is referred to.")]),
    ("ΔΥΠΑ", None, [("referred_on", "Enter the date of the referral.")]),
    ("ΔΥΠΑ", date(2026, 6, 11), [("referred_on", "The referral date cannot be in the future.")]),
    ("ΔΥΠΑ", date(2025, 12, 31), [("referred_on", "The referral cannot be before the enrolment (01/01/2026).")]),
])
def test_referral_says(service, referred, expected):
    assert said(programme.referral_violations(service, referred, ENROLLED, TODAY)) == expected


@pytest.mark.parametrize("discharged, destination, enrolled, consent, consent_on, expected", [
    (TODAY, "reintegration", False, True, TODAY, []),
    (None, "reintegration", False, True, TODAY,
     [("", "Only a stay discharged to the REINTEGRATION programme can be enrolled from the shelter.")]),
    (TODAY, "own_home", False, True, TODAY,
     [("", "Only a stay discharged to the REINTEGRATION programme can be enrolled from the shelter.")]),
    (TODAY, "reintegration", True, True, TODAY, [("", "She has already been enrolled from this stay.")]),
    (TODAY, "reintegration", False, False, TODAY,
     [("consent_given", "Enrol her only with her consent: confirm that she gave it.")]),
    (TODAY, "reintegration", False, True, None, [("consent_on", "Enter the date she gave her consent.")]),
    (TODAY, "reintegration", False, True, date(2026, 6, 11),
     [("consent_on", "The date of consent cannot be in the future.")]),
])
def test_enrolment_from_the_shelter_says(discharged, destination, enrolled, consent, consent_on, expected):
    found = programme.shelter_enrolment_violations(discharged, destination, enrolled, consent, consent_on, TODAY)
    assert said(found) == expected


def test_the_programme_clock_is_the_enrolment_to_the_planned_end():
    assert programme.programme_clock(ENROLLED, date(2027, 1, 1)) == programme.Clock(
        "programme", ENROLLED, date(2027, 1, 1), date(2027, 1, 1))
    assert programme.programme_clock(ENROLLED, date(2027, 1, 1), date(2026, 3, 3)) == programme.Clock(
        "programme", ENROLLED, date(2026, 3, 3), date(2027, 1, 1))


def test_a_subsidy_clock_keeps_its_kind_set_or_not():
    assert programme.subsidy_clock("rent", [], 24) == programme.Clock("rent", None, None, None)
    ran = programme.subsidy_clock("wage", [programme.Period(ENROLLED, date(2026, 7, 1))], 12)
    assert ran == programme.Clock("wage", ENROLLED, date(2026, 7, 1), date(2027, 1, 1))


@pytest.mark.parametrize("today, state", [
    (date(2025, 12, 31), "upcoming"), (ENROLLED, "running"), (date(2026, 7, 1), "running"), (date(2026, 7, 2), "ended")])
def test_a_clock_runs_from_its_first_day_to_its_last(today, state):
    assert programme.Clock("rent", ENROLLED, date(2026, 7, 1), None).state(today) == state


def test_a_clock_ending_today_is_still_the_next_to_end():
    ends_today = programme.Clock("rent", ENROLLED, TODAY, None)
    later = programme.Clock("wage", ENROLLED, TODAY + timedelta(days=3), None)
    assert programme.next_clock_to_end([later, ends_today], TODAY) == ends_today


LEASE = date(2026, 2, 1)


@pytest.mark.parametrize("ended, current, expected", [
    (LEASE, True, []), (TODAY, True, []),
    (date(2026, 1, 31), True, [("ended_on", "The tenancy cannot end before its lease started.")]),
    (date(2026, 6, 11), True, [("ended_on", "The end date cannot be in the future.")]),
    (None, True, [("ended_on", "Enter the date the tenancy ended.")]),
    (TODAY, False, [("", "This tenancy has already ended.")]),
])
def test_the_end_of_a_tenancy_says(ended, current, expected):
    assert said(programme.tenancy_end_violations(LEASE, ended, current, TODAY)) == expected


@pytest.mark.parametrize("current_end, new_end, current, expected", [
    (date(2027, 1, 31), date(2027, 2, 1), True, []),
    (None, date(2026, 2, 2), True, []),                                                  # open lease: after its start
    (date(2027, 1, 31), date(2027, 1, 31), True, [("lease_end", "The new end must be after the current end of the lease.")]),
    (None, LEASE, True, [("lease_end", "The new end must be after the current end of the lease.")]),
    (date(2027, 1, 31), None, True, [("lease_end", "Enter the new end of the lease.")]),
    (date(2027, 1, 31), date(2027, 6, 1), False, [("", "This tenancy has already ended.")]),
])
def test_a_lease_renewal_says(current_end, new_end, current, expected):
    assert said(programme.lease_renewal_violations(LEASE, current_end, new_end, current)) == expected


@pytest.mark.parametrize("paid, kind, cents, expected", [
    (ENROLLED, "utilities", 1, []), (TODAY, "household_items", 10_000_00, []),
    (None, "utilities", 100, [("paid_on", "Enter the date of the payment.")]),
    (date(2026, 6, 11), "utilities", 100, [("paid_on", "The payment date cannot be in the future.")]),
    (date(2025, 12, 31), "utilities", 100, [("paid_on", "The payment cannot be before the enrolment (01/01/2026).")]),
    (TODAY, "moon", 100, [("kind", "Choose what the payment was for.")]),
    (TODAY, "utilities", None, [("amount", "Enter the amount.")]),
    (TODAY, "utilities", 0, [("amount", "The amount must be more than 0 and at most €10000.")]),
    (TODAY, "utilities", 10_000_01,
     [("amount", "The amount must be more than 0 and at most €10000.")]),
])
def test_a_payment_says(paid, kind, cents, expected):
    found = programme.payment_violations(paid, kind, cents, ("utilities", "household_items"), ENROLLED, TODAY)
    assert said(found) == expected


@pytest.mark.parametrize("ended, current, expected", [
    (LEASE, True, []), (TODAY, True, []),
    (date(2026, 1, 31), True, [("ended_on", "The job cannot end before it started.")]),
    (date(2026, 6, 11), True, [("ended_on", "The end date cannot be in the future.")]),
    (None, True, [("ended_on", "Enter the date the job ended.")]),
    (TODAY, False, [("", "This job has already ended.")]),
])
def test_the_end_of_a_job_says(ended, current, expected):
    assert said(programme.job_end_violations(LEASE, ended, current, TODAY)) == expected


@pytest.mark.parametrize("is_open, outcome, closed, expected", [
    (True, "housed", LEASE, []), (True, "housed", TODAY, []),
    (False, "housed", TODAY, [("", "This referral is already closed.")]),
    (True, "  ", TODAY, [("outcome", "Write the outcome of the referral.")]),
    (True, "housed", None, [("closed_on", "Enter the date the referral was closed.")]),
    (True, "housed", date(2026, 1, 31), [("closed_on", "A referral cannot close before it was made.")]),
    (True, "housed", date(2026, 6, 11), [("closed_on", "The date cannot be in the future.")]),
])
def test_closing_a_referral_says(is_open, outcome, closed, expected):
    assert said(programme.referral_close_violations(LEASE, is_open, outcome, closed, TODAY)) == expected


@pytest.mark.parametrize("failures, locked_until", [(0, None), (4, None), (5, T0 + timedelta(minutes=15)),
                                                     (9, T0 + timedelta(minutes=15))])
def test_the_fifth_failure_in_a_row_locks_the_account_for_15_minutes(failures, locked_until):
    assert accounts.lock_after_failure(failures, T0) == locked_until


def enrolment(**changes) -> programme.EnrolmentFacts:
    values = dict(first_name="Γιάννης", last_name="Μαρκάκης", birth_date=date(1970, 1, 1), sex="M",
                  household_size=1, enrolled_on=TODAY, ethos_at_entry="1.1", caseworker_ok=True, active=10,
                  capacity=60)
    return programme.EnrolmentFacts(**{**values, **changes})


@pytest.mark.parametrize("changes, expected", [
    ({}, []),
    ({"household_size": 20, "active": 59, "birth_date": date(2026, 6, 9)}, []),        # the largest, the last place
    ({"first_name": " "}, [("first_name", "Enter the first name.")]),
    ({"last_name": ""}, [("last_name", "Enter the last name.")]),
    ({"birth_date": None}, [("birth_date", "Enter the date of birth.")]),
    ({"birth_date": date(2026, 6, 11), "enrolled_on": None},
     [("birth_date", "The date of birth cannot be in the future."), ("enrolled_on", "Enter the enrolment date.")]),
    ({"birth_date": TODAY}, [("birth_date", "The date of birth must be before the enrolment date.")]),
    ({"sex": "X"}, [("sex", "Choose the sex.")]),
    ({"household_size": 0}, [("household_size", "A household has between 1 and 20 persons.")]),
    ({"household_size": 21}, [("household_size", "A household has between 1 and 20 persons.")]),
    ({"household_size": None}, [("household_size", "A household has between 1 and 20 persons.")]),
    ({"enrolled_on": date(2026, 6, 11), "birth_date": date(1970, 1, 1)},
     [("enrolled_on", "The enrolment date cannot be in the future.")]),
    ({"ethos_at_entry": "9.9"}, [("ethos_at_entry", "Choose the living situation at entry.")]),
    ({"caseworker_ok": False}, [("caseworker_id", "Choose a caseworker of the programme.")]),
    ({"active": 60}, [("", "The programme is full: 60 of 60 places are taken. Nobody can be enrolled until a "
                           "beneficiary exits the programme.")]),
])
def test_an_enrolment_says(changes, expected):
    assert said(programme.enrolment_violations(enrolment(**changes), ("F", "M"), SITUATIONS, TODAY)) == expected


@pytest.mark.parametrize("name, key", [("  Μαρία   Ιωσήφ ", "μαρια ιωσηφ"), ("ΔΑΣΚΑΛΑΚΗΣ", "δασκαλακησ"),
                                       ("Maria  José", "maria jose")])
def test_a_name_key_is_lower_case_without_accents_one_space_between_words(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("held, kind, minutes, staff_ok, expected", [
    (ENROLLED, "counselling", 1, True, []), (TODAY, "referral", 600, True, []),
    (None, "counselling", 45, True, [("held_on", "Enter the date of the session.")]),
    (date(2026, 6, 11), "counselling", 45, True, [("held_on", "The session date cannot be in the future.")]),
    (date(2025, 12, 31), "counselling", 45, True, [("held_on", "The session cannot be before the enrolment (01/01/2026).")]),
    (TODAY, "moon", 45, True, [("kind", "Choose the kind of session.")]),
    (TODAY, "counselling", 0, True, [("duration_minutes", "A session lasts between 1 and 600 minutes.")]),
    (TODAY, "counselling", 601, True, [("duration_minutes", "A session lasts between 1 and 600 minutes.")]),
    (TODAY, "counselling", None, True, [("duration_minutes", "A session lasts between 1 and 600 minutes.")]),
    (TODAY, "counselling", 45, False, [("staff_id", "Choose who held the session.")]),
])
def test_a_support_session_says(held, kind, minutes, staff_ok, expected):
    found = programme.session_violations(held, kind, minutes, staff_ok, ("counselling", "referral"), ENROLLED, TODAY)
    assert said(found) == expected
