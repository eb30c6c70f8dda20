"""The vacancy feed: every status a partner can get, its figures against a fixture counted by
hand, its limit counted in the database, and its OpenAPI document (validated, and the feed
fuzzed against it)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from housing.api.models import ApiRequestCount, ApiToken
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services as shelter
from tests.feed_support import make_token
from tests.support import child, make_room, make_stay, make_user


def _token(app, partner="SOS 15900"):
    with app.test_request_context():
        new = make_token(partner)
        db.session.commit()
        return new.token, new.record.id


def _get(client, token=None, header=None):
    headers = {"Authorization": header if header is not None else f"Bearer {token}"} if (token or header) else {}
    return client.get("/api/v1/vacancy", headers=headers)


def test_a_partner_token_gets_the_figures_with_no_store_and_no_cookie(app):
    token, _ = _token(app)
    response = _get(app.test_client(), token)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert not [name for name in response.headers.keys() if name.lower().startswith("access-control-")]
    assert set(response.get_json()) == {
        "computed_at", "free_places", "free_beds", "beds_held", "largest_household", "children_age_rule",
        "next_free_place_expected_on", "stays_extended_share_last_12_months"}


@pytest.mark.parametrize("header", [
    None,  # no header at all
    "Bearer hhv_not-a-token-anyone-made",
    "Basic c29zOjE1OTAw",
    "Bearer",
    "Bearer two words",
    "hhv_token-without-a-scheme",
    "Bearer " + "x" * 10_000,
])
def test_without_a_token_in_force_the_answer_is_401_json_never_the_login_page(app, header):
    response = app.test_client().get("/api/v1/vacancy", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"] == "unauthorized"
    assert "Location" not in response.headers and "Set-Cookie" not in response.headers


def test_a_revoked_token_gets_401_at_once(app):
    token, token_id = _token(app)
    assert _get(app.test_client(), token).status_code == 200
    with app.test_request_context():
        from housing.api import services

        services.revoke_token(db.session.get(ApiToken, token_id), make_user("admin"), now_utc())
        db.session.commit()
    assert _get(app.test_client(), token).status_code == 401


def test_a_staff_session_does_not_open_the_feed(client_as):
    assert client_as("coordinator").get("/api/v1/vacancy").status_code == 401


def test_a_preflight_gets_no_permission_and_no_cors_headers(app):
    token, _ = _token(app)
    response = app.test_client().options("/api/v1/vacancy", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert not [name for name in response.headers.keys() if name.lower().startswith("access-control-")]


def test_the_limit_is_counted_in_the_database_and_shared_by_two_app_servers():
    """Two applications on one database of their own: 3 a minute in all, whichever server answers."""
    from tests.live import app_context_on, app_for, fresh_database

    with fresh_database("feed-limit") as url:
        with app_context_on(url) as setup, setup.test_request_context():
            token = make_token("Two servers")
            token_id = token.record.id
            db.session.commit()
        with app_for(url, FEED_REQUESTS_PER_MINUTE=3) as first, app_for(url, FEED_REQUESTS_PER_MINUTE=3) as second:
            with time_machine.travel("2026-12-02 10:15:20+00:00", tick=False):
                answers = [_get(server.test_client(), token.token) for server in (first, second, first, second)]
            assert [r.status_code for r in answers] == [200, 200, 200, 429]
            assert answers[3].headers["Retry-After"] == "40"
            assert answers[3].get_json()["error"] == "rate_limited"
            with app_context_on(url):
                counted = db.session.scalars(select(ApiRequestCount.count)
                                             .where(ApiRequestCount.token_id == token_id)).all()
                db.session.remove()
            assert counted == [4]
            with time_machine.travel("2026-12-02 10:16:00+00:00", tick=False):  # a new minute
                assert _get(second.test_client(), token.token).status_code == 200


def test_the_last_use_is_recorded_at_most_once_a_minute(app):
    token, token_id = _token(app)
    with time_machine.travel("2026-12-02 10:15:05+00:00", tick=False):
        _get(app.test_client(), token)
    with time_machine.travel("2026-12-02 10:15:50+00:00", tick=False):
        _get(app.test_client(), token)
    with app.app_context():
        assert db.session.get(ApiToken, token_id).last_used_at.isoformat() == "2026-12-02T10:15:05+00:00"
    with time_machine.travel("2026-12-02 10:16:06+00:00", tick=False):
        _get(app.test_client(), token)
    with app.app_context():
        assert db.session.get(ApiToken, token_id).last_used_at.isoformat() == "2026-12-02T10:16:06+00:00"


def test_the_figures_against_a_fixture_counted_by_hand(app, monkeypatch):
    """Capacity 4 women. Room A: 3 beds, one out of service; a woman with 1 child (2 persons) — 0 free
    beds. Room B: 4 beds; a woman alone, and 1 bed held for an expected woman — 2 free beds. Room C: 2
    beds, empty — 2 free beds. Places taken: 2 women + 1 hold = 3 of 4 → 1 free place. Free beds 0+2+2
    = 4. The largest household: a woman with 1 child (2 free beds in one room). Next free place:
    today (one is free). Extensions: the two stays' original ends are in the future and the fixture
    has no ended stay → no share (fewer than three)."""
    with app.test_request_context():
        day = today()
        a, b = make_room(beds=3, name="A-feed"), make_room(beds=4, name="B-feed")
        make_room(beds=2, name="C-feed")
        shelter.take_bed_out_of_service(a.beds[2], "Υγρασία", day)
        staff = make_user("shelter_staff")
        make_stay(room=a, children=[child()], by=staff)
        make_stay(room=b, by=staff)
        shelter.hold_beds(b, 1, now_utc() + timedelta(hours=3), "15900", staff, now_utc(), 20)
        db.session.commit()
    token, _ = _token(app)
    monkeypatch.setitem(app.config, "SHELTER_CAPACITY", 4)
    body = _get(app.test_client(), token).get_json()
    assert body["free_places"] == 1
    assert body["free_beds"] == 4
    assert body["beds_held"] == 1
    assert body["largest_household"] == {"women": 1, "children": 1}
    assert body["children_age_rule"] == {"girls_younger_than": 18, "boys_younger_than": 12}
    assert body["next_free_place_expected_on"] == day.isoformat()
    assert body["stays_extended_share_last_12_months"] is None
    text = str(body)
    assert "A-feed" not in text and "SH-" not in text  # no room names, no case codes


def test_when_full_the_next_place_is_the_earliest_planned_end(app, monkeypatch):
    with app.test_request_context():
        day = today()
        room = make_room(beds=2, name="Full-feed")
        staff = make_user("shelter_staff")
        early = make_stay(room=room, by=staff, admitted_on=day - timedelta(days=20))
        make_stay(room=room, by=staff)
        db.session.commit()
        expected = early.planned_end
    token, _ = _token(app)
    monkeypatch.setitem(app.config, "SHELTER_CAPACITY", 2)
    body = _get(app.test_client(), token).get_json()
    assert body["free_places"] == 0 and body["free_beds"] == 0
    assert body["largest_household"] == {"women": 1, "children": None}
    assert body["next_free_place_expected_on"] == expected.isoformat()


def test_the_openapi_document_is_public_and_valid_3_1(client):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate(spec, cls=OpenAPIV31SpecValidator)


def _schema(app):
    import schemathesis

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_answer_of_the_feed_matches_its_document(app, monkeypatch):
    """Schemathesis' check of each response (status documented, body and headers as the schema
    says, no 500) for 200, 401 and 429."""
    token, _ = _token(app)
    operation = _schema(app)["/api/v1/vacancy"]["GET"]
    for limit, headers, status in ((60, {"Authorization": f"Bearer {token}"}, 200), (60, {}, 401),
                                   (60, {"Authorization": "Bearer wrong"}, 401),
                                   (1, {"Authorization": f"Bearer {token}"}, 429)):
        monkeypatch.setitem(app.config, "FEED_REQUESTS_PER_MINUTE", limit)
        case = operation.Case(headers=headers)
        with time_machine.travel("2026-12-02 11:00:30+00:00", tick=False):
            response = case.call()
        assert response.status_code == status
        case.validate_response(response)



def test_the_feed_fuzzed_against_its_document(app):
    """Schemathesis generates requests from the document (with a real token, a wrong one, none,
    and whatever else it makes up); every answer must be documented and match its schema — no 500.
    Driven through Hypothesis directly: schemathesis 4.32's pytest plugin (`from_fixture`) reads a
    private attribute pytest 9.2 no longer has."""
    from hypothesis import HealthCheck, given, settings

    token, _ = _token(app)
    operation = _schema(app)["/api/v1/vacancy"]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    def answers_as_documented(case):
        for headers in ({"Authorization": f"Bearer {token}"}, {"Authorization": "Bearer not-a-token"}, {}):
            case.call_and_validate(headers=headers)

    answers_as_documented()
