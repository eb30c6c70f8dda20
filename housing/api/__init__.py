"""The vacancy feed for referral partners (GET /api/v1/vacancy with a partner's token, its
OpenAPI document) and the admin's pages that create and revoke the tokens."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.i18n import lazy_gettext as _l

    from housing.api import blueprints, guard, views  # noqa: F401  (the views add their routes)
    from housing.core.audit_areas import register_audit_area
    from housing.core.permissions import Permission, register_token_guard
    from housing.core.registry import MenuEntry, register_area, register_menu_entry

    register_area(app, "api")
    app.config.setdefault("FEED_REQUESTS_PER_MINUTE", 60)
    app.register_blueprint(blueprints.api)
    app.register_blueprint(blueprints.tokens)
    register_token_guard(app, guard.check_partner_token)
    # The feed answers with its own JSON and never touches the staff session; CSRF protects forms only.
    from housing.extensions import csrf

    csrf.exempt(blueprints.api)
    register_audit_area("api", ("api_token",), seen_with=(Permission.MANAGE_API_TOKENS, Permission.VIEW_AUDIT))
    register_menu_entry(app, MenuEntry(92, _l("Feed tokens"), "feed_tokens.index",
                                       lambda user: user.can(Permission.MANAGE_API_TOKENS)))
