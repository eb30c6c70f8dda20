"""What every response and every request go through: the server-side session check (idle
logout, the absolute lifetime, sessions ended elsewhere), the forced password change,
security headers, and the production configuration's refusals."""
from __future__ import annotations

import os

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from housing.auth import sessions
from housing.auth.rules import last_seen_is_due
from housing.core.clock import now_utc
from housing.extensions import db

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                           "base-uri 'none'; object-src 'none'")

# Pages a user who must change the password can still reach.
_PASSWORD_CHANGE_ALLOWED = {"auth.account", "auth.logout", "static", "core.healthz"}


class UnsafeConfiguration(RuntimeError):
    """The production configuration refuses to start."""


def check_production_config(app: Flask) -> None:
    from config import DEV_SECRET_KEY

    key = app.config.get("SECRET_KEY") or ""
    if not key or key == DEV_SECRET_KEY or len(key) < 32:
        raise UnsafeConfiguration("SECRET_KEY must be set to a random value of at least 32 characters "
                                  "(e.g. python -c 'import secrets; print(secrets.token_hex(32))').")
    if app.debug or app.config.get("DEBUG"):
        raise UnsafeConfiguration("Debug mode must be off in production.")
    if os.environ.get("HOUSING_TEST_PAUSE_AFTER_FLUSH"):
        raise UnsafeConfiguration("HOUSING_TEST_PAUSE_AFTER_FLUSH is a test hook: unset it in production.")
    with_demo_password = _accounts_with_the_demo_password(app)
    if with_demo_password:
        raise UnsafeConfiguration("The demo data is present in this database, or an account still has the demo "
                                  f"password ({', '.join(with_demo_password)}): remove the demo data and set "
                                  "new passwords before production use.")


def _accounts_with_the_demo_password(app: Flask) -> list[str]:
    """Active accounts (demo logins or not) whose password is still the demo password."""
    from sqlalchemy import inspect, select
    from werkzeug.security import check_password_hash

    from housing.auth.models import User
    from housing.auth.rules import DEMO_PASSWORD

    with app.app_context():
        try:
            if not inspect(db.engine).has_table("user_account"):
                return []  # an empty database: `flask db upgrade` comes first
            users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.username)).all()
            return [user.username for user in users if check_password_hash(user.password_hash, DEMO_PASSWORD)]
        finally:
            db.session.remove()


# Endpoints that a visitor whose session has ended may still reach without a detour.
_PUBLIC_AFTER_SESSION_END = {"auth.login", "auth.choose_language", "static", "core.healthz"}


def register_security(app: Flask) -> None:
    @app.before_request
    def check_the_session():
        """Every request's session is checked on the server (see housing.auth.sessions): an
        ended, idle or too old session logs out, with a message, and ?next= brings her back."""
        if current_user.is_authenticated:
            row, now = g.user_session, now_utc()
            if last_seen_is_due(row.last_seen_at, now):
                sessions.touch(row, now)  # at most once a minute, not on every request
                db.session.commit()
            return None
        reason = g.pop("session_ended", None)
        if reason is None:
            return None
        row = g.pop("session_to_end", None)
        if row is not None:
            sessions.end(row, reason, now_utc(), by=row.user)
            db.session.commit()
        locale = g.pop("session_owner_locale", None) or session.get("locale")
        session.clear()
        if locale:
            session["locale"] = locale
            refresh()  # the message in her language
        flash(_session_end_message(app, reason), "info")
        if request.endpoint in _PUBLIC_AFTER_SESSION_END:
            return None
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def require_password_change():
        if (current_user.is_authenticated and current_user.must_change_password
                and request.endpoint not in _PASSWORD_CHANGE_ALLOWED):
            flash(_("Your password was reset: choose a new one to continue."), "info")
            return redirect(url_for("auth.account"))
        return None

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if app.config.get("STRICT_TRANSPORT_SECURITY"):
            response.headers["Strict-Transport-Security"] = app.config["STRICT_TRANSPORT_SECURITY"]
        if request.endpoint != "static":
            # Pages carry personal data: never kept by the browser or a proxy.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response


def _session_end_message(app: Flask, reason: str) -> str:
    if reason == sessions.IDLE:
        return _("You were logged out after %(n)d minutes without activity.", n=app.config["IDLE_TIMEOUT_MINUTES"])
    if reason == sessions.EXPIRED:
        return _("You were logged out: a session lasts at most %(n)d hours. Log in again.",
                 n=app.config["SESSION_LIFETIME_HOURS"])
    return _("Your session has ended (a logout, a new password or a change by an administrator). Log in again.")
