"""An idle logout never loses what was typed: the form that arrives after the session ended is
kept for its author alone, offered back after she logs in again, sent by one click, and gone
after use, when discarded, or after an hour."""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from housing.auth import drafts
from housing.auth.models import FormDraft, UserSession
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter.models import Stay
from tests.support import DEMO_PASSWORD, login, make_room, make_user

INTERVIEW = {"first_name": "Ελένη", "last_name": "Ξενάκη", "birth_date": "14/05/1991", "nationality": "Ελληνική",
             "languages": "Ελληνικά", "phone": "6900000000", "referral_source": "sos_15900",
             "notes": "Ήρθε με το λεωφορείο των 22:00· φοβάται ότι θα την αναζητήσει.", "submit": "Admit"}


@pytest.fixture
def staff(app):
    with app.app_context():
        make_user("shelter_staff", username="intake")
        make_user("shelter_staff", username="colleague")
        room = make_room(beds=3, name="Φαιστός")
        db.session.commit()
        return {"room": str(room.id)}


def idle(app, minutes=21):
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=now_utc() - timedelta(minutes=minutes)))
        db.session.commit()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def hidden_fields(page: str) -> dict[str, str]:
    form = page.split('action="/shelter/admit"', 1)[1].split("</form>", 1)[0]
    return {html.unescape(name): html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)}


def test_twenty_minutes_into_an_interview_the_admission_is_not_lost(app, staff):
    client = app.test_client()
    login(client, "intake")
    typed = {**INTERVIEW, "room_id": staff["room"], "admitted_on": today().strftime("%d/%m/%Y")}
    idle(app)
    response = client.post("/shelter/admit", data=typed)
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/shelter/admit"
    assert count(app, Stay) == 0  # nothing saved with the ended session
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "it was kept for you: log in again within an hour to send it" in login_page

    back = login(client, "intake")
    assert back.headers["Location"] == "/session/kept-form"
    page = client.get("/session/kept-form").get_data(as_text=True)
    assert "<dt>Last name</dt><dd>Ξενάκη</dd>" in page and "φοβάται ότι θα την αναζητήσει" in page  # as labelled
    fields = hidden_fields(page)
    assert {name: fields[name] for name in typed} == typed and drafts.DRAFT_FIELD in fields

    sent = client.post("/shelter/admit", data=fields)
    assert sent.status_code == 302 and sent.headers["Location"].startswith("/shelter/stays/")
    with app.app_context():
        stay = db.session.scalars(select(Stay)).one()
        assert (stay.resident.last_name, stay.resident.notes) == ("Ξενάκη", INTERVIEW["notes"])
    assert count(app, FormDraft) == 0  # used up
    assert login(app.test_client(), "intake").headers["Location"] == "/"  # nothing waits any more


def test_the_kept_form_is_hers_alone(app, staff):
    client = app.test_client()
    login(client, "intake")
    idle(app)
    client.post("/shelter/admit", data={**INTERVIEW, "room_id": staff["room"]})
    other = app.test_client()
    assert login(other, "colleague").headers["Location"] == "/"  # no kept form for her
    page = other.get("/session/kept-form", follow_redirects=True).get_data(as_text=True)
    assert "Ξενάκη" not in page and "No unsent form is waiting for you" in page
    with app.app_context():
        draft_id = db.session.scalar(select(FormDraft.id))
    other.post("/session/kept-form/discard", data={drafts.DRAFT_FIELD: str(draft_id)})
    assert count(app, FormDraft) == 1  # another user cannot discard it either


def test_a_kept_form_is_forgotten_after_an_hour(app, staff):
    client = app.test_client()
    login(client, "intake")
    idle(app)
    client.post("/shelter/admit", data={**INTERVIEW, "room_id": staff["room"]})
    with app.app_context():
        db.session.execute(update(FormDraft).values(saved_at=now_utc() - timedelta(minutes=61)))
        db.session.commit()
    assert login(client, "intake").headers["Location"] == "/"
    assert count(app, FormDraft) == 0  # deleted at the next login


def test_discarding_it_deletes_it(app, staff):
    client = app.test_client()
    login(client, "intake")
    idle(app)
    client.post("/shelter/admit", data={**INTERVIEW, "room_id": staff["room"]})
    login(client, "intake")
    fields = hidden_fields(client.get("/session/kept-form").get_data(as_text=True))
    response = client.post("/session/kept-form/discard", data={drafts.DRAFT_FIELD: fields[drafts.DRAFT_FIELD]})
    assert response.status_code == 302 and count(app, FormDraft) == 0 and count(app, Stay) == 0


def test_passwords_are_never_kept(app, staff):
    client = app.test_client()
    login(client, "intake")
    idle(app)
    client.post("/account", data={"password-current_password": DEMO_PASSWORD, "password-new_password": "x" * 20,
                                  "password-submit": "Change password", "csrf_token": "abc"})
    with app.app_context():
        draft = db.session.scalars(select(FormDraft)).one_or_none()
        assert draft is None or all("password" not in name and "csrf" not in name for name, _ in drafts.fields_of(draft))
        assert DEMO_PASSWORD not in (draft.fields if draft else "")


def test_a_logout_by_her_own_choice_keeps_nothing(app, staff):
    client = app.test_client()
    login(client, "intake")
    client.post("/logout")
    client.post("/shelter/admit", data={**INTERVIEW, "room_id": staff["room"]})
    assert count(app, FormDraft) == 0


@pytest.mark.parametrize("path", ["//evil.example/steal", "https://evil.example/x", "/\\evil"])
def test_a_form_is_only_ever_sent_back_into_the_service(app, path):
    with app.app_context():
        user = make_user("shelter_staff")
        assert drafts.keep(user, path, [("first_name", "Ελένη")], now_utc()) is None


def test_the_page_warns_a_minute_before_the_idle_logout(app, staff):
    client = app.test_client()
    login(client, "intake")
    page = client.get("/shelter/board").get_data(as_text=True)
    assert '<meta name="idle-timeout-seconds" content="1200">' in page
    assert '<script src="/static/session.js" defer></script>' in page
    assert 'id="session-warning"' in page and 'data-still-here="/session/still-here"' in page
    still = client.get("/session/still-here")
    assert still.status_code == 204 and still.headers["Cache-Control"] == "no-store"
