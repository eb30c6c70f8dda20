"""Truth tables for extensions, the night, holds and referrals."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

import pytest

from housing.core.clock import ATHENS
from housing.shelter.extensions import rules as extension_rules
from housing.shelter.night import rules as night_rules
from housing.shelter.rooms import rules as room_rules
from housing.shelter.waiting import rules as waiting_rules

END = date(2026, 12, 1)


@pytest.mark.parametrize("active, proposed, reason, pending, fields", [
    (True, date(2026, 12, 2), "needs time", False, []),
    (True, END, "needs time", False, ["proposed_end"]),             # not after the current end
    (True, date(2026, 11, 30), "needs time", False, ["proposed_end"]),
    (True, None, "needs time", False, ["proposed_end"]),
    (True, date(2027, 1, 1), "  ", False, ["reason"]),
    (True, date(2027, 1, 1), "x", True, [""]),                      # one pending request at a time
    (False, date(2027, 1, 1), "x", False, [""]),                    # a discharged stay
])
def test_extension_request(active, proposed, reason, pending, fields):
    found = extension_rules.extension_request_violations(active, END, proposed, reason, pending)
    assert [v.field for v in found] == fields


@pytest.mark.parametrize("requester, decider, allowed", [(1, 2, True), (2, 2, False)])
def test_nobody_decides_their_own_request(requester, decider, allowed):
    assert extension_rules.may_decide_extension(requester, decider) is allowed


@pytest.mark.parametrize("status, active, approve, new_end, note, fields", [
    ("pending", True, True, date(2027, 1, 1), "ok", []),
    ("pending", True, False, None, "no flat needed", []),
    ("pending", True, True, END, "ok", ["decided_end"]),
    ("pending", True, True, None, "ok", ["decided_end"]),
    ("pending", True, True, date(2027, 1, 1), "", ["note"]),
    ("approved", True, True, date(2027, 1, 1), "ok", [""]),          # decided already: no second decision
    ("pending", False, True, date(2027, 1, 1), "ok", [""]),
])
def test_extension_decision(status, active, approve, new_end, note, fields):
    found = extension_rules.extension_decision_violations(status, active, approve, new_end, END, note)
    assert [v.field for v in found] == fields


@pytest.mark.parametrize("moment, night", [
    (datetime(2026, 11, 26, 23, 30, tzinfo=ATHENS), date(2026, 11, 26)),
    (datetime(2026, 11, 27, 3, 0, tzinfo=ATHENS), date(2026, 11, 26)),    # 3 a.m. belongs to the night before
    (datetime(2026, 11, 27, 11, 59, tzinfo=ATHENS), date(2026, 11, 26)),
    (datetime(2026, 11, 27, 12, 0, tzinfo=ATHENS), date(2026, 11, 27)),
    (datetime(2027, 1, 1, 0, 30, tzinfo=ATHENS), date(2026, 12, 31)),     # across the year end
])
def test_night_of(moment, night):
    assert night_rules.night_of(moment) == night


def test_night_check_needs_every_woman_marked():
    assert night_rules.night_check_violations({1: (True, ""), 2: (False, "")}, {1, 2}) == []
    missing = night_rules.night_check_violations({1: (True, ""), 2: (None, "")}, {1, 2})
    assert [v.field for v in missing] == ["stay-2"]
    stale = night_rules.night_check_violations({1: (True, ""), 9: (True, "")}, {1})
    assert [v.field for v in stale] == [""]


T0 = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize("minutes, author, user, editable", [
    (0, 1, 1, True), (15, 1, 1, True), (15.02, 1, 1, False), (60, 1, 1, False), (1, 1, 2, False)])
def test_shift_entries_are_editable_by_their_author_for_15_minutes(minutes, author, user, editable):
    assert night_rules.shift_entry_editable(T0, T0 + timedelta(minutes=minutes), author, user) is editable


@pytest.mark.parametrize("beds, free, until, fields", [
    (1, 2, T0 + timedelta(hours=5), []),
    (3, 2, T0 + timedelta(hours=5), ["beds"]),
    (0, 2, T0 + timedelta(hours=5), ["beds"]),
    (1, 2, T0, ["held_until"]),
    (1, 2, T0 + timedelta(days=15), ["held_until"]),
    (1, 2, None, ["held_until"]),
])
def test_hold(beds, free, until, fields):
    assert [v.field for v in room_rules.hold_violations(beds, free, "Κνωσός", until, T0)] == fields


def test_referral_flags_name_the_child_and_the_rule():
    flags = waiting_rules.referral_child_flags([(13, "M"), (11, "M"), (17, "F"), (18, "F")], {"F": 18, "M": 12})
    assert len(flags) == 2
    assert "Child 1" in flags[0] and "13" in flags[0] and "boys may stay until the age of 12" in flags[0]
    assert "Child 4" in flags[1] and "girls may stay until the age of 18" in flags[1]
