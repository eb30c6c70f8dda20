"""The alerts dashboard, the count in the menu and the digest, over the sources every area
registers with the core's engine (housing.core.alerts)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.i18n import lazy_gettext as _l

    from housing.alerts.cli import alerts_cli
    from housing.alerts.views import bp, my_alerts
    from housing.core.permissions import Permission
    from housing.core.registry import MenuEntry, register_area, register_menu_entry

    register_area(app, "alerts")
    app.register_blueprint(bp)
    app.cli.add_command(alerts_cli)
    register_menu_entry(app, MenuEntry(10, _l("Alerts"), "alerts.dashboard",
                                       lambda user: user.can(Permission.VIEW_ALERTS),
                                       badge=lambda: len(my_alerts())))
