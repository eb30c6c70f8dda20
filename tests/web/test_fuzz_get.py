"""Every page of the service (every GET route), with generated addresses and query strings, as every
role and as an anonymous visitor.

The routes are found in `app.url_map` (every rule that answers GET), so a page added later is
fuzzed without anyone writing a line here. Path parameters get generated values: the sample's
real ids, ids that do not exist, ids past the database's integer (2**31, twenty nines), digits
of other scripts ("٣", "²", "１２"), signs, spaces, leading zeros, and text of every kind for
the text parameters. Query strings get the parameters the view reads (found in its code:
`request.args.get("…")` and forms built from `request.args`, helpers included; QUERY_PARAMETERS
adds what the code does not show) with plausible and hostile values, plus keys nobody reads,
repeated keys and `next=` with CR/LF.

What must hold for every request:
- never a 5xx;
- an address that does not match the route is 404; one that matches, for a role the route is
  not for, is 403 (a visitor: the login page) — whether the record exists or not;
- the database is unchanged, but for the audit rows of a reading (a file opened, a download),
  and a refused request writes nothing at all.
Each example runs inside a savepoint that is rolled back afterwards.

GET_FUZZ_EXAMPLES (default 6) sets the examples per route and permitted role; roles the route
refuses get a third of that (at least 2). FUZZ_SEED=<int> draws other examples, as in
tests/web/test_fuzz_forms.py. Run harder by hand, e.g.
GET_FUZZ_EXAMPLES=200 FUZZ_SEED=7 .venv/bin/python -m pytest tests/web/test_fuzz_get.py.
"""
from __future__ import annotations

import ast
import inspect
import os
import re
import textwrap
from collections import Counter
from collections.abc import Callable
from urllib.parse import quote, urlencode

import pytest
from flask import request
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from housing.core.permissions import Access
from housing.extensions import db
from tests.database_state import changed_tables, reflected_tables, snapshot
from tests.web.test_fuzz_forms import (ANONYMOUS, EVERYONE, ENORMOUS, Session, _session_for, _settings,
                                       discover_endpoints, endpoints_for, may_use, nasty_dates, nasty_text, numbers, sample,  # noqa: F401
                                       suite_connection)

# Audit rows a page may write: the opening of a file, a download of the trail or of one person's data.
READINGS = {"open_file", "export_audit", "subject_access"}
READING_ROWS = {"audit_entry": lambda row: row["action"] in READINGS}
GET_FUZZ_EXAMPLES = int(os.environ.get("GET_FUZZ_EXAMPLES", "6"))
REFUSED_GET_EXAMPLES = max(2, GET_FUZZ_EXAMPLES // 3)

# Query parameters a view reads that its code does not show by name (read through a helper of
# another package, or by the guard): endpoint → names.
QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "auth.login": ("next",),
}
# Any page may be reached with these (links carry them, people paste them).
COMMON_PARAMETERS = ("next", "page", "before", "q", "lang", "id")

ODD_IDS = ["0", "00001", str(2**31 - 1), str(2**31), str(2**32), str(2**63), "9" * 20, "99999999999999999999",
           "9" * 400, "-1", "+1", "1.0", "1e3", "٣", "²", "１２", "Ⅻ", " 1", "1 ", "0x10", "%00", "", "x"]
HOSTILE_NEXT = ["/shelter/board\r\nSet-Cookie: session=stolen", "/\n", "/%0d%0aLocation: //evil.example",
                "//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil", "/ok\x00", "/ok\x7f",
                "javascript:alert(1)", " /shelter/board", "/shelter/board\u2028", "/" + "a" * 5000]


# --- Which routes, with which parameters --------------------------------------------------------

GET_ENDPOINTS = discover_endpoints("GET")

_PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def path_parameters(rule) -> list[tuple[str, str]]:
    """(name, converter) of each placeholder of the rule, e.g. ("stay_id", "int")."""
    return [(name, converter or "default") for converter, name in _PLACEHOLDER.findall(rule.rule)]


