"""The session check's bookkeeping never makes a reading page wait. Her last activity is due to
be written (more than a minute ago) while another connection holds the database (SQLite: the one
writer's BEGIN IMMEDIATE; PostgreSQL: her session's row): the board still answers 200 at once and
the write is skipped; once the database is free, the next page writes it. SQLite and, with
TEST_DATABASE_URL, PostgreSQL."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.live import app_context_on, app_for, fresh_database, seeding
from tests.support import login

pytestmark = pytest.mark.slow


def _last_seen(url: str):
    from housing.auth.models import UserSession
    from housing.extensions import db

    with app_context_on(url):
        return db.session.scalars(sa.select(UserSession.last_seen_at)).one()


def _shift_her_session(url: str, shift: timedelta) -> None:
    from housing.auth.models import UserSession
    from housing.extensions import db

    with app_context_on(url):
        for row in db.session.scalars(sa.select(UserSession)):
            row.last_seen_at, row.created_at = row.last_seen_at + shift, row.created_at + shift
        db.session.commit()


def test_a_busy_database_skips_the_last_seen_write_and_the_page_still_answers():
    with fresh_database("bookkeeping") as url:
        with seeding(url) as seed:
            seed.user("night", "night_shift")
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        sqlite = engine.dialect.name == "sqlite"
        try:
            with app_for(url, DB_LOCK_TIMEOUT_SECONDS=1, WTF_CSRF_ENABLED=False) as app:
                client = app.test_client()
                login(client, "night")
                _shift_her_session(url, timedelta(minutes=-5))  # her last activity: five minutes ago
                before = _last_seen(url)

                holder = engine.connect()
                if sqlite:
                    holder.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    holder.execute(sa.text("SELECT id FROM user_session FOR UPDATE"))
                try:
                    started = time.monotonic()
                    board = client.get("/shelter/board")
                    waited = time.monotonic() - started
                finally:
                    holder.rollback()
                    holder.close()
                assert board.status_code == 200, board.get_data(as_text=True)[:2000]
                assert waited < (0.5 if sqlite else 2.5), waited  # SQLite: at once; PostgreSQL: the lock timeout
                assert _last_seen(url) == before, "written although the database was busy"

                assert client.get("/shelter/board").status_code == 200
                assert _last_seen(url) > before, "not written once the database was free"
        finally:
            engine.dispose()
