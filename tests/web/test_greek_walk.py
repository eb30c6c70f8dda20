"""The Greek interface has no English left: every page each role can open, walked in Greek, with
the sample data of the access table. A page fails on an English word of the interface (a
heading, a label, a button of ours), on True/False/None shown as text, and on an internal code
(an audit action, a field's name) where a person should read words."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from housing.extensions import db
from tests.support import login, make_user
from tests.web.test_access import sample_args, url_for_rule  # noqa: F401 (the fixture is used by name)

ROLES = ("admin", "coordinator", "shelter_staff", "night_shift", "reintegration_staff")

# Routes that serve no page to read: files, JSON, redirects, the language switch.
NOT_PAGES = re.compile(r"(\.json|\.csv|\.xlsx|/api/|/static/|/healthz|/language/|/logout|/session/|/print$)")

# Words of the interface in English, written out: each is on a page of ours in the English
# interface, and none may be on a page of the Greek one. Sample data (typed by people) is Greek
# or left out of the check by the phrases below.
ENGLISH_WORDS = (
    "Alerts", "Admission", "Admit", "Board", "Cancel", "Children", "Child", "Discharge", "Discharged",
    "Destination", "Extension", "Extensions", "Night check", "Shift log", "Waiting list", "Residents",
    "Room", "Rooms", "Beds", "Save", "Search", "Stay", "Status", "Reason", "Referral", "Referrals",
    "Held by", "Received", "Urgent", "Soon", "For information", "Present", "Absent", "Restricted",
    "Safety plan", "Risk", "Caseload", "Beneficiary", "Beneficiaries", "Enrol", "Enrolment", "Exit",
    "Housing", "Employment", "Support", "Session", "Sessions", "Programme", "Reports", "Audit", "Users",
    "Account", "Settings", "Log out", "Name", "Date", "Notes", "Note", "Phone", "Languages", "Nationality",
    "Open", "Record", "Request", "Decision", "Approved", "Rejected", "Pending", "active", "discharged",
    "now", "today", "From", "To", "By", "Kind", "Level", "Who", "When", "What", "Changes",
    "True", "False", "None",
    # Stored codes where a label belongs: who acted when nobody signed in, a programme, an order.
    "anonymous", "system", "reintegration", "shelter", "safety", "accounts", "court", "prosecutor", "police", "restraining",
)
WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ENGLISH_WORDS), key=len, reverse=True))
                  + r")(?![\w-])")
# A code where words belong: an audit action or a field's name (open_file, decide_extension).
CODE = re.compile(r"(?<![\w./:-])[a-z]+(?:_[a-z]+)+(?![\w./-])")
# What people typed into the sample (tests/support.py names its rooms "Room 3fa2c1") and what the
# service drew at random (a feed token's first characters, "hhv_gxuh"): data, not words of ours.
SAMPLE_DATA = re.compile(r"Room [0-9a-f]{6}|hhv_\S+")
# What may stay as it is in Greek: the language switch, formats and names of things.
ALLOWED = ("English", "JSON", "CSV", "XLSX", "SOS", "ETHOS", "ELOT", "API", "OpenAPI")


class VisibleText(HTMLParser):
    """The text a person reads: the text outside scripts and styles, and the words of buttons,
    placeholders, titles and labels for screen readers."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        for name in ("placeholder", "title", "aria-label", "alt"):
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


def english_left(text: str) -> list[str]:
    text = SAMPLE_DATA.sub("", text)
    found = {match for match in WORD.findall(text) if match not in ALLOWED}
    found |= set(CODE.findall(text))
    return sorted(found)


def greek_pages(app, role, sample_args):
    with app.app_context():
        make_user(role, username=f"greek-{role}", locale="el")
        db.session.commit()
    client = app.test_client()
    login(client, f"greek-{role}")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in rule.methods or rule.endpoint.startswith("benchmark."):
            continue
        url = url_for_rule(rule, sample_args)
        if NOT_PAGES.search(url) or "<" in url:
            continue
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            yield url, response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_no_english_on_the_greek_pages(app, role, sample_args):
    leftovers = {}
    for url, html in greek_pages(app, role, sample_args):
        assert '<html lang="el">' in html, url
        if found := english_left(visible_text(html)):
            leftovers[url] = found
    assert leftovers == {}


def test_the_walk_finds_english_where_there_is_some():
    """The check itself: it fails on the words it is there to catch, not on Greek."""
    assert english_left("Αποχώρηση\nSave\nNone\nopen_file\nΕλένη (σε εξέλιξη)") == ["None", "Save", "open_file"]
    assert english_left("Πίνακας πληρότητας · SOS 15900 · English · 12/03/2026 · hhv_gxuh") == []
