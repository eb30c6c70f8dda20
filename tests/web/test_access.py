"""Every route, every role, and an anonymous visitor: allowed, 403, or sent to the login page."""
from __future__ import annotations

import pytest

from housing import create_app
from housing.core.permissions import Permission, enforce_access, requires
from housing.core.clock import today
from housing.extensions import db
from housing.shelter import services as shelter
from tests.support import (child, close_database, login, make_room, make_stay, make_user,
                           shelter_operations_sample)
from tests.reintegration_support import reintegration_sample
from tests.safety_support import safety_sample
from tests.shelter_report_support import reports_sample
from tests.feed_support import feed_sample

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
        args.update(safety_sample(stay))
        args.update(reports_sample())
        args.update(feed_sample())
        staff = make_user("shelter_staff")
        leaving = make_stay(room=make_room(beds=1), by=staff)
        shelter.discharge(leaving, today(), "Moved on", "reintegration", staff, today())
        args["discharged_to_programme_stay_id"] = leaving.id
        db.session.commit()
        return args


# URL arguments that differ from the sample's default for one route.
ARGUMENT_OVERRIDES = {"reintegration.enrol_from_shelter": {"stay_id": "discharged_to_programme_stay_id"}}


def url_for_rule(rule, sample_args):
    from werkzeug.routing import MapAdapter

    adapter: MapAdapter = rule.map.bind("localhost")
    sample_args = {**sample_args, **{argument: sample_args[source] for argument, source
                                     in ARGUMENT_OVERRIDES.get(rule.endpoint, {}).items()}}
    values = {name: sample_args[name] for name in rule.arguments if name in sample_args}
    if "filename" in rule.arguments:
        values["filename"] = "housing.css"
    return adapter.build(rule.endpoint, values)


