"""Every form of the service, driven with generated input, as every role and as an anonymous visitor.

The routes are found in `app.url_map` (every rule that accepts POST), so a form added later is
fuzzed without anyone writing a line here. Each route's fields come from the WTForms classes its
view builds: the view's code (and the helpers of the package it calls) is read for calls to a form
class, with their `prefix=`; forms built only for display (`formdata=None`) are left out. A POST
route from which no field can be derived fails `test_every_post_route_has_fields_to_fuzz` unless
it is listed in FORMLESS with the reason.

Generated input (Hypothesis): mostly plausible values with a few fields corrupted — empty, huge
(10,000+ characters), control characters, mixed scripts (Greek, Arabic, Cyrillic, emoji, RTL
marks), impossible dates (31/02, 00/00/0000, 29/02 of a common year), negative and enormous
numbers, duplicated fields, missing fields, unknown fields, odd entry numbers. Then a sweep, one
field at a time, from a submission the route accepted: each field left out, empty, huge, odd for
its kind and repeated, the rest valid — where bad input meets the service.

What must hold for every submission:
- never a 5xx;
- a role the route is not for gets 403 (a visitor: the login page) and nothing is written;
- a submission that is not accepted (any answer but a redirect) leaves every table exactly as it
  was — every row of every table, the audit trail included, except what a refusal is meant to
  write (a failed login counted; an audit line for opening a file or a failed attempt);
- a submission that changed anything leaves no half-written record (tests/database_state.py).
Each example runs inside a savepoint that is rolled back afterwards, so every example starts from
the same data and a failure replays exactly.

The CSRF part uses a second app with CSRF on, bound to the same test transaction: a missing,
forged, tampered or foreign token is refused (400) with nothing written, for every role.

FUZZ_EXAMPLES (default 10) sets the random examples per route and permitted role; roles the route
refuses get a fifth of that (at least 3), the CSRF part a quarter (at least 3); the one-field-at-a-time
sweep does not depend on it. FUZZ_SEED=<int> draws other examples than the fixed default sequence.
Run harder by hand, e.g. FUZZ_EXAMPLES=200 FUZZ_SEED=7 .venv/bin/python -m pytest tests/web/test_fuzz_forms.py.
The figures go to test-artifacts/fuzz-figures.json.
"""
from __future__ import annotations

import ast
import inspect
import json
import os
import textwrap
import time
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from collections.abc import Callable

import pyotp
import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import validators
from wtforms import (BooleanField, FieldList, FormField, HiddenField, IntegerField, PasswordField, RadioField,
                     SelectField, SelectMultipleField, SubmitField, TimeField)

from housing import create_app
from housing.auth import sessions
from housing.auth.models import User
from housing.core.clock import now_utc, today
from housing.core.forms import DMYDateField
from housing.core.permissions import ROLES, Access, permissions_for
from housing.extensions import db
from housing.shelter import services as shelter
from tests.database_state import broken_invariants, changed_tables, reflected_tables, snapshot
from tests.live import csrf_token_in
from tests.feed_support import feed_sample
from tests.reintegration_support import reintegration_sample
from tests.safety_support import safety_sample
from tests.support import DEMO_PASSWORD, child, close_database, login, make_room, make_stay, make_user, \
    shelter_operations_sample

