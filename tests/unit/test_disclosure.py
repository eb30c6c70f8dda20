"""The primary rule of small-cell suppression, for every count that leaves the service."""
from __future__ import annotations

import pytest

from housing.core.disclosure import outgoing_count


@pytest.mark.parametrize("count, leaves_as", [(0, 0), (1, "<3"), (2, "<3"), (3, 3), (4, 4), (17, 17)])
def test_one_or_two_people_leave_as_fewer_than_three(count, leaves_as):
    assert outgoing_count(count) == leaves_as
