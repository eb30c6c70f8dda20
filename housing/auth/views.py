from __future__ import annotations

import pyotp
from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from housing.core.i18n import gettext as _
from housing.core.audit import record
import housing.auth.rules as rules
import housing.auth.services as services
import housing.auth.sessions as sessions
from housing.auth import drafts
from housing.auth.forms import (ROLE_LABELS, EndSessionForm, LanguageForm, LoginForm, PasswordChangeForm,
                                PasswordResetForm, SecondFactorForm, SecondFactorResetForm, SettingsForm,
                                UserCreateForm, UserEditForm)
from housing.auth.models import User, UserSession
from housing.core.clock import now_utc
from housing.core.forms import field_label, record_id
from housing.core.permissions import Access, Permission, guarded_blueprint, requires, safe_next
from housing.core.requests import perform
from housing.extensions import db

bp = guarded_blueprint("auth", __name__)


def _client() -> tuple[str, str]:
    return request.remote_addr or "", request.headers.get("User-Agent", "")


def _fresh_cookie(**values) -> None:
    """A fresh cookie at each step of a login (no fixation), keeping only the language."""
    locale = values.pop("locale", None) or session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session.update(values)


def _logged_in(user: User, token: str) -> None:
    _fresh_cookie(**{sessions.COOKIE_KEY: token})
    login_user(user)


def _after_login(user: User, target: str) -> str:
    """Where a login leads: to the form she was sending when her session ended, if it was kept."""
    now = now_utc()
    drafts.forget_old(now)
    return url_for("auth.kept_form") if drafts.waiting_for(user, now) is not None else target


