"""The migrations and the models agree: `flask db upgrade` on an empty database gives
exactly the schema the models describe (no autogenerate diff), on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from housing import create_app
from housing.extensions import db
from tests.support import close_database


def schema_differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
    return compare_metadata(context, db.metadata)


def test_upgraded_suite_database_matches_the_models(app, database_url):
    """The suite's database was empty and built by the migrations only (see conftest)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            assert schema_differences(connection) == []
    finally:
        engine.dispose()


def test_flask_db_upgrade_command_from_empty_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrate.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.connect() as connection:
            assert schema_differences(connection) == []
        assert "stay" in sa.inspect(db.engine).get_table_names()
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        close_database()


def test_a_closed_extension_request_keeps_no_sentence_and_gets_it_back_on_downgrade(tmp_path):
    """c41f0a7d2e63: the discharge's sentence in the discharger's language leaves the row."""
    from datetime import timedelta

    from flask_migrate import downgrade, upgrade

    from housing.core.clock import now_utc, today
    from housing.shelter import services
    from tests.support import make_stay, make_user

    url = f"sqlite:///{tmp_path / 'closed.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    note = sa.text("SELECT decision_note FROM extension_request")
    with app.app_context():
        upgrade()
        staff = make_user("shelter_staff")
        stay = make_stay(admitted_on=today() - timedelta(days=5))
        services.request_extension(stay, stay.planned_end + timedelta(days=10), "x", staff, now_utc())
        services.discharge(stay, today(), "left", "relatives", staff, today())
        db.session.commit()
        assert db.session.scalar(note) == ""
        db.session.remove()
        downgrade(revision="b7e2c41d9a05")
        assert db.session.scalar(note) == f"Closed automatically: the stay ended on {today():%d/%m/%Y}."
        db.session.execute(sa.text("UPDATE extension_request SET decision_note = :greek"),
                           {"greek": "Έκλεισε αυτόματα: η φιλοξενία έληξε στις 01/12/2026."})
        db.session.commit()
        db.session.remove()
        upgrade()
        assert db.session.scalar(note) == ""
        close_database()
