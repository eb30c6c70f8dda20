"""Truth tables for the privacy rules: which shift-log lines may name a woman, and which
nights' checks the night shift may see."""
from __future__ import annotations

from datetime import date

import pytest

from housing.shelter.night import rules


@pytest.mark.parametrize("text, first, last, codes, named", [
    ("Η Μαρία Παπαδάκη γύρισε στις 23:00", "Μαρία", "Παπαδάκη", (), True),
    ("Η ΜΑΡΙΑ ΠΑΠΑΔΑΚΗ γύρισε", "Μαρία", "Παπαδάκη", (), True),               # capitals, no accents
    ("η μαρια παπαδακη γυρισε", "Μαρία", "Παπαδάκη", (), True),
    ("Τηλεφώνησε ο αδερφός της Μαρίας · κ. Παπαδάκη", "Μαρία", "Παπαδάκη", (), True),  # declined, apart
    ("Ο κ. Νικολαΐδης ήρθε", "Άννα", "Νικολαΐδης", (), False),                 # last name only
    ("Η Μαρία ζήτησε κουβέρτα", "Μαρία", "Παπαδάκη", (), False),               # first name only
    ("Η Αναμαρία Παπαδάκη", "Μαρία", "Παπαδάκη", (), False),                  # inside a word is another name
    ("Επίσκεψη για SH-2019-003 στην πόρτα", "Μαρία", "Παπαδάκη", ("SH-2019-003",), True),
    ("επίσκεψη για sh-2019-003", "Μαρία", "Παπαδάκη", ("SH-2019-003",), True),
    ("Επίσκεψη για SH-2019-004", "Μαρία", "Παπαδάκη", ("SH-2019-003",), False),
    ("Ο Γιώργος Παπαδάκης", "Γεωργία", "Παπαδάκης", (), False),
    ("Amira Haddad signed out", "Amira", "Haddad", (), True),
    ("AMIRA HADDAD", "amira", "haddad", (), True),
    ("Ελένη Μαρία Κωστάκη", "Ελένη Μαρία", "Κωστάκη", (), True),               # two first names
    ("Ελένη Κωστάκη", "Ελένη Μαρία", "Κωστάκη", (), False),
    ("— —", "—", "—", (), False),                                               # an anonymised name names nobody
    ("Any text at all", "", "", (), False),
])
def test_text_may_name(text, first, last, codes, named):
    assert rules.text_may_name(text, first, last, codes) is named


TONIGHT = date(2026, 12, 1)  # e.g. 03:00 on 2 December is still the night of 1 December


@pytest.mark.parametrize("night, sees_history, visible", [
    (date(2026, 12, 1), False, True),    # tonight
    (date(2026, 11, 30), False, True),   # last night
    (date(2026, 11, 29), False, False),  # the night before: not for the night shift
    (date(2025, 6, 3), False, False),
    (date(2026, 11, 29), True, True),    # staff and coordinators keep the history
    (date(2025, 6, 3), True, True),
    (date(2026, 12, 1), True, True),
])
def test_which_nights_a_role_may_see(night, sees_history, visible):
    assert rules.night_visible(night, TONIGHT, sees_history) is visible


@pytest.mark.parametrize("tonight, sees_history, earliest", [
    (date(2026, 12, 1), False, date(2026, 11, 30)),
    (date(2026, 3, 1), False, date(2026, 2, 28)),
    (date(2024, 3, 1), False, date(2024, 2, 29)),
    (date(2026, 1, 1), False, date(2025, 12, 31)),
    (date(2026, 12, 1), True, None),
])
def test_earliest_night_the_night_shift_sees(tonight, sees_history, earliest):
    assert rules.earliest_night_visible(tonight, sees_history) == earliest
