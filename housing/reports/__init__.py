"""The reports' pages: every area's registered report (housing.core.reports) for a period, with
charts, downloads that pass the small-cell rules, and a printable page."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.i18n import lazy_gettext as _l

    from housing.core.permissions import Permission
    from housing.core.registry import MenuEntry, register_area, register_menu_entry
    from housing.reports import formatting
    from housing.reports.views import bp

    register_area(app, "reports")
    app.register_blueprint(bp)
    register_menu_entry(app, MenuEntry(65, _l("Reports"), "reports.index",
                                       lambda user: user.can(Permission.VIEW_REPORTS)))
    app.jinja_env.filters["report_cell"] = formatting.screen_cell
