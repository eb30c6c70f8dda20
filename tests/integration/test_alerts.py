"""The alert engine over real data: who sees what, the CLI's JSON and the e-mail digest
received by a real SMTP server on loopback."""
from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from housing.core.permissions import permissions_for
from housing.core.alerts import AlertContext, compute_alerts
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
from tests.support import child, make_stay, make_user

SHELTER_KINDS = {"stay_ending", "stay_overdue", "child_age_limit", "extension_pending", "absent_at_night_check",
                 "shelter_nearly_full"}


def seed_one_of_each(app):
    """A shelter in which every kind of shelter alert fires today."""
    with app.test_request_context():
        staff = make_user("shelter_staff", username="alert-staff")
        staff.email = "staff@example.test"
        coordinator = make_user("coordinator", username="alert-coordinator")
        coordinator.email = "coordinator@example.test"
        night = make_user("night_shift", username="alert-night")
        night.email = "night@example.test"
        ending = make_stay(by=staff, admitted_on=today() - timedelta(days=85))
        overdue = make_stay(by=staff, admitted_on=today() - timedelta(days=100))
        boy = child("Πέτρος", 12 * 365 - 20, "M")  # turns 12 in about 17 days
        with_boy = make_stay(by=staff, children=[boy])
        requested = services.request_extension(ending, ending.planned_end + timedelta(days=30), "flat",
                                               staff, now_utc() - timedelta(hours=50))
        services.save_night_check(today() - timedelta(days=1), {
            s.id: (s.id != with_boy.id, "") for s in (ending, overdue, with_boy)}, night, now_utc())
        db.session.commit()
        return {"ending": ending.case_code, "overdue": overdue.case_code, "boy": with_boy.case_code,
                "request": requested.id}


def context(app, **config):
    return AlertContext(today=today(), now=now_utc(), config={**app.config, **config})


def test_every_shelter_kind_and_who_sees_it(app):
    codes = seed_one_of_each(app)
    with app.test_request_context():
        everything = compute_alerts(context(app, SHELTER_CAPACITY=3))
        kinds = {a.kind for a in everything}
        assert SHELTER_KINDS <= kinds
        by_kind = {a.kind: a for a in everything}
        assert by_kind["stay_ending"].subject == codes["ending"]
        assert by_kind["stay_overdue"].subject == codes["overdue"]
        assert by_kind["child_age_limit"].subject == codes["boy"]
        assert by_kind["absent_at_night_check"].subject == codes["boy"]
        staff_view = {a.kind for a in compute_alerts(context(app, SHELTER_CAPACITY=3),
                                                     permissions=permissions_for({"shelter_staff"}))}
        assert "extension_pending" not in staff_view and "stay_overdue" in staff_view
        assert compute_alerts(context(app, SHELTER_CAPACITY=3), permissions=permissions_for({"night_shift"})) == []
        assert compute_alerts(context(app, SHELTER_CAPACITY=3), permissions=permissions_for({"admin"})) == []


def test_alerts_are_computed_when_asked_never_stale(app):
    codes = seed_one_of_each(app)
    with app.test_request_context():
        from sqlalchemy import select

        from housing.shelter.models import Stay

        overdue = db.session.scalar(select(Stay).where(Stay.case_code == codes["overdue"]))
        services.discharge(overdue, today(), "left", "relatives", make_user("shelter_staff"), today())
        subjects = {(a.kind, a.subject) for a in compute_alerts(context(app))}
        assert ("stay_overdue", codes["overdue"]) not in subjects


def test_alerts_list_json(app):
    codes = seed_one_of_each(app)
    result = app.test_cli_runner().invoke(args=["alerts", "list", "--json"])
    assert result.exit_code == 0, result.output
    alerts = json.loads(result.output)
    assert {"kind", "subject", "due", "severity", "permission"} <= set(alerts[0])
    overdue = next(a for a in alerts if a["kind"] == "stay_overdue")
    assert overdue["subject"] == codes["overdue"] and overdue["severity"] == "urgent"
    assert overdue["permission"] == "view_shelter_cases"


def test_alerts_list_as_of_another_day(app):
    codes = seed_one_of_each(app)
    runner = app.test_cli_runner()
    far = (today() + timedelta(days=400)).isoformat()
    alerts = json.loads(runner.invoke(args=["alerts", "list", "--json", "--as-of", far]).output)
    assert {a["subject"] for a in alerts if a["kind"] == "stay_overdue"} >= {codes["ending"], codes["boy"]}
    bad = runner.invoke(args=["alerts", "list", "--as-of", "31/02/2026"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_digest_sends_one_mail_per_user_with_their_alerts_only(app, smtp_server):
    controller, inbox = smtp_server
    codes = seed_one_of_each(app)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, SHELTER_CAPACITY=3)
    try:
        result = app.test_cli_runner().invoke(args=["alerts", "digest"])
    finally:
        app.config.update(MAIL_SERVER="localhost", MAIL_PORT=25, SHELTER_CAPACITY=20)
    assert result.exit_code == 0, result.output
    received = {m["To"]: m.get_payload(decode=True).decode() for m in inbox.messages}
    # The night shift has no alerts to act on, so gets no mail; every other user has no address.
    assert set(received) == {"staff@example.test", "coordinator@example.test"}
    assert codes["overdue"] in received["staff@example.test"]
    assert "Extension waiting for a decision" not in received["staff@example.test"]
    assert "Extension waiting for a decision" in received["coordinator@example.test"]
    assert "Πέτρος" not in received["staff@example.test"]  # mail carries case codes, not names
    assert "2 e-mail(s) sent" in result.output
