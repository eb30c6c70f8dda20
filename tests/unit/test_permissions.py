"""The permission machinery without an app: the union of roles, the declaration, and which
?next= targets are followed. Expected sets are written out from DESIGN.md's roles."""
from __future__ import annotations

import pytest

from housing.core.permissions import Access, Permission as P, permissions_for, requires, safe_next

NIGHT = {P.VIEW_BOARD, P.NIGHT_CHECK, P.SHIFT_LOG, P.EVACUATION_LIST, P.RECORD_TURN_AWAY, P.DOOR_LIST}
ADMIN = {P.MANAGE_USERS, P.MANAGE_ROOMS, P.VIEW_AUDIT, P.MANAGE_API_TOKENS}


@pytest.mark.parametrize("roles, expected", [
    (["night_shift"], NIGHT),
    (["admin"], ADMIN),
    (["admin", "night_shift"], ADMIN | NIGHT),                      # several roles: the union
    (["reintegration_staff"], {P.VIEW_REINTEGRATION, P.MANAGE_REINTEGRATION, P.VIEW_ALERTS}),
    ([], set()),
    (["no_such_role"], set()),                                      # an unknown role grants nothing
    (["no_such_role", "night_shift"], NIGHT),
])
def test_permissions_are_the_union_of_the_roles(app, roles, expected):
    with app.app_context():  # the programmes' staff roles are the application's (registered at start-up)
        assert permissions_for(roles) == frozenset(expected)


def test_a_declaration_is_read_from_the_view_and_leaves_it_as_it_was():
    def view():
        return "page"

    assert requires(P.VIEW_BOARD)(view) is view
    assert view.required_access is P.VIEW_BOARD
    assert requires(Access.PUBLIC)(view).required_access is Access.PUBLIC


@pytest.mark.parametrize("target, followed", [
    ("/shelter/board", "/shelter/board"),
    ("/shelter/residents?q=%CE%95", "/shelter/residents?q=%CE%95"),
    (" /shelter/board ", "/shelter/board"),                            # spaces around are trimmed
    ("/", "/"),
    ("", None), (None, None),
    ("//evil.example/", None), ("https://evil.example/", None), ("http:/shelter", None),
    ("javascript:alert(1)", None), ("shelter/board", None),            # not a path of this site
    ("\\\\evil.example", None), ("/\\evil.example", None), ("/shelter\\board", None),
    ("/shelter/board\r\nSet-Cookie: a=b", None), ("/shelter/board\n", None), ("/\x00", None),
    ("/shelter/board\x7f", None), ("/shelter/board\x85", None), ("\t/shelter/board", None),
])
def test_next_is_followed_only_to_a_path_of_this_site(target, followed):
    assert safe_next(target) == followed
