"""Several app servers on one PostgreSQL database, each run with gunicorn.conf.py on a port of
its own: what is done on one is true on the other at once — an admission made on A is on B's
board at the next request, five wrong passwords tried on A lock the account on B too, and a
session ended on A lets nobody in on B. Nothing the service relies on lives in a server's memory
(sessions, failed logins and their lockouts, the per-address limit are rows of the database).
PostgreSQL only: TEST_DATABASE_URL or POSTGRES_SERVER_URL (set in CI for both runs)."""
from __future__ import annotations

import os

import pytest

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.conftest import missing_resource
from tests.live import DEMO_PASSWORD, LiveClient, fresh_database, seeding
from tests.serving_support import configured_gunicorn

pytestmark = pytest.mark.slow

WRONG_PASSWORD_MESSAGE = "Λάθος όνομα χρήστη ή κωδικός"  # the login page speaks Greek by default


def _postgres_server() -> str:
    for variable in ("TEST_DATABASE_URL", "POSTGRES_SERVER_URL"):
        url = os.environ.get(variable, "")
        if url.startswith("postgresql"):
            return url
    missing_resource("a PostgreSQL server (TEST_DATABASE_URL or POSTGRES_SERVER_URL)")
    raise AssertionError("unreachable")


def _login(client: LiveClient, username: str, password: str):
    return client.submit_form("/login", {"username": username, "password": password, "submit": "1"})


def test_two_servers_on_one_database_see_the_same_admissions_lockouts_and_sessions():
    with fresh_database("two_servers", server_url=_postgres_server()) as url:
        with seeding(url) as seed:
            seed.user("staff-a", "shelter_staff")
            seed.user("staff-b", "shelter_staff")
            seed.user("target", "shelter_staff")
            room_id = seed.room("Ariadne", beds=4).id
        with configured_gunicorn(url) as (server_a, _), configured_gunicorn(url) as (server_b, _):
            assert server_a != server_b
            on_a, on_b = LiveClient(server_a), LiveClient(server_b)
            on_a.login("staff-a")
            on_b.login("staff-b")
            assert "Ειρήνη" not in on_b.get("/shelter/board").text

            admitted = on_a.submit_form("/shelter/admit", {
                "first_name": "Ειρήνη", "last_name": "Ξανθοπούλου", "birth_date": "02/04/1990",
                "referral_source": "police", "room_id": str(room_id), "admitted_on": format_dmy(today()),
                "submit": "1"})
            assert admitted.status == 302, admitted.text[:2000]
            board_b = on_b.get("/shelter/board")
            assert board_b.status == 200 and "Ειρήνη" in board_b.text  # the board names her by first name

            # Five wrong passwords on A lock the account; B refuses even the right one.
            for _ in range(5):
                assert _login(LiveClient(server_a), "target", "not-her-password").status == 200
            locked = _login(LiveClient(server_b), "target", DEMO_PASSWORD)
            assert locked.status == 200 and WRONG_PASSWORD_MESSAGE in locked.text
            assert "/shelter" not in locked.headers.get("Location", "")

            # A session ended on A is ended on B: the same cookie sent to B opens nothing.
            cookie_holder = LiveClient(server_a)
            cookie_holder.login("staff-a")
            token = cookie_holder.csrf_token("/shelter/board")
            assert cookie_holder.post("/logout", {"csrf_token": token}).status == 302
            replay = LiveClient(server_b)
            replay.cookies = cookie_holder.cookies
            replay._opener = cookie_holder._opener  # noqa: SLF001 - the very same browser, pointed at B
            replay.base_url = server_b
            after = replay.get("/shelter/board")
            assert after.status == 302 and after.location.startswith("/login")
