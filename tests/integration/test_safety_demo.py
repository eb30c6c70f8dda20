"""`flask demo load` shows every safety alert on the day it is loaded, and a door list of two."""
from __future__ import annotations

import json

from housing.shelter.safety.queries import door_list
from tests.integration.test_demo_data import fresh_app
from tests.support import close_database


def test_demo_shows_every_safety_alert_and_a_door_list_of_two(tmp_path):
    app = fresh_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    kinds = {alert["kind"] for alert in json.loads(runner.invoke(args=["alerts", "list", "--json"]).output)}
    assert {"risk_review_due", "risk_review_overdue", "high_risk_not_restricted", "protective_order_expiring",
            "protective_order_expired"} <= kinds
    with app.app_context():
        assert [entry.name for entry in door_list()] == ["Viktor Kovalenko", "Μανώλης Φραγκιαδάκης"]
        close_database()
