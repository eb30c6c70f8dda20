"""Access hardening: lockout, address limit, idle logout, cookies, second factor, password
policy, headers, the audit page and the production configuration's refusals."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select, update

from housing import create_app
from housing.core.audit_entry import AuditEntry
from housing.auth import services as accounts
from housing.auth.models import LoginAttempt, User, UserSession
from housing.core.clock import now_utc, today
from housing.core.formatting import format_dmy
from housing.core.security import UnsafeConfiguration
from housing.extensions import db
from tests.support import DEMO_PASSWORD, close_database, field_errors, form_errors, login, make_stay, make_user


@pytest.fixture
def nurse(app):
    with app.app_context():
        make_user("shelter_staff", username="nurse")
        db.session.commit()


def attempt(client, password, username="nurse", address="10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_five_failures_lock_the_account_for_15_minutes_with_the_same_message(client, nurse, app):
    unknown = form_errors(attempt(client, "wrong-password", username="nobody").get_data(as_text=True))
    for _ in range(5):
        wrong = attempt(client, "wrong-password")
    assert form_errors(wrong.get_data(as_text=True)) == unknown
    locked = attempt(app.test_client(), DEMO_PASSWORD)  # a different client: the count is in the database
    assert locked.status_code == 200 and form_errors(locked.get_data(as_text=True)) == unknown
    with app.test_request_context():
        assert accounts.authenticate("nurse", DEMO_PASSWORD, "10.0.0.9", now_utc() + timedelta(minutes=16))
        db.session.rollback()


def test_a_success_resets_the_count(client, nurse, app):
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, DEMO_PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, DEMO_PASSWORD).status_code == 302


def test_attempts_per_address_are_limited(client, app):
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 3
    try:
        for _attempt in range(3):
            attempt(client, "wrong-password", username="guess", address="10.9.9.9")
        limited = attempt(client, "wrong-password", username="guess", address="10.9.9.9")
        assert limited.status_code == 429
        assert attempt(client, "wrong-password", username="guess", address="10.1.1.1").status_code == 200
    finally:
        app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 30


def test_a_flood_from_the_shared_address_does_not_lock_out_the_night_shift(client, app):
    """Behind a proxy without TRUSTED_PROXIES everybody has the proxy's address."""
    with app.app_context():
        make_user("night_shift", username="night")
        db.session.commit()
    proxy = "10.0.0.254"
    for n in range(30):  # somebody tries names and passwords from the same address
        assert attempt(client, f"guess-{n}", username=("admin", "director", "root")[n % 3], address=proxy
                       ).status_code == 200
    assert attempt(client, "another-guess", username="admin", address=proxy).status_code == 429
    assert attempt(client, "another-guess", username="root", address=proxy).status_code == 429
    night = app.test_client()
    assert attempt(night, DEMO_PASSWORD, username="night", address=proxy).status_code == 302
    assert night.get("/shelter/board").status_code == 200


def test_a_password_typed_into_the_username_field_is_stored_nowhere(client, nurse, app):
    typed = "Kr1ti-Secret-Passphrase"
    attempt(client, "whatever-else", username=typed)
    attempt(client, "whatever-else", username=typed)
    import sqlalchemy as sa

    with app.app_context():
        found = []
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, (sa.String, sa.Text)):
                    hits = db.session.scalar(select(func.count()).select_from(table).where(
                        func.lower(column).contains(typed.lower()[:8])))
                    if hits:
                        found.append(f"{table.name}.{column.name}")
        assert found == []
        masks = db.session.scalars(select(LoginAttempt.username).where(LoginAttempt.succeeded.is_(False))).all()
    assert len(masks) == 2 and masks[0] == masks[1] and masks[0].startswith("unknown-")  # counted as one name
    assert typed not in client_for_admin(app).get("/audit/").get_data(as_text=True)


def client_for_admin(app):
    with app.app_context():
        make_user("admin", username="it-contact")
        db.session.commit()
    admin = app.test_client()
    login(admin, "it-contact")
    return admin


