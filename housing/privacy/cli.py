"""`flask --app wsgi retention purge --older-than-years N [--dry-run]`."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from housing.audit.recorder import acting_as
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.privacy.retention import purge

retention_cli = AppGroup("retention", help="Anonymise people whose stay or enrolment ended long ago.")


@retention_cli.command("purge")
@click.option("--older-than-years", type=click.IntRange(1, 100), required=True,
              help="Anonymise people whose last stay or enrolment ended more than this many years ago.")
@click.option("--dry-run", is_flag=True, help="Only say who would be anonymised.")
def purge_command(older_than_years: int, dry_run: bool) -> None:
    with acting_as("system:retention-purge"):
        report = purge(today(), now_utc(), older_than_years, dry_run)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    verb = "would anonymise" if dry_run else "anonymised"
    extra = "".join(f", {value} {key.replace('_', ' ')}" for key, value in sorted(report.extra.items()))
    click.echo(f"retention: ended before {report.cutoff.isoformat()}: {verb} {len(report.residents)} "
               f"shelter resident(s) ({len(report.stays)} stay(s)){extra}")
