"""Command-line tools: `flask --app wsgi demo load`."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from housing.core.clock import today
from housing.extensions import db

demo_cli = AppGroup("demo", help="Demo data for trying the service out.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def load_command(if_empty: bool) -> None:
    """Load demo users (one per role, password heraklion-demo), rooms and stays."""
    from housing.demo import DEMO_PASSWORD, DEMO_USERS, database_is_empty, load_demo

    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException("Demo data cannot be loaded under the production configuration.")
    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data; demo data not loaded.")
            return
        raise click.ClickException("The database is not empty; demo data is only loaded into an empty one.")
    counts = load_demo(today())
    db.session.commit()
    click.echo(f"Demo data loaded: {counts}")
    click.echo(f"Demo logins (password '{DEMO_PASSWORD}'): " + ", ".join(name for name, _, _ in DEMO_USERS))