ANONYMOUS = "anonymous"
EVERYONE = ("admin", "coordinator", "shelter_staff", "night_shift", "reintegration_staff", ANONYMOUS)
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
REFUSED_EXAMPLES = max(3, FUZZ_EXAMPLES // 5)
CSRF_EXAMPLES = max(3, FUZZ_EXAMPLES // 4)
SWEEP_SEARCH = 2 * FUZZ_EXAMPLES  # plausible submissions tried at most to find one the route accepts
FUZZ_SEED = os.environ.get("FUZZ_SEED")
FIGURES_FILE = "fuzz-figures.json"

# POST routes that have no form class: what they read, and why that is all.
FORMLESS = {
    "auth.logout": "a button; the CSRF token is its only field",
    "auth.end_session": "a button; the CSRF token is its only field, the session is in the URL",
    "auth.end_other_sessions": "a button; the CSRF token is its only field",
    "auth.discard_kept_form": "a button; its one hidden field names her own kept form (tests/web/test_kept_form.py)",
    "shelter.undo_discharge": "a button; the CSRF token is its only field (tests/web/test_undo_endings.py)",
    "shelter.undo_close_referral": "a button; the CSRF token is its only field (tests/web/test_undo_endings.py)",
    "reintegration.undo_exit": "a button; the CSRF token is its only field (tests/web/test_undo_endings.py)",
}

# Fields a view reads from the request besides its form class's fields.
EXTRA_FIELDS: dict[str, Callable[[dict], list]] = {}

# What a refused submission may still write: a failed login is counted, per account and per
# address (and audited, below).
BOOKKEEPING_ON_REFUSAL = {
    "auth.login": {"login_attempt", "user_account.failed_logins", "user_account.locked_until"},
    "auth.second_factor": {"user_account.failed_logins", "user_account.locked_until"},  # wrong codes count too
}
# Audit rows that record a reading or a failed attempt, not a change: a page that shows a
# resident's details is on the trail even when it re-appears with the form's errors.
AUDITED_WITHOUT_CHANGE = {"open_file", "login_failed", "second_factor_failed"}
IGNORED_ROWS = {"audit_entry": lambda row: row["action"] in AUDITED_WITHOUT_CHANGE}

# URL arguments that differ from the sample's default for one route.
ARGUMENT_OVERRIDES = {
    "reintegration.enrol_from_shelter": {"stay_id": "discharged_to_programme_stay_id"},
    "shelter.request_extension": {"stay_id": "stay_without_request_id"},  # the sample's stay has one pending
}


# --- Which fields each route takes ------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text, password, date, time, integer, money, choice, ids, multi, boolean, submit, list
    choices: tuple[str, ...] = ()
    optional: bool = False  # the form accepts it empty
    entries: tuple[FieldSpec, ...] = ()  # the fields of one entry of a repeated group (kind "list")


def forms_built_by(view: Callable) -> list[tuple[type[FlaskForm], str]]:
    """(form class, prefix) of every form the view builds from the request, its helpers included."""
    found: list[tuple[type[FlaskForm], str]] = []
    seen: set = set()

    def walk(function: Callable, depth: int) -> None:
        function = inspect.unwrap(function)
        if function in seen or depth > 4:
            return
        seen.add(function)
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        except (OSError, TypeError):
            return
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name):
                target = function.__globals__.get(node.func.id)
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                target = getattr(function.__globals__.get(node.func.value.id), node.func.attr, None)
            else:
                continue
            if isinstance(target, type) and issubclass(target, FlaskForm):
                keywords = {kw.arg: kw.value for kw in node.keywords}
                formdata = keywords.get("formdata")
                if isinstance(formdata, ast.Constant) and formdata.value is None:
                    continue  # built for display only
                prefix = keywords.get("prefix")
                entry = (target, prefix.value if isinstance(prefix, ast.Constant) else "")
                if entry not in found:
                    found.append(entry)
            elif inspect.isfunction(target) and target.__module__.startswith("housing."):
                walk(target, depth + 1)

    walk(view, 0)
    return found


def _choice_values(choices) -> list[str]:
    """The values of a field's choices: SelectChoice objects, (value, label) pairs, or optgroups."""
    if not choices:
        return []
    if isinstance(choices, dict):
        return [value for group in choices.values() for value in _choice_values(group)]
    return [str(choice.value if hasattr(choice, "value") else next(iter(choice))) for choice in choices]


def _spec_of(bound) -> FieldSpec | None:
    spec = _kind_of(bound)
    if spec is not None and any(isinstance(v, validators.Optional) for v in bound.validators):
        spec = replace(spec, optional=True)
    return spec


def _kind_of(bound) -> FieldSpec | None:
    name = bound.name
    if bound.short_name == "csrf_token":
        return None
    if isinstance(bound, FieldList):
        unbound = bound.unbound_field
        if unbound.field_class is not FormField:
            return FieldSpec(name, "list", entries=(FieldSpec("", "text"),))
        entry_form = unbound.args[0](formdata=None)
        return FieldSpec(name, "list", entries=tuple(s for s in map(_spec_of, entry_form) if s is not None))
    if isinstance(bound, SubmitField):
        return FieldSpec(name, "submit")
    if isinstance(bound, BooleanField):
        return FieldSpec(name, "boolean")
    if isinstance(bound, DMYDateField):
        return FieldSpec(name, "date")
    if isinstance(bound, TimeField):
        return FieldSpec(name, "time")
    if isinstance(bound, IntegerField):
        return FieldSpec(name, "integer")
    if isinstance(bound, PasswordField):
        return FieldSpec(name, "password")
    if isinstance(bound, (SelectField, SelectMultipleField, RadioField)):
        values = tuple(_choice_values(bound.choices))
        kind = "multi" if isinstance(bound, SelectMultipleField) else "choice"
        if not values:  # choices filled in by the view (rooms, caseworkers…) or free (earlier records)
            return FieldSpec(name, "ids" if kind == "choice" else "multi", choices=("new",))
        return FieldSpec(name, kind, choices=values)
    if isinstance(bound, HiddenField) and name.endswith("_id"):
        return FieldSpec(name, "ids")
    if "euro" in type(bound).__name__.lower() or "decimal" in type(bound).__name__.lower():
        return FieldSpec(name, "money")
    return FieldSpec(name, "text")


def fields_of(app, endpoint: str) -> list[FieldSpec]:
    view = app.view_functions[endpoint]
    specs: list[FieldSpec] = []
    with app.test_request_context():
        for form_class, prefix in forms_built_by(view):
            form = form_class(formdata=None, prefix=prefix, meta={"csrf": False})
            for bound in form:
                spec = _spec_of(bound)
                if spec is not None and spec.name not in {s.name for s in specs}:
                    specs.append(spec)
    return specs


def endpoints_for(app, method: str) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if method in rule.methods})


def post_endpoints(app) -> list[str]:
    return endpoints_for(app, "POST")


def discover_endpoints(method: str) -> list[str]:
    """At collection, from an app of its own (the parametrization needs the list before fixtures)."""
    found_app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    try:
        return endpoints_for(found_app, method)
    finally:
        with found_app.app_context():
            close_database()


