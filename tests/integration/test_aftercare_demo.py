"""`flask demo load` shows each deadline and follow-up alert on the day it is loaded, and the
follow-up reports' figures the README gives."""
from __future__ import annotations

import json
from datetime import date

from housing.core import follow_up as rules
from housing.core.clock import today
from housing.programmes.aftercare import queries as programme_queries
from housing.shelter.follow_up import queries
from tests.integration.test_demo_data import fresh_app
from tests.support import close_database


def test_demo_shows_each_deadline_and_follow_up_alert_and_the_readmes_figures(tmp_path):
    app = fresh_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    alerts = json.loads(runner.invoke(args=["alerts", "list", "--json"]).output)
    kinds = {alert["kind"] for alert in alerts}
    assert {"case_deadline", "follow_up_due", "beneficiary_deadline", "beneficiary_follow_up_due"} <= kinds
    follow_ups = sorted((a["month"], a["message"].split(" (")[1]) for a in alerts if a["kind"] == "follow_up_due")
    assert follow_ups == [(3, "1 of 3 attempts made)."), (6, "0 of 3 attempts made).")]
    with app.app_context():
        facts = queries.outcome_facts(date(2025, 1, 1), today())
        people = [(f.left_on, f.consents, {m: (o, "") for m, o in f.reached.items()}) for f in facts]
        shelter = [rules.retention(month, people, today()) for month in (3, 6, 12)]
        assert [(f.left, f.consented, f.due, f.reached, f.housed) for f in shelter] == \
            [(6, 3, 3, 2, 2), (6, 3, 2, 1, 0), (6, 3, 1, 0, 0)]
        exits = programme_queries.outcome_facts("reintegration", date(2025, 1, 1), today())
        programme = [rules.retention(month, [(f.left_on, f.consents, f.reached) for f in exits], today())
                     for month in (6, 12)]
        assert [(f.left, f.consented, f.due, f.reached, f.housed, f.in_work) for f in programme] == \
            [(7, 3, 3, 2, 2, 1), (7, 3, 1, 1, 1, 1)]
        close_database()
