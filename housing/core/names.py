"""Names as people compare them: the matching every area uses to find earlier records and
to search by name. Pure functions."""
from __future__ import annotations

import unicodedata
from datetime import date

# What a purged name reads as, in every area.
ANONYMOUS = "—"


def name_key(name: str) -> str:
    """A name as compared when looking for earlier records: case, accents (τόνοι) and
    extra spaces do not matter — "ΠΑΠΑΔΑΚΗ" is "Παπαδάκη"."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.replace("ς", "σ").split())


def same_person(first_name: str, last_name: str, birth_date: date | None,
                other_first: str, other_last: str, other_birth: date | None) -> bool:
    """Possibly the same person: same date of birth and the same name, whatever the case or
    accents ("ΠΑΠΑΔΑΚΗ" is "Παπαδάκη")."""
    return (birth_date is not None and birth_date == other_birth
            and name_key(first_name) == name_key(other_first) and name_key(last_name) == name_key(other_last))


def escape_like(text: str) -> str:
    """Text searched with LIKE … ESCAPE '\\': its own % and _ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_pattern(terms: str) -> str:
    """The LIKE pattern of a search box: the lower-cased terms anywhere in the value."""
    return f"%{escape_like(terms.lower())}%"