POST_ENDPOINTS = discover_endpoints("POST")


# --- Generated input ------------------------------------------------------------------------------

SCRIPTS = ("Ελένη Αθηνά Ιωάννα ΣΟΦΊΑ", "فاطمة مرحبا", "Наталья Ёжикова", "🙂👩‍👧‍👦🏳️‍🌈🇬🇷",
           "\u200f\u200e\u202e\u2066\u2069\u061c", "中文 日本語 한국어", "Z̷̢a̴l̶g̸o", "ǅ ß ﬁ İ ı")
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe"]
TRICKS = ["<script>alert(1)</script>", "' OR '1'='1' --", "%s%n%x", "{{ 7*7 }}", "{% raw %}", "../../etc/passwd",
          "NaN", "-0", "1e309", "Infinity", "null", "None", "true", "[]", "{}", "\\", "'", '"', "`", "&amp;",
          "%00", "%ff", "\r\n\r\nHTTP/1.1 200 OK"]
INVALID_DATES = ["31/02/2026", "30/02/2024", "00/00/0000", "29/02/2025", "29/02/2100", "32/01/2026", "15/13/2026",
                 "01/00/2026", "01/01/0001", "31/12/1899", "01/01/10000", "31/04/2026", "2026-02-30", "99999999",
                 "1/1/1", "-1/-1/-1", "٠١/٠١/٢٠٢٦", "۱۴۰۴/۰۱/۰۱", "01/01/２０２６", "1e3/2/2026", "+1/+1/+2026",
                 " / / ", "//", "dd/mm/yyyy", "31/12/9999", "01/01/1900", "28/02/9999"]
ENORMOUS = [str(10**30), str(-10**30), str(2**31), str(-2**31 - 1), str(2**63), str(-2**63 - 1), "9" * 400,
            "1.5", "1e5", "0x10", "+3", " 7 ", "٣", "²", "Ⅻ", "inf", "-inf", "NaN", "--1", "1_000"]

