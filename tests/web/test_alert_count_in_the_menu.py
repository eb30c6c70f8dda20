"""The alert count beside "Alerts" in the menu: each role counts only what it may see, a restricted
stay's plan counts for coordinators only, the count follows the data at the moment of asking, and
it costs one statement."""
from __future__ import annotations

import re
from datetime import timedelta

from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
from tests.safety_support import assess
from tests.support import QueryCounter, child, make_stay, make_user

BADGE = re.compile(r'class="badge"[^>]*>(\d+)<')


def menu_count(client, path: str = "/shelter/log") -> int | None:
    """The number in the menu's badge on a page that is not the dashboard (None: no badge)."""
    page = client.get(path)
    assert page.status_code == 200
    found = BADGE.findall(page.get_data(as_text=True))
    return int(found[0]) if found else None


def seed(app) -> dict:
    """Four alerts for the shelter's team, one extension for the coordinators to decide, and a
    restricted stay whose risk review is due (her plan is the coordinators')."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        ending = make_stay(by=staff, admitted_on=today() - timedelta(days=85))      # stay_ending
        overdue = make_stay(by=staff, admitted_on=today() - timedelta(days=100))    # stay_overdue
        with_boy = make_stay(by=staff, children=[child("Πέτρος", 12 * 365 - 20, "M")])  # child_age_limit
        services.request_extension(ending, ending.planned_end + timedelta(days=30), "flat", staff,
                                   now_utc() - timedelta(hours=50))                 # extension_pending
        services.save_night_check(today() - timedelta(days=1), {
            s.id: (s.id != with_boy.id, "") for s in (ending, overdue, with_boy)}, staff, now_utc())  # absent
        hidden = make_stay(by=staff)
        assess(hidden, "medium", assessed_on=today() - timedelta(days=28), by=staff)  # risk_review_due
        services.set_restriction(hidden, True, "High risk")
        db.session.commit()
        return {"overdue": overdue.id, "staff": staff.id}


def test_each_role_counts_only_the_alerts_it_may_see(app, client_as):
    seed(app)
    # stay_ending, stay_overdue, child_age_limit, absent_at_night_check; the restricted stay is
    # active too, so all four are about stays staff see by case code; her plan's review is not theirs.
    assert menu_count(client_as("shelter_staff")) == 4
    # the same four, the extension waiting for a decision, and the restricted stay's review
    assert menu_count(client_as("coordinator")) == 6
    assert menu_count(client_as("reintegration_staff"), "/reintegration/") is None  # none of the shelter's
    assert menu_count(client_as("night_shift"), "/shelter/board") is None  # no alerts at all


def test_the_count_follows_the_data_when_asked(app, client_as):
    ids = seed(app)
    client = client_as("shelter_staff")
    assert menu_count(client) == 4
    with app.test_request_context():
        from housing.auth.models import User
        from housing.shelter.models import Stay

        services.discharge(db.session.get(Stay, ids["overdue"]), today(), "flat", "relatives",
                           db.session.get(User, ids["staff"]), today())
        db.session.commit()
    assert menu_count(client) == 3  # her overdue stay ended: nothing kept from the request before


def test_the_count_costs_one_statement(app, client_as):
    seed(app)
    client = client_as("coordinator")
    client.get("/shelter/log")
    with QueryCounter(app) as counted:
        assert menu_count(client) == 6
    alerts = [s for s in counted.statements if "AS fact" in s]
    assert len(alerts) == 1, "\n".join(counted.statements)
