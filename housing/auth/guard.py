"""What every request goes through for the signed-in: the server-side session check (idle
logout, the absolute lifetime, sessions ended elsewhere) and the forced password change; and
the production refusal of accounts still holding the demo password."""
from __future__ import annotations

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_babel import refresh
from flask_login import current_user

from housing.core.i18n import gettext as _
import housing.auth.sessions as sessions
from housing.auth import drafts
from housing.auth.rules import last_seen_is_due
from housing.core.clock import now_utc
from housing.core.database import best_effort
from housing.core.forms import record_id
from housing.core.requests import save_before_view
from housing.extensions import db

# Pages a user who must change the password can still reach.
_PASSWORD_CHANGE_ALLOWED = {"auth.account", "auth.logout", "static", "core.healthz"}


def demo_password_refusal(app: Flask) -> str:
    with_demo_password = _accounts_with_the_demo_password(app)
    if not with_demo_password:
        return ""
    return ("The demo data is present in this database, or an account still has the demo "
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


PASSIVE_REFRESH = ("refresh", "auto")  # ?refresh=auto: a page reloading itself, not a person


def _passive_refresh() -> bool:
    """A page that reloads itself (the board on the night tablet) is not activity: it must not
    keep an idle session alive. Only for reading (GET); at worst it shortens its own session."""
    name, value = PASSIVE_REFRESH
    return request.method == "GET" and request.args.get(name) == value


def register_session_checks(app: Flask) -> None:
    @app.before_request
    def check_the_session():
        """Every request's session is checked on the server (see housing.auth.sessions): an
        ended, idle or too old session logs out, with a message, and ?next= brings her back."""
        if current_user.is_authenticated:
            row, now = g.user_session, now_utc()
            if last_seen_is_due(row.last_seen_at, now) and not _passive_refresh():
                # At most once a minute; on a page that only reads, skipped (not waited for) while
                # a writer holds the database: the next request tries again.
                with best_effort() as written:
                    sessions.touch(row, now)
                if written:
                    save_before_view()
            if request.method == "POST" and drafts.DRAFT_FIELD in request.form:
                # A kept form sent again: it is used up whatever the view answers.
                drafts.use_up(current_user, record_id(request.form.get(drafts.DRAFT_FIELD)))
                save_before_view()
            return None
        reason = g.pop("session_ended", None)
        if reason is None:
            return None
        row = g.pop("session_to_end", None)
        kept = None
        if row is not None:
            # Skipped when the database is busy: the session stays refused all the same (the
            # rule reads its timestamps), and the end is written by the next request.
            with best_effort() as written:
                sessions.end(row, reason, now_utc(), by=row.user)
                if request.method == "POST":  # what she typed is kept for her (auth/drafts.py)
                    kept = drafts.keep(row.user, request.full_path.rstrip("?"),
                                       list(request.form.items(multi=True)), now_utc())
            if written:
                save_before_view()
            else:
                kept = None
        locale = g.pop("session_owner_locale", None) or session.get("locale")
        session.clear()
        if locale:
            session["locale"] = locale
            refresh()  # the message in her language
        flash(_session_end_message(app, reason), "info")
        if kept is not None:
            flash(_("What you typed was not saved yet, but it was kept for you: log in again within an hour "
                    "to send it."), "info")
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


def _session_end_message(app: Flask, reason: str) -> str:
    if reason == sessions.IDLE:
        return _("You were logged out after %(n)d minutes without activity.", n=app.config["IDLE_TIMEOUT_MINUTES"])
    if reason == sessions.EXPIRED:
        return _("You were logged out: a session lasts at most %(n)d hours. Log in again.",
                 n=app.config["SESSION_LIFETIME_HOURS"])
    return _("Your session has ended (a logout, a new password or a change by an administrator). Log in again.")