OK, LOGIN = "ok", "login"
# Who may use each route, read from DESIGN.md's roles — never from ROLE_PERMISSIONS, so that a
# change to the role map has to be matched here by a person. "ok": the route serves the role
# (a page, a redirect after the action, or 400 for the empty form this test sends); 403: refused;
# "login": the visitor is sent to the login page. One line per endpoint; a route the table lacks
# (or a line for a route that no longer exists) fails test_the_access_table_names_every_route.
ACCESS_COLUMNS = ("admin", "coordinator", "shelter_staff", "night_shift", "reintegration_staff", ANONYMOUS)
ACCESS = {
    # endpoint                                admin  coord  staff  night  reint  anonymous
    # Everyone, logged in or not: the login steps, the language, the health check, CSS.
    "auth.login":                             (OK,   OK,    OK,    OK,    OK,    OK),
    "auth.second_factor":                     (OK,   OK,    OK,    OK,    OK,    OK),
    "auth.choose_language":                   (OK,   OK,    OK,    OK,    OK,    OK),
    "core.healthz":                           (OK,   OK,    OK,    OK,    OK,    OK),
    "static":                                 (OK,   OK,    OK,    OK,    OK,    OK),
    # Any logged-in user: the start page, their own account, logging out.
    "core.home":                              (OK,   OK,    OK,    OK,    OK,    LOGIN),
    "auth.account":                           (OK,   OK,    OK,    OK,    OK,    LOGIN),
    "auth.logout":                            (OK,   OK,    OK,    OK,    OK,    LOGIN),
    # The sample session is nobody's here: every user may end her own (test_sessions.py), never another's.
    "auth.end_session":                       (404,  404,   404,   404,   404,   LOGIN),
    "auth.end_other_sessions":                (OK,   OK,    OK,    OK,    OK,    LOGIN),
    # A form kept across an idle logout: its author's own (with none kept, the page sends her home).
    "auth.kept_form":                         (OK,   OK,    OK,    OK,    OK,    LOGIN),
    "auth.discard_kept_form":                 (OK,   OK,    OK,    OK,    OK,    LOGIN),
    "auth.still_here":                        (OK,   OK,    OK,    OK,    OK,    LOGIN),
    # The benchmark's floor page (testing and benchmark runs only): any logged-in user, as a page.
    "benchmark.floor":                        (OK,   OK,    OK,    OK,    OK,    LOGIN),
    # The admin: users, roles, settings, rooms and beds — and nobody else.
    "auth.users":                             (OK,   403,   403,   403,   403,   LOGIN),
    "auth.create_user":                       (OK,   403,   403,   403,   403,   LOGIN),
    "auth.edit_user":                         (OK,   403,   403,   403,   403,   LOGIN),
    "auth.reset_password":                    (OK,   403,   403,   403,   403,   LOGIN),
    "auth.reset_second_factor":               (OK,   403,   403,   403,   403,   LOGIN),
    "auth.settings":                          (OK,   403,   403,   403,   403,   LOGIN),
    "rooms.index":                            (OK,   403,   403,   403,   403,   LOGIN),
    "rooms.room":                             (OK,   403,   403,   403,   403,   LOGIN),
    "rooms.add_bed":                          (OK,   403,   403,   403,   403,   LOGIN),
    "rooms.bed_in_service":                   (OK,   403,   403,   403,   403,   LOGIN),
    "rooms.bed_out_of_service":               (OK,   403,   403,   403,   403,   LOGIN),
    # The audit trail: coordinators and admins.
    "audit.trail":                            (OK,   OK,    403,   403,   403,   LOGIN),
    "audit.export":                           (OK,   OK,    403,   403,   403,   LOGIN),
    # The night shift's work, which every shelter role does: board, night check, log, evacuation.
    "shelter.board":                          (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.board_print":                    (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.night_check":                    (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.night_checks":                   (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.night_check_detail":             (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.shift_log":                      (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.edit_shift_entry":               (403,  OK,    OK,    OK,    403,   LOGIN),
    "shelter.evacuation_list":                (403,  OK,    OK,    OK,    403,   LOGIN),
    # Case work at the shelter: staff and coordinators; not the night shift, the admin or REINTEGRATION.
    "shelter.residents":                      (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.stay":                           (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.admit":                          (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.discharge":                      (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.transfer":                       (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.request_extension":              (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.holds":                          (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.release_hold":                   (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.waiting_list":                   (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.referral":                       (403,  OK,    OK,    403,   403,   LOGIN),
    # The safety plan: shelter staff and coordinators; the door list for the night shift as well.
    "shelter.assess_risk":                    (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.record_protective_order":        (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.end_protective_order":           (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.bar_person":                     (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.end_barred_person":              (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.door_list":                      (403,  OK,    OK,    OK,    403,   LOGIN),
    # Her deadlines and the follow-up after she leaves: shelter staff and coordinators; never the night
    # shift, the admin or a programme's caseworkers.
    "shelter.record_deadline":                (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.complete_deadline":              (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.record_follow_up_attempt":       (403,  OK,    OK,    403,   403,   LOGIN),
    "shelter.change_follow_up_consent":       (403,  OK,    OK,    403,   403,   LOGIN),
    # The coordinator alone: decisions on extensions, restriction, subject access, enrolment from the shelter.
    "shelter.extensions":                     (403,  OK,    403,   403,   403,   LOGIN),
    "shelter.decide_extension":               (403,  OK,    403,   403,   403,   LOGIN),
    "shelter.restriction":                    (403,  OK,    403,   403,   403,   LOGIN),
    "shelter.subject_access":                 (403,  OK,    403,   403,   403,   LOGIN),
    "shelter.subject_access_json":            (403,  OK,    403,   403,   403,   LOGIN),
    "reintegration.subject_access":           (403,  OK,    403,   403,   403,   LOGIN),
    "reintegration.subject_access_json":      (403,  OK,    403,   403,   403,   LOGIN),
    "reintegration.from_shelter":             (403,  OK,    403,   403,   403,   LOGIN),
    "reintegration.enrol_from_shelter":       (403,  OK,    403,   403,   403,   LOGIN),
    # Undoing an ending entered by mistake, the same day: coordinators only (DESIGN.md, Discharge).
    "shelter.undo_discharge":                 (403,  OK,    403,   403,   403,   LOGIN),
    "shelter.undo_close_referral":            (403,  OK,    403,   403,   403,   LOGIN),
    "reintegration.undo_exit":                (403,  OK,    403,   403,   403,   LOGIN),
    # Alerts: the roles that act on them (shelter staff, coordinators, caseworkers).
    "alerts.dashboard":                       (403,  OK,    OK,    403,   OK,    LOGIN),
    # REINTEGRATION: its caseworkers and the coordinator; nothing of it for the shelter's staff.
    "reintegration.caseload":                 (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.beneficiaries":            (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.beneficiary":              (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.enrol":                    (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.exit_programme":           (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.new_tenancy":              (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.renew_lease":              (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.end_tenancy":              (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.new_job":                  (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.end_job":                  (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.new_payment":              (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.new_session":              (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.new_referral":             (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.close_referral":           (403,  OK,    403,   403,   OK,    LOGIN),
    # A beneficiary's deadlines and the follow-up after the exit: the programme's caseworkers and coordinators.
    "reintegration.record_deadline":          (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.complete_deadline":        (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.record_follow_up_attempt": (403,  OK,    403,   403,   OK,    LOGIN),
    "reintegration.change_follow_up_consent": (403,  OK,    403,   403,   OK,    LOGIN),
    # Reports: coordinators only (DESIGN.md: the night shift has "no reports"; caseworkers hold no
    # VIEW_REPORTS in the role map, so not even their programme's report; the admin sees no case data).
    "reports.index":                          (403,  OK,    403,   403,   403,   LOGIN),
    "reports.report":                         (403,  OK,    403,   403,   403,   LOGIN),
    "reports.print_report":                   (403,  OK,    403,   403,   403,   LOGIN),
    "reports.table_csv":                      (403,  OK,    403,   403,   403,   LOGIN),
    "reports.table_xlsx":                     (403,  OK,    403,   403,   403,   LOGIN),
    "reports.report_xlsx":                    (403,  OK,    403,   403,   403,   LOGIN),
    # The turn-away register: every shelter role, the night shift too (calls come at night); not the
    # admin, not REINTEGRATION.
    "shelter.turn_aways":                     (403,  OK,    OK,    OK,    403,   LOGIN),
    # The vacancy feed: a partner's token, never a staff session (401 JSON to everyone without one);
    # its OpenAPI document is public; the partners' tokens are the admin's.
    "api.vacancy":                            (401,  401,   401,   401,   401,   401),
    "api.openapi":                            (OK,   OK,    OK,    OK,    OK,    OK),
    "feed_tokens.index":                      (OK,   403,   403,   403,   403,   LOGIN),
    "feed_tokens.revoke":                     (OK,   403,   403,   403,   403,   LOGIN),
}


def outcome_of(response):
    """ "ok", 403 or "login" — or the status itself when it is none of them (a 404, a 500)."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if status == 403:
        return 403
    if status in (301, 302, 303) and location.startswith("/login?next="):
        return LOGIN
    if status < 400 or status == 400:  # 400: the empty submission this test sends was refused by the form
        return OK
    return status


def _rule_for(app, endpoint):
    return next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def test_the_access_table_names_every_route(app):
    """A route added without its line here fails, with the line to write; so does a line left behind."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(ACCESS))
    lines = []
    for endpoint in missing:
        rule = _rule_for(app, endpoint)
        methods = ",".join(sorted(rule.methods - {"HEAD", "OPTIONS"}))
        lines.append(f'    "{endpoint}":'.ljust(46) + "(?,    ?,     ?,     ?,     ?,     ?),"
                     f"  # {methods} {rule.rule}")
    assert not missing, ("routes without a line in ACCESS (tests/web/test_access.py); add these lines, with "
                         f"the answer for {', '.join(ACCESS_COLUMNS)} read from DESIGN.md's roles:\n"
                         + "\n".join(lines))
    gone = sorted(set(ACCESS) - endpoints)
    assert not gone, f"lines in ACCESS for routes the app no longer has; remove them: {gone}"
    assert all(len(answers) == len(ACCESS_COLUMNS) for answers in ACCESS.values())


@pytest.mark.parametrize("role", ACCESS_COLUMNS)
def test_route_role_matrix(app, role, sample_args):
    """Every route in ACCESS, as each role and a visitor: the answer the table gives, no other."""
    client = app.test_client()
    if role != ANONYMOUS:
        with app.app_context():
            make_user(role, username=f"matrix-{role}")
            db.session.commit()
        login(client, f"matrix-{role}")
    column = ACCESS_COLUMNS.index(role)
    endpoints = sorted(set(ACCESS) & {rule.endpoint for rule in app.url_map.iter_rules()},
                       key=lambda endpoint: (endpoint == "auth.logout", endpoint))  # log out last
    mismatches = []
    for endpoint in endpoints:
        rule = _rule_for(app, endpoint)
        method = "GET" if "GET" in rule.methods else "POST"
        url = url_for_rule(rule, sample_args)
        response = client.open(url, method=method, data={})
        expected, got = ACCESS[endpoint][column], outcome_of(response)
        response.close()
        if got != expected:
            mismatches.append(f"{method} {url} ({endpoint}): the table says {expected}, the app answered {got} "
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


