"""Whose data an audit row holds, and who may see its values.

An admin reads the trail's who, when and what, never a personal value (DESIGN.md, roles).
Each area registers its tables in its init_app: the area's name, and the permissions with
which someone sees the values of its records (the values of a shelter record are for those
who see shelter cases, a programme's for those who see every caseload, a staff account's for
those who manage accounts or read the audit trail). Secrets never enter the trail at all.
The registry is the same for every application: the tables are the models', not the config's.
"""
from __future__ import annotations

from collections.abc import Iterable

from housing.core.permissions import Permission

NO_AREA = ""  # a login, a logout, an export of the trail: nobody's case data
UNMAPPED = "unmapped"  # a record type nobody has placed yet: nobody sees its values

# Record types (table names) → area. A test fails on a table missing here.
AREA_OF_RECORD: dict[str, str] = {}
# Who may see the values of each area: any one of these permissions is enough.
_VALUES_SEEN_WITH: dict[str, frozenset[Permission]] = {NO_AREA: frozenset({Permission.VIEW_AUDIT})}
# Areas whose rows carry case codes (a case-code filter means something there).
CASE_AREAS: set[str] = set()
# Relationships through which a record belongs to a case (a stay's, a beneficiary's).
CASE_OWNERS: list[str] = []


def register_audit_area(area: str, tables: Iterable[str], seen_with: Iterable[Permission],
                        holds_cases: bool = False, case_owner: str = "") -> None:
    """Place tables in an area. Registering the same again (a second app) changes nothing;
    placing a table in two areas is a mistake and fails at start-up."""
    for table in tables:
        if AREA_OF_RECORD.get(table, area) != area:
            raise ValueError(f"table {table!r} is in area {AREA_OF_RECORD[table]!r} already")
        AREA_OF_RECORD[table] = area
    _VALUES_SEEN_WITH[area] = frozenset(seen_with)
    if holds_cases:
        CASE_AREAS.add(area)
    if case_owner and case_owner not in CASE_OWNERS:
        CASE_OWNERS.append(case_owner)


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
