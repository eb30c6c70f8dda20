"""The Shelter for Women, one package per area: `stays` (admission, discharge, transfer, the
board), `extensions`, `night` (night check, shift log, evacuation list), `waiting` (the waiting
list) and `rooms` (rooms, beds, holds); `models` is shared. Each area has its rules (pure),
services (change and flush), queries (read models), forms and views."""
from __future__ import annotations

from flask import Flask

SHELTER_TABLES = ("resident", "child", "stay", "stay_child", "placement", "extension_request", "night_check",
                  "night_check_mark", "shift_log_entry", "referral", "referral_child", "room_hold")


def init_app(app: Flask) -> None:
    from housing.core.i18n import lazy_gettext as _l, lazy_pgettext

    from housing.core.alerts import (AlertGroup, AlertPeople, register_alert_facts, register_alert_group,
                                     register_alert_people, register_alert_sources, sources_in)
    from housing.core.audit_areas import register_audit_area
    from housing.core.permissions import Permission
    from housing.core.privacy import register_privacy_provider
    from housing.core.registry import (MenuEntry, SearchTarget, register_area, register_menu_entry,
                                       register_search_target)
    from housing.shelter import alerts, blueprints, deadlines, follow_up, privacy, report, safety
    # Each area's views add their routes to the blueprints.
    from housing.shelter.deadlines import views as _deadlines  # noqa: F401
    from housing.shelter.extensions import views as _extensions  # noqa: F401
    from housing.shelter.follow_up import views as _follow_up  # noqa: F401
    from housing.shelter.night import views as _night  # noqa: F401
    from housing.shelter.rooms import views as _rooms  # noqa: F401
    from housing.shelter.safety import views as _safety  # noqa: F401
    from housing.shelter.stays import queries as stays_queries
    from housing.shelter.stays.next_steps import next_steps_for
    from housing.shelter.stays import views as _stays  # noqa: F401
    from housing.shelter.turnaways import views as _turnaways  # noqa: F401
    from housing.shelter.waiting import views as _waiting  # noqa: F401
    from housing.shelter.choices import (DESTINATION_LABELS, EXTENSION_STATUS_LABELS, REFERRAL_LABELS,
                                         REFERRAL_STATUS_LABELS, SEX_LABELS, SHIFT_LOG_LABELS, TURN_AWAY_REASON_LABELS,
                                         URGENCY_LABELS)

    register_area(app, "shelter")
    app.register_blueprint(blueprints.shelter)
    app.register_blueprint(blueprints.rooms)
    register_alert_facts(app, alerts.FACTS)
    register_alert_sources(app, sources_in(alerts), group="shelter")
    register_alert_group(app, AlertGroup("shelter", _l("Shelter"), order=0))
    register_alert_people(app, AlertPeople("stay_id", stays_queries.alert_first_names))
    register_privacy_provider(app, privacy.PROVIDER)
    safety.init_app(app)  # the safety plan and the door list (after the shelter's provider: its purge follows)
    deadlines.init_app(app)  # her deadlines and their reminders
    follow_up.init_app(app)  # follow-up after she leaves, with her consent
    report.init_app(app)  # the shelter's report, shown by the reports' pages
    register_audit_area("shelter", SHELTER_TABLES, seen_with=(Permission.VIEW_SHELTER_CASES,), holds_cases=True,
                        case_owner="stay")
    register_audit_area("rooms", ("room", "bed", "bed_service_period"),
                        seen_with=(Permission.MANAGE_ROOMS, Permission.VIEW_SHELTER_CASES))
    # Anonymous entries: their values are for whoever keeps the register (staff, night shift, coordinators).
    register_audit_area("turn_aways", ("turn_away",), seen_with=(Permission.RECORD_TURN_AWAY,))
    for order, label, endpoint, permission in (
            (20, _l("Occupancy board"), "shelter.board", Permission.VIEW_BOARD),
            (21, _l("Residents"), "shelter.residents", Permission.VIEW_SHELTER_CASES),
            (22, lazy_pgettext("menu", "Admit"), "shelter.admit", Permission.ADMIT_RESIDENT),
            (23, _l("Waiting list"), "shelter.waiting_list", Permission.WAITING_LIST),
            (24, _l("Extensions"), "shelter.extensions", Permission.DECIDE_EXTENSION),
            (25, _l("Night check"), "shelter.night_check", Permission.NIGHT_CHECK),
            (26, _l("Shift log"), "shelter.shift_log", Permission.SHIFT_LOG),
            (27, _l("Turn-aways"), "shelter.turn_aways", Permission.RECORD_TURN_AWAY),
            (60, _l("Rooms and beds"), "rooms.index", Permission.MANAGE_ROOMS)):
        register_menu_entry(app, MenuEntry(order, label, endpoint, _holding(permission)))
    register_search_target(app, SearchTarget(10, _l("Residents"), _l("Search residents by case code or name"),
                                             "shelter.residents", _holding(Permission.VIEW_SHELTER_CASES)))
    app.jinja_env.globals.update(
        DESTINATION_LABELS=DESTINATION_LABELS, REFERRAL_LABELS=REFERRAL_LABELS, SEX_LABELS=SEX_LABELS,
        EXTENSION_STATUS_LABELS=EXTENSION_STATUS_LABELS, SHIFT_LOG_LABELS=SHIFT_LOG_LABELS,
        URGENCY_LABELS=URGENCY_LABELS, REFERRAL_STATUS_LABELS=REFERRAL_STATUS_LABELS,
        TURN_AWAY_REASON_LABELS=TURN_AWAY_REASON_LABELS, next_steps_for=next_steps_for)


def _holding(permission):
    return lambda user: user.can(permission)
