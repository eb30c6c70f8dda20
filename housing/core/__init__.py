"""What every area shares: the request, permissions, calendar, names, case codes, formatting,
the audit recorder and the registries the areas plug into. Imports no area."""
from __future__ import annotations

from typing import Any

import os

from flask import Flask, request, session
from flask_login import current_user


def init_app(app: Flask) -> None:
    from flask_babel import get_locale

    from housing.core.audit import install as install_audit_trail
    from housing.core.calendar import age_on
    from housing.core.database import configure_engine, register_busy_page
    from housing.core.formatting import format_dmy, format_dmy_hm, money
    from housing.core.i18n import init_app as install_translations
    from housing.core.permissions import Access, Permission, enforce_access
    from housing.core.registry import menu_for, search_targets_for
    from housing.core.routing import install_id_converter
    from housing.core.security import register_security
    from housing.core.views import bp, register_error_pages
    from housing.extensions import babel, csrf, db, login_manager, migrate

    install_id_converter(app)  # before the routes: every <int:…> holds a database id
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True,
                     directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    install_translations(app)  # the templates' gettext, the catalogue found once per request
    login_manager.init_app(app)
    install_audit_trail()
    with app.app_context():
        configure_engine(db.engine, app.config["DB_LOCK_TIMEOUT_SECONDS"])
    app.register_blueprint(bp)
    register_error_pages(app)
    register_busy_page(app)
    app.jinja_env.filters.update(dmy=format_dmy, dmy_hm=format_dmy_hm, euros=money)
    app.jinja_env.globals.update(Permission=Permission, get_locale=get_locale, age_on=age_on, menu_for=menu_for,
                                  search_targets_for=search_targets_for)

    @app.before_request
    def guard_routes_outside_blueprints() -> Any:
        if request.blueprint is None:  # blueprints have guards of their own
            return enforce_access()
        return None

    register_security(app)  # after the route guard: idle logout, forced password change, headers
    # Static files are public: CSS and the favicon, nothing about anyone.
    static: Any = app.view_functions["static"]
    static.required_access = Access.PUBLIC


def _select_locale() -> str:
    from flask import current_app, has_request_context

    default = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if not has_request_context():
        return default
    if current_user and current_user.is_authenticated:
        return str(current_user.locale)
    chosen = session.get("locale")
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return default
