"""Never overbook: staff admitting into the last place at the same moment, on a real server.

gunicorn runs with several processes and threads on a database of its own; one place is
left; N staff, each in their own session, submit the admission form at the same instant.
Exactly one is admitted; everyone else is told the shelter is full; the database holds
exactly SHELTER_CAPACITY active stays afterwards. Runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL.
"""
from __future__ import annotations

import json
import re
import threading
import time

import pytest
import sqlalchemy as sa

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.live import (LiveClient, Response, app_context_on, count_active_stays, fresh_database, gunicorn_server,
                        seeding)

pytestmark = pytest.mark.slow

CAPACITY = 5  # small, so that seeding the shelter full but one is quick
STAFF = 8  # concurrent admissions, one per staff member
WORKERS, THREADS = 2, 4
BARRIER_TIMEOUT = 60


def _admission_fields(number: int, room_id: int) -> dict[str, str]:
    return {
        "first_name": f"Racer{number}", "last_name": "Concurrent", "birth_date": "02/04/1990",
        "referral_source": "police", "room_id": str(room_id), "admitted_on": format_dmy(today()), "submit": "1",
    }


def test_staff_admitting_into_the_last_place_at_once_never_overbook(artifacts_dir):
    with fresh_database("race") as url:
        with seeding(url, capacity=CAPACITY) as seed:
            staff = [seed.user(f"staff-{n}", "shelter_staff", locale="en") for n in range(STAFF)]
            present = seed.room("Already full", beds=CAPACITY - 1)
            for n in range(CAPACITY - 1):
                seed.stay(present, staff[0], first_name=f"Present{n}")
            last_place = seed.room("Last place", beds=STAFF)  # beds for everyone: only capacity can refuse
            usernames, room_id = [user.username for user in staff], last_place.id

        with gunicorn_server(url, workers=WORKERS, threads=THREADS,
                             env={"SHELTER_CAPACITY": str(CAPACITY)}) as base_url:
            responses, failures, elapsed = _admit_all_at_once(base_url, usernames, room_id)

        assert not failures, failures
        admitted = [r for r in responses if r.status == 302]
        refused = [r for r in responses if r is not None and r.status == 400]
        full_message = f"The shelter is full: {CAPACITY} of {CAPACITY} places are taken."
        figures = {"database": sa.engine.make_url(url).get_backend_name(), "requests": len(responses),
                   "admitted": len(admitted), "refused_full": sum(full_message in r.text for r in refused),
                   "statuses": sorted(r.status for r in responses), "active_stays_after": count_active_stays(url),
                   "capacity": CAPACITY, "workers": WORKERS, "threads": THREADS, "seconds": round(elapsed, 3)}
        (artifacts_dir / f"admission-race-{figures['database']}.json").write_text(json.dumps(figures, indent=2))
        print("admission race:", figures)

        assert len(admitted) == 1, figures
        assert re.fullmatch(r"/shelter/stays/\d+", admitted[0].location), admitted[0].location
        assert len(refused) == STAFF - 1, figures
        for response in refused:
            assert full_message in response.text, response.text[:2000]
        assert figures["active_stays_after"] == CAPACITY
        _assert_refusals_left_nothing_behind(url)


def _admit_all_at_once(base_url: str, usernames: list[str], room_id: int):
    """Each thread logs in and opens the form on its own; then all submit together."""
    barrier = threading.Barrier(len(usernames))
    responses: list[Response | None] = [None] * len(usernames)
    failures: list[str] = []
    released: list[float] = []

    def staff_member(number: int, username: str) -> None:
        try:
            client = LiveClient(base_url)
            client.login(username)
            token = client.csrf_token("/shelter/admit")
            fields = {**_admission_fields(number, room_id), "csrf_token": token}
            if barrier.wait(timeout=BARRIER_TIMEOUT) == 0:
                released.append(time.monotonic())
            responses[number] = client.post("/shelter/admit", fields)
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost in a thread
            barrier.abort()  # nobody waits for a colleague who will not come
            failures.append(f"{username}: {error!r}")

    threads = [threading.Thread(target=staff_member, args=(n, name), name=f"admit-{name}")
               for n, name in enumerate(usernames)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT + 60)
    finished = time.monotonic()
    if any(thread.is_alive() for thread in threads):
        failures.append("a request did not finish in time")
    elapsed = finished - released[0] if released else float("nan")
    return [r for r in responses if r is not None], failures, elapsed


def _assert_refusals_left_nothing_behind(url: str) -> None:
    """A refused admission is rolled back whole: no resident, stay or placement of it remains."""
    from housing.extensions import db
    from housing.shelter.models import Placement, Resident, Stay

    with app_context_on(url):
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        assert (count(Resident), count(Stay), count(Placement)) == (CAPACITY, CAPACITY, CAPACITY)
        racers = db.session.scalars(sa.select(Resident.first_name).where(Resident.last_name == "Concurrent")).all()
        assert len(racers) == 1