text_characters = st.characters(codec="utf-8", exclude_categories=("Cs",))
huge = st.builds(lambda piece, extra: (piece * (10_001 // len(piece) + 1))[:10_001 + extra],
                 st.sampled_from(["a", "Ω", "🙂", "\u202eمرحبا", "\x01x", "Ελένη ", "<b>"]), st.integers(0, 4_000))
nasty_text = st.one_of(
    st.just(""), st.just("   "),
    st.text(text_characters, max_size=30),
    st.text(st.sampled_from(list("".join(SCRIPTS)) + CONTROL + list("aZ0 ")), min_size=1, max_size=30),
    st.sampled_from(SCRIPTS), st.sampled_from(TRICKS), st.sampled_from(CONTROL), huge,
)
plain_text = st.sampled_from(["Ελένη", "Παπαδάκη", "Fatima", "Наталья", "Test", "A note for the file",
                              "Κνωσού 12, Ηράκλειο", "ΔΥΠΑ", "a"])
numbers = st.one_of(st.integers(-10**40, 10**40).map(str), st.sampled_from(ENORMOUS))


def _dmy(day: date, style: int) -> str:
    return (day.strftime("%d/%m/%Y"), day.isoformat(), day.strftime("%d.%m.%Y"), day.strftime("%d-%m-%Y"))[style]


def plausible_dates(name: str) -> st.SearchStrategy[str]:
    """Days a person would type: birth dates in the past, ends and limits ahead, the rest about today
    (read from the field's name; any of them may still break a rule, which is fine)."""
    if "birth" in name and "-" in name:  # in a repeated group: a child
        offsets = [-365 * 3, -365 * 8, -365 * 15, -365 * 34]
    elif "birth" in name:
        offsets = [-365 * 34, -365 * 25, -365 * 60, -365 * 8]
    elif "until" in name:
        offsets = [1, 2, 7, 0, 30]
    elif "end" in name:
        offsets = [120, 200, 30, 95, 400, -1]
    else:
        offsets = [0, 0, -1, -2, -30, 1]
    return st.builds(lambda offset, style: _dmy(today() + timedelta(days=offset), style),
                     st.sampled_from(offsets), st.sampled_from([0, 0, 0, 1, 2, 3]))


nasty_dates = st.one_of(st.sampled_from(INVALID_DATES),
                        st.builds(_dmy, st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                                  st.integers(0, 3)),
                        nasty_text)


@dataclass
class Hints:
    """Values that make a submission plausible for this sample: ids that exist (by the field's
    name: room_id → the rooms, caseworker_id → the caseworkers…), usernames, a second-factor code."""

    ids: tuple[int, ...]
    ids_by_field: dict[str, tuple[int, ...]]
    usernames: tuple[str, ...]
    totp_code: str

    @classmethod
    def of(cls, sample: dict, extra_usernames: tuple[str, ...] = ()) -> Hints:
        return cls(tuple(sample["ids"]), sample["ids_by_field"], tuple(sample["usernames"]) + extra_usernames,
                   sample["totp_code"])


def plausible(spec: FieldSpec, hints: Hints) -> st.SearchStrategy:
    if spec.optional:
        return st.one_of(st.just(""), _plausible(spec, hints))
    return _plausible(spec, hints)


def _plausible(spec: FieldSpec, hints: Hints) -> st.SearchStrategy:
    name = spec.name.rsplit("-", 1)[-1]
    if spec.kind == "submit":
        return st.just("1")
    if spec.kind == "boolean":
        return st.sampled_from(["y", "y", ""])
    if spec.kind == "date":
        return plausible_dates(spec.name)
    if spec.kind == "time":
        return st.sampled_from(["18:00", "23:59", "00:00", "07:30"])
    if spec.kind == "integer":
        return st.integers(0, 6).map(str)
    if spec.kind == "money":
        return st.sampled_from(["350", "350,50", "1.250,00", "0", "120.5"])
    if spec.kind in ("choice",):
        return st.sampled_from([c for c in spec.choices if c] or [""])
    if spec.kind == "ids":
        known = hints.ids_by_field.get(name)
        if known:
            return st.sampled_from([str(value) for value in known])
        return st.sampled_from([str(value) for value in list(hints.ids) + list(spec.choices)])
    if spec.kind == "multi":
        return st.sampled_from([c for c in spec.choices if c] or ["x"])
    if spec.kind == "password":
        return st.sampled_from([DEMO_PASSWORD, "a long new password 2026!"])
    if name == "username":
        return st.sampled_from(hints.usernames)
    if name == "code":
        return st.sampled_from([hints.totp_code, "123456"])
    if name == "email":
        return st.sampled_from(["someone@example.org", ""])
    return plain_text


def nasty(spec: FieldSpec) -> st.SearchStrategy:
    if spec.kind == "date":
        return nasty_dates
    if spec.kind in ("integer", "ids", "money"):
        return st.one_of(numbers, nasty_text)
    if spec.kind == "time":
        return st.one_of(st.sampled_from(["24:00", "25:61", "-1:00", "18:00:00", "18", "6pm", "١٨:٠٠"]), nasty_text)
    return st.one_of(nasty_text, numbers, nasty_dates)


@st.composite
def submissions(draw, specs: list[FieldSpec], hints: Hints, corrupt: bool = True) -> list[tuple[str, str]]:
    """(name, value) pairs: most fields plausible, a drawn few corrupted, missing or repeated."""
    body: list[tuple[str, str]] = []
    indices = st.sampled_from(range(len(specs))) if specs else st.nothing()
    # A third of the examples are wholly plausible (they reach the service and are often
    # accepted); the others corrupt a few fields, or many.
    corrupted = draw(st.one_of(st.just(frozenset()), st.sets(indices, min_size=1, max_size=2), st.sets(indices))
                     if corrupt else st.just(frozenset()))
    buttons = [spec.name for spec in specs if spec.kind == "submit"]
    main_buttons = [name for name in buttons if name.rsplit("-", 1)[-1].startswith("submit")]
    pressed = draw(st.sampled_from(buttons + main_buttons * 2)) if buttons else None  # a browser sends one
    for index, spec in enumerate(specs):
        if spec.kind == "list":
            body += draw(_list_entries(spec, hints, index in corrupted))
            continue
        if index not in corrupted:
            if spec.kind == "multi":
                body += [(spec.name, value) for value in draw(st.lists(plausible(spec, hints), max_size=3))]
            elif spec.kind != "submit" or spec.name == pressed:
                body.append((spec.name, draw(plausible(spec, hints))))
            continue
        how = draw(st.sampled_from(["missing", "nasty", "repeated", "repeated_nasty_first"]))
        if how == "nasty":
            body.append((spec.name, draw(nasty(spec))))
        elif how == "repeated":
            body += [(spec.name, draw(plausible(spec, hints))), (spec.name, draw(nasty(spec)))]
        elif how == "repeated_nasty_first":
            body += [(spec.name, draw(nasty(spec))), (spec.name, draw(plausible(spec, hints))),
                     (spec.name, draw(nasty(spec)))]
    if corrupt and draw(st.integers(0, 9)) == 0:  # fields nobody asked for, e.g. an attempt at mass assignment
        body += draw(st.lists(st.tuples(st.sampled_from(["id", "user_id", "roles", "admin", "status", "csrf_token",
                                                         "created_by_id", "restricted", "", "__proto__"]),
                                        nasty_text), min_size=1, max_size=3))
    if corrupt and body and draw(st.integers(0, 4)) == 0:
        body = draw(st.permutations(body))
    return body


@st.composite
def _list_entries(draw, spec: FieldSpec, hints: Hints, corrupted: bool) -> list[tuple[str, str]]:
    body: list[tuple[str, str]] = []
    count = draw(st.sampled_from([0, 0, 1, 2]))
    for number in range(count):
        for entry in spec.entries:
            if entry.kind == "submit":
                continue  # "remove this child" is a button of its own
            body.append((f"{spec.name}-{number}-{entry.name}", draw(plausible(entry, hints))))
    if corrupted:
        index = draw(st.sampled_from(["99", "-1", "x", "", "0", "1" * 30, "٣", "²"]))
        entry = draw(st.sampled_from(spec.entries)) if spec.entries else FieldSpec("", "text")
        body.append((f"{spec.name}-{index}-{entry.name}", draw(nasty(entry))))
    return body


def _extra_fields_for(endpoint: str, sample: dict) -> list[FieldSpec]:
    make = EXTRA_FIELDS.get(endpoint)
    return make(sample) if make else []


def _night_check_marks(sample: dict) -> list[FieldSpec]:
    """The night check reads stay-<id> (present/absent) and note-<id> for each woman present."""
    specs = []
    for stay_id in sample["active_stay_ids"]:
        specs += [FieldSpec(f"stay-{stay_id}", "choice", choices=("present", "absent")),
                  FieldSpec(f"note-{stay_id}", "text")]
    return specs


EXTRA_FIELDS["shelter.night_check"] = _night_check_marks


def _confirmation_step(sample: dict) -> list[FieldSpec]:
    """An ending asks before it acts: the confirm press (or "Back") is sent with the form's values."""
    return [FieldSpec("confirm", "submit", optional=True), FieldSpec("back", "submit", optional=True)]


for _asking in ("shelter.discharge", "shelter.referral", "reintegration.exit_programme"):
    EXTRA_FIELDS[_asking] = _confirmation_step


# --- One field at a time ---------------------------------------------------------------------------
#
# Random examples rarely break exactly one field of an otherwise valid form, which is where a
# service or a view meets bad input nothing has stopped earlier. So each route also gets a sweep:
# starting from a submission it accepted, every field in turn is left out, sent empty, sent huge
# with control characters and mixed scripts, sent as an odd value of its kind, and sent twice.

HUGE_MIXED = ("Ελένη\u202eمرحبا\x00\x07Наталья🙂\u200f" * 800)[:12_000]
ODD_VALUES = {
    "date": ["31/02/2026", "00/00/0000", "29/02/2025", "31/12/9999", "01/13/2026", "32/01/2026"],
    "integer": ["-1", str(10**30), "1.5", "-" + "9" * 40],
    "ids": ["abc", str(2**63), "²", "-1", "9" * 400, "0"],
    "money": ["-5", "9" * 30, "1e9", "12,345,67"],
    "time": ["25:61", "-1:00", "24:00"],
    "choice": ["not-a-choice", "0"],
    "multi": ["not-a-choice"],
    "boolean": ["maybe"],
}
ODD_ENTRY_NUMBERS = ["²", "-1", "9" * 30, "٣"]


def _kinds_by_name(specs: list[FieldSpec]) -> dict[str, str]:
    kinds = {}
    for spec in specs:
        if spec.kind == "list":
            for entry in spec.entries:
                kinds[f"{spec.name}-*-{entry.name}"] = entry.kind
        else:
            kinds[spec.name] = spec.kind
    return kinds


def _kind_of_name(name: str, kinds: dict[str, str]) -> str:
    if name in kinds:
        return kinds[name]
    parts = name.split("-")
    if len(parts) == 3:
        return kinds.get(f"{parts[0]}-*-{parts[2]}", "text")
    return "text"


def sweep_bodies(base: list[tuple[str, str]], specs: list[FieldSpec]) -> list[list[tuple[str, str]]]:
    """For each field of `base` (and each field of the form it left out): the base with that one
    field missing, empty, huge, odd for its kind, and repeated."""
    kinds = _kinds_by_name(specs)
    names = list(dict.fromkeys(name for name, _value in base))
    names += [spec.name for spec in specs if spec.kind not in ("list", "submit") and spec.name not in names]
    bodies = []
    for number, name in enumerate(names):
        kind = _kind_of_name(name, kinds)
        if kind == "submit" or name == "csrf_token":
            continue
        odd_values = ODD_VALUES.get(kind, ["   "])
        odd = odd_values[number % len(odd_values)]
        others = [(key, value) for key, value in base if key != name]
        kept = [(key, value) for key, value in base if key == name] or [(name, "")]
        bodies += [others, others + [(name, "")], others + [(name, HUGE_MIXED)], others + [(name, odd)],
                   others + [(name, odd)] + kept]
    for spec in specs:  # entries of a repeated group numbered oddly
        entry = next((e for e in spec.entries if e.kind != "submit"), None) if spec.kind == "list" else None
        if entry is not None:
            bodies += [base + [(f"{spec.name}-{number}-{entry.name}", "1")] for number in ODD_ENTRY_NUMBERS]
    return bodies


def sweep_role(app, endpoint: str) -> str:
    """The role that sweeps a route: the visitor for a public route, else the first role it is for."""
    access = getattr(app.view_functions[endpoint], "required_access", None)
    if access is Access.PUBLIC:
        return ANONYMOUS
    return next(role for role in ROLES if may_use(app, endpoint, role))


# --- The sample the forms act on -------------------------------------------------------------------

@pytest.fixture
def sample(app):
    """One of each record a form can act on, and a user per role (committed inside the test's
    transaction, so gone afterwards)."""
    with app.test_request_context():
        room = make_room(beds=4)
        spare = make_room(beds=3)
        stay = make_stay(room=room, children=[child()])
        values = {"stay_id": stay.id, "room_id": room.id, "bed_id": spare.beds[-1].id, "code": "en",
                  "session_id": 1}
        values.update(shelter_operations_sample(stay, room))
        values.update(reintegration_sample())
        values.update(safety_sample(stay))
        values.update(feed_sample())
        staff = make_user("shelter_staff")
        leaving = make_stay(room=spare, by=staff)
        shelter.discharge(leaving, today(), "Moved on", "reintegration", staff, today())
        values["discharged_to_programme_stay_id"] = leaving.id
        values["stay_without_request_id"] = make_stay(room=spare, by=staff).id
        values["active_stay_ids"] = [stay.id, values["stay_without_request_id"]]
        users = {role: make_user(role, username=f"fuzz-{role}") for role in ROLES}
        caseworkers = [users["reintegration_staff"].id]
        values["user_id"] = staff.id
        entries = {role: shelter.write_shift_entry("handover", "Quiet night", user, now_utc()).id
                   for role, user in users.items()}
        second_factor_user = make_user("coordinator", username="fuzz-second-factor")
        second_factor_user.totp_secret = pyotp.random_base32()
        db.session.commit()
        ids = sorted({value for value in values.values() if isinstance(value, int)} | {room.id, spare.id}
                     | {user.id for user in users.values()})
        ids_by_field = {"room_id": (room.id, spare.id), "caseworker_id": tuple(caseworkers),
                        "staff_id": tuple(caseworkers), "referral_id": (values["referral_id"],),
                        "existing_resident": ("new",)}
        return {**values, "entries": entries, "usernames": [u.username for u in users.values()],
                "ids": ids, "ids_by_field": ids_by_field, "second_factor_user_id": second_factor_user.id,
                "totp_code": pyotp.TOTP(second_factor_user.totp_secret).now()}


def url_for_endpoint(app, endpoint: str, sample: dict, role: str) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods)
    values = dict(sample)
    values.update({argument: sample[source] for argument, source in ARGUMENT_OVERRIDES.get(endpoint, {}).items()})
    if role in sample["entries"]:
        values["entry_id"] = sample["entries"][role]
    return rule.map.bind("localhost").build(endpoint, {name: values[name] for name in rule.arguments})


def may_use(app, endpoint: str, role: str) -> bool:
    access = getattr(app.view_functions[endpoint], "required_access", None)
    if access is Access.PUBLIC:
        return True
    if role == ANONYMOUS:
        return False
    with app.app_context():  # a programme's staff role is the application's own
        return access is Access.AUTHENTICATED or access in permissions_for([role])


# --- Running the examples ---------------------------------------------------------------------------

FIGURES: dict[str, dict] = {}


@pytest.fixture(scope="module", autouse=True)
def fuzz_figures(artifacts_dir, database_url):
    """Counts examples per route and role; written to test-artifacts/fuzz-figures.json (one
    section per database, so the SQLite and PostgreSQL runs of CI both stay in the file)."""
    started = time.monotonic()
    yield FIGURES
    backend = sa.engine.make_url(database_url).get_backend_name()
    per_route = {endpoint: figures for endpoint, figures in sorted(FIGURES.items())}

    def total(key: str) -> int:
        return sum(f.get(key, 0) for route in per_route.values() for f in route.get("roles", {}).values())

    totals = {part: total(part) for part in ("examples", "search_examples", "sweep_examples", "csrf_examples")}
    path = artifacts_dir / FIGURES_FILE
    try:
        everything = json.loads(path.read_text())
    except (OSError, ValueError):
        everything = {}
    everything[backend] = {
        "routes": len(per_route), "roles": list(EVERYONE), "examples_per_permitted_role": FUZZ_EXAMPLES,
        "examples_per_refused_role": REFUSED_EXAMPLES, "csrf_examples_per_role": CSRF_EXAMPLES,
        "seed": FUZZ_SEED or "0 (fixed)", "totals": {**totals, "all": sum(totals.values())},
        "seconds": round(time.monotonic() - started, 1),
        "per_route": per_route,
    }
    path.write_text(json.dumps(everything, indent=2, ensure_ascii=False))


def _record(endpoint: str, role: str, part: str, statuses: Counter, accepted: int) -> None:
    """part: "examples" (generated input) or "csrf_examples" (wrong tokens)."""
    route = FIGURES.setdefault(endpoint, {"roles": {}})
    figures = route["roles"].setdefault(role, {"examples": 0, "accepted": 0, "statuses": {},
                                               "csrf_examples": 0, "csrf_statuses": {}})
    figures[part] += sum(statuses.values())
    figures["accepted"] += accepted
    answers = figures["statuses" if part == "examples" else "csrf_statuses"]
    for status, count in sorted(statuses.items()):
        answers[str(status)] = answers.get(str(status), 0) + count


def _settings(examples: int, *names: str):
    """Examples drawn from a seed of their own per route and role (so roles do not all get the same
    input), fixed unless FUZZ_SEED asks for another sequence: a CI run is repeatable."""
    chosen = settings(max_examples=examples, deadline=None, database=None, print_blob=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.large_base_example, HealthCheck.function_scoped_fixture,
                                             HealthCheck.filter_too_much])
    drawn_from = zlib.crc32(":".join((FUZZ_SEED or "0", *names)).encode())

    def apply(test):
        return seed(drawn_from)(chosen(test))

    return apply


