"""Sessions that can be ended: a copied cookie is worth nothing after a logout, a password
change, an admin's reset, a deactivation or a change of roles; sessions have an absolute
lifetime; she sees where she is logged in and ends the others. And the second factor:
5 wrong codes per password step, each counted toward the lockout; a code works once."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select, update

from housing.core.audit_entry import AuditEntry
from housing.auth.models import User, UserSession
from housing.core.clock import now_utc
from housing.extensions import db
from tests.support import DEMO_PASSWORD, QueryCounter, login, make_user

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture
def nurse(app):
    with app.app_context():
        make_user("shelter_staff", username="nurse")
        db.session.commit()


def logged_in(app, username="nurse", user_agent=FIREFOX, address="10.0.0.1"):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": user_agent, "REMOTE_ADDR": address})
    login(client, username)
    return client


def copy_of(app, client):
    """Another browser holding a copy of this one's session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def is_logged_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def sessions_of(app, username):
    with app.app_context():
        return db.session.execute(select(UserSession.id, UserSession.ended_at, UserSession.end_reason).join(
            User, User.id == UserSession.user_id).where(User.username == username).order_by(UserSession.id)).all()


def test_a_copied_cookie_is_refused_after_logout(app, nurse):
    client = logged_in(app)
    thief = copy_of(app, client)
    assert thief.get("/shelter/board").status_code == 200  # the copy works while the session is open
    client.post("/logout")
    assert is_logged_out(thief.get("/shelter/board"))
    [(_id, ended_at, reason)] = sessions_of(app, "nurse")
    assert ended_at is not None and reason == "logout"


def test_a_password_change_ends_her_other_sessions_and_keeps_this_one(app, nurse):
    here, elsewhere = logged_in(app), logged_in(app, user_agent=CHROME)
    thief = copy_of(app, elsewhere)
    response = here.post("/account", data={"pw-current_password": DEMO_PASSWORD,
                                           "pw-new_password": "a brand new passphrase", "pw-submit": "1"})
    assert response.status_code == 302
    assert here.get("/shelter/board").status_code == 200
    assert is_logged_out(elsewhere.get("/shelter/board"))
    assert is_logged_out(thief.get("/shelter/board"))
    assert [reason for _id, _ended, reason in sessions_of(app, "nurse")] == ["", "password_changed"]


@pytest.mark.parametrize("change, reason", [
    ({"full_name": "Test Person", "roles": ["shelter_staff"], "active": ""}, "deactivated"),
    ({"full_name": "Test Person", "roles": ["shelter_staff", "night_shift"], "active": "y"}, "roles_changed"),
    ({"full_name": "Test Person", "roles": [], "active": "y"}, "roles_changed"),
])
def test_deactivation_and_a_change_of_roles_end_every_session(app, nurse, client_as, change, reason):
    first, second = logged_in(app), logged_in(app, user_agent=CHROME)
    with app.app_context():
        nurse_id = db.session.scalar(select(User.id).where(User.username == "nurse"))
    assert client_as("admin").post(f"/admin/users/{nurse_id}", data=change).status_code == 302
    assert is_logged_out(first.get("/account")) and is_logged_out(second.get("/account"))
    assert [r for _id, _ended, r in sessions_of(app, "nurse")] == [reason, reason]
    with app.app_context():
        ended = db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "end_session",
                                                                   AuditEntry.record_id == nurse_id)).all()
    assert len(ended) == 2 and all(d.endswith(f": {reason}") for d in ended)


def test_a_change_of_name_only_ends_nothing(app, nurse, client_as):
    client = logged_in(app)
    with app.app_context():
        nurse_id = db.session.scalar(select(User.id).where(User.username == "nurse"))
    client_as("admin").post(f"/admin/users/{nurse_id}", data={"full_name": "Maria P.", "roles": ["shelter_staff"],
                                                               "active": "y"})
    assert client.get("/shelter/board").status_code == 200


def test_an_admins_reset_ends_every_session(app, nurse, client_as):
    client = logged_in(app)
    with app.app_context():
        nurse_id = db.session.scalar(select(User.id).where(User.username == "nurse"))
    client_as("admin").post(f"/admin/users/{nurse_id}/password", data={"reset-new_password": "temporary-password-1"})
    assert is_logged_out(client.get("/shelter/board"))
    assert [r for _id, _ended, r in sessions_of(app, "nurse")] == ["password_reset"]


def test_an_idle_session_ends_on_the_server_with_the_message_and_next(app, nurse):
    client = logged_in(app)
    thief = copy_of(app, client)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=now_utc() - timedelta(minutes=21)))
        db.session.commit()
    response = thief.get("/shelter/board?view=rooms")
    assert is_logged_out(response) and response.headers["Location"] == "/login?next=/shelter/board?view%3Drooms"
    assert "You were logged out after 20 minutes without activity." in thief.get(
        response.headers["Location"]).get_data(as_text=True)
    assert is_logged_out(client.get("/shelter/board"))  # the session itself ended, not only that cookie
    assert [r for _id, _ended, r in sessions_of(app, "nurse")] == ["idle"]


def test_a_session_ends_after_its_lifetime_however_busy(app, nurse):
    client = logged_in(app)
    with app.app_context():
        db.session.execute(update(UserSession).values(created_at=now_utc() - timedelta(hours=12, minutes=1),
                                                      last_seen_at=now_utc()))
        db.session.commit()
    response = client.get("/shelter/board")
    assert is_logged_out(response)
    assert "a session lasts at most 12 hours" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [r for _id, _ended, r in sessions_of(app, "nurse")] == ["expired"]


