"""`flask --app wsgi backup PATH`: a consistent copy of the database, taken while the service runs.

SQLite: SQLite's online backup API copies the database in one read transaction, so the copy is
the database at one instant — committed admissions still in the write-ahead log included, half
of nothing — even while staff keep working. The copy is one self-contained file (no -wal), checked
with `PRAGMA integrity_check`, written under a temporary name and renamed into place, readable by
its owner only; an existing file is never overwritten.

PostgreSQL is backed up with PostgreSQL's own tools: the command refuses and prints the pg_dump
and pg_restore command lines for the configured database.
"""
from __future__ import annotations

import os
import shlex
import sqlite3
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from housing.extensions import db


def postgres_commands(url: URL, path: str) -> tuple[str, str]:
    """The pg_dump and pg_restore command lines for the database of `url`. No password appears:
    PostgreSQL's tools read it from PGPASSWORD or ~/.pgpass."""
    connection = [f"--host={url.host}"] if url.host else []
    connection += [f"--port={url.port}"] if url.port else []
    connection += [f"--username={url.username}"] if url.username else []
    dump = ["pg_dump", *connection, "--format=custom", f"--file={path}", url.database or ""]
    restore = ["pg_restore", *connection, "--clean", "--if-exists", f"--dbname={url.database or ''}", path]
    return shlex.join(dump), shlex.join(restore)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the SQLite database `source` to the new file `target`; returns the pages copied."""
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)  # mode 0600: the copy holds everything the service knows about everyone
    try:
        origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=30)  # never creates one
        try:
            copy = sqlite3.connect(partial)
            try:
                origin.backup(copy)  # all pages in one step: one read transaction, one instant
                copy.execute("PRAGMA journal_mode=DELETE")  # a single file, whatever the original used
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
                pages = copy.execute("PRAGMA page_count").fetchone()[0]
            finally:
                copy.close()
        finally:
            origin.close()
        if verdict != "ok":
            raise click.ClickException(f"The copy failed its integrity check ({verdict}); nothing was written.")
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return pages


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database to PATH, a new file (SQLite). For PostgreSQL,
    print the pg_dump and pg_restore commands to use instead."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        dump, restore = postgres_commands(url, str(path))
        raise click.ClickException(
            "The database is PostgreSQL: back it up with PostgreSQL's own tools (run them as a user that may "
            "read the database; the password, if any, in PGPASSWORD or ~/.pgpass):\n"
            f"  {dump}\n"
            "and restore it, with the service stopped, with:\n"
            f"  {restore}")
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(f"Only an SQLite file or PostgreSQL can be backed up, not "
                                   f"{url.render_as_string(hide_password=True)}.")
    source = Path(url.database)
    if not source.is_file():
        raise click.ClickException(f"There is no database at {source}.")
    if path.exists():
        raise click.ClickException(f"{path} exists already: a backup never overwrites a file; choose a new name.")
    if not path.parent.is_dir():
        raise click.ClickException(f"The folder {path.parent} does not exist.")
    pages = backup_sqlite(source, path)
    click.echo(f"Backed up {source} to {path} ({pages} pages, integrity check ok).")