class Session:
    """A test client whose session (logged in, or anonymous) is put back before each example."""

    def __init__(self, client, cookie: str | None):
        self.client, self.cookie = client, cookie

    @classmethod
    def of(cls, client):
        cookie = client.get_cookie("session")
        return cls(client, cookie.value if cookie is not None else None)

    def restore(self) -> None:
        if self.cookie is None:
            self.client.delete_cookie("session")
        else:
            self.client.set_cookie("session", self.cookie)


def _session_for(app, role: str, endpoint: str, sample: dict) -> Session:
    client = app.test_client()
    if role != ANONYMOUS:
        login(client, f"fuzz-{role}")
    elif endpoint == "auth.second_factor":  # past the password step, so the code is what is tried
        with app.app_context():
            token, _step = sessions.start(db.session.get(User, sample["second_factor_user_id"]), "", "", now_utc(),
                                          pending_second_factor=True)
            db.session.commit()
        with client.session_transaction() as session:
            session["second_factor_token"] = token
    return Session.of(client)


def fuzzed_tables(app) -> list[sa.Table]:
    """Every table but user_session: the login's own bookkeeping (activity written once a
    minute, a password step's wrong codes) changes whatever form is sent."""
    return [table for table in reflected_tables(suite_connection(app)) if table.name != "user_session"]


