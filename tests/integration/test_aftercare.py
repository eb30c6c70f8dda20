"""Her deadlines and the follow-up after leaving over real data: what the services keep and audit,
the alerts (who sees which), her subject-access export and the retention purge; the same for a
programme's beneficiaries."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from housing.core.alerts import AlertContext, compute_alerts
from housing.core.audit_entry import AuditEntry
from housing.core.clock import now_utc, today
from housing.core.errors import RuleViolation
from housing.core.follow_up import ConsentInput
from housing.core.permissions import permissions_for
from housing.extensions import db
from housing.privacy.retention import purge
from housing.programmes import services as programmes
from housing.programmes.aftercare import services as aftercare
from housing.programmes.aftercare.models import BeneficiaryDeadline, BeneficiaryFollowUp
from housing.programmes.privacy import beneficiary_record
from housing.shelter import services as shelter
from housing.shelter.deadlines import services as deadlines
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.follow_up import services as follow_up
from housing.shelter.follow_up.models import StayFollowUp, StayFollowUpAttempt
from housing.shelter.privacy import resident_record
from tests.aftercare_support import PHONE, add_deadline, attempt, left_stay
from tests.reintegration_support import make_beneficiary, make_caseworker, programme
from tests.support import make_stay, make_user

pytestmark = pytest.mark.usefixtures("app_ctx")
KINDS = ["case_deadline", "follow_up_due", "beneficiary_deadline", "beneficiary_follow_up_due"]


def rows(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def alerts_for(role: str, user_id: int = -1, scopes=None) -> list:
    context = AlertContext(today(), now_utc(), current_app.config)
    return [a for a in compute_alerts(context, permissions=permissions_for([role]), user_id=user_id, scopes=scopes)
            if a.kind in KINDS]


def test_each_change_has_its_own_audit_action_with_the_case_code():
    staff = make_user("shelter_staff", username="aftercare-auditor")
    stay = make_stay(by=staff)
    item = add_deadline(stay, by=staff)
    deadlines.complete_deadline(item, staff, now_utc())
    left = left_stay(100, by=staff)
    tried = attempt(left, reached=True, outcome="stably_housed", by=staff)
    follow_up.change_consent(left, ConsentInput(False), staff, now_utc())
    db.session.flush()
    expected = [("record_deadline", "stay_deadline", item.id, stay.case_code),
                ("complete_deadline", "stay_deadline", item.id, stay.case_code),
                ("discharge", "stay_follow_up", left.follow_up.id, left.case_code),  # recorded with the discharge
                ("record_follow_up_attempt", "stay_follow_up_attempt", tried.id, left.case_code),
                ("change_follow_up_consent", "stay_follow_up", left.follow_up.id, left.case_code)]
    for action, record_type, record_id, code in expected:
        found = [e for e in rows(action) if e.record_type == record_type and e.record_id == record_id]
        assert len(found) == 1, action
        assert found[0].case_code == code
    withdrawn = json.loads(rows("change_follow_up_consent")[-1].changes)
    assert withdrawn["consents"] == [True, False] and withdrawn["phone"] == ["6944 123 456", ""]


def test_a_refused_consent_refuses_the_discharge_and_writes_nothing():
    staff = make_user("shelter_staff")
    stay = make_stay(by=staff)
    with pytest.raises(RuleViolation) as refused:
        shelter.discharge(stay, today(), "Moved on", "own_home", staff, today(), ConsentInput(True, "phone", ""))
    assert [v.field for v in refused.value.violations] == ["contact_phone"]
    db.session.flush()
    assert stay.discharged_on is None and stay.destination == ""
    assert db.session.scalars(select(StayFollowUp).where(StayFollowUp.stay_id == stay.id)).first() is None


def test_without_consent_nothing_of_how_to_reach_her_is_kept_and_no_follow_up_falls_due():
    stay = left_stay(100, ConsentInput(False, "phone", "6944 000 000"))
    assert (stay.follow_up.consents, stay.follow_up.channel, stay.follow_up.phone) == (False, "", "")
    assert [a.subject for a in alerts_for("coordinator")] == []
    with pytest.raises(RuleViolation):
        attempt(stay)


def test_the_follow_up_alert_falls_due_and_stops_after_three_unanswered_attempts():
    stay = left_stay(100)  # 3 months ago and more
    assert [(a.kind, a.subject, a.details) for a in alerts_for("shelter_staff")] == \
        [("follow_up_due", stay.case_code, (("month", 3),))]
    attempt(stay, on=today() - timedelta(days=2))
    attempt(stay, on=today() - timedelta(days=1))
    assert "2 of 3" in str(alerts_for("shelter_staff")[0].message)
    attempt(stay)
    assert alerts_for("shelter_staff") == []
    with pytest.raises(RuleViolation) as fourth:
        attempt(stay)
    assert [v.field for v in fourth.value.violations] == ["month"]


def test_a_reached_follow_up_keeps_her_outcome_and_its_alert_goes():
    stay = left_stay(100)
    attempt(stay, reached=True, outcome="housed_at_risk", note="Ζει με την αδελφή της")
    assert alerts_for("coordinator") == []
    saved = db.session.scalars(select(StayFollowUpAttempt)).one()
    assert (saved.reached, saved.housing_outcome, saved.note) == (True, "housed_at_risk", "Ζει με την αδελφή της")


def test_a_deadline_reminds_within_its_kinds_days_and_never_shows_the_note():
    stay = make_stay()
    add_deadline(stay, "court_hearing", days=14, note="Μυστική σημείωση")
    add_deadline(stay, "court_hearing", days=15)  # beyond the 14 days
    add_deadline(stay, "residence_permit", days=60)
    done = add_deadline(stay, "medical_appointment", days=1)
    deadlines.complete_deadline(done, make_user("shelter_staff"), now_utc())
    found = alerts_for("shelter_staff")
    assert [(a.kind, a.due) for a in found] == [("case_deadline", today() + timedelta(days=14)),
                                                ("case_deadline", today() + timedelta(days=60))]
    assert all("Μυστική" not in str(a.message) and "Αίθουσα" not in str(a.message) for a in found)


def test_alerts_of_a_restricted_stay_are_the_coordinators_and_the_night_shift_and_admin_see_none():
    open_stay, hidden = make_stay(), make_stay()
    shelter.set_restriction(hidden, True, "High risk")
    add_deadline(open_stay), add_deadline(hidden)
    left = left_stay(100)
    shelter.set_restriction(left, True, "High risk")
    staff_sees = {(a.kind, a.subject) for a in alerts_for("shelter_staff")}
    assert staff_sees == {("case_deadline", open_stay.case_code)}
    assert {(a.kind, a.subject) for a in alerts_for("coordinator")} == {
        ("case_deadline", open_stay.case_code), ("case_deadline", hidden.case_code),
        ("follow_up_due", left.case_code)}
    for role in ("night_shift", "admin", "reintegration_staff"):
        assert alerts_for(role) == [], role


def test_her_subject_access_export_holds_her_deadlines_and_follow_up():
    stay = left_stay(100)
    attempt(stay, reached=True, outcome="stably_housed", note="Νέο σπίτι στις Αλικαρνασσό")
    other = make_stay()
    add_deadline(other, note="Άλλης γυναίκας")
    data = resident_record(stay.resident_id)
    assert data["follow_up"][0]["case_code"] == stay.case_code
    assert data["follow_up"][0]["phone"] == "6944 123 456"
    assert [a["housing_outcome"] for a in data["follow_up"][0]["attempts"]] == ["stably_housed"]
    assert data["deadlines"] == [{"stay_id": stay.id, "case_code": stay.case_code, "items": []}]
    assert "Άλλης γυναίκας" not in json.dumps(data, ensure_ascii=False, default=str)
    assert any(e["action"] == "record_follow_up_attempt" for e in data["audit_trail"])


def test_the_retention_purge_anonymises_old_cases_only():
    staff = make_user("shelter_staff")
    admitted = today() - timedelta(days=365 * 7 + 100)
    old = make_stay(by=staff, admitted_on=admitted)
    item = add_deadline(old, days=3, note="Υπόθεση 55/2019", responsible="Δικηγόρος Κ.", by=staff)
    left_on = admitted + timedelta(days=60)
    shelter.discharge(old, left_on, "Moved on", "relatives", staff, today(), PHONE)
    tried = attempt(old, on=left_on + timedelta(days=92), reached=True, outcome="stably_housed",
                    note="Στο χωριό της μητέρας της", by=staff)
    recent = left_stay(100, by=staff)
    db.session.flush()
    report = purge(today(), now_utc(), 5, dry_run=False)
    assert report.extra["deadlines"] == 1 and report.extra["follow_ups"] == 1
    item, tried = db.session.get(StayDeadline, item.id), db.session.get(StayFollowUpAttempt, tried.id)
    assert (item.note, item.responsible, item.kind) == ("[removed]", "[removed]", "court_hearing")
    assert (tried.note, tried.housing_outcome, tried.reached) == ("[removed]", "stably_housed", True)
    assert (old.follow_up.phone, old.follow_up.consents) == ("[removed]", True)
    assert recent.follow_up.phone == "6944 123 456"
    trail = " ".join(e.changes for e in db.session.scalars(select(AuditEntry)))
    assert "55/2019" not in trail and "μητέρας" not in trail
    again = purge(today(), now_utc(), 5, dry_run=False)
    assert again.extra["deadlines"] == 0 and again.extra["follow_ups"] == 0  # idempotent


# --- A programme's beneficiaries ----------------------------------------------------------

def exited(caseworker, days_ago: int = 200, consent: ConsentInput | None = PHONE):
    person = make_beneficiary(caseworker, enrolled_on=today() - timedelta(days=days_ago + 300))
    programmes.exit_programme(person, programmes.ExitInput("completed", today() - timedelta(days=days_ago), "housed",
                                                           True, True), caseworker, today(), consent)
    return person


def test_a_programme_exit_with_consent_brings_the_six_month_follow_up_to_its_caseworker_only():
    mine, other = make_caseworker(), make_caseworker()
    person = exited(mine)
    assert [(a.kind, a.subject) for a in alerts_for("reintegration_staff", mine.id, ["reintegration"])] == \
        [("beneficiary_follow_up_due", person.case_code)]
    assert alerts_for("reintegration_staff", other.id, ["reintegration"]) == []
    assert alerts_for("reintegration_staff", mine.id, ["anoiko"]) == []  # another programme's staff
    assert alerts_for("shelter_staff") == []
    assert [a.kind for a in alerts_for("coordinator")] == ["beneficiary_follow_up_due"]
    aftercare.record_attempt(person, aftercare.AttemptInput(6, today(), "call", True, "stably_housed", "in_work"),
                             mine, today(), now_utc(), programme().follow_up_months)
    assert alerts_for("coordinator") == []


def test_a_reached_programme_follow_up_needs_the_housing_and_the_work():
    person = exited(make_caseworker())
    with pytest.raises(RuleViolation) as refused:
        aftercare.record_attempt(person, aftercare.AttemptInput(6, today(), "call", True, "stably_housed", ""),
                                 person.caseworker, today(), now_utc(), (6, 12))
    assert [v.field for v in refused.value.violations] == ["work_outcome"]


def test_a_beneficiary_deadline_reminds_the_caseworker_and_is_in_the_export_and_the_purge():
    worker = make_caseworker()
    person = make_beneficiary(worker)
    aftercare.record_deadline(person, "benefit_renewal", today() + timedelta(days=30), "", "ΚΕΑ", worker, today(),
                              now_utc())
    assert [a.kind for a in alerts_for("reintegration_staff", worker.id, ["reintegration"])] == ["beneficiary_deadline"]
    data = beneficiary_record(person.id)
    assert [d["note"] for d in data["programme_deadlines"]] == ["ΚΕΑ"]
    gone = exited(worker, days_ago=365 * 7)
    with pytest.raises(RuleViolation):
        aftercare.record_deadline(gone, "court_hearing", today(), "", "", worker, today(), now_utc())
    report = purge(today(), now_utc(), 5, dry_run=False)
    assert report.extra["beneficiaries"] == 1
    consent = db.session.scalars(select(BeneficiaryFollowUp).where(BeneficiaryFollowUp.beneficiary_id == gone.id)).one()
    assert (consent.phone, consent.consents) == ("[removed]", True)
    assert db.session.scalars(select(BeneficiaryDeadline)).one().note == "ΚΕΑ"  # an active person's, kept


def test_the_digest_carries_kinds_and_dates_never_the_note():
    from housing.alerts.cli import digest_body

    staff = make_user("shelter_staff", username="digest-reader")
    stay = make_stay(first_name="Ευτέρπη")
    add_deadline(stay, "court_hearing", days=3, note="Αίθουσα 3, ο δράστης θα είναι παρών", responsible="Κ. Λαμπράκη")
    left = left_stay(100)
    body = digest_body(staff, alerts_for("shelter_staff"))
    day = (today() + timedelta(days=3)).strftime("%d/%m/%Y")
    assert f"{stay.case_code} — Her deadline approaching — {day}" in body
    assert f"{left.case_code} — Follow-up after leaving due — " in body
    for private in ("Αίθουσα", "δράστης", "Λαμπράκη", "Ευτέρπη", "6944"):
        assert private not in body


def test_the_alerts_read_follow_ups_of_endings_since_three_years_only(app):
    """What the menu's count reads does not grow with the years: a woman who left four years ago
    has no follow-up left to fall due, and her row is not read at all."""
    from housing.core.follow_up import ConsentInput
    from housing.shelter import services as shelter_services

    with app.test_request_context():
        staff = make_user("shelter_staff")
        left_long_ago = make_stay(by=staff, admitted_on=today() - timedelta(days=4 * 365))
        left_this_year = make_stay(by=staff, admitted_on=today() - timedelta(days=200))
        for stay in (left_long_ago, left_this_year):
            shelter_services.discharge(stay, stay.admitted_on + timedelta(days=60), "", "relatives", staff, today(),
                                       ConsentInput(True, "phone", "6944 000 111", ""))
        db.session.flush()
        read = AlertContext(today(), now_utc(), app.config).facts("shelter.follow_ups")
        assert [row.code for row in read] == [left_this_year.case_code]


def test_a_woman_whose_record_is_hidden_whole_is_in_these_alerts_for_coordinators_alone():
    """As her pages: a stay of hers restricted hides every stay of hers from staff, so her new
    stay's deadline and her earlier stay's follow-up reach the coordinators only."""
    staff = make_user("shelter_staff")
    earlier = make_stay(by=staff, admitted_on=today() - timedelta(days=200))
    shelter.set_restriction(earlier, True, "Ο σύντροφος την αναζητά")
    shelter.discharge(earlier, today() - timedelta(days=150), "", "relatives", staff, today())
    again = make_stay(by=make_user("coordinator"), first_name=earlier.resident.first_name,  # not restricted
                      existing_resident_id=earlier.resident_id)
    add_deadline(again, days=5)
    left = left_stay(days_ago=100)  # her 3-month follow-up is due
    shelter.set_restriction(make_stay(by=staff, first_name=left.resident.first_name,
                                      existing_resident_id=left.resident_id), True, "Την αναζητούν")
    db.session.flush()
    assert [(a.kind, a.subject) for a in alerts_for("shelter_staff")] == []
    assert sorted((a.kind, a.subject) for a in alerts_for("coordinator")) == sorted(
        [("case_deadline", again.case_code), ("follow_up_due", left.case_code)])
