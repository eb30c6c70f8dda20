from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from housing.auth import services
from housing.auth.forms import (ROLE_LABELS, LanguageForm, LoginForm, PasswordChangeForm, PasswordResetForm, UserCreateForm,
                                UserEditForm)
from housing.auth.models import User
from housing.core.errors import DomainError
from housing.core.forms import apply_domain_error
from housing.core.permissions import Access, Permission, guarded_blueprint, requires, safe_next
from housing.extensions import db

bp = guarded_blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@requires(Access.PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is None:
            db.session.rollback()
            # One message for an unknown user and a wrong password: no account enumeration.
            form.form_errors.append(_("Wrong username or password."))
        else:
            db.session.commit()
            locale = session.get("locale")
            session.clear()  # a fresh session at login
            if locale:
                session["locale"] = locale
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


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
    return render_template("auth/user_form.html", form=form, user=user, reset_form=reset_form)


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
    return render_template("auth/user_form.html", form=form, user=user, reset_form=reset_form), 400
