"""One label, one field: every page of the service, as each role that may open it, has no id twice
and no label pointing at a control that is not there (a screen reader reads the wrong field, a click
on the label focuses another form's box)."""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.web.test_access import (ACCESS, ACCESS_COLUMNS, ANONYMOUS, OK, _rule_for, sample_args,  # noqa: F401
                                   url_for_rule)

LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.controls: set[str] = set()
        self.label_targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        element_id = attributes.get("id")
        if element_id is not None:
            self.ids[element_id] += 1
            if tag in LABELABLE and attributes.get("type") != "hidden":
                self.controls.add(element_id)
        if tag == "label" and attributes.get("for") is not None:
            self.label_targets.append(attributes["for"] or "")


def id_problems(html: str) -> list[str]:
    """Ids used more than once, and labels whose `for` names no control of the page."""
    parser = _Ids()
    parser.feed(html)
    problems = [f'id="{name}" {count} times' for name, count in sorted(parser.ids.items()) if count > 1]
    problems += [f'<label for="{target}"> matches no control' for target in parser.label_targets
                 if target not in parser.controls]
    return problems


def test_the_parser_finds_both_problems():
    page = ('<form><label for="reason">Reason</label><textarea id="reason"></textarea></form>'
            '<form><label for="reason">Reason</label><textarea id="reason"></textarea>'
            '<label for="note">Note</label><input type="hidden" id="note"></form>')
    assert id_problems(page) == ['id="reason" 2 times', '<label for="note"> matches no control']
    assert id_problems('<label for="a">A</label><input id="a"><label for="b">B</label><select id="b"></select>') == []


def _pages_for(app, column: int) -> list[str]:
    """The pages (GET routes) the access table lets this role open."""
    served = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    return sorted(endpoint for endpoint, answers in ACCESS.items()
                  if answers[column] == OK and endpoint in served and endpoint not in ("auth.logout", "static"))


@pytest.mark.parametrize("role", [role for role in ACCESS_COLUMNS if role != ANONYMOUS])
def test_every_page_has_unique_ids_and_labels_that_find_their_field(app, client_as, sample_args, role):
    client = client_as(role)
    found = []
    app.config["WTF_CSRF_ENABLED"] = True  # the pages as served, each form with its token
    try:
        for endpoint in _pages_for(app, ACCESS_COLUMNS.index(role)):
            url = url_for_rule(_rule_for(app, endpoint), sample_args)
            response = client.get(url)
            if response.mimetype == "text/html":
                found += [f"{url}: {problem}" for problem in id_problems(response.get_data(as_text=True))]
            response.close()
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert found == [], "\n".join(found)


def test_the_stay_page_gives_each_form_its_own_ids(client_as, sample_args):
    page = client_as("coordinator").get(f"/shelter/stays/{sample_args['stay_id']}").get_data(as_text=True)
    for control in ('id="discharge-reason"', 'id="restriction-reason"', 'id="transfer-room_id"',
                    'name="reason"'):  # the names a POST sends are the same as before
        assert control in page
    assert 'id="reason"' not in page
