"""Whose data an audit row holds, and who may see its values.

An admin reads the trail's who, when and what, never a personal value (DESIGN.md, roles):
the values of a shelter record are for those who see shelter cases, those of a
REINTEGRATION record for those who see every caseload, a staff account's for those who
manage accounts or read the audit trail. Secrets never enter the trail at all.
"""
from __future__ import annotations

from typing import Iterable

from housing.core.permissions import Permission

SHELTER, REINTEGRATION, ACCOUNTS, ROOMS = "shelter", "reintegration", "accounts", "rooms"
NO_AREA = ""  # a login, a logout, an export of the trail: nobody's case data
UNMAPPED = "unmapped"  # a record type nobody has placed yet: nobody sees its values

# Record types (table names) → area. A test fails on a table missing here.
AREA_OF_RECORD = {
    "resident": SHELTER, "child": SHELTER, "stay": SHELTER, "stay_child": SHELTER, "placement": SHELTER,
    "extension_request": SHELTER, "night_check": SHELTER, "night_check_mark": SHELTER,
    "shift_log_entry": SHELTER, "referral": SHELTER, "referral_child": SHELTER, "room_hold": SHELTER,
    "beneficiary": REINTEGRATION, "tenancy": REINTEGRATION, "support_payment": REINTEGRATION,
    "job": REINTEGRATION, "support_session": REINTEGRATION, "service_referral": REINTEGRATION,
    "user_account": ACCOUNTS, "user_role": ACCOUNTS, "service_setting": ACCOUNTS,
    "room": ROOMS, "bed": ROOMS,
}

# Who may see the values of each area: any one of these permissions is enough.
_VALUES_SEEN_WITH: dict[str, frozenset[Permission]] = {
    SHELTER: frozenset({Permission.VIEW_SHELTER_CASES}),
    REINTEGRATION: frozenset({Permission.VIEW_ALL_CASELOADS}),
    ACCOUNTS: frozenset({Permission.MANAGE_USERS, Permission.VIEW_AUDIT}),
    ROOMS: frozenset({Permission.MANAGE_ROOMS, Permission.VIEW_SHELTER_CASES}),
    NO_AREA: frozenset({Permission.VIEW_AUDIT}),
}
CASE_AREAS = (SHELTER, REINTEGRATION)


def area_of(record_type: str) -> str:
    if not record_type:
        return NO_AREA
    return AREA_OF_RECORD.get(record_type, UNMAPPED)


def may_see_values(permissions: Iterable[Permission], area: str) -> bool:
    """Values, case codes, record ids and details of a row in this area; an unknown area: nobody."""
    return bool(_VALUES_SEEN_WITH.get(area, frozenset()) & set(permissions))


def visible_areas(permissions: Iterable[Permission]) -> set[str]:
    granted = set(permissions)
    return {area for area, needed in _VALUES_SEEN_WITH.items() if needed & granted}


def sees_case_values(permissions: Iterable[Permission]) -> bool:
    """Whether a case code means anything to this user (the case-code filter is offered)."""
    return any(may_see_values(permissions, area) for area in CASE_AREAS)
