"""The turn-away register: one quick form for staff and the night shift, the last 30 days beside
it, anonymous; bad input gets a message at its field and writes nothing."""
from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from housing.core.clock import now_utc

from housing.core.audit_entry import AuditEntry
from housing.extensions import db
from housing.shelter.models import TurnAway
from tests.support import field_errors, login, make_user

TODAY = date(2026, 12, 2)
NOON = "2026-12-02 10:00:00+00:00"
GOOD = {"occurred_on": "02/12/2026", "source": "sos_15900", "children": "2", "oldest_child_age": "13",
        "reason": "child_over_age", "referred_to": "Ξενώνας της Αρχιεπισκοπής"}


def _entries(app):
    with app.app_context():
        return [(t.occurred_on, t.source, t.children, t.oldest_child_age, t.reason, t.referred_to)
                for t in db.session.scalars(select(TurnAway).order_by(TurnAway.id))]


@pytest.fixture
def night(app):
    with app.app_context():
        make_user("night_shift", username="night-carer")
        db.session.commit()

    def client():
        c = app.test_client()
        login(c, "night-carer")
        return c
    return client


def test_the_night_shift_records_a_turn_away_and_sees_it_in_the_list(app, night):
    with time_machine.travel(NOON, tick=False):
        response = night().post("/shelter/turn-aways", data=GOOD)
        assert response.status_code == 302
        page = night().get("/shelter/turn-aways").get_data(as_text=True)
    assert _entries(app) == [(TODAY, "sos_15900", 2, 13, "child_over_age", "Ξενώνας της Αρχιεπισκοπής")]
    listed = page[page.index('id="recent-turn-aways"'):]
    assert "02/12/2026" in listed and "SOS 15900 helpline" in listed
    assert "a woman and 2 children, the oldest 13" in listed and "A child over the age limit" in listed
    with app.app_context():
        row = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "turn_away")).one()
        assert (row.action, row.actor, row.operation) == ("record_turn_away", "night-carer", "create")


def test_the_form_offers_today_in_heraklion(app, night):
    with time_machine.travel("2026-12-02 22:30:00+00:00", tick=False):  # 00:30 on 3 December in Heraklion
        page = night().get("/shelter/turn-aways").get_data(as_text=True)
    assert 'value="03/12/2026"' in page


BAD = [
    ({"occurred_on": "03/12/2026"}, "occurred_on", "The date cannot be in the future."),
    ({"occurred_on": "31/02/2026"}, "occurred_on", "Not a valid date: write it as dd/mm/yyyy, e.g. 05/03/2026."),
    ({"occurred_on": "02/12/2024"}, "occurred_on", "The date is more than a year ago: check the year."),
    ({"occurred_on": ""}, "occurred_on", "Enter the date she was turned away."),
    ({"children": "200"}, "children", "Enter the number of children, from 0 to 14."),
    ({"children": "-1"}, "children", "Enter the number of children, from 0 to 14."),
    ({"children": "δύο"}, "children", "Not a valid integer value."),
    ({"oldest_child_age": "-3"}, "oldest_child_age", "Enter the oldest child's age in years, from 0 to 30."),
    ({"oldest_child_age": ""}, "oldest_child_age", "Enter the oldest child's age in years, from 0 to 30."),
    ({"children": "0", "reason": "full"}, "oldest_child_age", "No children would have come: leave the age empty."),
    ({"children": "0", "oldest_child_age": ""}, "reason", "A child over the age limit needs at least one child."),
    ({"source": "neighbour"}, "source", "Not a valid choice."),
    ({"source": ""}, "source", "Choose who asked for the place."),
    ({"reason": ""}, "reason", "Choose why she could not be admitted."),
    ({"referred_to": "x" * 10_000}, "referred_to", "Write at most 200 characters."),
]


@pytest.mark.parametrize("change, field, message", BAD)
def test_bad_input_gets_its_message_at_the_field_and_writes_nothing(app, night, change, field, message):
    with time_machine.travel(NOON, tick=False):
        response = night().post("/shelter/turn-aways", data={**GOOD, **change})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in field_errors(page)
    assert f'id="{field}-error"' in page
    for key, value in change.items():
        if key != "referred_to" and value:
            assert f'value="{value}"' in page or f'value="{value}" selected' in page or key == "source"
    assert _entries(app) == []


def test_script_in_the_referred_to_field_is_shown_as_text(app, night):
    with time_machine.travel(NOON, tick=False):
        night().post("/shelter/turn-aways", data={**GOOD, "referred_to": "<script>alert(1)</script>"})
        page = night().get("/shelter/turn-aways").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_list_holds_the_last_30_days_only(app):
    from housing.shelter.turnaways.queries import recent_by_reason, recent_turn_aways

    with app.app_context():
        user = make_user("shelter_staff")
        for day, reason in ((date(2026, 11, 3), "full"), (date(2026, 11, 2), "full"),
                            (date(2026, 12, 2), "no_room_fits"), (date(2026, 12, 3), "full")):
            db.session.add(TurnAway(occurred_on=day, source="police", children=0, reason=reason,
                                    recorded_by_id=user.id, recorded_at=now_utc()))
        db.session.flush()
        # 3 November is the 30th day back from 2 December; 2 November is not in, 3 December is tomorrow.
        assert [t.occurred_on for t in recent_turn_aways(TODAY)] == [date(2026, 12, 2), date(2026, 11, 3)]
        assert recent_by_reason(TODAY) == {"full": 1, "no_room_fits": 1}
        db.session.rollback()


def test_a_woman_alone_is_written_so_and_the_empty_register_says_so(app, night):
    with time_machine.travel(NOON, tick=False):
        assert "Nobody was turned away in the last 30 days." in night().get("/shelter/turn-aways").get_data(
            as_text=True)
        night().post("/shelter/turn-aways", data={**GOOD, "children": "0", "oldest_child_age": "", "reason": "full",
                                                  "referred_to": ""})
        page = night().get("/shelter/turn-aways").get_data(as_text=True)
    assert "a woman alone" in page
    assert _entries(app) == [(TODAY, "sos_15900", 0, None, "full", "")]


def test_the_night_shift_finds_it_in_the_menu(app, night):
    assert 'href="/shelter/turn-aways"' in night().get("/shelter/board").get_data(as_text=True)
