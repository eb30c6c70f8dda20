"""Every route, every role, and an anonymous visitor: allowed, 403, or sent to the login page."""
from __future__ import annotations

import pytest

from housing import create_app
from housing.core.permissions import ROLES, Access, Permission, enforce_access, permissions_for, requires
from housing.extensions import db
from tests.support import (DEMO_PASSWORD, child, close_database, login, make_room, make_stay, make_user,
                           shelter_operations_sample)
from tests.reintegration_support import reintegration_sample

ANONYMOUS = "anonymous"


def declared(app, endpoint):
    return getattr(app.view_functions[endpoint], "required_access", None)


def test_every_route_declares_who_may_use_it(app):
    undeclared = sorted(rule.endpoint for rule in app.url_map.iter_rules() if declared(app, rule.endpoint) is None)
    assert undeclared == []


def test_every_blueprint_has_a_guard_of_its_own(app):
    unguarded = [name for name in app.blueprints if enforce_access not in app.before_request_funcs.get(name, [])]
    assert unguarded == []


def test_a_route_that_declares_nothing_is_refused(database_url):
    """Fail closed: a view added without a declaration answers 403 to anyone, before any login check."""
    fresh = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)

    @fresh.route("/undeclared-test-route")
    def undeclared_test_route():
        return "should never be served"

    @fresh.route("/declared-test-route")
    @requires(Permission.VIEW_BOARD)
    def declared_test_route():
        return "served"

    client = fresh.test_client()
    assert client.get("/undeclared-test-route").status_code == 403
    assert client.get("/declared-test-route").status_code == 302  # declared: the visitor is sent to log in
    with fresh.app_context():
        close_database()


@pytest.fixture
def sample_args(app):
    with app.test_request_context():
        room = make_room(beds=3)
        stay = make_stay(room=room, children=[child()])
        other = make_user("night_shift")
        args = {"stay_id": stay.id, "room_id": room.id, "bed_id": room.beds[-1].id, "user_id": other.id, "code": "en",
                "session_id": 1}
        args.update(shelter_operations_sample(stay, room))
        args.update(reintegration_sample())
        db.session.commit()
        return args


def url_for_rule(rule, sample_args):
    from werkzeug.routing import MapAdapter

    adapter: MapAdapter = rule.map.bind("localhost")
    values = {name: sample_args[name] for name in rule.arguments if name in sample_args}
    if "filename" in rule.arguments:
        values["filename"] = "housing.css"
    return adapter.build(rule.endpoint, values)


def expected_outcome(access, role):
    if access is Access.PUBLIC:
        return "allowed"
    if role == ANONYMOUS:
        return "login"
    if access is Access.AUTHENTICATED or access in permissions_for([role]):
        return "allowed"
    return "forbidden"


def outcome_of(response):
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (301, 302, 303) and response.headers.get("Location", "").startswith("/login?next="):
        return "login"
    assert response.status_code < 500, response.data[:500]
    return "allowed"


@pytest.mark.parametrize("role", list(ROLES) + [ANONYMOUS])
def test_route_role_matrix(app, role, sample_args):
    client = app.test_client()
    if role != ANONYMOUS:
        with app.app_context():
            make_user(role, username=f"matrix-{role}")
            db.session.commit()
        login(client, f"matrix-{role}")
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "auth.logout")  # log out last
    mismatches = []
    for rule in rules:
        method = "GET" if "GET" in rule.methods else "POST"
        url = url_for_rule(rule, sample_args)
        response = client.open(url, method=method, data={})
        expected = expected_outcome(declared(app, rule.endpoint), role)
        got = outcome_of(response)
        response.close()
        if got != expected:
            mismatches.append(f"{method} {url} ({rule.endpoint}): expected {expected}, got {got} "
                              f"[{response.status_code}]")
    assert mismatches == []


# What the design promises, written out by hand so that a change to the role map shows up here.
PROMISES = [
    ("night_shift", "/shelter/board", 200),
    ("night_shift", "/shelter/board/print", 200),
    ("night_shift", "/shelter/residents", 403),
    ("night_shift", "/shelter/stays/{stay_id}", 403),
    ("night_shift", "/shelter/admit", 403),
    ("admin", "/shelter/stays/{stay_id}", 403),
    ("admin", "/shelter/board", 403),
    ("admin", "/rooms/", 200),
    ("admin", "/admin/users", 200),
    ("reintegration_staff", "/shelter/board", 403),
    ("reintegration_staff", "/shelter/residents", 403),
    ("reintegration_staff", "/shelter/stays/{stay_id}", 403),
    ("shelter_staff", "/shelter/stays/{stay_id}", 200),
    ("shelter_staff", "/shelter/admit", 200),
    ("shelter_staff", "/rooms/", 403),
    ("shelter_staff", "/admin/users", 403),
    ("coordinator", "/shelter/stays/{stay_id}", 200),
    ("coordinator", "/admin/users", 403),
    ("night_shift", "/shelter/night-check", 200),
    ("night_shift", "/shelter/log", 200),
    ("night_shift", "/shelter/evacuation", 200),
    ("night_shift", "/shelter/night-checks", 200),
    ("night_shift", "/alerts/", 403),
    ("night_shift", "/shelter/waiting-list", 403),
    ("night_shift", "/shelter/extensions", 403),
    ("night_shift", "/shelter/holds", 403),
    ("shelter_staff", "/shelter/extensions", 403),
    ("shelter_staff", "/alerts/", 200),
    ("coordinator", "/shelter/extensions", 200),
    ("reintegration_staff", "/shelter/night-check", 403),
    ("reintegration_staff", "/shelter/log", 403),
    ("admin", "/shelter/log", 403),
    ("admin", "/alerts/", 403),
]


@pytest.mark.parametrize("role, path, status", PROMISES)
def test_least_privilege_promises(client_as, sample_args, role, path, status):
    assert client_as(role).get(path.format(**sample_args)).status_code == status


def test_anonymous_visitors_are_sent_to_login_with_a_local_next(client, sample_args):
    response = client.get(f"/shelter/stays/{sample_args['stay_id']}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/shelter/stays/")


def test_night_shift_board_has_no_link_into_case_files(client_as, app):
    with app.test_request_context():
        stay = make_stay()
        db.session.commit()
        code = stay.case_code
    page = client_as("night_shift").get("/shelter/board").get_data(as_text=True)
    assert code in page
    assert "/shelter/stays/" not in page and "Παπαδάκη" not in page  # no link, no last name


def test_several_roles_give_the_union_of_their_permissions(client_as, sample_args):
    client = client_as("admin", "night_shift")
    assert client.get("/shelter/board").status_code == 200
    assert client.get("/rooms/").status_code == 200
    assert client.get(f"/shelter/stays/{sample_args['stay_id']}").status_code == 403


def test_deactivated_user_loses_access_at_once(app, client_as):
    client = client_as("shelter_staff")
    assert client.get("/shelter/residents").status_code == 200
    with app.app_context():
        from sqlalchemy import select

        from housing.auth.models import User

        user = db.session.scalars(select(User).where(User.username.like("shelter_staff-%"))).first()
        user.active = False
        db.session.commit()
    response = client.get("/shelter/residents")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_transfer_and_discharge_forms_are_shown_only_to_roles_that_may_use_them(client_as, sample_args):
    url = f"/shelter/stays/{sample_args['stay_id']}"
    staff_page = client_as("shelter_staff").get(url).get_data(as_text=True)
    assert 'id="discharge"' in staff_page and 'id="transfer"' in staff_page


