"""The board on the night tablet: floor by floor, tonight's absences, a free bed that leads to an
admission into its room, and a refresh of its own that never keeps an idle session alive."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from housing.auth.models import User, UserSession
from housing.core.clock import now_utc, to_athens
from housing.extensions import db
from housing.shelter import services
from housing.shelter.night.rules import night_of
from tests.support import DEMO_PASSWORD, login, make_stay, make_user


@pytest.fixture
def shelter(app):
    with app.test_request_context():
        upstairs = services.create_room("Μάλια", "2ος όροφος", 2, 0)
        ground = services.create_room("Φαιστός", "Ισόγειο", 2, 0)
        away = make_stay(room=ground, first_name="Amira")
        hidden = make_stay(room=upstairs, first_name="Δήμητρα")
        hidden.restricted = True
        services.save_night_check(night_of(to_athens(now_utc())), {away.id: (False, "στη θεία της"),
                                                                  hidden.id: (False, "ΣΗΜΕΙΩΣΗ-ΑΠΟΡΡΗΤΗΣ")},
                                  make_user("night_shift"), now_utc())
        db.session.commit()
        return {"ground": ground.id, "upstairs": upstairs.id, "away": away.case_code, "hidden": hidden.case_code}


def test_rooms_come_floor_by_floor_with_tonights_absences(client_as, shelter):
    page = client_as("night_shift").get("/shelter/board").get_data(as_text=True)
    assert re.findall(r'<h2 class="board-floor">(.*?)</h2>', page) == ["Ισόγειο", "2ος όροφος"]
    absences = re.search(r'<section class="card absences" id="absences">(.*?)</section>', page, re.S).group(1)
    assert f"<strong>{shelter['away']}</strong> — στη θεία της" in absences
    assert f"<strong>{shelter['hidden']}</strong></li>" in absences  # a restricted stay: the code, no note
    assert "ΣΗΜΕΙΩΣΗ-ΑΠΟΡΡΗΤΗΣ" not in page


def test_a_free_bed_leads_staff_to_an_admission_into_its_room(client_as, shelter):
    staff_board = client_as("shelter_staff").get("/shelter/board").get_data(as_text=True)
    assert staff_board.count(f'href="/shelter/admit?room={shelter["ground"]}"') == 1  # one of two beds is free
    assert staff_board.count(f'href="/shelter/admit?room={shelter["upstairs"]}"') == 1
    form = client_as("shelter_staff").get(f"/shelter/admit?room={shelter['upstairs']}").get_data(as_text=True)
    assert f'<option selected value="{shelter["upstairs"]}">Μάλια — 1 free bed(s) of 2</option>' in form
    night_board = client_as("night_shift").get("/shelter/board").get_data(as_text=True)
    assert "/shelter/admit" not in night_board  # the night shift does not admit


@pytest.mark.parametrize("room", ["abc", "99999", "-1", "1" * 40])
def test_an_unknown_room_in_the_link_just_leaves_the_choice_open(client_as, shelter, room):
    response = client_as("shelter_staff").get(f"/shelter/admit?room={room}")
    assert response.status_code == 200
    assert '<option selected value="">— choose —</option>' in response.get_data(as_text=True)


def test_the_board_refreshes_itself_but_the_print_view_does_not(client_as, shelter):
    night = client_as("night_shift")
    board = night.get("/shelter/board").get_data(as_text=True)
    # Reloaded by a script the app serves, which a carer can stop (no <meta http-equiv="refresh">).
    assert '<meta name="board-refresh" content="180;url=/shelter/board?refresh=auto">' in board
    assert '<script src="/static/board_refresh.js" defer></script>' in board
    assert 'http-equiv="refresh"' not in board
    assert '<button type="button" id="stop-refresh" hidden>Stop updating</button>' in board
    assert "The board updates itself every 3 minutes." in board
    printed = night.get("/shelter/board/print").get_data(as_text=True)
    assert "board-refresh" not in printed and "updates itself" not in printed and "Stop updating" not in printed


def last_seen(app, username):
    with app.app_context():
        return db.session.scalar(select(UserSession.last_seen_at).join(User, User.id == UserSession.user_id)
                                 .where(User.username == username))


def test_a_refresh_of_its_own_is_not_activity(app, shelter):
    with app.app_context():
        make_user("night_shift", username="carer")
        db.session.commit()
    client = app.test_client()
    login(client, "carer", DEMO_PASSWORD)
    ten_minutes_ago = now_utc() - timedelta(minutes=10)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=ten_minutes_ago))
        db.session.commit()
    assert client.get("/shelter/board?refresh=auto").status_code == 200
    assert abs((last_seen(app, "carer") - ten_minutes_ago).total_seconds()) < 1  # untouched
    assert client.get("/shelter/board").status_code == 200  # a person opening the board is activity
    assert now_utc() - last_seen(app, "carer") < timedelta(seconds=30)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=now_utc() - timedelta(minutes=21)))
        db.session.commit()
    refreshed = client.get("/shelter/board?refresh=auto")
    assert refreshed.status_code == 302 and refreshed.headers["Location"].startswith("/login")  # idle: logged out
