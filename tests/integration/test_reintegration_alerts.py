"""REINTEGRATION alerts through the one engine: each kind appears on the day its threshold is
reached and not a day before, for the beneficiary's caseworker and coordinators only; in
`alerts list --json` and the digest."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from housing.core.permissions import Permission, permissions_for
from housing.core.alerts import AlertContext, compute_alerts
from housing.programmes.alerts import lease_ending, no_recent_session, programme_ending, subsidy_ending
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.programmes import rules, services
from housing.programmes.queries import BeneficiaryRef, TenancyFact
from tests.reintegration_support import make_beneficiary, make_caseworker, make_job, make_session, make_tenancy
from tests.support import make_user

KINDS = ("programme_ending", "rent_subsidy_ending", "salary_subsidy_ending", "insurance_subsidy_ending",
         "lease_ending", "no_support_session")
WINDOW = 30  # REINTEGRATION_ALERT_DAYS and NO_SESSION_ALERT_DAYS by default


def context(app, day: date) -> AlertContext:
    return AlertContext(today=day, now=now_utc() + timedelta(days=(day - today()).days), config=app.config)


def found(app, day: date, kind: str, subject: str, **who):
    with app.test_request_context():
        return [a for a in compute_alerts(context(app, day), kinds=[kind], **who) if a.subject == subject]


def seed(app) -> dict:
    """One beneficiary per kind of alert, each with a known day on which the alert is due."""
    with app.test_request_context():
        worker = make_caseworker(username="re-alert-worker")
        worker.email = "worker@example.test"
        start = today() - timedelta(days=100)
        # The programme: planned end 24 months after enrolment.
        programme = make_beneficiary(worker, enrolled_on=start)
        make_session(programme, today())
        # The rent subsidy and the lease of a home.
        housed = make_beneficiary(worker, enrolled_on=start)
        tenancy = make_tenancy(housed, lease_start=start, subsidy_start=start,
                               subsidy_end=today() + timedelta(days=200), lease_end=today() + timedelta(days=300))
        make_session(housed, today())
        # A job with both subsidies.
        employed = make_beneficiary(worker, enrolled_on=start)
        wage_end = rules.add_months(start, 12)
        job = make_job(employed, started_on=start, wage=(start, wage_end),
                       insurance=(wage_end, rules.add_months(wage_end, 12)))
        make_session(employed, today())
        # Support sessions: the last one ten days ago; and someone who never had one.
        supported = make_beneficiary(worker, enrolled_on=start)
        make_session(supported, today() - timedelta(days=10))
        unseen = make_beneficiary(worker, enrolled_on=today() - timedelta(days=5))
        db.session.commit()
        return {
            "worker_id": worker.id,
            "programme_ending": (programme.case_code, programme.planned_end),
            "rent_subsidy_ending": (housed.case_code, tenancy.subsidy_end),
            "lease_ending": (housed.case_code, tenancy.lease_end),
            "salary_subsidy_ending": (employed.case_code, job.wage_subsidy_end),
            "insurance_subsidy_ending": (employed.case_code, job.insurance_subsidy_end),
            "no_support_session": (supported.case_code, today() - timedelta(days=10) + timedelta(days=WINDOW)),
            "never_seen": (unseen.case_code, today() - timedelta(days=5) + timedelta(days=WINDOW)),
        }


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_appears_at_its_threshold_and_not_a_day_before(app, kind):
    facts = seed(app)
    subject, due = facts[kind]
    threshold = due if kind == "no_support_session" else due - timedelta(days=WINDOW)
    assert found(app, threshold - timedelta(days=1), kind, subject) == []
    [alert] = found(app, threshold, kind, subject)
    assert alert.due == due and alert.endpoint == "reintegration.beneficiary"
    assert alert.permission == Permission.VIEW_ALL_CASELOADS and alert.owner_id == facts["worker_id"]
    assert subject in str(alert.message)


@pytest.mark.parametrize("kind", ["programme_ending", "rent_subsidy_ending", "salary_subsidy_ending",
                                  "insurance_subsidy_ending", "lease_ending"])
def test_a_warning_before_the_day_and_urgent_on_it(app, kind):
    facts = seed(app)
    subject, due = facts[kind]
    assert found(app, due - timedelta(days=1), kind, subject)[0].severity == "warning"
    assert found(app, due, kind, subject)[0].severity == "urgent"


def test_a_subsidy_that_has_ended_leaves_nothing_to_act_on(app):
    facts = seed(app)
    for kind in ("rent_subsidy_ending", "salary_subsidy_ending", "insurance_subsidy_ending"):
        subject, due = facts[kind]
        assert found(app, due + timedelta(days=1), kind, subject) == []


def test_an_expired_lease_or_programme_stays_urgent_until_acted_on(app):
    facts = seed(app)
    for kind in ("lease_ending", "programme_ending"):
        subject, due = facts[kind]
        [alert] = found(app, due + timedelta(days=5), kind, subject)
        assert alert.severity == "urgent"
        assert "has passed" in str(alert.message) or "ended on" in str(alert.message)


def test_no_session_since_the_enrolment_counts_from_the_enrolment(app):
    facts = seed(app)
    subject, due = facts["never_seen"]
    assert found(app, due - timedelta(days=1), "no_support_session", subject) == []
    [alert] = found(app, due, "no_support_session", subject)
    assert "since the enrolment" in str(alert.message) and alert.severity == "warning"
    assert found(app, due + timedelta(days=WINDOW), "no_support_session", subject)[0].severity == "urgent"


def test_visible_to_the_caseworker_and_coordinators_only(app):
    facts = seed(app)
    with app.test_request_context():
        other = make_caseworker(username="re-alert-other")
        db.session.commit()
        other_id = other.id
    late = today() + timedelta(days=800)  # every clock has run out or is due by then
    subject = facts["lease_ending"][0]
    assert found(app, late, "lease_ending", subject, permissions=permissions_for({"reintegration_staff"}), user_id=facts["worker_id"])
    assert found(app, late, "lease_ending", subject, permissions=permissions_for({"coordinator"}), user_id=None)
    assert not found(app, late, "lease_ending", subject, permissions=permissions_for({"reintegration_staff"}), user_id=other_id)
    for role in ("shelter_staff", "night_shift", "admin"):
        with app.test_request_context():
            seen = compute_alerts(context(app, late), permissions=permissions_for({role}), user_id=None)
        assert not [a for a in seen if a.kind in KINDS], role


def test_exited_beneficiaries_raise_no_alerts(app):
    facts = seed(app)
    subject, due = facts["programme_ending"]
    with app.test_request_context():
        from sqlalchemy import select

        from housing.programmes.models import Beneficiary

        person = db.session.scalar(select(Beneficiary).where(Beneficiary.case_code == subject))
        services.exit_programme(person, services.ExitInput("completed", today(), "housed", True, True),
                                make_user("coordinator"), today())
        db.session.commit()
    assert found(app, due, "programme_ending", subject) == []
    assert found(app, due, "no_support_session", subject) == []


def test_alerts_list_json_has_every_kind(app):
    facts = seed(app)
    late = (today() + timedelta(days=800)).isoformat()
    result = app.test_cli_runner().invoke(args=["alerts", "list", "--json", "--as-of", late])
    assert result.exit_code == 0, result.output
    alerts = json.loads(result.output)
    assert {"programme_ending", "lease_ending", "no_support_session"} <= {a["kind"] for a in alerts}
    lease = next(a for a in alerts if a["kind"] == "lease_ending")
    assert lease["subject"] == facts["lease_ending"][0] and lease["permission"] == "view_all_caseloads"
    assert lease["owner_id"] == facts["worker_id"]
    soon = (facts["salary_subsidy_ending"][1] - timedelta(days=3)).isoformat()
    kinds = {a["kind"] for a in json.loads(app.test_cli_runner().invoke(
        args=["alerts", "list", "--json", "--as-of", soon]).output)}
    assert "salary_subsidy_ending" in kinds


def test_the_digest_reaches_the_caseworker_with_case_codes_only(app):
    import socket

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    facts = seed(app)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    soon = (facts["lease_ending"][1] - timedelta(days=3)).isoformat()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        result = app.test_cli_runner().invoke(args=["alerts", "digest", "--as-of", soon])
    finally:
        app.config.update(MAIL_SERVER="localhost", MAIL_PORT=25)
        controller.stop()
    assert result.exit_code == 0, result.output
    received = {m["To"]: m.get_payload(decode=True).decode() for m in inbox.messages}
    body = received["worker@example.test"]
    assert facts["lease_ending"][0] in body and "/reintegration/beneficiaries/" in body
    assert "Γιάννης" not in body  # case codes, not names


# --- The pure rules, on plain facts -------------------------------------------------------------

REF = BeneficiaryRef(1, "RE-2026-001", 7)
DAY = date(2026, 11, 26)


@pytest.mark.parametrize("end, expected", [
    (DAY + timedelta(days=31), None), (DAY + timedelta(days=30), "warning"), (DAY, "urgent"),
    (DAY - timedelta(days=1), "urgent"),
])
def test_programme_ending_rule(end, expected):
    alerts = programme_ending([(REF, end)], DAY, 30)
    assert [a.severity for a in alerts] == ([expected] if expected else [])


@pytest.mark.parametrize("end, expected", [
    (DAY + timedelta(days=31), None), (DAY + timedelta(days=30), "warning"), (DAY, "urgent"),
    (DAY - timedelta(days=1), None),
])
def test_subsidy_ending_rule(end, expected):
    alerts = subsidy_ending("rent", [(REF, [rules.Period(date(2025, 1, 1), end)])], DAY, 30, 24)
    assert [a.severity for a in alerts] == ([expected] if expected else [])


def test_a_subsidy_stopped_by_a_move_is_followed_by_the_next_one():
    periods = [rules.Period(date(2025, 1, 1), DAY + timedelta(days=10), date(2026, 1, 1)),
               rules.Period(date(2026, 1, 1), DAY + timedelta(days=100))]
    assert subsidy_ending("rent", [(REF, periods)], DAY, 30, 24) == []


@pytest.mark.parametrize("lease_end, ended_on, expected", [
    (DAY + timedelta(days=31), None, None), (DAY + timedelta(days=30), None, "warning"),
    (DAY - timedelta(days=3), None, "urgent"), (DAY + timedelta(days=3), DAY, None), (None, None, None),
])
def test_lease_ending_rule(lease_end, ended_on, expected):
    alerts = lease_ending([(REF, (TenancyFact(lease_end, ended_on, None),))], DAY, 30)
    assert [a.severity for a in alerts] == ([expected] if expected else [])


@pytest.mark.parametrize("last, expected", [
    (DAY - timedelta(days=29), None), (DAY - timedelta(days=30), "warning"), (DAY - timedelta(days=59), "warning"),
    (DAY - timedelta(days=60), "urgent"),
])
def test_no_recent_session_rule(last, expected):
    alerts = no_recent_session([(REF, date(2025, 1, 1), last)], DAY, 30)
    assert [a.severity for a in alerts] == ([expected] if expected else [])
