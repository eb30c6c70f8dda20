"""The night as pure functions: which night a moment belongs to, what the night shift sees,
the night check's completeness, the shift log's correction window and whom a line may name."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from collections.abc import Callable, Iterable

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.names import name_key


NIGHT_STARTS_AT_HOUR = 12


def night_of(moment_in_athens: datetime) -> date:
    """The night a moment belongs to: from noon to noon, so a check at 03:00 on the 27th is
    the check of the night of the 26th."""
    day = moment_in_athens.date()
    return day if moment_in_athens.hour >= NIGHT_STARTS_AT_HOUR else day - timedelta(days=1)


NIGHTS_SEEN_BY_THE_NIGHT_SHIFT = 2  # tonight's check and last night's


def earliest_night_visible(tonight: date, sees_case_history: bool) -> date | None:
    """The night shift sees tonight's check and last night's, nothing older: old checks hold the
    names and absence notes of women long gone. Staff and coordinators keep the history (None)."""
    if sees_case_history:
        return None
    return tonight - timedelta(days=NIGHTS_SEEN_BY_THE_NIGHT_SHIFT - 1)


def night_visible(night: date, tonight: date, sees_case_history: bool) -> bool:
    earliest = earliest_night_visible(tonight, sees_case_history)
    return earliest is None or night >= earliest


def night_check_violations(marks: dict[int, tuple[bool | None, str]], expected_stays: set[int]) -> list[Violation]:
    """Every woman present tonight is marked present or absent; only those."""
    found: list[Violation] = []
    unknown = set(marks) - expected_stays
    if unknown:
        found.append(Violation("", _l("The list changed while you were checking: reload the page.")))
    for stay_id in sorted(expected_stays):
        present, _note = marks.get(stay_id, (None, ""))
        if present is None:
            found.append(Violation(f"stay-{stay_id}", _l("Mark her present or absent.")))
    return found


def with_remaining_present(marks: dict[int, tuple[bool | None, str]]) -> dict[int, tuple[bool | None, str]]:
    """"All remaining present": every woman not yet marked is marked present; a woman already
    marked keeps her mark (an absence is never turned into a presence)."""
    return {stay_id: (True if present is None else present, note) for stay_id, (present, note) in marks.items()}


SHIFT_LOG_EDIT_MINUTES = 15


def shift_entry_editable(written_at: datetime, now: datetime, author_id: int, user_id: int) -> bool:
    """Its author may correct an entry for 15 minutes; after that it stands as written."""
    return author_id == user_id and now - written_at <= timedelta(minutes=SHIFT_LOG_EDIT_MINUTES)




def text_may_name(text: str, first_name: str, last_name: str, case_codes: Iterable[str] = ()) -> bool:
    """A free text (a shift-log line) may name a woman when each word of her first name and of her
    last name begins a word of it, whatever the accents, capitals or sigma ("της ΠΑΠΑΔΑΚΗ" and
    "Μαρίας" count: Greek declines names), or when one of her case codes appears in it."""
    return names_her(first_name, last_name, case_codes)(text)


def names_her(first_name: str, last_name: str, case_codes: Iterable[str] = ()) -> Callable[[str], bool]:
    """`text_may_name` for one woman over many texts: her names and codes are folded once (the
    purge reads the whole shift log for each woman it anonymises)."""
    codes = [name_key(code) for code in case_codes if code]
    first, last = name_key(first_name).split(), name_key(last_name).split()
    words = first + last
    # an anonymised ("—") or empty name names nobody
    names_someone = bool(first and last and all(any(ch.isalnum() for ch in word) for word in words))
    patterns = [re.compile(rf"(?<!\w){re.escape(word)}") for word in words]

    def names(text: str) -> bool:
        folded = name_key(text)
        if any(code in folded for code in codes):
            return True
        return names_someone and all(pattern.search(folded) for pattern in patterns)

    return names
