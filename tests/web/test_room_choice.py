"""Choosing a room while admitting a household: the rooms it fits in come first, the others are
marked, and the marks follow the children added to the form."""
from __future__ import annotations

import re

import pytest

from housing.extensions import db
from housing.shelter import services
from tests.support import make_stay


@pytest.fixture
def rooms(app):
    with app.test_request_context():
        small = services.create_room("Ζάκρος", "1ος όροφος", 2, 0)
        big = services.create_room("Μάλια", "2ος όροφος", 4, 0)
        half = services.create_room("Αξός", "Ισόγειο", 3, 0)
        make_stay(room=half)  # one of its three beds taken
        db.session.commit()
        return {"small": small.id, "big": big.id, "half": half.id}


def options(page: str) -> list[str]:
    select = page.split('id="room_id"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>(.*?)</option>", select)


def test_alone_every_room_with_a_free_bed_fits(client_as, rooms):
    page = client_as("shelter_staff").get("/shelter/admit").get_data(as_text=True)
    assert [o for o in options(page) if "too small" in o] == []


def test_with_two_children_the_rooms_too_small_are_marked_and_come_last(client_as, rooms):
    staff = client_as("shelter_staff")
    data = {"first_name": "Ελένη", "last_name": "Τρίτη", "add_child": "Add a child",
            "children-0-first_name": "Νίκος", "children-0-birth_date": "01/01/2020", "children-0-sex": "M"}
    page = staff.post("/shelter/admit", data=data).get_data(as_text=True)  # the second child's row is added
    assert options(page)[0] == "— choose —"
    listed = options(page)[1:]
    assert listed == ["Μάλια — 4 free bed(s) of 4",
                      "Αξός — 2 free bed(s) of 3 — too small for 3 persons",
                      "Ζάκρος — 2 free bed(s) of 2 — too small for 3 persons"]


def test_holding_beds_lists_the_rooms_without_marks(client_as, rooms):
    staff = client_as("shelter_staff")
    page = staff.get("/shelter/holds").get_data(as_text=True)
    assert "too small" not in page


def test_required_fields_are_marked_and_phones_and_dates_open_the_right_keyboard(client_as, rooms):
    page = client_as("shelter_staff").get("/shelter/admit").get_data(as_text=True)
    first_name = page.split('<label for="first_name">', 1)[0].rsplit("<div", 1)[1]
    phone = page.split('<label for="phone">', 1)[0].rsplit("<div", 1)[1]
    assert "required" in first_name and "required" not in phone  # the label then ends with a red asterisk
    assert re.search(r'<input[^>]*id="phone"[^>]*inputmode="tel"|<input[^>]*inputmode="tel"[^>]*id="phone"', page)
    assert re.search(r'<input[^>]*id="birth_date"[^>]*inputmode="numeric"|<input[^>]*inputmode="numeric"[^>]*id="birth_date"', page)
