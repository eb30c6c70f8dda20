"""Who may do what: named permissions, the role → permission map, and the route guard.

Every view declares its access with ``@requires(...)``. A guard on each blueprint (and
one on the app for routes outside blueprints) refuses any request to a view that has
declared nothing, so a forgotten declaration fails closed; tests/web/test_access.py
walks every route for every role.
"""
from __future__ import annotations

import unicodedata
from enum import Enum
from typing import Callable, Iterable
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user


class Permission(str, Enum):
    VIEW_BOARD = "view_board"
    VIEW_SHELTER_CASES = "view_shelter_cases"
    ADMIT_RESIDENT = "admit_resident"
    DISCHARGE_STAY = "discharge_stay"
    TRANSFER_STAY = "transfer_stay"
    GRANT_EXCEPTION = "grant_exception"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    NIGHT_CHECK = "night_check"
    SHIFT_LOG = "shift_log"
    EVACUATION_LIST = "evacuation_list"
    HOLD_BEDS = "hold_beds"
    WAITING_LIST = "waiting_list"
    VIEW_ALERTS = "view_alerts"
    VIEW_REINTEGRATION = "view_reintegration"
    MANAGE_REINTEGRATION = "manage_reintegration"
    VIEW_ALL_CASELOADS = "view_all_caseloads"
    ENROL_FROM_SHELTER = "enrol_from_shelter"
    VIEW_AUDIT = "view_audit"
    RESTRICT_STAY = "restrict_stay"
    SUBJECT_ACCESS = "subject_access"
    MANAGE_USERS = "manage_users"
    MANAGE_ROOMS = "manage_rooms"


class Access(str, Enum):
    """Access for routes that no permission governs."""

    PUBLIC = "public"  # anyone, logged in or not (login page, health check, static files)
    AUTHENTICATED = "authenticated"  # any logged-in user (own account, logout)


ROLES: tuple[str, ...] = ("admin", "coordinator", "shelter_staff", "night_shift", "reintegration_staff")

_SHELTER_WORK = {
    Permission.VIEW_BOARD,
    Permission.VIEW_SHELTER_CASES,
    Permission.ADMIT_RESIDENT,
    Permission.DISCHARGE_STAY,
    Permission.TRANSFER_STAY,
    Permission.REQUEST_EXTENSION,
    Permission.NIGHT_CHECK,
    Permission.SHIFT_LOG,
    Permission.EVACUATION_LIST,
    Permission.HOLD_BEDS,
    Permission.WAITING_LIST,
    Permission.VIEW_ALERTS,
}
_NIGHT_WORK = {Permission.VIEW_BOARD, Permission.NIGHT_CHECK, Permission.SHIFT_LOG, Permission.EVACUATION_LIST}
_REINTEGRATION_WORK = {Permission.VIEW_REINTEGRATION, Permission.MANAGE_REINTEGRATION, Permission.VIEW_ALERTS}

# Least privilege: the night shift sees the board, does the night check and writes the
# shift log, and sees nothing of the case files; REINTEGRATION caseworkers see nothing of
# the shelter; the admin manages accounts and rooms and sees no case data.
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "admin": frozenset({Permission.MANAGE_USERS, Permission.MANAGE_ROOMS, Permission.VIEW_AUDIT}),
    "coordinator": frozenset(_SHELTER_WORK | _REINTEGRATION_WORK | {
        Permission.GRANT_EXCEPTION, Permission.DECIDE_EXTENSION, Permission.VIEW_ALL_CASELOADS,
        Permission.ENROL_FROM_SHELTER, Permission.VIEW_AUDIT, Permission.RESTRICT_STAY,
        Permission.SUBJECT_ACCESS}),
    "shelter_staff": frozenset(_SHELTER_WORK),
    "night_shift": frozenset(_NIGHT_WORK),
    "reintegration_staff": frozenset(_REINTEGRATION_WORK),
}


def permissions_for(roles: Iterable[str]) -> frozenset[Permission]:
    """A user holding several roles gets the union of their permissions."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def requires(access: Permission | Access) -> Callable:
    """Declare who may use a view. The guard reads the declaration; the view stays plain."""

    def mark(view: Callable) -> Callable:
        view.required_access = access  # type: ignore[attr-defined]
        return view

    return mark


def declared_access(endpoint: str | None) -> Permission | Access | None:
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_access", None)


def enforce_access():
    """before_request guard: load the declaration, then allow, redirect to login, or 403."""
    if request.endpoint is None:  # 404 and 405 are answered by Flask itself
        return None
    access = declared_access(request.endpoint)
    if access is None:
        current_app.logger.error("route %s declares no access; refused", request.endpoint)
        abort(403)
    if access is Access.PUBLIC:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if access is Access.AUTHENTICATED or current_user.can(access):
        return None
    abort(403)


def guarded_blueprint(name: str, import_name: str, **options) -> Blueprint:
    """A blueprint whose every request passes through enforce_access."""
    blueprint = Blueprint(name, import_name, **options)
    blueprint.before_request(enforce_access)
    return blueprint


def safe_next(target: str | None) -> str | None:
    """Accept ?next= only as a path on this site: no scheme, no host, no '//' or '\\' tricks, and no
    control character (a CR or LF would split the Location header)."""
    if not target or any(unicodedata.category(character) == "Cc" for character in target):
        return None
    target = target.strip()
    if target.startswith(("//", "\\", "/\\")) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target
