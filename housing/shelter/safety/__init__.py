"""The safety plan of a stay (risk assessments, protective orders, persons who must not be told
she is here or let in) and the door list the night shift reads without learning whose case it is."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Plug the safety plan into the shelter: its pages, alerts, privacy provider, audit area,
    the door list's menu entry and the stay page's section."""
    from housing.core.i18n import lazy_gettext as _l

    from housing.core.alerts import register_alert_facts, register_alert_sources, sources_in
    from housing.core.audit_areas import register_audit_area
    from housing.core.permissions import Permission
    from housing.core.privacy import register_privacy_provider
    from housing.core.registry import MenuEntry, register_menu_entry
    from housing.shelter.safety import alerts, privacy, views
    from housing.shelter.safety.labels import AUTHORITY_LABELS, ORDER_KIND_LABELS, RISK_LABELS
    from housing.shelter.safety.models import SAFETY_TABLES

    register_alert_facts(app, alerts.FACTS)
    register_alert_sources(app, sources_in(alerts), group="shelter")
    register_privacy_provider(app, privacy.PROVIDER)
    # Values for whoever holds the safety plan (staff, coordinators), never the admin; rows
    # carry the stay's case code.
    register_audit_area("safety", SAFETY_TABLES, seen_with=(Permission.SAFETY_PLAN,), holds_cases=True,
                        case_owner="stay")
    register_menu_entry(app, MenuEntry(27, _l("Door list"), "shelter.door_list",
                                       lambda user: user.can(Permission.DOOR_LIST)))
    app.jinja_env.globals.update(safety_plan_for=views.safety_plan_for, RISK_LABELS=RISK_LABELS,
                                 AUTHORITY_LABELS=AUTHORITY_LABELS, ORDER_KIND_LABELS=ORDER_KIND_LABELS)