def suite_connection(app) -> sa.Connection:
    """The connection of the test's rolled-back transaction, which every session of the app joins."""
    return db._app_engines[app][None]  # noqa: SLF001 - set by tests/conftest.py


class Examples:
    """Runs generated submissions against one route as one role and checks each outcome."""

    def __init__(self, app, endpoint: str, url: str, ignore: set[str], tables: list[sa.Table]):
        self.endpoint, self.url, self.ignore, self.tables = endpoint, url, ignore, tables
        self.connection = suite_connection(app)
        self.capacity = app.config["SHELTER_CAPACITY"]
        self.statuses: Counter = Counter()
        self.accepted = 0
        self.first_accepted: list[tuple[str, str]] | None = None  # a body the route took: the sweep's base

    def submit(self, session: Session, body: list[tuple[str, str]], must_refuse: set[int] | None = None) -> None:
        """`must_refuse`: the only answers allowed (e.g. {403, "login"} for a role the route is not
        for, {400} for a wrong CSRF token), with nothing written at all."""
        session.restore()
        savepoint = self.connection.begin_nested()
        try:
            before = snapshot(self.connection, self.tables)
            response = session.client.post(self.url, data=MultiDict(body))
            status = response.status_code
            # The guard sends a visitor to log in with ?next=; logging out also ends on /login, as a success.
            to_login = status == 302 and response.headers.get("Location", "").startswith("/login?next=")
            response.close()
            self.statuses[status] += 1
            described = f"POST {self.url} ({self.endpoint}) answered {status}"
            assert status < 500, described
            after = snapshot(self.connection, self.tables)
            changes = changed_tables(before, after)
            # 201: created and shown on the answer itself, once (a feed token, which no redirect may carry).
            refused = status not in (201, 301, 302, 303) or to_login
            if not refused and must_refuse is None and self.first_accepted is None:
                self.first_accepted = list(body)
            if must_refuse is not None:
                answer = "login" if to_login else status
                assert answer in must_refuse and not changes, \
                    f"{described}, expected a refusal ({sorted(map(str, must_refuse))}) with nothing written: {changes}"
            if refused:
                written = changed_tables(before, after, ignore=self.ignore, ignore_rows=IGNORED_ROWS)
                assert not written, f"{described} (refused) but wrote: {written}"
            elif changes:
                self.accepted += 1
                problems = broken_invariants(self.connection, self.capacity)
                assert not problems, f"{described} (accepted) and left: {problems}"
        finally:
            savepoint.rollback()


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_form_survives_generated_input_from_every_role(app, sample, endpoint):
    specs = fields_of(app, endpoint) + _extra_fields_for(endpoint, sample)
    hints = Hints.of(sample, ("nobody", "FUZZ-COORDINATOR"))
    tables = fuzzed_tables(app)
    for role in EVERYONE:
        url = url_for_endpoint(app, endpoint, sample, role)
        runner = Examples(app, endpoint, url, BOOKKEEPING_ON_REFUSAL.get(endpoint, set()), tables)
        session = _session_for(app, role, endpoint, sample)
        permitted = may_use(app, endpoint, role)
        # A role the route is not for is refused before anything is read: 403, or the login page.
        refusal = None if permitted else ({"login"} if role == ANONYMOUS else {403})

        @_settings(FUZZ_EXAMPLES if permitted else REFUSED_EXAMPLES, endpoint, role)
        @given(body=submissions(specs, hints))
        def fuzz(body):
            runner.submit(session, body, must_refuse=refusal)

        fuzz()
        _record(endpoint, role, "examples", runner.statuses, runner.accepted)
        if role == sweep_role(app, endpoint):
            _sweep(runner, session, endpoint, role, specs, hints)


