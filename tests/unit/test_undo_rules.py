"""Truth tables for undoing an ending entered by mistake: the same day, a coordinator, and nothing
since that makes it impossible. Pure functions, no app, no database."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from housing.core.undo import entered_on_day, may_offer_undo, undo_violations
from housing.programmes.rules import exit_undo_violations
from housing.shelter.stays.rules import DischargeUndoFacts, discharge_undo_violations
from housing.shelter.waiting.rules import closure_undo_violations

TODAY = date(2026, 12, 1)
THIS_MORNING = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)  # 09:30 in Heraklion
YESTERDAY_EVENING = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)  # 22:00 on 30 November in Heraklion
# 23:30 UTC on 30 November is already 01:30 on 1 December in Heraklion: it counts as today.
AFTER_MIDNIGHT_IN_ATHENS = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
# 22:30 UTC on 1 December is 00:30 on 2 December in Heraklion: tomorrow, not today.
PAST_MIDNIGHT_TONIGHT = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)

NOT_COORDINATOR = "Only a coordinator can undo this."
NOT_ENDED = "There is nothing to undo: it has not ended."
NOT_TODAY = "This can be undone only on the day it was entered."


@pytest.mark.parametrize("entered_at, expected", [
    (THIS_MORNING, True),
    (AFTER_MIDNIGHT_IN_ATHENS, True),
    (YESTERDAY_EVENING, False),
    (PAST_MIDNIGHT_TONIGHT, False),
    (None, False),  # entered before the moment was kept
])
def test_the_day_it_was_entered_is_the_day_in_heraklion(entered_at, expected):
    assert entered_on_day(entered_at, TODAY) is expected


@pytest.mark.parametrize("ended, entered_at, may_undo, expected", [
    (True, THIS_MORNING, True, []),
    (True, THIS_MORNING, False, [NOT_COORDINATOR]),
    (False, None, True, [NOT_ENDED]),
    (False, None, False, [NOT_COORDINATOR]),
    (True, YESTERDAY_EVENING, True, [NOT_TODAY]),
    (True, None, True, [NOT_TODAY]),
    (True, AFTER_MIDNIGHT_IN_ATHENS, True, []),
])
def test_undo_is_for_a_coordinator_on_the_same_day(ended, entered_at, may_undo, expected):
    assert [str(v.message) for v in undo_violations(ended, entered_at, may_undo, TODAY)] == expected
    assert may_offer_undo(ended, entered_at, may_undo, TODAY) is (expected == [])


FREE = DischargeUndoFacts(discharged=True, recorded_at=THIS_MORNING, may_undo=True, her_active_stay_since=False,
                          enrolled_onward=False, room_name="Κνωσός", free_beds_in_room=2, persons=2, places_taken=19,
                          capacity=20)
BED_TAKEN = ("Her bed in room Κνωσός has been taken since: the discharge cannot be undone. "
             "Admit her again instead.")
NO_ROOM = "She had no room when she left: the discharge cannot be undone. Admit her again instead."
FULL = ("The shelter is full: 20 of 20 places are taken. Nobody can be admitted until a woman is discharged.")
READMITTED = "She has been admitted again since, under another case code: the discharge cannot be undone."
ENROLLED = "She has been enrolled in a programme from this stay: the discharge cannot be undone."


@pytest.mark.parametrize("changes, expected", [
    ({}, []),
    ({"free_beds_in_room": 1}, [BED_TAKEN]),  # one of her two beds taken by a new admission
    ({"free_beds_in_room": 0}, [BED_TAKEN]),
    ({"free_beds_in_room": 5}, []),
    ({"places_taken": 20}, [FULL]),
    # she had no room when she left (never placed): no bed to give back, and no room without a name
    ({"room_name": "", "free_beds_in_room": 0}, [NO_ROOM]),
    ({"places_taken": 20, "free_beds_in_room": 0}, [BED_TAKEN, FULL]),
    ({"her_active_stay_since": True}, [READMITTED]),
    ({"enrolled_onward": True}, [ENROLLED]),
    ({"may_undo": False}, [NOT_COORDINATOR]),  # staff: nothing else is even looked at
    ({"may_undo": False, "free_beds_in_room": 0}, [NOT_COORDINATOR]),
    ({"recorded_at": YESTERDAY_EVENING}, [NOT_TODAY]),
    ({"recorded_at": YESTERDAY_EVENING, "free_beds_in_room": 0}, [NOT_TODAY]),
    ({"discharged": False, "recorded_at": None}, [NOT_ENDED]),
])
def test_a_discharge_is_undone_only_if_her_bed_and_place_are_still_free(changes, expected):
    found = discharge_undo_violations(replace(FREE, **changes), TODAY)
    assert [str(v.message) for v in found] == expected
    # The undo is one button, no field: each reason is shown at the top of her file.
    assert [v.field for v in found] == [""] * len(expected)


@pytest.mark.parametrize("status, closed_at, may_undo, expected", [
    ("withdrawn", THIS_MORNING, True, []),
    ("placed_elsewhere", THIS_MORNING, True, []),
    ("withdrawn", THIS_MORNING, False, [NOT_COORDINATOR]),
    ("withdrawn", YESTERDAY_EVENING, True, [NOT_TODAY]),
    ("waiting", None, True, [NOT_ENDED]),
    ("admitted", THIS_MORNING, True, ["This referral was closed by an admission: it cannot be reopened."]),
])
def test_a_referral_closed_by_mistake_goes_back_the_same_day(status, closed_at, may_undo, expected):
    assert [str(v.message) for v in closure_undo_violations(status, closed_at, may_undo, TODAY)] == expected


@pytest.mark.parametrize("is_active, recorded_at, may_undo, active, capacity, expected", [
    (False, THIS_MORNING, True, 59, 60, []),
    (False, THIS_MORNING, True, 60, 60, ["The programme is full again: 60 of 60 places are taken. "
                                         "The exit cannot be undone."]),
    (False, THIS_MORNING, False, 10, 60, [NOT_COORDINATOR]),
    (False, YESTERDAY_EVENING, True, 10, 60, [NOT_TODAY]),
    (True, None, True, 10, 60, [NOT_ENDED]),
])
def test_a_programme_exit_is_undone_the_same_day_if_its_place_is_free(is_active, recorded_at, may_undo, active,
                                                                       capacity, expected):
    found = exit_undo_violations(is_active, recorded_at, may_undo, active, capacity, TODAY)
    assert [str(v.message) for v in found] == expected