@bp.route("/login", methods=["GET", "POST"])
@requires(Access.PUBLIC)
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        address, user_agent = _client()
        try:
            user = services.authenticate(form.username.data, form.password.data, address)
        except services.AddressLimited:
            db.session.rollback()
            form.form_errors.append(_("Too many failed logins from this place. Wait %(minutes)d minutes and try again.",
                                      minutes=int(rules.LOCKOUT.total_seconds() // 60)))
            return render_template("auth/login.html", form=form), 429
        if user is None:  # the failure is counted and audited: the request saves it with the answer
            # One message for an unknown user, a wrong password and a locked account: no enumeration.
            form.form_errors.append(_("Wrong username or password. After %(n)d failed attempts an account is "
                                      "locked for %(minutes)d minutes.", n=rules.MAX_FAILED_LOGINS,
                                      minutes=int(rules.LOCKOUT.total_seconds() // 60)))
        elif services.needs_second_factor(user):
            token, _step = sessions.start(user, address, user_agent, now_utc(), pending_second_factor=True)
            # The password step lives on the server (its wrong codes are counted there); the
            # second step speaks her language already.
            _fresh_cookie(locale=user.locale, second_factor_token=token, second_factor_next=target or "")
            return redirect(url_for("auth.second_factor"))
        else:
            token, _row = sessions.start(user, address, user_agent, now_utc())
            _logged_in(user, token)
            return redirect(_after_login(user, target or url_for("core.home")))
    return render_template("auth/login.html", form=form)


def _pending_second_factor():
    """The password step of this cookie, if it is still open (5 minutes, fewer than 5 wrong codes)."""
    step = sessions.find(session.get("second_factor_token"))
    if (step is None or not step.second_factor_pending or step.ended_at is not None or not step.user.active
            or not rules.password_step_is_open(step.created_at, now_utc())):
        return None
    return step


@bp.route("/login/second-factor", methods=["GET", "POST"])
@requires(Access.PUBLIC)
def second_factor():
    """The second step of a login: a code from an authenticator app, or enrolment if the
    admin requires a second factor and none is set up yet."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    step = _pending_second_factor()
    if step is None:
        _fresh_cookie()
        flash(_("Log in again."), "info")
        return redirect(url_for("auth.login"))
    user = step.user
    form = SecondFactorForm()
    enrolling = user.totp_secret is None
    if enrolling:
        session.setdefault("second_factor_secret", pyotp.random_base32())
    secret = session.get("second_factor_secret", "")
    if form.validate_on_submit():
        if enrolling:
            perform(form, lambda: services.enrol_second_factor(user, secret, form.code.data), validate=False)
        else:
            try:
                right = services.check_second_factor(step, form.code.data)
            except services.SecondFactorRefused:  # the refusal is saved with the answer
                _fresh_cookie()
                flash(_("Too many wrong codes. Log in again with your password."), "info")
                return redirect(url_for("auth.login"))
            if not right:  # the wrong code is counted
                form.code.errors = list(form.code.errors) + [_("That code is not right. Type the 6 digits the app "
                                                               "shows now.")]
        if not form.errors:
            target = session.get("second_factor_next") or url_for("core.home")
            token = sessions.complete_second_factor(step, now_utc())
            _logged_in(user, token)
            return redirect(_after_login(user, target))
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="Heraklion Housing") if enrolling else ""
    return render_template("auth/second_factor.html", form=form, enrolling=enrolling, secret=secret, uri=uri), \
        400 if form.errors else 200


@bp.route("/language/<code>")
@requires(Access.PUBLIC)
def choose_language(code: str):
    """Language for the login page, before anybody is known."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("auth.login"))


@bp.route("/logout", methods=["POST"])
@requires(Access.AUTHENTICATED)
def logout():
    record("logout", current_user, user=current_user)
    sessions.end(g.user_session, sessions.LOGOUT, now_utc(), by=current_user)
    logout_user()
    _fresh_cookie()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@requires(Access.AUTHENTICATED)
def account():
    password_form = PasswordChangeForm(prefix="pw")
    language_form = LanguageForm(prefix="lang", data={"locale": current_user.locale})
    if password_form.submit.data:
        if perform(password_form, lambda: services.change_own_password(
                current_user, password_form.current_password.data, password_form.new_password.data,
                current_session=g.user_session)):
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    elif language_form.submit_language.data:
        if perform(language_form, lambda: services.set_locale(current_user, language_form.locale.data,
                                                              current_app.config["LANGUAGES"])):
            session.pop("locale", None)
            flash(_("Language saved."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", password_form=password_form, language_form=language_form,
                           **_sessions_page())


def _sessions_page() -> dict:
    config = current_app.config
    return {"open_sessions": sessions.active_of(current_user, now_utc(), config["IDLE_TIMEOUT_MINUTES"],
                                                config["SESSION_LIFETIME_HOURS"]),
            "this_session": g.user_session, "end_session_form": EndSessionForm()}


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@requires(Access.AUTHENTICATED)
def end_session(session_id: int):
    """She ends one of her other sessions (a tablet left logged in, a browser she does not know)."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != current_user.id or row.id == g.user_session.id:
        abort(404)  # another user's session is nobody's business; her own current one ends with "log out"
    if EndSessionForm().validate_on_submit():
        sessions.end(row, sessions.ENDED_BY_USER, now_utc())
        flash(_("That session has ended."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@requires(Access.AUTHENTICATED)
def end_other_sessions():
    if EndSessionForm().validate_on_submit():
        ended = sessions.end_all_of(current_user, sessions.ENDED_BY_USER, now_utc(), keep=g.user_session)
        flash(_("Your other sessions have ended (%(n)d).", n=ended), "success")
    return redirect(url_for("auth.account"))


@bp.route("/admin/users")
@requires(Permission.MANAGE_USERS)
def users():
    accounts = db.session.scalars(select(User).options(selectinload(User.role_grants))
                                  .order_by(User.active.desc(), User.username)).all()
    return render_template("auth/users.html", users=accounts, role_labels=ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def create_user():
    form = UserCreateForm()
    created = perform(form, lambda: services.create_user(form.username.data, form.full_name.data,
                                                         form.password.data, form.roles.data or []))
    if created and created.value is not None:
        flash(_("Account %(name)s created.", name=created.value.username), "success")
        return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(data={"full_name": user.full_name, "roles": sorted(user.roles), "active": user.active})
    reset_form = PasswordResetForm(prefix="reset")
    if perform(form, lambda: services.update_user(user, form.full_name.data, form.roles.data or [],
                                                  form.active.data, current_user, acting_session=g.user_session)):
        flash(_("Account %(name)s saved.", name=user.username), "success")
        return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user, reset_form=reset_form,
                           second_factor_form=SecondFactorResetForm(formdata=None))


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(data={"full_name": user.full_name, "roles": sorted(user.roles), "active": user.active})
    reset_form = PasswordResetForm(prefix="reset")
    if perform(reset_form, lambda: services.reset_password(user, reset_form.new_password.data)):
        flash(_("New password set for %(name)s. Give it to them in person.", name=user.username), "success")
        return redirect(url_for("auth.edit_user", user_id=user.id))
    return render_template("auth/user_form.html", form=form, user=user, reset_form=reset_form,
                           second_factor_form=SecondFactorResetForm(formdata=None)), 400


@bp.route("/admin/users/<int:user_id>/second-factor/reset", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reset_second_factor(user_id: int):
    """Recovery: the user lost the phone; they enrol again at the next login."""
    user = db.get_or_404(User, user_id)
    if SecondFactorResetForm().validate_on_submit():
        services.clear_second_factor(user)
        flash(_("Second factor of %(name)s reset: they set it up again at the next login.", name=user.username),
              "success")
    return redirect(url_for("auth.edit_user", user_id=user.id))


@bp.route("/admin/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def settings():
    form = SettingsForm(data={"require_second_factor": services.second_factor_required()})
    if form.validate_on_submit():
        services.set_second_factor_required(form.require_second_factor.data)
        flash(_("Settings saved."), "success")
        return redirect(url_for("auth.settings"))
    return render_template("auth/settings.html", form=form)


@bp.route("/session/kept-form")
@requires(Access.AUTHENTICATED)
def kept_form():
    """The form she was sending when her session ended: what she typed, to send it again or
    discard it. Nobody but its author ever sees it."""
    draft = drafts.waiting_for(current_user, now_utc())
    if draft is None:
        flash(_("No unsent form is waiting for you (a form is kept for an hour)."), "info")
        return redirect(url_for("core.home"))
    return render_template("auth/kept_form.html", draft=draft, fields=drafts.fields_of(draft),
                           draft_field=drafts.DRAFT_FIELD, field_label=field_label)


@bp.route("/session/kept-form/discard", methods=["POST"])
@requires(Access.AUTHENTICATED)
def discard_kept_form():
    drafts.use_up(current_user, record_id(request.form.get(drafts.DRAFT_FIELD)))
    flash(_("What you had typed was discarded."), "info")
    return redirect(url_for("core.home"))


@bp.route("/session/still-here")
@requires(Access.AUTHENTICATED)
def still_here():
    """Asked by the page when she chooses to stay logged in: a request, so it counts as activity."""
    response = current_app.response_class(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response