def _sweep(runner: Examples, session: Session, endpoint: str, role: str, specs: list[FieldSpec],
           hints: Hints) -> None:
    if runner.first_accepted is None:  # look on with plausible input only, for a base the route takes
        @_settings(SWEEP_SEARCH, "search", endpoint, role)
        @given(body=submissions(specs, hints, corrupt=False))
        def search(body):
            if runner.first_accepted is None:
                runner.submit(session, body)

        search()
    base = runner.first_accepted
    searched = sum(runner.statuses.values())
    if base is None:  # nothing was accepted: sweep the most plausible body there is
        base = [(spec.name, "1" if spec.kind == "submit" else "") for spec in specs if spec.kind != "list"]
    before = Counter(runner.statuses)
    accepted_before = runner.accepted
    for body in sweep_bodies(base, specs):
        runner.submit(session, body)
    swept = runner.statuses - before
    figures = FIGURES[endpoint]["roles"][role]
    figures["sweep_examples"] = sum(swept.values())
    figures["sweep_from_an_accepted_body"] = runner.first_accepted is not None
    figures["sweep_accepted"] = runner.accepted - accepted_before
    figures["sweep_statuses"] = {str(status): count for status, count in sorted(swept.items())}
    figures["search_examples"] = searched - figures["examples"]