def _reads_from_args(function: Callable) -> tuple[set[str], list[type[FlaskForm]]]:
    """Names the function (and the housing helpers it calls) reads from request.args, and the form
    classes it builds from request.args."""
    names: set[str] = set()
    forms: list[type[FlaskForm]] = []
    seen: set = set()

    def is_request_args(node) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "args" and isinstance(node.value, ast.Name)
                and node.value.id == "request")

    def walk(function: Callable, depth: int) -> None:
        function = inspect.unwrap(function)
        if function in seen or depth > 3:
            return
        seen.add(function)
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        except (OSError, TypeError):
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and is_request_args(node.value) and isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and is_request_args(func.value) and node.args \
                    and isinstance(node.args[0], ast.Constant):  # request.args.get("x"), .getlist("x")
                names.add(node.args[0].value)
                continue
            if isinstance(func, ast.Name):
                target = function.__globals__.get(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                target = getattr(function.__globals__.get(func.value.id), func.attr, None)
            else:
                continue
            if isinstance(target, type) and issubclass(target, FlaskForm):
                given_args = list(node.args) + [kw.value for kw in node.keywords if kw.arg == "formdata"]
                if any(is_request_args(arg) for arg in given_args) and target not in forms:
                    forms.append(target)
            elif inspect.isfunction(target) and target.__module__.startswith("housing."):
                walk(target, depth + 1)

    walk(function, 0)
    return names, forms


@st.composite
def _form_value(draw, field) -> str:
    from wtforms import SelectField

    from housing.core.forms import DMYDateField

    if isinstance(field, SelectField) and field.choices:
        values = [str(getattr(choice, "value", choice[0] if isinstance(choice, tuple) else choice))
                  for choice in field.choices]
        return draw(st.one_of(st.sampled_from(values), nasty_text))
    if isinstance(field, DMYDateField):
        return draw(st.one_of(nasty_dates, st.just("01/12/2026")))
    return draw(st.one_of(nasty_text, numbers, st.sampled_from(ODD_IDS)))


def query_parameters(app, endpoint: str) -> dict[str, list]:
    """name → the bound form field it fills (None for a plain request.args read)."""
    with app.test_request_context():  # the view's globals include request-bound proxies
        names, forms = _reads_from_args(app.view_functions[endpoint])
        found: dict[str, object] = {name: None for name in sorted(names | set(QUERY_PARAMETERS.get(endpoint, ())))}
        for form_class in forms:
            for field in form_class(formdata=None, meta={"csrf": False}):
                if field.short_name != "csrf_token":
                    found[field.name] = field
    return found


# --- Generated addresses ------------------------------------------------------------------------

def _path_value(name: str, converter: str, sample: dict) -> st.SearchStrategy[str]:
    known = sample.get(name)
    if converter == "int":
        real = [str(known)] if isinstance(known, int) else []
        return st.one_of(st.sampled_from(real + [str(i) for i in sample["ids"]]), st.sampled_from(ODD_IDS),
                         st.integers(0, 2**31 - 1).map(str), st.integers(2**31, 10**30).map(str), numbers)
    if converter == "path":
        return st.one_of(st.sampled_from(["housing.css", "../config.py", "..%2fconfig.py", "housing.css%00"]),
                         nasty_text)
    plausible = [str(known)] if known is not None else []
    if name == "night":
        plausible += ["2026-12-01", "20261201", "0001-01-01", "9999-12-31", "2026-02-30", "2026-W48-1"]
    if name == "code":
        plausible += ["en", "el", "EN", "xx"]
    return st.one_of(st.sampled_from(plausible or ["x"]), nasty_text, nasty_dates, st.sampled_from(ENORMOUS))


def _query_value(name: str, field, sample: dict) -> st.SearchStrategy[str]:
    if field is not None:
        return _form_value(field)
    if name == "next":
        return st.one_of(st.sampled_from(HOSTILE_NEXT + ["/shelter/board", "/"]), nasty_text)
    ids = [str(i) for i in sample["ids"]]
    return st.one_of(st.sampled_from(ids), st.sampled_from(ODD_IDS), nasty_text, numbers)


@st.composite
def addresses(draw, rule, known: dict[str, object], sample: dict) -> str:
    """A path for the rule with generated parameters, and a query string."""
    values = {name: draw(_path_value(name, converter, sample)) for name, converter in path_parameters(rule)}
    path = _PLACEHOLDER.sub(lambda match: quote(values[match.group(2)], safe=""), rule.rule)
    pairs: list[tuple[str, str]] = []
    names = list(known) + list(COMMON_PARAMETERS)
    for name in draw(st.lists(st.sampled_from(names), max_size=4)) if names else []:
        pairs.append((name, draw(_query_value(name, known.get(name), sample))))
    if draw(st.integers(0, 3)) == 0:  # keys nobody reads, odd keys, a key repeated
        pairs += draw(st.lists(st.tuples(st.one_of(nasty_text, st.sampled_from(["", "[]", "a[b]", "__proto__"])),
                                         nasty_text), min_size=1, max_size=3))
    if not pairs:
        return path
    return f"{path}?{urlencode(pairs)}"


# --- Running the examples -----------------------------------------------------------------------

def _routed(app, url: str) -> tuple[str | None, int | None]:
    """How the app routes the address: (the endpoint it reaches, None) or (None, the status routing
    itself answers: 404 no route, 405, 308 a slash added)."""
    with app.test_request_context(url):
        if request.routing_exception is not None:
            error = request.routing_exception
            return None, error.code if isinstance(error, HTTPException) else 500
        return request.url_rule.endpoint, None


class Visits:
    """Runs generated addresses against one route as one role and checks each answer."""

    def __init__(self, app, endpoint: str, role: str, tables):
        self.app, self.endpoint, self.role, self.tables = app, endpoint, role, tables
        self.connection = suite_connection(app)
        self.permitted = may_use(app, endpoint, role)
        # A partner's route: no staff session opens it; without a token the answer is 401 for everyone.
        self.token_route = getattr(app.view_functions[endpoint], "required_access", None) is Access.PARTNER_TOKEN
        self.statuses: Counter = Counter()

    def visit(self, session: Session, url: str) -> None:
        session.restore()
        savepoint = self.connection.begin_nested()
        try:
            before = snapshot(self.connection, self.tables)
            response = session.client.get(url)
            status = response.status_code
            location = response.headers.get("Location", "")
            response.close()
            self.statuses[status] += 1
            described = f"GET {url[:300]!r} ({self.endpoint}) as {self.role} answered {status}"
            assert status < 500, described
            after = snapshot(self.connection, self.tables)
            reached, routing_status = _routed(self.app, url)
            if reached is None:
                assert status == routing_status, f"{described}: routing answers {routing_status}"
            elif reached == self.endpoint and self.token_route:
                assert status == 401, f"{described}, expected 401"
            elif reached == self.endpoint and not self.permitted:
                if self.role == ANONYMOUS:
                    assert status == 302 and location.startswith("/login?next="), f"{described}, expected login"
                else:
                    assert status == 403, f"{described}, expected 403"
                assert not changed_tables(before, after), f"{described} (refused) and wrote something"
            written = changed_tables(before, after, ignore_rows=READING_ROWS)
            assert not written, f"{described} and wrote: {written}"
        finally:
            savepoint.rollback()


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
def test_page_survives_generated_addresses_from_every_role(app, sample, endpoint):  # noqa: F811 - the fixture
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "GET" in r.methods)
    known = query_parameters(app, endpoint)
    tables = reflected_tables(suite_connection(app))
    for role in EVERYONE:
        visits = Visits(app, endpoint, role, tables)
        session = _session_for(app, role, endpoint, sample)

        @_settings(GET_FUZZ_EXAMPLES if visits.permitted else REFUSED_GET_EXAMPLES, "get", endpoint, role)
        @given(url=addresses(rule, known, sample))
        def fuzz(url):
            visits.visit(session, url)

        fuzz()


