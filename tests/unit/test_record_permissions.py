"""Yes/no questions asked of the records in the authorise step, as truth tables."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, UTC

import pytest

from housing.core.permissions import Permission
from housing.shelter.models import ExtensionRequest, ShiftLogEntry, Stay


@dataclass
class FakeUser:
    id: int
    permissions: frozenset = frozenset()

    def can(self, permission) -> bool:
        return permission in self.permissions


DECIDES = frozenset({Permission.DECIDE_EXTENSION})


@pytest.mark.parametrize("requested_by, user, allowed", [
    (1, FakeUser(2, DECIDES), True),   # a coordinator who did not ask
    (2, FakeUser(2, DECIDES), False),  # her own request
    (1, FakeUser(2), False),           # staff who did not ask: not theirs to decide
    (2, FakeUser(2), False),
])
def test_who_decides_an_extension(requested_by, user, allowed):
    assert ExtensionRequest(requested_by_id=requested_by).can_decide(user) is allowed


WRITTEN = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("author, minutes_later, allowed", [
    (1, 0, True),
    (1, 15, True),    # the last minute of the window
    (1, 16, False),
    (2, 5, False),    # not hers
])
def test_who_corrects_a_shift_log_entry(author, minutes_later, allowed):
    entry = ShiftLogEntry(author_id=author, written_at=WRITTEN)
    assert entry.can_edit(FakeUser(1), WRITTEN + timedelta(minutes=minutes_later)) is allowed


ENROLS = frozenset({Permission.ENROL_FROM_SHELTER})


@pytest.mark.parametrize("discharged, destination, permissions, allowed", [
    (True, "reintegration", ENROLS, True),
    (False, "", ENROLS, False),                # still here
    (True, "own_home", ENROLS, False),         # left for another destination
    (True, "reintegration", frozenset(), False),  # not someone who enrols
    (True, "anoiko", ENROLS, False),           # left for another programme than the one asked about
])
def test_who_enrols_her_from_her_stay(discharged, destination, permissions, allowed):
    stay = Stay(discharged_on=WRITTEN.date() if discharged else None, destination=destination)
    assert stay.may_be_enrolled_by(FakeUser(1, permissions), "reintegration") is allowed
