"""`flask --app wsgi retention purge --older-than-years N [--dry-run]`."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import text
from sqlalchemy.engine import Engine

from housing.core.audit import acting_as
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.privacy.retention import purge

retention_cli = AppGroup("retention", help="Anonymise people whose stay or enrolment ended long ago.")


def _erase_on_sqlite() -> None:
    """SQLite overwrites the space a changed value leaves behind only with secure_delete."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("PRAGMA secure_delete=ON"))


def compact_sqlite() -> str:
    """After the purge has committed, SQLite still holds the erased values: in the write-ahead
    log until a checkpoint copies it into the file, and in free pages until they are reused.
    Checkpoint and truncate the log, rebuild the file (VACUUM), and truncate the log VACUUM
    wrote. PostgreSQL: see SECURITY.md (VACUUM there does not overwrite old rows)."""
    engine = db.session.get_bind()
    if engine.dialect.name != "sqlite" or not isinstance(engine, Engine):
        return ""  # not SQLite, or a session joined to an outer transaction that VACUUM cannot leave
    connection = engine.raw_connection()  # VACUUM refuses to run inside a transaction
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        busy, _frames, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        connection.close()
    if busy:
        return "; the write-ahead log is in use by another process: run the purge again when it is idle"
    return "; database file rebuilt (VACUUM) and write-ahead log truncated"


@retention_cli.command("purge")
@click.option("--older-than-years", type=click.IntRange(1, 100), required=True,
              help="Anonymise people whose last stay or enrolment ended more than this many years ago.")
@click.option("--dry-run", is_flag=True, help="Only say who would be anonymised.")
def purge_command(older_than_years: int, dry_run: bool) -> None:
    with acting_as("system:retention-purge"):
        _erase_on_sqlite()
        report = purge(today(), now_utc(), older_than_years, dry_run)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    compacted = "" if dry_run else compact_sqlite()
    verb = "would anonymise" if dry_run else "anonymised"
    extra = "".join(f", {value} {key.replace('_', ' ')}" for key, value in sorted(report.extra.items()))
    click.echo(f"retention: ended before {report.cutoff.isoformat()}: {verb} {len(report.residents)} "
               f"shelter resident(s) ({len(report.stays)} stay(s)){extra}{compacted}")
    if report.shift_log_mentions:
        click.echo("retention: shift-log entries that may name them, to be read and redacted by hand "
                   "(with their audit rows):")
        for mention in report.shift_log_mentions:
            click.echo(f"  entry {mention.entry_id} of {mention.written_at.date().isoformat()} ({mention.case_code})")
