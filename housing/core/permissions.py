"""Who may do what: named permissions, the role → permission map, and the route guard.

Every view declares its access with ``@requires(...)``. A guard on each blueprint (and
one on the app for routes outside blueprints) refuses any request to a view that has
declared nothing, so a forgotten declaration fails closed; tests/web/test_access.py
walks every route for every role.
"""
from __future__ import annotations

import unicodedata
from enum import Enum
from dataclasses import dataclass
from typing import Any, TypeVar
from collections.abc import Callable, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, has_app_context, redirect, request, url_for
from flask_login import current_user


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., Any])


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
    VIEW_REPORTS = "view_reports"  # the shelter's and the programmes' reports
    MANAGE_API_TOKENS = "manage_api_tokens"  # the vacancy feed's partner tokens
    RECORD_TURN_AWAY = "record_turn_away"  # the anonymous register of requests turned away at once
    SAFETY_PLAN = "safety_plan"  # risk, protective orders, persons not to be let in
    DOOR_LIST = "door_list"  # who must not be let in, without saying whose case it is
    CASE_DEADLINES = "case_deadlines"  # a woman's dated items: hearings, permits, renewals
    FOLLOW_UP = "follow_up"  # contact after she left, with her consent
    # The same day, an ending entered by mistake: a discharge, a referral's closure, a programme exit.
    UNDO_ENDING = "undo_ending"


class Access(str, Enum):
    """Access for routes that no permission governs."""

    PUBLIC = "public"  # anyone, logged in or not (login page, health check, static files)
    AUTHENTICATED = "authenticated"  # any logged-in user (own account, logout)
    PARTNER_TOKEN = "partner_token"  # a referral partner's API token, checked by the guard an area registers


# The fixed roles; each programme's staff role is added at start-up, per application (register_role).
FIXED_ROLES: tuple[str, ...] = ("admin", "coordinator", "shelter_staff", "night_shift")

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
    Permission.RECORD_TURN_AWAY,
    Permission.SAFETY_PLAN,
    Permission.DOOR_LIST,
    Permission.CASE_DEADLINES,
    Permission.FOLLOW_UP,
}
_NIGHT_WORK = {Permission.VIEW_BOARD, Permission.NIGHT_CHECK, Permission.SHIFT_LOG, Permission.EVACUATION_LIST,
               Permission.RECORD_TURN_AWAY, Permission.DOOR_LIST}
# What a programme's caseworkers may do, in their own programme only (User.programme_scopes).
PROGRAMME_WORK = frozenset({Permission.VIEW_REINTEGRATION, Permission.MANAGE_REINTEGRATION, Permission.VIEW_ALERTS})

# Least privilege: the night shift sees the board, does the night check and writes the
# shift log, and sees nothing of the case files; a programme's caseworkers see nothing of
# the shelter; the admin manages accounts and rooms and sees no case data.
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "admin": frozenset({Permission.MANAGE_USERS, Permission.MANAGE_ROOMS, Permission.VIEW_AUDIT,
                        Permission.MANAGE_API_TOKENS}),
    "coordinator": frozenset(_SHELTER_WORK | PROGRAMME_WORK | {
        Permission.GRANT_EXCEPTION, Permission.DECIDE_EXTENSION, Permission.VIEW_ALL_CASELOADS,
        Permission.ENROL_FROM_SHELTER, Permission.VIEW_AUDIT, Permission.RESTRICT_STAY,
        Permission.SUBJECT_ACCESS, Permission.VIEW_REPORTS, Permission.UNDO_ENDING}),
    "shelter_staff": frozenset(_SHELTER_WORK),
    "night_shift": frozenset(_NIGHT_WORK),
}


@dataclass(frozen=True)
class RegisteredRole:
    """A role an area adds at start-up: a programme's caseworkers, working in that programme only."""

    name: str
    permissions: frozenset[Permission]
    scope: str  # the programme it works in
    label: Any  # what the account forms call it (a lazy translated string)


_ROLES_KEY = "housing.roles"


def registered_roles(app: Flask | None = None) -> dict[str, RegisteredRole]:
    """The roles the application registered (none outside an application)."""
    if app is None:
        if not has_app_context():
            return {}
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    roles: dict[str, RegisteredRole] = app.extensions.setdefault(_ROLES_KEY, {})
    return roles


def register_role(app: Flask, name: str, permissions: Iterable[Permission], scope: str, label: Any) -> None:
    """Add a role to this application (a programme's staff role); a fixed role's name, or one
    registered twice, is refused."""
    roles = registered_roles(app)
    if name in ROLE_PERMISSIONS or name in roles:
        raise ValueError(f"role {name!r} is already defined")
    roles[name] = RegisteredRole(name, frozenset(permissions), scope, label)


class _AllRoles(Sequence[str]):
    """Every role of the current application: the fixed ones, then those registered at start-up."""

    def _names(self) -> list[str]:
        return [*FIXED_ROLES, *registered_roles()]

    def __getitem__(self, index: Any) -> Any:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


ROLES: Sequence[str] = _AllRoles()


def permissions_for(roles: Iterable[str]) -> frozenset[Permission]:
    """A user holding several roles gets the union of their permissions."""
    registered = registered_roles()
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role) or (registered[role].permissions if role in registered else frozenset())
    return frozenset(granted)


def programme_scopes_for(roles: Iterable[str]) -> frozenset[str] | None:
    """The programmes a holder of these roles works in: None (every one) for whoever may see every
    caseload (coordinators), else the programmes of her programme roles (none for the others)."""
    roles = frozenset(roles)
    if Permission.VIEW_ALL_CASELOADS in permissions_for(roles):
        return None
    registered = registered_roles()
    return frozenset(registered[role].scope for role in roles if role in registered)


def requires(access: Permission | Access) -> Callable[[ViewFunction], ViewFunction]:
    """Declare who may use a view. The guard reads the declaration; the view stays plain."""

    def mark(view: ViewFunction) -> ViewFunction:
        view.required_access = access  # type: ignore[attr-defined]
        return view

    return mark


def declared_access(endpoint: str | None) -> Permission | Access | None:
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_access", None)


def enforce_access() -> Any:
    """before_request guard: load the declaration, then allow, redirect to login, or 403."""
    if request.endpoint is None:  # 404 and 405 are answered by Flask itself
        return None
    access = declared_access(request.endpoint)
    if access is None:
        current_app.logger.error("route %s declares no access; refused", request.endpoint)
        abort(403)
    if access is Access.PUBLIC:
        return None
    if access is Access.PARTNER_TOKEN:
        # No staff session and no login page: the area's guard answers (401 JSON) or lets the token in;
        # with no guard registered, nobody.
        guard = current_app.extensions.get(_TOKEN_GUARD_KEY)
        if guard is None:
            abort(403)
        return guard()
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if access is Access.AUTHENTICATED or current_user.can(access):
        return None
    abort(403)


_TOKEN_GUARD_KEY = "housing.token_guard"


def register_token_guard(app: Flask, guard: Callable[[], Any]) -> None:
    """The check of routes declared Access.PARTNER_TOKEN: returns None to let the request in, or the
    refusal to send."""
    if _TOKEN_GUARD_KEY in app.extensions:
        raise ValueError("a token guard is registered already")
    app.extensions[_TOKEN_GUARD_KEY] = guard


def guarded_blueprint(name: str, import_name: str, **options: Any) -> Blueprint:
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
