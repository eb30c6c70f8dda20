"""The night's lists walk the building floor by floor: the evacuation list for a fire and the
night check at 3 a.m."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from housing.core.clock import today
from housing.extensions import db
from housing.shelter import services
from housing.shelter.models import NightCheckMark
from tests.support import child, make_stay


@pytest.fixture
def building(app):
    """Four women on three floors (rooms created out of walking order); one stay restricted."""
    with app.test_request_context():
        upstairs = services.create_room("Μάλια", "2ος όροφος", 4, 0)
        first = services.create_room("Κνωσός", "1ος όροφος", 4, 0)
        ground = services.create_room("Φαιστός", "Ισόγειο", 4, 0)
        admitted = today() - timedelta(days=10)
        stays = {
            "Ελένη": make_stay(room=upstairs, first_name="Ελένη", last_name="Μαλιώτη", admitted_on=admitted),
            "Amira": make_stay(room=first, first_name="Amira", last_name="Haddad", admitted_on=admitted,
                               children=[child("Layla", 1500, "F", admitted_on=admitted),
                                         child("Omar", 4000, "M", admitted_on=admitted)]),
            "Σοφία": make_stay(room=ground, first_name="Σοφία", last_name="Ισογείου", admitted_on=admitted,
                               children=[child("Νίκος", 800, "M", admitted_on=admitted)]),
            "Δήμητρα": make_stay(room=ground, first_name="Δήμητρα", last_name="Κλειστή", admitted_on=admitted),
        }
        stays["Δήμητρα"].restricted = True
        db.session.commit()
        return {name: stay.id for name, stay in stays.items()}


def test_the_evacuation_list_goes_floor_by_floor_with_totals_and_names_everyone(client_as, building):
    page = client_as("night_shift").get("/shelter/evacuation").get_data(as_text=True)
    # Walking order: ground floor, first, second — whatever order the rooms were created in.
    assert page.index("Σοφία Ισογείου") < page.index("Amira Haddad") < page.index("Ελένη Μαλιώτη")
    totals = re.findall(r'<tr class="floor-total"><td colspan="6">(.*?)</td>', page)
    assert totals == ["Ισόγειο: Women: 2 · children: 1 · persons in all: 3",
                      "1ος όροφος: Women: 1 · children: 2 · persons in all: 3",
                      "2ος όροφος: Women: 1 · children: 0 · persons in all: 1"]
    assert "Women: 4 · children: 3 · persons in all: 7" in page
    # The restricted woman is named: the list is for the building's safety, and says so.
    assert "Δήμητρα Κλειστή" in page and "restricted stays included" in page
    assert page.count("CONFIDENTIAL") >= 2  # in the notice and in the heading row printed on every page
    assert "Layla (4), Omar (10)" in page


def test_the_night_check_goes_floor_by_floor_and_counts_what_is_marked(client_as, building):
    night = client_as("night_shift")
    page = night.get("/shelter/night-check").get_data(as_text=True)
    floors = re.findall(r'<h2 class="night-floor">(.*?)</h2>', page)
    assert floors == ["Ισόγειο", "1ος όροφος", "2ος όροφος"]
    assert re.search(r'<strong id="marked-count">0</strong> of <span id="expected-count">4</span>', page)


def test_all_remaining_present_saves_the_unmarked_as_present_and_keeps_an_absence(client_as, building, app):
    night = client_as("night_shift")
    response = night.post("/shelter/night-check", data={f"stay-{building['Amira']}": "absent", f"note-{building['Amira']}": "στη θεία της",
        "remaining_present": "1"})
    assert response.status_code == 302
    assert "Night check saved: 3 present, 1 absent." in night.get("/shelter/night-check").get_data(as_text=True)
    with app.app_context():
        marks = {mark.stay_id: (mark.present, mark.note) for mark in db.session.scalars(
            select(NightCheckMark).where(NightCheckMark.current.is_(True)))}
    assert marks == {building["Amira"]: (False, "στη θεία της"), building["Ελένη"]: (True, ""),
                     building["Σοφία"]: (True, ""), building["Δήμητρα"]: (True, "")}


def test_saving_without_all_remaining_still_asks_for_every_woman(client_as, building):
    night = client_as("night_shift")
    response = night.post("/shelter/night-check", data={f"stay-{building['Amira']}": "absent"})
    assert response.status_code == 400
    assert 'id="marked-count">1</strong> of <span id="expected-count">4' in response.get_data(as_text=True)