# --- CSRF ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def csrf_app(database_url):
    csrf_on = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=True)
    yield csrf_on
    with csrf_on.app_context():
        close_database()


@pytest.fixture
def csrf_on(app, csrf_app):
    """The CSRF app, bound for this test to the suite's rolled-back transaction."""
    engines = db._app_engines[csrf_app]  # noqa: SLF001 - as tests/conftest.py does for the suite's app
    own = engines[None]
    engines[None] = db._app_engines[app][None]  # noqa: SLF001
    try:
        yield csrf_app
    finally:
        with csrf_app.app_context():
            db.session.remove()
        engines[None] = own


def _csrf_session(app, role: str) -> tuple[Session, str]:
    """A client of the CSRF app, logged in through the real form, and a valid token of its session."""
    client = app.test_client()
    page = client.get("/login")
    token = csrf_token_in(page.get_data(as_text=True))
    page.close()
    if role != ANONYMOUS:
        response = client.post("/login", data={"username": f"fuzz-{role}", "password": DEMO_PASSWORD,
                                                "csrf_token": token})
        assert response.status_code == 302, f"login as fuzz-{role} with its token answered {response.status_code}"
        response.close()
        page = client.get("/account")
        token = csrf_token_in(page.get_data(as_text=True))
        page.close()
    return Session.of(client), token


TOKEN_MISTAKES = ("missing", "forged", "foreign", "tampered", "empty", "repeated_bad_first")


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_form_refuses_a_missing_or_wrong_csrf_token_from_every_role(csrf_on, sample, endpoint):
    app = csrf_on
    specs = fields_of(app, endpoint) + _extra_fields_for(endpoint, sample)
    hints = Hints.of(sample)
    _stranger, foreign_token = _csrf_session(app, ANONYMOUS)
    tables = fuzzed_tables(app)
    for role in EVERYONE:
        url = url_for_endpoint(app, endpoint, sample, role)
        runner = Examples(app, endpoint, url, set(), tables)
        session, token = _csrf_session(app, role)

        @_settings(CSRF_EXAMPLES, "csrf", endpoint, role)
        @given(body=submissions(specs, hints), mistake=st.sampled_from(TOKEN_MISTAKES), forged=nasty_text)
        def fuzz(body, mistake, forged):
            body = [(name, value) for name, value in body if name != "csrf_token"]
            wrong = {"missing": None, "forged": forged, "foreign": foreign_token, "empty": "",
                     "tampered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                     "repeated_bad_first": forged}[mistake]
            if wrong is not None:
                body.append(("csrf_token", wrong))
            if mistake == "repeated_bad_first":
                body.append(("csrf_token", token))
            runner.submit(session, body, must_refuse={400})

        fuzz()
        _record(endpoint, role, "csrf_examples", runner.statuses, runner.accepted)
        assert set(runner.statuses) == {400}, runner.statuses


# --- Every POST route is covered ------------------------------------------------------------------

def test_every_post_route_has_fields_to_fuzz(app):
    assert post_endpoints(app) == POST_ENDPOINTS
    without_fields = [endpoint for endpoint in post_endpoints(app)
                      if not fields_of(app, endpoint) and endpoint not in FORMLESS]
    assert without_fields == [], "POST routes whose form fields cannot be derived: add them to FORMLESS with why"
    assert set(FORMLESS) <= set(post_endpoints(app)), "FORMLESS names a route that no longer exists"


def test_fields_are_derived_from_the_forms_the_views_build(app):
    """The derivation reads prefixes and helpers: a sample of what it must find."""
    names = {endpoint: {spec.name for spec in fields_of(app, endpoint)} for endpoint in
             ("shelter.admit", "auth.account", "shelter.holds", "shelter.discharge")}
    assert {"first_name", "birth_date", "room_id", "children", "submit"} <= names["shelter.admit"]
    assert {"pw-current_password", "pw-new_password", "lang-locale"} <= names["auth.account"]
    assert {"room_id", "beds", "until_day", "until_time", "submit_hold"} <= names["shelter.holds"]
    assert names["shelter.discharge"] == {"discharged_on", "destination", "reason", "contact_consent",
                                          "contact_channel", "contact_phone", "contact_service", "submit"}
