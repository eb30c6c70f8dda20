"""Test set-up shared by every layer.

The database is SQLite (a file per run) unless TEST_DATABASE_URL names a PostgreSQL
server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test: the run then creates a
database of its own there and drops it at the end. The schema is built with the
migrations, not create_all(), so every run also exercises them. Each test runs inside
one outer transaction that is rolled back at the end; the app's commits become
savepoints inside it.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from flask_migrate import upgrade

from housing import create_app
from housing.extensions import db
from tests.support import DEMO_PASSWORD, close_database, login, make_user

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing_resource(reason: str):
    """Outside CI a missing browser or server skips; in CI it fails."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def _check_postgres(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        pytest.fail(f"TEST_DATABASE_URL is set but the database cannot be reached: {error}")
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of the run's own: on the PostgreSQL server of TEST_DATABASE_URL a new
    database (dropped afterwards, so runs never trample each other), else an SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        from tests.live import _postgres_database

        _check_postgres(url)
        with _postgres_database(url, "suite") as own:
            yield own
        return
    yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'housing-test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        close_database()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Every test in one transaction, rolled back afterwards (unit tests need no database).

    No app context stays pushed during the test: each request of the test client gets
    its own, as in production. Tests that call services directly use `app_ctx`.
    """
    if "tests/unit" in str(request.node.fspath).replace("\\", "/"):
        yield
        return
    app = request.getfixturevalue("app")
    engines = db._app_engines[app]  # noqa: SLF001 - Flask-SQLAlchemy 3.1 offers no public hook
    engine = engines[None]
    connection = engine.connect()
    outer = connection.begin()
    engines[None] = connection  # every session of the test joins this transaction
    with app.app_context():
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            db.session.configure(join_transaction_mode="conditional_savepoint")
        engines[None] = engine
        outer.rollback()
        connection.close()


@pytest.fixture
def app_ctx(app):
    """A request context for calling services directly; messages in English."""
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def client_as(app):
    """client_as("shelter_staff") → a test client logged in as a new user with that role."""

    def make(*roles: str):
        with app.app_context():
            user = make_user(*roles, username=f"{'-'.join(roles) or 'noroles'}-{uuid.uuid4().hex[:6]}")
            db.session.commit()
            username = user.username
        client = app.test_client()
        login(client, username, DEMO_PASSWORD)
        return client

    return make


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
