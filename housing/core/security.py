"""What every response and every request go through: idle logout, the forced password
change, security headers, and the production configuration's refusals."""
from __future__ import annotations

import os
import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from housing.auth.rules import idle_expired

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
    if _demo_data_present(app):
        raise UnsafeConfiguration("The demo data is present in this database: remove it before production use.")


def _demo_data_present(app: Flask) -> bool:
    """A demo login that still has the demo password."""
    from sqlalchemy import inspect, select
    from werkzeug.security import check_password_hash

    from housing.auth.models import User
    from housing.demo import DEMO_PASSWORD, DEMO_USERS
    from housing.extensions import db

    with app.app_context():
        try:
            if not inspect(db.engine).has_table("user_account"):
                return False  # an empty database: `flask db upgrade` comes first
            names = [name for name, _full, _roles in DEMO_USERS]
            users = db.session.scalars(select(User).where(User.username.in_(names))).all()
            return any(check_password_hash(user.password_hash, DEMO_PASSWORD) for user in users)
        finally:
            db.session.remove()


def register_security(app: Flask) -> None:
    @app.before_request
    def end_idle_sessions():
        if not current_user.is_authenticated:
            return None
        now = time.time()
        if idle_expired(session.get("last_seen"), now, app.config["IDLE_TIMEOUT_MINUTES"]):
            logout_user()
            session.clear()
            flash(_("You were logged out after %(n)d minutes without activity.", n=app.config["IDLE_TIMEOUT_MINUTES"]),
                  "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        session["last_seen"] = now
        return None

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
        if request.endpoint != "static":
            # Pages carry personal data: never kept by the browser or a proxy.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
