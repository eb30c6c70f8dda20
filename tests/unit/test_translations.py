"""The Greek catalogue keeps up with the code (STYLE.md: every user-visible string gets
its Greek translation in the same change).

The messages are extracted from the current code the way `make extract-messages` does
it (babel.cfg, keyword `_l` besides Babel's defaults), into a catalogue in memory, and
compared with housing/translations/el/LC_MESSAGES/messages.po. No app, no database.
When this fails: run `make extract-messages`, translate what it lists, then
`make translations`.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
MAPPING_FILE = ROOT / "babel.cfg"
GREEK_PO = ROOT / "housing" / "translations" / "el" / "LC_MESSAGES" / "messages.po"
# The Makefile extracts with `pybabel extract -k _l -k lazy_pgettext:1c,2` (flask_babel.lazy_gettext as _l).
EXTRA_KEYWORDS = ["_l", "lazy_pgettext:1c,2"]
GREEK_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    with MAPPING_FILE.open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, str(MAPPING_FILE))
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(EXTRA_KEYWORDS)}
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=keywords):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


@pytest.fixture(scope="module")
def greek() -> Catalog:
    with GREEK_PO.open("rb") as po:
        return read_po(po, locale="el")


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]  # the header has an empty id


def _where(message: Message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:2]) or "?"


def _describe(message: Message) -> str:
    return f"{message.id!r}" + (f" (context {message.context!r})" if message.context else "")


def _placeholders(text: str) -> set[str]:
    """`%(name)d` → "%(name)d", `%s` → "%s"; a literal `%%` is not a placeholder."""
    return {f"%({match.group(1)}){match.group(3)}" if match.group(1) is not None else f"%{match.group(3)}"
            for match in PYTHON_FORMAT.finditer(text) if match.group(3) != "%"}


def test_extraction_finds_messages_in_code_and_templates(extracted):
    """Guards the guard: a broken mapping would otherwise make every other test pass."""
    places = {path.split("/", 1)[0] for message in _messages(extracted) for path, _ in message.locations}
    assert {"housing", "templates"} <= places, places


def test_greek_catalogue_header(greek):
    assert not greek.fuzzy, "the catalogue header is marked fuzzy: pybabel compile would skip the whole file"
    assert greek.plural_forms == GREEK_PLURAL_FORMS


def test_every_message_is_translated_into_greek(extracted, greek):
    problems = []
    for source in _messages(extracted):
        target = greek.get(source.id, context=source.context)
        label = f"{_describe(source)} [{_where(source)}]"
        if target is None:
            problems.append(f"missing from el: {label}")
            continue
        if source.pluralizable != target.pluralizable or (source.pluralizable and source.id != target.id):
            problems.append(f"plural forms differ from the code (re-run make extract-messages): {label}")
            continue
        forms = target.string if isinstance(target.string, (tuple, list)) else (target.string,)
        expected_forms = greek.num_plurals if source.pluralizable else 1
        if len(forms) != expected_forms or not all(form and form.strip() for form in forms):
            problems.append(f"untranslated in el: {label}")
        if target.fuzzy:
            problems.append(f"fuzzy in el: {label}")
    if problems:
        pytest.fail(f"{len(problems)} problem(s) in {GREEK_PO.relative_to(ROOT)}:\n" + "\n".join(problems),
                    pytrace=False)


def test_greek_keeps_every_placeholder(greek):
    """Flask-Babel fills the placeholders by name: a missing one silently drops a number
    from the message, a misspelt one raises KeyError when the page is shown."""
    problems = []
    for message in _messages(greek):
        if not message.string:
            continue  # reported by the test above
        if message.pluralizable:
            singular, plural = message.id
            pairs = [(singular if index == 0 else plural, form) for index, form in enumerate(message.string)]
        else:
            pairs = [(message.id, message.string)]
        for english, translation in pairs:
            if not translation:
                continue
            wanted, found = _placeholders(english), _placeholders(translation)
            if wanted != found:
                problems.append(f"{_describe(message)}: expected {sorted(wanted)}, found {sorted(found)} "
                                f"in {translation!r}")
    if problems:
        pytest.fail("placeholders differ in the Greek catalogue:\n" + "\n".join(problems), pytrace=False)