def test_one_statement_loads_her_session_user_and_roles_and_activity_is_written_once_a_minute(app, nurse):
    client = logged_in(app)
    with QueryCounter(app) as counter:
        assert client.get("/healthz").status_code == 200
    session_reads = [s for s in counter.statements if "user_session" in s]
    assert len(session_reads) == 1 and "user_role" in session_reads[0]  # roles joined in, no second query
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=now_utc() - timedelta(minutes=2)))
        db.session.commit()
    with QueryCounter(app) as counter:
        client.get("/healthz")
    assert len([s for s in counter.statements if s.lstrip().upper().startswith("UPDATE user_session".upper())]) == 1
    with app.app_context():
        last_seen = db.session.scalar(select(UserSession.last_seen_at))
    assert now_utc() - last_seen < timedelta(seconds=30)


def test_the_account_page_lists_her_sessions_and_ends_the_others(app, nurse):
    here = logged_in(app, user_agent=FIREFOX, address="10.0.0.7")
    tablet, phone = logged_in(app, user_agent=CHROME, address="10.0.0.8"), logged_in(app, user_agent=CHROME)
    logged_in(app).post("/logout")  # an ended session is not listed
    page = here.get("/account").get_data(as_text=True)
    assert page.count('/end"') == 2 and "this session" in page  # "end" beside each other session
    assert "Firefox / Windows" in page and "Chrome / Linux" in page and "10.0.0.8" in page
    tablet_id = sessions_of(app, "nurse")[1][0]
    assert here.post(f"/account/sessions/{tablet_id}/end").status_code == 302
    assert is_logged_out(tablet.get("/shelter/board"))
    assert phone.get("/shelter/board").status_code == 200
    assert here.post("/account/sessions/end-others").status_code == 302
    assert is_logged_out(phone.get("/shelter/board"))
    assert here.get("/shelter/board").status_code == 200
    assert [r for _id, _ended, r in sessions_of(app, "nurse")] == ["", "ended_by_user", "ended_by_user", "logout"]


def test_she_cannot_end_somebody_elses_session(app, nurse):
    with app.app_context():
        make_user("shelter_staff", username="colleague")
        db.session.commit()
    colleague = logged_in(app, username="colleague")
    colleague_session = sessions_of(app, "colleague")[0][0]
    assert logged_in(app).post(f"/account/sessions/{colleague_session}/end").status_code == 404
    assert colleague.get("/shelter/board").status_code == 200


# --- The second factor ------------------------------------------------------------------------

SECRET = pyotp.random_base32()


@pytest.fixture
def enrolled(app):
    with app.app_context():
        user = make_user("coordinator", username="coord")
        user.totp_secret = SECRET
        db.session.commit()


def password_step(app):
    client = app.test_client()
    assert client.post("/login", data={"username": "coord", "password": DEMO_PASSWORD}).headers["Location"] \
        == "/login/second-factor"
    return client


def wrong_code() -> str:
    right = pyotp.TOTP(SECRET).now()
    return "000000" if right != "000000" else "111111"


def failed_logins(app) -> int:
    with app.app_context():
        return db.session.scalar(select(User.failed_logins).where(User.username == "coord"))


def test_each_wrong_code_counts_toward_the_lockout(app, enrolled):
    client = password_step(app)
    for _ in range(3):
        assert client.post("/login/second-factor", data={"code": wrong_code()}).status_code == 400
    assert failed_logins(app) == 3


def test_the_fifth_wrong_code_sends_her_back_to_the_password_step(app, enrolled):
    client = password_step(app)
    replay = copy_of(app, client)  # the cookie of the fresh password step, kept aside
    for _ in range(4):
        assert client.post("/login/second-factor", data={"code": wrong_code()}).status_code == 400
    fifth = client.post("/login/second-factor", data={"code": wrong_code()})
    assert fifth.status_code == 302 and fifth.headers["Location"] == "/login"
    assert "Too many wrong codes" in client.get("/login").get_data(as_text=True)
    # Neither this browser nor a replayed cookie of that step can go on, even with the right code.
    for browser in (client, replay):
        response = browser.post("/login/second-factor", data={"code": pyotp.TOTP(SECRET).now()})
        assert response.status_code == 302 and response.headers["Location"] == "/login"
        assert browser.get("/alerts/").status_code == 302
    # Five failures in a row: the account is locked like after five wrong passwords.
    locked = app.test_client().post("/login", data={"username": "coord", "password": DEMO_PASSWORD})
    assert locked.status_code == 200 and "/login/second-factor" not in locked.headers.get("Location", "")
    assert "Λάθος όνομα χρήστη ή κωδικός" in locked.get_data(as_text=True)


def test_a_code_is_accepted_once_only(app, enrolled):
    code = pyotp.TOTP(SECRET).now()
    first = password_step(app)
    assert first.post("/login/second-factor", data={"code": code}).status_code == 302
    assert first.get("/alerts/").status_code == 200
    second = password_step(app)  # somebody who saw the code over her shoulder, with her password
    assert second.post("/login/second-factor", data={"code": code}).status_code == 400
    assert second.get("/alerts/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "second_factor_failed")) == 1


def test_the_password_step_becomes_a_session_under_a_new_token(app, enrolled):
    client = password_step(app)
    step_cookie = copy_of(app, client)
    assert client.post("/login/second-factor", data={"code": pyotp.TOTP(SECRET).now()}).status_code == 302
    assert step_cookie.get("/alerts/").status_code == 302  # the password step's cookie does not log in
    assert client.get("/alerts/").status_code == 200
