"""Walking order through the building, read from the floors as the admin wrote them."""
from __future__ import annotations

import pytest

from housing.shelter.night.rules import with_remaining_present
from housing.shelter.rooms.rules import floor_rank, group_by_floor

IN_WALKING_ORDER = ["Υπόγειο", "Ισόγειο", "1ος όροφος", "Πρώτος όροφος", "2nd floor", "Δεύτερος όροφος",
                    "3ος όροφος", "10ος όροφος", "Σοφίτα", ""]


def test_floors_come_basement_ground_then_by_number_then_unnumbered_then_none():
    shuffled = ["10ος όροφος", "", "Σοφίτα", "3ος όροφος", "Ισόγειο", "2nd floor", "Υπόγειο", "Δεύτερος όροφος",
                "1ος όροφος", "Πρώτος όροφος"]
    ranked = sorted(shuffled, key=floor_rank)
    assert [floor_rank(floor)[0] for floor in ranked] == [-1, 0, 1, 1, 2, 2, 3, 10, 1000, 1001]
    assert ranked[:2] == ["Υπόγειο", "Ισόγειο"] and ranked[-3:] == ["10ος όροφος", "Σοφίτα", ""]


@pytest.mark.parametrize("floor, rank", [
    ("ΙΣΟΓΕΙΟ", 0), ("Ground floor", 0), ("ground", 0), ("Basement", -1), ("First floor", 1),
    ("  2ος   όροφος ", 2), ("όροφος 4", 4), ("Ταράτσα", 1000), ("", 1001),
])
def test_floor_rank_reads_the_floor_whatever_the_case_accents_or_spaces(floor, rank):
    assert floor_rank(floor)[0] == rank


def test_grouping_keeps_the_order_within_a_floor():
    rooms = [("Κνωσός", "1ος όροφος"), ("Αριάδνη", "Ισόγειο"), ("Ζάκρος", "1ος όροφος"), ("Φαιστός", "Ισόγειο")]
    assert group_by_floor(rooms, lambda room: room[1]) == [
        ("Ισόγειο", [("Αριάδνη", "Ισόγειο"), ("Φαιστός", "Ισόγειο")]),
        ("1ος όροφος", [("Κνωσός", "1ος όροφος"), ("Ζάκρος", "1ος όροφος")]),
    ]


def test_all_remaining_present_marks_only_those_not_yet_marked():
    marks = {1: (None, ""), 2: (False, "στη θεία της"), 3: (True, ""), 4: (None, "typed but not chosen")}
    assert with_remaining_present(marks) == {1: (True, ""), 2: (False, "στη θεία της"), 3: (True, ""),
                                             4: (True, "typed but not chosen")}