def test_trusted_proxies_give_each_client_her_own_address(tmp_path):
    from flask_migrate import upgrade
    from werkzeug.middleware.proxy_fix import ProxyFix

    assert not isinstance(create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://").wsgi_app, ProxyFix)
    behind = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'proxy.sqlite'}",
                        TRUSTED_PROXIES=1, WTF_CSRF_ENABLED=False)
    with behind.app_context():
        upgrade()
    client = behind.test_client()
    for client_address in ("203.0.113.7", "198.51.100.23"):
        client.post("/login", data={"username": "nobody", "password": "wrong-password"},
                    environ_base={"REMOTE_ADDR": "10.0.0.254"}, headers={"X-Forwarded-For": client_address})
    with behind.app_context():
        assert db.session.scalars(select(LoginAttempt.address).order_by(LoginAttempt.id)).all() == [
            "203.0.113.7", "198.51.100.23"]
        close_database()


def test_logins_failures_and_logouts_are_audited(client, nurse, app):
    attempt(client, "wrong-password")
    attempt(client, DEMO_PASSWORD)
    client.post("/logout")
    with app.app_context():
        nurse_id = db.session.scalar(select(User.id).where(User.username == "nurse"))
        rows = db.session.execute(select(AuditEntry.action, AuditEntry.actor, AuditEntry.user_id, AuditEntry.address,
                                         AuditEntry.detail).order_by(AuditEntry.id)).tuples().all()
    assert [row for row in rows if row[0].startswith("log")] == [
        ("login_failed", "anonymous", None, "10.0.0.1", "username tried: nurse"),
        ("login", "nurse", nurse_id, "10.0.0.1", ""), ("logout", "nurse", nurse_id, "127.0.0.1", "")]


def test_a_change_outside_any_request_or_command_is_the_systems(app):
    with app.app_context():
        since = db.session.scalar(select(func.max(AuditEntry.id))) or 0
        make_user(username="made-by-the-system")
        db.session.flush()
        row = db.session.scalars(select(AuditEntry).where(AuditEntry.id > since)).first()
        assert (row.actor, row.user_id, row.address) == ("system", None, "")
        db.session.rollback()


def test_opening_a_file_is_audited(client_as, app):
    with app.test_request_context():
        stay = make_stay()
        db.session.commit()
        stay_id, code = stay.id, stay.case_code
    client_as("shelter_staff").get(f"/shelter/stays/{stay_id}")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "open_file", AuditEntry.case_code == code)) == 1


def test_her_file_shown_again_by_a_refused_form_or_back_is_audited_too(client_as, app):
    """A refused discharge, "Back" from its confirmation and a refused transfer each show her whole
    file again: each showing is on the audit trail, as the opening is."""
    with app.test_request_context():
        stay = make_stay()
        db.session.commit()
        stay_id, code = stay.id, stay.case_code
    staff = client_as("shelter_staff")
    day = format_dmy(today())
    shown = [staff.post(f"/shelter/stays/{stay_id}/discharge", data={"discharged_on": "31/02/2026", "submit": "1"}),
             staff.post(f"/shelter/stays/{stay_id}/discharge",
                        data={"discharged_on": day, "destination": "relatives", "back": "1"}),
             staff.post(f"/shelter/stays/{stay_id}/transfer", data={"room_id": "", "moved_on": day})]
    assert [response.status_code for response in shown] == [400, 200, 400]
    assert all(f"{code}" in response.get_data(as_text=True) for response in shown)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "open_file", AuditEntry.case_code == code)) == 3


def test_idle_sessions_end(client, nurse, app):
    login(client, "nurse")
    assert client.get("/shelter/board").status_code == 200
    with app.app_context():
        db.session.execute(update(UserSession).values(
            last_seen_at=now_utc() - timedelta(minutes=app.config["IDLE_TIMEOUT_MINUTES"], seconds=5)))
        db.session.commit()
    response = client.get("/shelter/board")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/shelter/board").headers["Location"].startswith("/login")


