"""Database set-up that differs between SQLite and PostgreSQL, and the write lock.

Overbooking is prevented by serialising the transactions that change occupancy:
- on SQLite every transaction starts with BEGIN IMMEDIATE, so one writer at a time
  holds the database and the capacity check and the insert are atomic;
- on PostgreSQL a transaction-scoped advisory lock serialises admissions,
  transfers and discharges, while pages keep reading concurrently.
"""
from __future__ import annotations

import zlib

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from housing.extensions import db


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, emit BEGIN (the recipe of SQLAlchemy's SQLite docs).
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds ASCII only; names are Greek, Arabic, Cyrillic…
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def lock(name: str) -> None:
    """Serialise writers that touch one shared resource (e.g. "shelter") until commit."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(name.encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    # SQLite: BEGIN IMMEDIATE already made this transaction the only writer.


def database_is_reachable() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable" to the health check
        db.session.rollback()
        return False
