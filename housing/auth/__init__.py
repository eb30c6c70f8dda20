"""Staff accounts, roles, login and account administration."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.i18n import lazy_gettext as _l

    from housing.auth.guard import demo_password_refusal, register_session_checks
    from housing.auth.models import AnonymousUser
    from housing.auth.rules import MIN_PASSWORD_LENGTH
    from housing.auth.sessions import user_for_request
    from housing.auth.views import bp
    from housing.core.audit_areas import register_audit_area
    from housing.core.clock import now_utc
    from housing.core.permissions import Permission
    from housing.core.registry import MenuEntry, register_area, register_menu_entry
    from housing.core.security import add_production_check
    from housing.extensions import login_manager

    register_area(app, "auth")
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = AnonymousUser

    @login_manager.user_loader
    def load_user(user_id: str):
        return user_for_request(user_id, now_utc(), app.config["IDLE_TIMEOUT_MINUTES"],
                                app.config["SESSION_LIFETIME_HOURS"])

    app.register_blueprint(bp)
    register_session_checks(app)
    add_production_check(app, demo_password_refusal)
    register_audit_area("accounts", ("user_account", "user_role", "service_setting"),
                        seen_with=(Permission.MANAGE_USERS, Permission.VIEW_AUDIT))
    register_menu_entry(app, MenuEntry(90, _l("Staff accounts"), "auth.users",
                                       lambda user: user.can(Permission.MANAGE_USERS)))
    register_menu_entry(app, MenuEntry(91, _l("Settings"), "auth.settings",
                                       lambda user: user.can(Permission.MANAGE_USERS)))
    app.jinja_env.globals.update(min_password_length=MIN_PASSWORD_LENGTH)