def test_session_cookie_flags(client, nurse):
    cookie = attempt(client, DEMO_PASSWORD).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True


@pytest.mark.parametrize("path", ["/login", "/shelter/board", "/healthz", "/static/housing.css", "/no-such-page"])
def test_security_headers_on_every_response(client_as, path):
    response = client_as("night_shift").get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    if path != "/static/housing.css":
        assert response.headers["Cache-Control"] == "no-store"
    response.close()


def test_no_page_has_inline_script_or_style(client_as):
    import re

    client = client_as("coordinator", "admin")
    for path in ("/alerts/", "/shelter/board", "/shelter/admit", "/shelter/residents", "/shelter/waiting-list",
                 "/shelter/night-check", "/shelter/log", "/audit/", "/admin/users", "/rooms/", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", page), path
        assert "<style" not in page and " style=" not in page and " on" + "click=" not in page, path


@pytest.mark.parametrize("password, message", [("password1234", "too easy to guess"), ("short", "at least 12"),
                                               ("Nurse", "at least 12"), ("nurse2nurse2nurse2", "username repeated"),
                                               ("Qwerty123456", "too easy to guess"),
                                               ("Passw0rd!2024", "too easy to guess"),
                                               ("abcdefghijkl", "too easy to guess")])
def test_password_policy(client_as, password, message):
    response = client_as("admin").post("/admin/users/new", data={"username": "nurse2", "full_name": "N",
                                                                  "password": password, "roles": []})
    assert any(message in e for e in field_errors(response.get_data(as_text=True)))


def test_a_reset_password_must_be_changed_at_the_next_login(client_as, nurse, app):
    with app.app_context():
        nurse_id = db.session.scalar(select(User.id).where(User.username == "nurse"))
    client_as("admin").post(f"/admin/users/{nurse_id}/password", data={"reset-new_password": "temporary-password-1"})
    client = app.test_client()
    login(client, "nurse", "temporary-password-1")
    response = client.get("/shelter/board")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    client.post("/account", data={"pw-current_password": "temporary-password-1",
                                  "pw-new_password": "my-very-own-password", "pw-submit": "1"})
    assert client.get("/shelter/board").status_code == 200


def test_admin_requires_a_second_factor_for_coordinators(client_as, app):
    admin = client_as("admin")
    assert admin.post("/admin/settings", data={"require_second_factor": "y"}).status_code == 302
    with app.app_context():
        make_user("coordinator", username="coord2")
        make_user("shelter_staff", username="staff2")
        db.session.commit()
    staff = app.test_client()
    assert staff.post("/login", data={"username": "staff2", "password": DEMO_PASSWORD}).headers["Location"] == "/"
    coordinator = app.test_client()
    step = coordinator.post("/login", data={"username": "coord2", "password": DEMO_PASSWORD})
    assert step.headers["Location"] == "/login/second-factor"
    page = coordinator.get("/login/second-factor").get_data(as_text=True)
    assert "Add this key to an authenticator app" in page
    with coordinator.session_transaction() as session:
        secret = session["second_factor_secret"]
    assert coordinator.get("/alerts/").status_code == 302  # not logged in yet
    wrong = coordinator.post("/login/second-factor", data={"code": "000000"})
    assert wrong.status_code == 400
    assert coordinator.post("/login/second-factor", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert coordinator.get("/alerts/").status_code == 200
    again = app.test_client()
    again.post("/login", data={"username": "coord2", "password": DEMO_PASSWORD})
    assert "Type the 6-digit code" in again.get("/login/second-factor").get_data(as_text=True)
    assert again.post("/login/second-factor", data={"code": "123456"}).status_code == 400
    with app.app_context():
        coord_id = db.session.scalar(select(User.id).where(User.username == "coord2"))
    admin.post(f"/admin/users/{coord_id}/second-factor/reset")
    with app.app_context():
        assert db.session.get(User, coord_id).totp_secret is None


def test_audit_page_filters_and_exports_and_offers_no_editing(client_as, app):
    with app.test_request_context():
        stay = make_stay()
        db.session.commit()
        code = stay.case_code
    coordinator = client_as("coordinator")
    page = coordinator.get(f"/audit/?case_code={code}").get_data(as_text=True)
    assert f"admitted {code}" in page
    assert code not in coordinator.get("/audit/?case_code=SH-1900-001").get_data(as_text=True)
    export = coordinator.get(f"/audit/export.csv?case_code={code}")
    assert export.mimetype == "text/csv" and code in export.get_data(as_text=True)
    assert client_as("shelter_staff").get("/audit/").status_code == 403
    methods = {m for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.") for m in rule.methods}
    assert methods <= {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("query", ["since=31/02/2026&until=xx&before=abc", "before=" + "9" * 30,
                                   "case_code=" + "9" * 30, "kind=stay:²", "action=%00"])
def test_audit_filter_with_bad_input_does_not_fail(client_as, query):
    assert client_as("admin").get(f"/audit/?{query}").status_code == 200


@pytest.mark.parametrize("overrides, message", [
    ({"SECRET_KEY": ""}, "SECRET_KEY"),
    ({}, "SECRET_KEY"),  # the development default
    ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"SECRET_KEY": "x" * 40, "DEBUG": True}, "Debug"),
])
def test_production_refuses_unsafe_settings(tmp_path, overrides, message):
    with pytest.raises(UnsafeConfiguration, match=message):
        create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}", **overrides)


def test_production_refuses_the_demo_data(tmp_path):
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    dev = create_app("development", SQLALCHEMY_DATABASE_URI=url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    with dev.app_context():
        upgrade()
    assert dev.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with dev.app_context():
        close_database()
    with pytest.raises(UnsafeConfiguration, match="demo data"):
        create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="y" * 40)


def test_production_refuses_any_account_with_the_demo_password(tmp_path):
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'prod.sqlite'}"
    dev = create_app("development", SQLALCHEMY_DATABASE_URI=url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    with dev.app_context():
        upgrade()
        make_user("shelter_staff", username="maria")  # no demo login, but the demo password
        db.session.commit()
    with pytest.raises(UnsafeConfiguration, match="demo password \\(maria\\)"):
        create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="y" * 40)
    with dev.app_context():
        db.session.get(User, db.session.scalar(select(User.id))).active = False
        db.session.commit()
        close_database()
    production = create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="y" * 40)
    response = production.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    with production.app_context():
        close_database()


def test_hsts_only_in_production(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_production_refuses_the_demo_password_for_a_new_account(app, app_ctx):
    from housing.core.errors import RuleViolation

    app.config["DEMO_DATA_ALLOWED"] = False
    try:
        with pytest.raises(RuleViolation, match="demo"):
            accounts.create_user("maria", "Maria P.", DEMO_PASSWORD, ["shelter_staff"])
    finally:
        app.config["DEMO_DATA_ALLOWED"] = True


def test_a_change_from_an_address_longer_than_its_column_is_saved_with_the_address_cut(client_as, app):
    """A forwarded address (ProxyFix believes what the proxy says) can be longer than the trail's
    64 characters: the change is saved, its row keeps the first 64 (PostgreSQL refused the whole
    change before)."""
    coordinator = client_as("coordinator")
    long_address = "2001:db8:" + "a" * 91  # 100 characters
    response = coordinator.post("/account", data={"lang-locale": "el", "lang-submit_language": "Save language"},
                                environ_base={"REMOTE_ADDR": long_address})
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    with app.app_context():
        address = db.session.scalar(select(AuditEntry.address).where(AuditEntry.action == "set_locale")
                                    .order_by(AuditEntry.id.desc()))
    assert address == long_address[:64]
