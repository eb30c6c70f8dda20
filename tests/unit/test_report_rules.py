"""The shelter report's pure pieces: destination classes, length bands, mean and median of a histogram."""
from __future__ import annotations

import pytest

from housing.shelter.report import destination_class, length_band, mean_days, median_days


@pytest.mark.parametrize("destination, klass", [
    ("own_home", "permanent"), ("independent_housing", "permanent"), ("reintegration", "permanent"),
    ("relatives", "temporary"), ("other_shelter", "temporary"), ("hospital", "institutional"),
    ("unknown", "unknown"), ("other", "unknown"), ("", "unknown"), ("somewhere-new", "unknown"),
])
def test_destination_classes(destination, klass):
    assert destination_class(destination) == klass


@pytest.mark.parametrize("days, band", [
    (0, "≤ 30"), (30, "≤ 30"), (31, "31–60"), (60, "31–60"), (61, "61–90"), (90, "61–90"), (91, "91–180"),
    (180, "91–180"), (181, "181–365"), (365, "181–365"), (366, "> 365"), (4000, "> 365"),
])
def test_length_bands(days, band):
    assert length_band(days) == band


def test_median_and_mean_of_a_histogram():
    assert median_days({}) is None and mean_days({}) is None
    assert median_days({10: 1, 20: 1, 90: 1}) == 20.0  # odd: the middle one
    assert median_days({10: 1, 20: 1, 30: 1, 90: 1}) == 25.0  # even: halfway between the two middle ones
    assert median_days({5: 3, 100: 1}) == 5.0
    assert mean_days({10: 1, 20: 2}) == pytest.approx(16.7)
