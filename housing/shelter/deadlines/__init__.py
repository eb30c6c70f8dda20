"""Her deadlines: dated items of a stay (court hearings, residence permits, benefit renewals,
school enrolments, medical appointments), their reminders in the alerts and the digest, and the
stay page's list of the next ones."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.alerts import register_alert_facts, register_alert_sources, sources_in
    from housing.core.audit_areas import register_audit_area
    from housing.core.deadlines import DEADLINE_KIND_LABELS
    from housing.core.permissions import Permission
    from housing.core.privacy import register_privacy_provider
    from housing.shelter.deadlines import alerts, privacy, views
    from housing.shelter.deadlines.models import DEADLINE_TABLES

    register_alert_facts(app, alerts.FACTS)
    register_alert_sources(app, sources_in(alerts), group="shelter")
    register_privacy_provider(app, privacy.PROVIDER)
    register_audit_area("deadlines", DEADLINE_TABLES, seen_with=(Permission.CASE_DEADLINES,), holds_cases=True,
                        case_owner="stay")
    app.jinja_env.globals.update(deadlines_for=views.deadlines_for, DEADLINE_KIND_LABELS=DEADLINE_KIND_LABELS)
