"""A write that waits too long for the lock gives up: "the service is busy, nothing was saved",
and nothing of it commits later. Another connection holds the shelter's lock (PostgreSQL: the
advisory lock; SQLite: the one writer's BEGIN IMMEDIATE) while staff send an admission; with
DB_LOCK_TIMEOUT_SECONDS=1 the admission answers the busy page after about a second; once the lock
is released, nothing of that admission is in the database. SQLite and, with TEST_DATABASE_URL,
PostgreSQL."""
from __future__ import annotations

import os
import time
import zlib

import pytest
import sqlalchemy as sa

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.conftest import missing_resource
from tests.live import app_context_on, app_for, fresh_database, seeding
from tests.support import login

pytestmark = pytest.mark.slow

BUSY_MESSAGE = "The service is busy: nothing was saved. Try again in a moment."


def _counts(url: str) -> tuple[int, int, int]:
    from housing.extensions import db
    from housing.shelter.models import AdmissionSubmission, Resident, Stay

    with app_context_on(url):
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        return count(Resident), count(Stay), count(AdmissionSubmission)


class _LockHolder:
    """Another connection holding what every admission must take."""

    def __init__(self, url: str):
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self.connection = self.engine.connect()
        self.sqlite = self.engine.dialect.name == "sqlite"

    def take(self) -> None:
        if self.sqlite:
            self.connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            self.connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": zlib.crc32(b"shelter")})

    def release(self) -> None:
        if self.sqlite:
            self.connection.exec_driver_sql("ROLLBACK")
        else:
            self.connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": zlib.crc32(b"shelter")})
            self.connection.commit()
        self.connection.close()
        self.engine.dispose()


def test_an_admission_waiting_on_the_lock_answers_busy_and_saves_nothing():
    with fresh_database("busy") as url:
        with seeding(url) as seed:
            seed.user("staff", "shelter_staff", locale="en")
            room_id = seed.room("Ariadne", beds=4).id
        with app_for(url, DB_LOCK_TIMEOUT_SECONDS=1, WTF_CSRF_ENABLED=False) as app:
            client = app.test_client()
            login(client, "staff")
            holder = _LockHolder(url)
            holder.take()
            try:
                started = time.monotonic()
                response = client.post("/shelter/admit", data={
                    "first_name": "Ελένη", "last_name": "Αναμονή", "birth_date": "02/04/1990",
                    "referral_source": "police", "room_id": str(room_id), "admitted_on": format_dmy(today()),
                    "submission_key": "busy-test-key", "submit": "Admit"})
                waited = time.monotonic() - started
            finally:
                holder.release()
            page = response.get_data(as_text=True)
            assert response.status_code == 503, page[:2000]
            assert BUSY_MESSAGE in page
            assert 0.9 <= waited < 8, waited
            time.sleep(0.5)  # anything that would still commit has had its chance
            assert _counts(url) == (0, 0, 0)
            # and the service works again once the lock is free
            retry = client.post("/shelter/admit", data={
                "first_name": "Ελένη", "last_name": "Αναμονή", "birth_date": "02/04/1990",
                "referral_source": "police", "room_id": str(room_id), "admitted_on": format_dmy(today()),
                "submission_key": "busy-test-key", "submit": "Admit"})
            assert retry.status_code == 302
        assert _counts(url) == (1, 1, 1)


def _postgres_server() -> str:
    """The PostgreSQL server of the run; in the SQLite run, the one POSTGRES_SERVER_URL names
    (.ci/run sets it for both runs, so this check runs in each)."""
    for variable in ("TEST_DATABASE_URL", "POSTGRES_SERVER_URL"):
        url = os.environ.get(variable, "")
        if url.startswith("postgresql"):
            return url
    missing_resource("a PostgreSQL server (TEST_DATABASE_URL or POSTGRES_SERVER_URL)")
    raise AssertionError("unreachable")


def test_postgresql_sessions_carry_the_lock_and_statement_timeouts():
    with fresh_database("timeouts", server_url=_postgres_server()) as url:
        from housing.extensions import db

        with app_for(url, DB_LOCK_TIMEOUT_SECONDS=7) as app, app.app_context():
            db.session(join_transaction_mode="conditional_savepoint")
            settings = (db.session.scalar(sa.text("SHOW lock_timeout")),
                        db.session.scalar(sa.text("SHOW statement_timeout")))
            db.session.rollback()
            # after a rollback too: the settings belong to the connection, not to one transaction
            again = db.session.scalar(sa.text("SHOW lock_timeout"))
        assert settings == ("7s", "7s") and again == "7s"
