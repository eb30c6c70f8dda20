from __future__ import annotations

import time

import pyotp
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from housing.audit.recorder import record
from housing.auth import rules, services
from housing.auth.forms import (ROLE_LABELS, LanguageForm, LoginForm, PasswordChangeForm, PasswordResetForm,
                                SecondFactorForm, SecondFactorResetForm, SettingsForm, UserCreateForm, UserEditForm)
from housing.auth.models import User
from housing.core.errors import DomainError
from housing.core.forms import apply_domain_error
from housing.core.permissions import Access, Permission, guarded_blueprint, requires, safe_next
from housing.extensions import db

bp = guarded_blueprint("auth", __name__)


def _start_session(user) -> None:
    """A fresh session at login (no fixation), keeping only the language chosen before."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    session["last_seen"] = time.time()


@bp.route("/login", methods=["GET", "POST"])
@requires(Access.PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data, request.remote_addr or "")
        except services.AddressLimited:
            db.session.rollback()
            form.form_errors.append(_("Too many failed logins from this place. Wait %(minutes)d minutes and try again.",
                                      minutes=int(rules.LOCKOUT.total_seconds() // 60)))
            return render_template("auth/login.html", form=form), 429
        db.session.commit()  # failures are counted and audited too
        if user is None:
            # One message for an unknown user, a wrong password and a locked account: no enumeration.
            form.form_errors.append(_("Wrong username or password. After %(n)d failed attempts an account is "
                                      "locked for %(minutes)d minutes.", n=rules.MAX_FAILED_LOGINS,
                                      minutes=int(rules.LOCKOUT.total_seconds() // 60)))
        elif services.needs_second_factor(user):
            session.clear()
            session["locale"] = user.locale  # the second step speaks her language already
            session["second_factor_user"] = user.id
            session["second_factor_since"] = time.time()
            session["second_factor_next"] = safe_next(request.args.get("next")) or ""
            return redirect(url_for("auth.second_factor"))
        else:
            _start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


SECOND_FACTOR_SECONDS = 300  # the password step is valid this long


def _pending_second_factor_user():
    user_id, since = session.get("second_factor_user"), session.get("second_factor_since", 0)
    if not isinstance(user_id, int) or time.time() - since > SECOND_FACTOR_SECONDS:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


@bp.route("/login/second-factor", methods=["GET", "POST"])
@requires(Access.PUBLIC)
def second_factor():
    """The second step of a login: a code from an authenticator app, or enrolment if the
    admin requires a second factor and none is set up yet."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    user = _pending_second_factor_user()
    if user is None:
        session.clear()
        flash(_("Log in again."), "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    enrolling = user.totp_secret is None
    if enrolling:
        session.setdefault("second_factor_secret", pyotp.random_base32())
    secret = session.get("second_factor_secret", "")
    if form.validate_on_submit():
        if enrolling:
            try:
                services.enrol_second_factor(user, secret, form.code.data)
            except DomainError as error:
                db.session.rollback()
                apply_domain_error(form, error)
        elif not services.verify_second_factor(user, form.code.data):
            form.code.errors = list(form.code.errors) + [_("That code is not right. Type the 6 digits the app "
                                                           "shows now.")]
            record("second_factor_failed", user, user=user)
            db.session.commit()
        if not form.errors:
            target = session.get("second_factor_next") or url_for("core.home")
            db.session.commit()
            _start_session(user)
            return redirect(target)
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
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@requires(Access.AUTHENTICATED)
def account():
    password_form = PasswordChangeForm(prefix="pw")
    language_form = LanguageForm(prefix="lang", data={"locale": current_user.locale})
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            services.change_own_password(current_user, password_form.current_password.data,
                                         password_form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(password_form, error)
        else:
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    elif language_form.submit_language.data and language_form.validate_on_submit():
        try:
            services.set_locale(current_user, language_form.locale.data, current_app.config["LANGUAGES"])
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(language_form, error)
        else:
            db.session.commit()
            session.pop("locale", None)
            flash(_("Language saved."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", password_form=password_form, language_form=language_form)


@bp.route("/admin/users")
@requires(Permission.MANAGE_USERS)
def users():
    accounts = db.session.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    return render_template("auth/users.html", users=accounts, role_labels=ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def create_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.username.data, form.full_name.data, form.password.data,
                                        form.roles.data or [])
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(data={"full_name": user.full_name, "roles": sorted(user.roles), "active": user.active})
    reset_form = PasswordResetForm(prefix="reset")
    if form.validate_on_submit():
        try:
            services.update_user(user, form.full_name.data, form.roles.data or [], form.active.data, current_user)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
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
    if reset_form.validate_on_submit():
        try:
            services.reset_password(user, reset_form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(reset_form, error)
        else:
            db.session.commit()
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
        db.session.commit()
        flash(_("Second factor of %(name)s reset: they set it up again at the next login.", name=user.username),
              "success")
    return redirect(url_for("auth.edit_user", user_id=user.id))


@bp.route("/admin/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def settings():
    form = SettingsForm(data={"require_second_factor": services.second_factor_required()})
    if form.validate_on_submit():
        services.set_second_factor_required(form.require_second_factor.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("auth.settings"))
    return render_template("auth/settings.html", form=form)
