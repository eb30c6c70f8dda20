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


def full_name_key(first_name: str, last_name: str) -> str:
    """The search key stored for a person: her first and last name, folded by `search_key`;
    empty for an anonymised record, which no search may find."""
    if ANONYMOUS in (first_name.strip(), last_name.strip()):
        return ""
    return search_key(f"{first_name} {last_name}")


def same_person(first_name: str, last_name: str, birth_date: date | None,
                other_first: str, other_last: str, other_birth: date | None) -> bool:
    """Possibly the same person: same date of birth and the same name, whatever the case, the
    accents or the alphabet ("ΠΑΠΑΔΑΚΗ" and "Papadaki" are "Παπαδάκη", by ELOT 743)."""
    key = full_name_key(first_name, last_name)
    return (birth_date is not None and birth_date == other_birth and key != ""
            and key == full_name_key(other_first, other_last))


def escape_like(text: str) -> str:
    """Text searched with LIKE … ESCAPE '\\': its own % and _ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def case_code_pattern(typed: str) -> str:
    """The LIKE pattern that finds a case code (SH-2026-014: capitals, digits, hyphens) as typed
    in any case, without lower() applied to every row."""
    return f"%{escape_like(typed.strip().upper())}%"


def name_patterns(typed: str) -> list[str]:
    """The LIKE patterns of a name search on the stored search key: each word of the query,
    folded by `search_key`, somewhere in the name, in any order ("papadaki eleni")."""
    return [f"%{escape_like(word)}%" for word in search_words(typed)]


# --- Search: one key for Greek and Latin --------------------------------------------------

_LETTERS = {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
            "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
            "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o"}
# Two letters read as one sound; checked before the single letters.
_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch", "ντ": "nt"}
# ΑΥ, ΕΥ, ΗΥ read v before a vowel or a voiced consonant, f before a voiceless one or at the end.
_VOWELS_AND_VOICED = set("αεηιουωβγδζλμνρ")
_DIAERESIS = "\u0308"


def _greek_letters(text: str) -> list[tuple[str, bool]]:
    """The text's characters, lower-case and without accents, each with whether it bore a
    diaeresis (ϊ, ϋ: the vowel is read on its own, "Ταΰγετος" is not "Tavgetos")."""
    letters: list[tuple[str, bool]] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(ch):
            if ch == _DIAERESIS and letters:
                letters[-1] = (letters[-1][0], True)
            continue
        letters.append((ch.replace("ς", "σ"), False))
    return letters


def transliterate(text: str) -> str:
    """Greek to Latin by ELOT 743 (the Greek standard, used on passports), lower-case, without
    accents: ΑΥ/ΕΥ/ΗΥ → av/ev/iv before a vowel or β γ δ ζ λ μ ν ρ, af/ef/if otherwise;
    ΟΥ → ou; ΜΠ → b at the start of a word, mp inside; ΝΤ → nt; ΓΓ → ng; ΓΚ → gk; ΓΞ → nx;
    ΓΧ → nch; Θ → th; Χ → ch; Ψ → ps; Ξ → x; Η, Ι → i; Υ → y; Ω → o; Β → v. Other characters
    (Latin letters, digits, hyphens) are kept as they are."""
    letters = _greek_letters(text)
    out: list[str] = []
    i = 0
    while i < len(letters):
        ch, _ = letters[i]
        following, following_diaeresis = letters[i + 1] if i + 1 < len(letters) else ("", False)
        pair = ch + following
        if ch in "αεη" and following == "υ" and not following_diaeresis:
            after = letters[i + 2][0] if i + 2 < len(letters) else ""
            out.append(_LETTERS[ch] + ("v" if after in _VOWELS_AND_VOICED else "f"))
            i += 2
        elif pair == "μπ":
            at_start = i == 0 or not letters[i - 1][0].isalpha()
            out.append("b" if at_start else "mp")
            i += 2
        elif pair in _PAIRS and not (pair == "ου" and following_diaeresis):
            out.append(_PAIRS[pair])
            i += 2
        else:
            out.append(_LETTERS.get(ch, ch))
            i += 1
    return "".join(out)


def search_key(text: str) -> str:
    """A name folded for search, stored beside each person and computed the same way from what is
    typed, so that the two are compared with LIKE: case, accents, either sigma and extra spaces do
    not matter, and Greek is read in Latin letters by ELOT 743 — "ΕΛΕΝΗ", "ελενη", "Ελένη" and
    "Eleni" all give "eleni", "Μπακογιάννη" gives "bakogianni". Letters, digits and hyphens are
    kept; any other sign separates words ("—", an anonymised name, gives "").

    What it does not match: spellings other than ELOT 743's — "Giannis" finds "Γιάννης" but
    "Yannis" does not, nor "Evaggelia" "Ευαγγελία" (ELOT: Evangelia), nor "Hatzi" "Χατζή"
    (ELOT: Chatzi), nor "Kiriaki" "Κυριακή" (ELOT: Kyriaki); and a fragment typed on its own
    may read otherwise than inside the name: "Ευ" alone is "ef", while "Ευα" is "eva"; "μπ" at
    the start of a query is "b", so "μπακ" finds "Μπακογιάννη" but not "Καμπάκη" (kampaki)."""
    latin = transliterate(text)
    words = "".join(ch if ch.isalnum() or ch == "-" else " " for ch in latin)
    return " ".join(words.split())


def search_words(typed: str) -> list[str]:
    """The words of a search box, each folded by `search_key`: every one must appear in the name."""
    return search_key(typed).split()
