"""An application with a second programme beside REINTEGRATION, made by configuration only:
An-Oiko (code anoiko, prefix AO, 36 places, its own months and caps, role anoiko_staff)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask_babel import force_locale

from config import REINTEGRATION
from housing import create_app
from housing.extensions import db

ANOIKO = {
    "code": "anoiko",
    "name": {"en": "An-Oiko", "el": "Αν-Οίκω"},
    "case_prefix": "AO",
    "capacity": 36,
    "months": 18,
    "subsidy_months": {"rent": 18, "wage": 9, "insurance": 6},
    "rent_caps": {1: 250, 2: 350, 3: 400},
    "alert_days": 21,
    "no_session_days": 21,
    "staff_role": "anoiko_staff",
    "from_shelter": False,
}


@pytest.fixture(scope="session")
def two_programmes_app(app, database_url):
    """REINTEGRATION and An-Oiko on the suite's database (already migrated by `app`)."""
    return create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False,
                      PROGRAMMES=[REINTEGRATION, ANOIKO])


@pytest.fixture
def both(app, two_programmes_app):
    """The two-programme app on the connection of the test's transaction (tests/conftest.py),
    so that what it writes is rolled back with the rest."""
    other = two_programmes_app
    engines = db._app_engines[other]  # noqa: SLF001 - as tests/conftest.py does
    engine = engines[None]
    engines[None] = db._app_engines[app][None]  # noqa: SLF001 - the test's connection
    with other.app_context():
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
    try:
        yield other
    finally:
        with other.app_context():
            db.session.remove()
            db.session.configure(join_transaction_mode="conditional_savepoint")
        engines[None] = engine


@contextmanager
def acting(app):
    """A request context of `app` for calling services directly; messages in English."""
    with app.test_request_context(), force_locale("en"):
        yield
