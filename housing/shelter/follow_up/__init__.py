"""Follow-up after she leaves: her consent at discharge, follow-ups due 3, 6 and 12 months after
(FOLLOW_UP_MONTHS), the attempts to reach her and where she lives then; the alert while one is
due; the report of housing retention."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.alerts import FACT_HISTORY_DAYS, register_alert_facts, register_alert_sources, sources_in
    from housing.core.audit_areas import register_audit_area
    from housing.core.follow_up import (ATTEMPT_CHANNEL_LABELS, CHANNEL_LABELS, HOUSING_OUTCOME_LABELS,
                                        LAST_WINDOW_DAYS, STATE_LABELS, WORK_OUTCOME_LABELS)
    from housing.core.permissions import Permission
    from housing.core.privacy import register_privacy_provider
    from housing.shelter.follow_up import alerts, privacy, report, views
    from housing.shelter.follow_up.models import FOLLOW_UP_TABLES

    # The alerts read endings since FACT_HISTORY_DAYS ago: a follow-up due later would never show.
    if max(app.config["FOLLOW_UP_MONTHS"], default=0) * 31 + LAST_WINDOW_DAYS > FACT_HISTORY_DAYS:
        raise ValueError(f"FOLLOW_UP_MONTHS reach beyond the {FACT_HISTORY_DAYS} days the alerts read")
    register_alert_facts(app, alerts.FACTS)
    register_alert_sources(app, sources_in(alerts), group="shelter")
    register_privacy_provider(app, privacy.PROVIDER)
    report.init_app(app)
    register_audit_area("follow_up", FOLLOW_UP_TABLES, seen_with=(Permission.FOLLOW_UP,), holds_cases=True,
                        case_owner="stay")
    app.jinja_env.globals.update(
        follow_up_for=views.follow_up_for, CONTACT_CHANNEL_LABELS=CHANNEL_LABELS,
        ATTEMPT_CHANNEL_LABELS=ATTEMPT_CHANNEL_LABELS, HOUSING_OUTCOME_LABELS=HOUSING_OUTCOME_LABELS,
        WORK_OUTCOME_LABELS=WORK_OUTCOME_LABELS, FOLLOW_UP_STATE_LABELS=STATE_LABELS)