def test_every_get_route_is_walked(app):
    assert endpoints_for(app, "GET") == GET_ENDPOINTS
    assert set(QUERY_PARAMETERS) <= set(GET_ENDPOINTS), "QUERY_PARAMETERS names a route that no longer exists"


def test_query_parameters_are_read_from_the_views(app):
    """The derivation finds plain reads, forms built from the query string, and helpers: a sample."""
    assert "next" in query_parameters(app, "auth.login")
    assert "next" in query_parameters(app, "auth.choose_language")
    assert "before" in query_parameters(app, "audit.trail")
    assert "referral" in query_parameters(app, "shelter.admit")
    assert {"q"} <= set(query_parameters(app, "shelter.residents"))


# --- What the fuzzing found, pinned --------------------------------------------------------------

def _int_routes(app) -> list[tuple[str, str]]:
    return sorted((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                  if any(converter == "int" for _name, converter in path_parameters(rule)))


@pytest.mark.parametrize("odd_id", [str(2**31), "99999999999999999999", "9" * 400, "٣", "²", "１２"])
def test_an_id_no_database_integer_holds_is_not_found_on_every_route(app, client_as, odd_id):
    """Every <int:…> route, as a role that may use every one of them: 404, on SQLite and PostgreSQL."""
    client = client_as("admin", "coordinator")
    answers = {}
    for endpoint, rule in _int_routes(app):
        path = _PLACEHOLDER.sub(lambda match: quote(odd_id if match.group(1) == "int" else "x"), rule)
        method = "GET" if endpoint in GET_ENDPOINTS else "POST"
        response = client.open(path, method=method)
        answers[f"{method} {path[:80]}"] = response.status_code
        response.close()
    assert answers and set(answers.values()) == {404}, {url: status for url, status in answers.items() if status != 404}


def test_the_largest_database_integer_is_an_id_like_any_other(client_as):
    """2**31 − 1 still matches the route: the record does not exist, 404 from the view."""
    client = client_as("coordinator")
    assert client.get(f"/shelter/stays/{2**31 - 1}").status_code == 404
    assert client.get(f"/shelter/stays/{2**31}").status_code == 404


@pytest.mark.parametrize("target", ["/shelter/board\r\nSet-Cookie: session=stolen", "/shelter/board\n",
                                    "/shelter/board\r", "/shelter\x00/board", "/shelter/board\x7f",
                                    "/shelter/board\x85"])
def test_a_next_with_a_control_character_is_ignored(client, app, target):
    """?next= with CR, LF or another control character: the login goes home, the language switch to
    the login page — never a 500, never a split header."""
    from tests.support import DEMO_PASSWORD, make_user

    with app.app_context():
        make_user("night_shift", username="next-night")
        db.session.commit()
    switched = client.get("/language/en", query_string={"next": target})
    assert (switched.status_code, switched.headers["Location"]) == (302, "/login")
    logged_in = client.post("/login", query_string={"next": target},
                            data={"username": "next-night", "password": DEMO_PASSWORD})
    assert (logged_in.status_code, logged_in.headers["Location"]) == (302, "/")
