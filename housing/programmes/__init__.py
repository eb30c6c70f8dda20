"""Housing-and-work programmes, each defined in config (config.PROGRAMMES): REINTEGRATION, the
municipality's project under the national programme "Housing and Work for the Homeless", and any
programme of its shape — beneficiaries, housing support, employment, support sessions, referrals."""
from __future__ import annotations

from flask import Flask

PROGRAMME_TABLES = ("beneficiary", "tenancy", "support_payment", "job", "support_session", "service_referral")


def init_app(app: Flask) -> None:
    """Read and check the programmes of config, then give each its pages, its staff role and its
    menu entries; the alert sources serve every programme, each alert scoped to its own."""
    from flask_babel import LazyString

    from housing.core.alerts import (AlertGroup, AlertPeople, register_alert_facts, register_alert_group,
                                     register_alert_people, register_alert_sources, sources_in)
    from housing.core.alerts import FACT_HISTORY_DAYS
    from housing.core.audit_areas import register_audit_area
    from housing.core.follow_up import LAST_WINDOW_DAYS
    from housing.core.permissions import PROGRAMME_WORK, Permission, register_role
    from housing.core.privacy import register_privacy_provider
    from housing.core.registry import register_area, register_onward, register_search_target
    from housing.programmes.aftercare import alerts as aftercare_alerts
    from housing.programmes.aftercare import views as aftercare_views
    from housing.programmes.aftercare.models import AFTERCARE_TABLES
    from housing.programmes.aftercare.report import register_follow_up_reports
    from housing.programmes import alerts, privacy, queries, views
    from housing.programmes.menu import onward_from_shelter, register_programme_menu, search_target, staff_role_label
    from housing.programmes.programme import load_programmes
    from housing.programmes.report import register_programme_reports

    register_area(app, "programmes")
    configured = load_programmes(app)  # a bad definition stops the start here, with its reason
    for programme in configured.values():
        # The alerts read exits since FACT_HISTORY_DAYS ago: a follow-up due later would never show.
        if max(programme.follow_up_months, default=0) * 31 + LAST_WINDOW_DAYS > FACT_HISTORY_DAYS:
            raise ValueError(f"{programme.code}: follow_up_months reach beyond the {FACT_HISTORY_DAYS} days "
                             "the alerts read")
        register_role(app, programme.staff_role, PROGRAMME_WORK, programme.code, staff_role_label(programme))
        app.register_blueprint(views.make_blueprint(programme))
        register_programme_menu(app, programme, tuple(configured))
        register_search_target(app, search_target(programme))
        if programme.from_shelter:
            register_onward(app, onward_from_shelter(programme))
        register_alert_group(app, AlertGroup(programme.code, LazyString(lambda p=programme: p.name),
                                             order=10 + programme.order))
    register_programme_reports(app, configured.values())
    register_follow_up_reports(app, configured.values())
    register_alert_facts(app, alerts.FACTS)
    register_alert_sources(app, sources_in(alerts))
    register_alert_facts(app, aftercare_alerts.FACTS)
    register_alert_sources(app, sources_in(aftercare_alerts))
    register_alert_people(app, AlertPeople("beneficiary_id", queries.alert_first_names))
    register_privacy_provider(app, privacy.PROVIDER)
    # One audit area for every programme's tables: the trail names each record's case code
    # (RE-…, AO-…), and coordinators, who read it, see every programme.
    register_audit_area("reintegration", PROGRAMME_TABLES + AFTERCARE_TABLES,
                        seen_with=(Permission.VIEW_ALL_CASELOADS,), holds_cases=True, case_owner="beneficiary")
    from housing.core.deadlines import DEADLINE_KIND_LABELS
    from housing.core import follow_up
    app.jinja_env.globals.update(
        DEADLINE_KIND_LABELS=DEADLINE_KIND_LABELS, CONTACT_CHANNEL_LABELS=follow_up.CHANNEL_LABELS,
        ATTEMPT_CHANNEL_LABELS=follow_up.ATTEMPT_CHANNEL_LABELS,
        HOUSING_OUTCOME_LABELS=follow_up.HOUSING_OUTCOME_LABELS,
        WORK_OUTCOME_LABELS=follow_up.WORK_OUTCOME_LABELS, FOLLOW_UP_STATE_LABELS=follow_up.STATE_LABELS)
    app.jinja_env.globals.update(beneficiary_deadlines=aftercare_views.beneficiary_deadlines,
                                 beneficiary_follow_up=aftercare_views.beneficiary_follow_up)
