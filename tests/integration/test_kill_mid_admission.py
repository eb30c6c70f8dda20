"""A server killed in the middle of an admission leaves the whole admission or nothing.

gunicorn runs with one worker on a database of its own, configured by
tests/pause_after_flush.py (the application carries no test hook): the admission stops right
after the flush that writes the stay, inside its transaction (resident, children, stay, placement, case number and audit rows all written,
nothing committed), and names its process in a marker file. The test SIGKILLs that worker
there — no exception handler, no rollback, no goodbye to the database.

"Nothing" means: every row of every table is what it was just before the form was sent —
no resident, child, stay, placement or audit row of the admission, and the case-number
counter not advanced (the next admission gets the next number, with no gap). Then the same
server (its master starts a new worker) answers /healthz, and a server started afresh on the
database admits the next woman. On SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""
from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.database_state import broken_invariants, changed_tables, reflected_tables, snapshot
from tests.live import LiveClient, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.slow

PAUSE_SECONDS = 120  # an upper bound: the worker is killed as soon as it is seen pausing
WAIT_TIMEOUT = 30


def _admission(first_name: str, room_id: int) -> dict[str, str]:
    return {"first_name": first_name, "last_name": "Killtest", "birth_date": "02/04/1990", "referral_source": "police",
            "room_id": str(room_id), "admitted_on": format_dmy(today()), "submit": "1",
            "children-0-first_name": "Μαρία", "children-0-birth_date": "01/06/2019", "children-0-sex": "F"}


def _wait_for(condition, what: str, timeout: float = WAIT_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what} after {timeout} s")


def _state(engine: sa.Engine):
    with engine.connect() as connection:
        tables = reflected_tables(connection)
        return snapshot(connection, tables), broken_invariants(connection)


def _transactions_left_open(engine: sa.Engine) -> int:
    """PostgreSQL: sessions of this database still inside a transaction (the killed worker's, until
    the server notices it is gone). SQLite has no such thing to wait for: the lock died with the process."""
    if engine.dialect.name != "postgresql":
        return 0
    with engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")).scalar_one()


def _counter(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT last_number FROM case_code_counter WHERE prefix = 'SH' "
                                          "AND year = :year"), {"year": today().year}).scalar_one()


def test_an_admission_killed_inside_its_transaction_leaves_nothing_and_the_service_recovers(artifacts_dir):
    with fresh_database("kill") as url, tempfile.TemporaryDirectory(prefix="housing-kill-") as directory:
        with seeding(url) as seed:
            seed.user("staff", "shelter_staff")
            staff = seed.user("staff-2", "shelter_staff")
            room = seed.room("Ariadne", beds=6)
            seed.stay(room, staff, first_name="Before")  # case number 001 of the year
            room_id = room.id
        marker = Path(directory) / "paused-worker.pid"
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        figures = {"database": engine.dialect.name}
        try:
            pause = {"GUNICORN_CMD_ARGS": "--config python:tests.pause_after_flush",
                     "HOUSING_TEST_PAUSE_SECONDS": str(PAUSE_SECONDS), "HOUSING_TEST_PAUSE_MARKER": str(marker)}
            with gunicorn_server(url, workers=1, threads=4, env=pause) as base_url:
                client = LiveClient(base_url, timeout=PAUSE_SECONDS + 30)
                client.login("staff")
                token = client.csrf_token("/shelter/admit")
                before, problems_before = _state(engine)
                assert problems_before == []

                outcome: dict = {}

                def admit_and_be_cut_off() -> None:
                    try:
                        outcome["response"] = client.post("/shelter/admit",
                                                          {**_admission("Killed", room_id), "csrf_token": token})
                    except Exception as error:  # noqa: BLE001 - the expected end: the worker died mid-request
                        outcome["error"] = repr(error)

                sender = threading.Thread(target=admit_and_be_cut_off, name="admission-to-kill")
                sender.start()
                pid = None
                try:
                    pid = int(_wait_for(lambda: marker.exists() and marker.read_text().strip(),
                                        "the admission to pause inside its transaction"))
                    while_paused, _ = _state(engine)
                    assert changed_tables(before, while_paused) == {}, "uncommitted rows are visible to others"
                finally:
                    started = time.monotonic()
                    if pid is not None:
                        os.kill(pid, signal.SIGKILL)  # also when an assertion above failed: nobody waits out the pause
                    sender.join(timeout=WAIT_TIMEOUT)
                assert not sender.is_alive(), "the request did not end when its worker was killed"
                assert "response" not in outcome, f"the killed admission answered {outcome['response'].status}"
                figures["client_saw"] = outcome["error"]

                _wait_for(lambda: _transactions_left_open(engine) == 0, "the database to end the dead transaction")
                after, problems_after = _state(engine)
                figures["seconds_to_clean_state"] = round(time.monotonic() - started, 3)
                figures["changed_tables"] = changed_tables(before, after)
                figures["broken_invariants"] = problems_after
                assert figures["changed_tables"] == {}, "the killed admission left rows behind"
                assert problems_after == []
                assert _counter(engine) == 1, "the case-number counter advanced for an admission that never was"

                # The master replaces the killed worker; the same server answers again.
                healthy = _wait_for(lambda: _healthy(base_url), "the replacement worker to answer /healthz")
                figures["same_server_healthz"] = healthy

            with gunicorn_server(url, workers=1, threads=4) as base_url:  # started afresh, no pause
                assert _healthy(base_url) == {"status": "ok", "db": "ok"}
                client = LiveClient(base_url)
                client.login("staff")
                response = client.submit_form("/shelter/admit", _admission("After", room_id))
                assert response.status == 302, response.text[:2000]
                page = client.get(response.location)
                code = f"SH-{today().year}-002"
                assert code in page.text, "the next admission takes the next number: no gap, no duplicate"
                figures["next_admission"] = code
            final, problems_final = _state(engine)
            assert problems_final == []
            added = changed_tables(before, final)
            assert {"resident", "stay", "placement", "child", "stay_child", "case_code_counter"} <= set(added)
        finally:
            engine.dispose()
        (artifacts_dir / f"kill-mid-admission-{figures['database']}.json").write_text(json.dumps(figures, indent=2))
        print("kill mid admission:", figures)


def _healthy(base_url: str):
    try:
        response = LiveClient(base_url, timeout=5).get("/healthz")
    except OSError:  # URLError included: no worker has taken the connection yet
        return None
    return json.loads(response.text) if response.status == 200 else None
