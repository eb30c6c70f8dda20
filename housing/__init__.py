"""Heraklion Housing: the Shelter for Women and the REINTEGRATION programme."""
from __future__ import annotations

import os

from flask import Flask, request, session
from flask_login import current_user

from config import CONFIGS


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder="../templates")
    config_name = config_name or os.environ.get("HOUSING_CONFIG", "development")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)

    from housing.core.routing import install_id_converter

    install_id_converter(app)  # before the routes: every <int:…> holds a database id
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # the client's address and scheme
    _init_extensions(app)
    if config_name == "production":
        from housing.core.security import check_production_config

        check_production_config(app)
    _register_blueprints(app)
    _register_templating(app)
    _register_cli(app)

    from housing.core.permissions import enforce_access
    from housing.core.security import register_security
    from housing.core.views import register_error_pages

    register_error_pages(app)
    from housing.core.database import register_busy_page

    register_busy_page(app)

    @app.before_request
    def guard_routes_outside_blueprints():
        if request.blueprint is None:  # blueprints have guards of their own
            return enforce_access()
        return None

    register_security(app)  # after the route guard: idle logout, forced password change, headers

    # Static files are public: CSS and the favicon, nothing about anyone.
    from housing.core.permissions import Access

    app.view_functions["static"].required_access = Access.PUBLIC
    return app


def _init_extensions(app: Flask) -> None:
    from housing.audit.recorder import install as install_audit_trail
    from housing.auth.models import AnonymousUser
    from housing.core.database import configure_engine
    from housing.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = AnonymousUser

    @login_manager.user_loader
    def load_user(user_id: str):
        from housing.auth.sessions import user_for_request
        from housing.core.clock import now_utc

        return user_for_request(user_id, now_utc(), app.config["IDLE_TIMEOUT_MINUTES"],
                                app.config["SESSION_LIFETIME_HOURS"])

    install_audit_trail()
    with app.app_context():
        configure_engine(db.engine, app.config["DB_LOCK_TIMEOUT_SECONDS"])


def _select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _register_blueprints(app: Flask) -> None:
    from housing.alerts.views import bp as alerts_bp
    from housing.audit.views import bp as audit_bp
    from housing.auth.views import bp as auth_bp
    from housing.core.views import bp as core_bp
    from housing.reintegration.views import bp as reintegration_bp
    from housing.shelter.room_views import bp as rooms_bp
    from housing.shelter import extension_views, night_views, waiting_views  # noqa: F401 - their routes
    from housing.shelter.views import bp as shelter_bp

    for blueprint in (core_bp, auth_bp, shelter_bp, rooms_bp, alerts_bp, reintegration_bp, audit_bp):
        app.register_blueprint(blueprint)


def _register_templating(app: Flask) -> None:
    from flask_babel import get_locale

    from housing.core.forms import format_dmy, format_dmy_hm
    from housing.core.permissions import Permission
    from housing.shelter.forms import (DESTINATION_LABELS, EXTENSION_STATUS_LABELS, REFERRAL_LABELS,
                                       REFERRAL_STATUS_LABELS, SEX_LABELS, SHIFT_LOG_LABELS, URGENCY_LABELS)
    from housing.shelter.rules import age_on

    app.jinja_env.filters["dmy"] = format_dmy
    app.jinja_env.filters["dmy_hm"] = format_dmy_hm
    from housing.auth.rules import MIN_PASSWORD_LENGTH

    app.jinja_env.globals.update(
        Permission=Permission, min_password_length=MIN_PASSWORD_LENGTH, get_locale=get_locale, age_on=age_on,
        DESTINATION_LABELS=DESTINATION_LABELS, REFERRAL_LABELS=REFERRAL_LABELS, SEX_LABELS=SEX_LABELS,
        EXTENSION_STATUS_LABELS=EXTENSION_STATUS_LABELS, SHIFT_LOG_LABELS=SHIFT_LOG_LABELS,
        URGENCY_LABELS=URGENCY_LABELS, REFERRAL_STATUS_LABELS=REFERRAL_STATUS_LABELS)


def _register_cli(app: Flask) -> None:
    from housing.alerts.cli import alerts_cli
    from housing.backup import backup_command
    from housing.cli import demo_cli
    from housing.privacy.cli import retention_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(backup_command)
