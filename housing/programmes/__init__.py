"""Housing-and-work programmes: REINTEGRATION, the municipality's project under the national
programme "Housing and Work for the Homeless" — beneficiaries, housing support, employment,
support sessions, referrals."""
from __future__ import annotations

from flask import Flask

PROGRAMME_TABLES = ("beneficiary", "tenancy", "support_payment", "job", "support_session", "service_referral")


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from housing.core.alerts import register_alert_sources, sources_in
    from housing.core.audit_areas import register_audit_area
    from housing.core.permissions import Permission
    from housing.core.privacy import register_privacy_provider
    from housing.core.registry import MenuEntry, register_area, register_menu_entry
    from housing.programmes import alerts, privacy, views

    register_area(app, "programmes")
    app.register_blueprint(views.bp)
    register_alert_sources(app, sources_in(alerts))
    register_privacy_provider(app, privacy.PROVIDER)
    register_audit_area("reintegration", PROGRAMME_TABLES, seen_with=(Permission.VIEW_ALL_CASELOADS,),
                        holds_cases=True, case_owner="beneficiary")
    can_view = lambda user: user.can(Permission.VIEW_REINTEGRATION)  # noqa: E731
    register_menu_entry(app, MenuEntry(40, _l("Caseload"), "reintegration.caseload", can_view))
    register_menu_entry(app, MenuEntry(41, _l("Beneficiaries"), "reintegration.beneficiaries", can_view))
