"""`flask demo load`: one user per role, a shelter in use, never under the production config."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import func, select

from housing import create_app
from housing.auth.models import User
from housing.extensions import db
from housing.shelter.models import Stay
from tests.support import close_database


def fresh_app(tmp_path, config="development"):
    secret = {"SECRET_KEY": "a-production-secret-key-of-forty-characters!"} if config == "production" else {}
    app = create_app(config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'demo.sqlite'}",
                     PASSWORD_HASH_METHOD="pbkdf2:sha256:1000", WTF_CSRF_ENABLED=False, **secret)
    with app.app_context():
        upgrade()
    return app


def test_demo_load_creates_the_five_logins_and_a_shelter_in_use(tmp_path):
    app = fresh_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "admin, coordinator, staff, night, caseworker" in result.output
    with app.app_context():
        users = {u.username: u.roles for u in db.session.scalars(select(User))}
        assert users == {"admin": {"admin"}, "coordinator": {"coordinator"}, "staff": {"shelter_staff"},
                         "night": {"night_shift"}, "caseworker": {"reintegration_staff"},
                         "caseworker2": {"reintegration_staff"}, "caseworker3": {"reintegration_staff"},
                         "caseworker4": {"reintegration_staff"}, "anoiko": {"anoiko_staff"}}
        active = db.session.scalar(select(func.count()).select_from(Stay).where(Stay.discharged_on.is_(None)))
        assert active >= 5
        close_database()
    client = app.test_client()
    assert client.post("/login", data={"username": "night", "password": "heraklion-demo"}).status_code == 302
    assert client.get("/shelter/board").status_code == 200


def test_demo_load_if_empty_leaves_a_used_database_alone(tmp_path):
    app = fresh_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    refused = runner.invoke(args=["demo", "load"])
    assert refused.exit_code != 0 and "not empty" in refused.output
    with app.app_context():
        close_database()


def test_demo_data_is_refused_under_the_production_config(tmp_path):
    app = fresh_app(tmp_path, config="production")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "cannot be loaded under the production configuration" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        close_database()


def test_demo_shows_every_shelter_alert_on_the_day_it_is_loaded(tmp_path):
    import json

    app = fresh_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    kinds = {alert["kind"] for alert in json.loads(runner.invoke(args=["alerts", "list", "--json"]).output)}
    assert {"stay_ending", "stay_overdue", "child_age_limit", "extension_pending", "absent_at_night_check",
            "shelter_nearly_full"} <= kinds
    with app.app_context():
        close_database()


def test_demo_shows_every_reintegration_alert_on_the_day_it_is_loaded(tmp_path):
    import json

    from housing.programmes.models import Beneficiary

    app = fresh_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    alerts = json.loads(runner.invoke(args=["alerts", "list", "--json"]).output)
    kinds = {alert["kind"] for alert in alerts}
    assert {"programme_ending", "rent_subsidy_ending", "salary_subsidy_ending", "insurance_subsidy_ending",
            "lease_ending", "no_support_session"} <= kinds
    with app.app_context():
        people = db.session.scalars(select(Beneficiary).where(Beneficiary.programme == "reintegration")).all()
        assert len(people) >= 40 and len({p.caseworker_id for p in people}) == 4
        others = db.session.scalars(select(Beneficiary).where(Beneficiary.programme == "anoiko")).all()
        assert len(others) == 4 and all(p.case_code.startswith("AO-") for p in others)
        close_database()
