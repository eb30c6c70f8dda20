"""Database set-up that differs between SQLite and PostgreSQL, and the write lock.

Overbooking is prevented by serialising the transactions that change occupancy:
- on SQLite (WAL) a request that writes starts its transaction with BEGIN IMMEDIATE, so one
  writer at a time holds the database and the capacity check and the insert are atomic; a
  request that only reads starts a deferred transaction and reads its snapshot while a writer
  works: the board and /healthz never wait for an admission;
- on PostgreSQL a transaction-scoped advisory lock serialises admissions,
  transfers and discharges, while pages keep reading concurrently.

A request writes when its method is not GET, HEAD or OPTIONS, or when its view is declared
with `@writes_on_read` (a page whose opening is audited, a download recorded with its file).
The session check's bookkeeping on a reading request (last seen, the end of a session that ran
out) is `best_effort`: written when the database is free, skipped at once when it is not — the
rule that reads it is computed from the timestamps, so a skipped write changes nobody's access.
Outside a request (the command line, scripts) every transaction is a writer's.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import logging
import zlib

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from housing.extensions import db

_log = logging.getLogger(__name__)

View = TypeVar("View", bound=Callable[..., Any])

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Set in the WSGI environ when a request starts being processed (housing.core.requests): the
# request only reads. Absent (the command line, a test's request context) means a writer.
READS_ONLY = "housing.reads_only"
_BEST_EFFORT = "housing.best_effort_write"


class UndeclaredWrite(RuntimeError):
    """A reading request wrote without saying so (testing only: production logs it)."""


def writes_on_read(view: View) -> View:
    """Declare a view that writes although it answers GET (an audited opening, a recorded
    download): its transaction takes the write lock at once, and waits for it like a form."""
    view.writes_on_read = True  # type: ignore[attr-defined]
    return view


def request_reads_only(method: str, view: Callable[..., Any] | None) -> bool:
    """The rule: GET, HEAD and OPTIONS read, unless the view declares that it writes."""
    return method.upper() in READING_METHODS and not getattr(view, "writes_on_read", False)


def mark_request(app: Flask) -> None:
    """Called as a request starts being processed: note whether it only reads."""
    view = app.view_functions.get(request.endpoint or "")
    request.environ[READS_ONLY] = request_reads_only(request.method, view)


def _reading_request() -> bool:
    return has_request_context() and bool(request.environ.get(READS_ONLY))


@contextmanager
def best_effort() -> Iterator[list[bool]]:
    """Bookkeeping a reading request may skip: written in a savepoint when the database is
    free; when a writer holds it (or wrote since this request began reading) the savepoint is
    rolled back at once and the request goes on. Yields a list that holds True once written."""
    written: list[bool] = []
    environ = request.environ if has_request_context() else {}
    environ[_BEST_EFFORT] = True
    try:
        with db.session.begin_nested():
            yield written
            db.session.flush()
        written.append(True)
    except OperationalError as error:
        if not is_busy_error(error):
            raise
        _log.info("skipped bookkeeping while the database was busy: %s", error.orig)
    finally:
        environ.pop(_BEST_EFFORT, None)


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def configure_engine(engine: Engine, lock_timeout_seconds: int = 10) -> None:
    """A write waiting for the lock gives up after `lock_timeout_seconds` (DB_LOCK_TIMEOUT_SECONDS),
    and so does any statement: the user is told nothing was saved, and nothing commits later."""
    milliseconds = int(lock_timeout_seconds * 1000)
    event.listen(engine, "before_cursor_execute", _check_declared_write)
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
        # A reading request reads a snapshot (WAL) without waiting; a writer waits its turn here,
        # for at most the busy timeout, before it has read anything.
        connection.exec_driver_sql("BEGIN" if _reading_request() else "BEGIN IMMEDIATE")


def _check_declared_write(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    """A reading request that writes outside `best_effort` has not declared it: on SQLite its
    write would fail whenever another writer is busy. The suite fails on it; production logs it."""
    if not _reading_request() or request.environ.get(_BEST_EFFORT):
        return
    if not statement.lstrip().upper().startswith(_WRITES):
        return
    message = (f"{request.method} {request.endpoint} writes ({statement.split(None, 3)[:3]}) "
               "but is not declared with @writes_on_read")
    if current_app.testing:
        raise UndeclaredWrite(message)
    _log.warning(message)


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def lock(name: str) -> None:
    """Serialise writers that touch one shared resource (e.g. "shelter") until commit."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(name.encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    # SQLite: BEGIN IMMEDIATE already made this transaction the only writer.


def read_again_under_lock(name: str, owner: Any, attribute: str) -> Any:
    """Take the lock `name`, then read `owner.<attribute>` (one related record, or None) afresh:
    what a colleague saved before the lock was granted is seen, not the copy read before it. Two
    people saving her first consent at once then make one record, the second correcting the first,
    and a third unanswered attempt saved twice is refused the second time."""
    lock(name)
    db.session.expire(owner, [attribute])
    found = getattr(owner, attribute)
    if found is not None:
        db.session.refresh(found)  # its columns now (what changes is audited against them), its lists when read
    return found


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
        # The page itself only reads: on SQLite it reads a snapshot instead of waiting for the lock again.
        request.environ[READS_ONLY] = True
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
