"""Database set-up that differs between SQLite and PostgreSQL, and the write lock.

Overbooking is prevented by serialising the transactions that change occupancy:
- on SQLite every transaction starts with BEGIN IMMEDIATE, so one writer at a time
  holds the database and the capacity check and the insert are atomic;
- on PostgreSQL a transaction-scoped advisory lock serialises admissions,
  transfers and discharges, while pages keep reading concurrently.
"""
from __future__ import annotations

from typing import Any

import zlib

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from housing.extensions import db


def configure_engine(engine: Engine, lock_timeout_seconds: int = 10) -> None:
    """A write waiting for the lock gives up after `lock_timeout_seconds` (DB_LOCK_TIMEOUT_SECONDS),
    and so does any statement: the user is told nothing was saved, and nothing commits later."""
    milliseconds = int(lock_timeout_seconds * 1000)
    if engine.dialect.name == "postgresql":
        @event.listens_for(engine, "connect")
        def _postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET lock_timeout = {milliseconds}")
            cursor.execute(f"SET statement_timeout = {milliseconds}")
            cursor.close()
            dbapi_connection.commit()  # a SET inside a transaction that rolls back would be undone
        return
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN (the recipe of SQLAlchemy's SQLite docs).
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds ASCII only; names are Greek, Arabic, Cyrillic…
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={milliseconds}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def lock(name: str) -> None:
    """Serialise writers that touch one shared resource (e.g. "shelter") until commit."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(name.encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    # SQLite: BEGIN IMMEDIATE already made this transaction the only writer.


# PostgreSQL: lock_timeout (55P03) and statement_timeout (57014); SQLite: the busy timeout ran out.
_BUSY_SQLSTATES = {"55P03", "57014"}


def is_busy_error(error: BaseException) -> bool:
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return "database is locked" in str(original or "")


def register_busy_page(app: Flask) -> None:
    """A write that waited too long for the lock: the transaction is rolled back whole and the
    user reads that nothing was saved (503), never a change that commits after a failure."""
    from flask import render_template
    from sqlalchemy.exc import OperationalError

    @app.errorhandler(OperationalError)
    def busy(error: OperationalError) -> Any:
        db.session.rollback()
        if not is_busy_error(error):
            raise error
        try:
            page = render_template("core/busy.html")
        except OperationalError:  # the page's own reads (the user, her language) waited too
            db.session.rollback()
            page = "The service is busy: nothing was saved. Try again in a moment."
        return page, 503, {"Retry-After": "5"}


def database_is_reachable() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable" to the health check
        db.session.rollback()
        return False
