"""The safety plan over real data: what the services keep and audit, the door list, the alerts
(who sees which), her subject-access export and the retention purge."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from housing.core.alerts import AlertContext, compute_alerts
from housing.core.audit_entry import AuditEntry
from housing.core.clock import now_utc, today
from housing.core.errors import RuleViolation
from housing.core.permissions import permissions_for
from housing.extensions import db
from housing.privacy.retention import purge
from housing.shelter import services as shelter
from housing.shelter.privacy import resident_record
from housing.shelter.safety import queries, services
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder, RiskAssessment
from tests.safety_support import assess, bar, make_order
from tests.support import child, make_stay, make_user

pytestmark = pytest.mark.usefixtures("app_ctx")
SAFETY_KINDS = ["risk_review_due", "risk_review_overdue", "high_risk_not_restricted", "protective_order_expiring",
                "protective_order_expired"]


def rows(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_each_change_has_its_own_audit_action_with_the_case_code():
    stay = make_stay(children=[child("Άρτεμις", 2000, "F")])
    staff = make_user("shelter_staff", username="safety-auditor")
    assessment = assess(stay, "medium", by=staff)
    order = make_order(stay, by=staff, child_ids=[stay.children[0].id])
    person = bar(stay, by=staff)
    services.end_protective_order(order, "Replaced by a restraining order", staff, now_utc())
    services.end_barred_person(person, "Entered by mistake", staff, now_utc())
    db.session.flush()
    expected = [("assess_risk", "risk_assessment", assessment.id), ("record_protective_order", "protective_order", order.id),
                ("bar_person", "barred_person", person.id), ("end_protective_order", "protective_order", order.id),
                ("end_barred_person", "barred_person", person.id)]
    for action, record_type, record_id in expected:
        found = [e for e in rows(action) if e.record_type == record_type and e.record_id == record_id]
        assert len(found) == 1, action
        assert found[0].case_code == stay.case_code and found[0].area == "safety"
    child_rows = [e for e in rows("record_protective_order") if e.record_type == "protective_order_child"]
    assert [e.case_code for e in child_rows] == [stay.case_code]
    ended = json.loads(rows("end_barred_person")[-1].changes)
    assert ended["end_reason"] == ["", "Entered by mistake"]


def test_nothing_is_deleted_the_history_reads_back():
    stay = make_stay()
    assess(stay, "high", assessed_on=today() - timedelta(days=5), next_review=today())
    assess(stay, "medium")
    person = bar(stay)
    services.end_barred_person(person, "No longer a threat: moved abroad", make_user("shelter_staff"), now_utc())
    plan = queries.safety_plan_of(stay.id)
    assert [a.level for a in plan.assessments] == ["medium", "high"]
    assert plan.current.level == "medium" and plan.current.next_review_on == today() + timedelta(days=30)
    assert [p.ended_at is not None for p in plan.barred] == [True]
    with pytest.raises(RuleViolation):  # ended once, not twice
        services.end_barred_person(person, "again", make_user("shelter_staff"), now_utc())


def test_the_door_list_names_persons_only_of_active_stays_and_empties_when_she_leaves():
    staff = make_user("shelter_staff")
    first, second = make_stay(by=staff), make_stay(by=staff)
    bar(first, name="Ζαχαρίας Π.", description="Μικρόσωμος, μουστάκι")
    bar(second, name="Άγγελος Μ.", description="Ψηλός, ξυρισμένο κεφάλι")
    bar(second, name="αντώνης Λ.", description="Κόκκινο αυτοκίνητο")
    gone = bar(first, name="Βασίλης Ε.", description="Γυαλιά")
    services.end_barred_person(gone, "Revoked", staff, now_utc())
    assert [e.name for e in queries.door_list()] == ["Άγγελος Μ.", "αντώνης Λ.", "Ζαχαρίας Π."]
    shelter.discharge(second, today(), "Moved on", "relatives", staff, today())
    assert [e.name for e in queries.door_list()] == ["Ζαχαρίας Π."]


def test_restricted_stays_barred_persons_are_on_the_door_list():
    stay = make_stay()
    shelter.set_restriction(stay, True, "High risk")
    bar(stay, name="Κρυφός Χ.")
    assert [e.name for e in queries.door_list()] == ["Κρυφός Χ."]


def alerts_for_role(role: str, on: date | None = None):
    context = AlertContext(on or today(), now_utc(), current_app.config)
    return [a for a in compute_alerts(context, permissions=permissions_for([role]), user_id=-1)
            if a.kind in SAFETY_KINDS]


def test_alerts_fire_on_their_thresholds_and_reach_who_holds_the_plan():
    staff = make_user("shelter_staff")
    due, overdue, quiet = make_stay(by=staff), make_stay(by=staff), make_stay(by=staff)
    assess(due, "medium", assessed_on=today() - timedelta(days=28))  # review in 2 days
    assess(overdue, "low", assessed_on=today() - timedelta(days=91))  # review was yesterday
    assess(quiet, "medium", assessed_on=today() - timedelta(days=27))  # review in 3 days: not yet
    make_order(due, valid_until=today() + timedelta(days=14))
    make_order(quiet, valid_until=today() + timedelta(days=15))
    make_order(overdue, issued_on=today() - timedelta(days=30), valid_until=today() - timedelta(days=1))
    ended = make_order(quiet, issued_on=today() - timedelta(days=30), valid_until=today() - timedelta(days=1))
    services.end_protective_order(ended, "Replaced", staff, now_utc())
    found = {(a.kind, a.subject) for a in alerts_for_role("shelter_staff")}
    assert found == {("risk_review_due", due.case_code), ("risk_review_overdue", overdue.case_code),
                     ("protective_order_expiring", due.case_code), ("protective_order_expired", overdue.case_code)}
    assert alerts_for_role("night_shift") == [] and alerts_for_role("admin") == []
    assert alerts_for_role("reintegration_staff") == []


def test_an_expired_order_alerts_only_while_she_is_still_here():
    staff = make_user("shelter_staff")
    stay = make_stay(by=staff)
    make_order(stay, issued_on=today() - timedelta(days=30), valid_until=today() - timedelta(days=3))
    assert [a.kind for a in alerts_for_role("coordinator")] == ["protective_order_expired"]
    shelter.discharge(stay, today(), "Moved on", "relatives", staff, today())
    assert alerts_for_role("coordinator") == []


def test_high_risk_suggests_restriction_to_coordinators_and_a_restricted_stays_alerts_are_theirs():
    stay = make_stay()
    assess(stay, "high", assessed_on=today() - timedelta(days=6))  # review tomorrow
    assert {a.kind for a in alerts_for_role("coordinator")} == {"risk_review_due", "high_risk_not_restricted"}
    assert {a.kind for a in alerts_for_role("shelter_staff")} == {"risk_review_due"}
    shelter.set_restriction(stay, True, "High risk")
    assert {a.kind for a in alerts_for_role("coordinator")} == {"risk_review_due"}
    assert alerts_for_role("shelter_staff") == []  # staff may not see this stay's plan


def test_alert_messages_carry_the_case_code_and_dates_only():
    stay = make_stay(first_name="Μυρτώ")
    make_order(stay, valid_until=today() + timedelta(days=3), reference="SECRET-REF-77")
    bar(stay, name="Θανάσης Ρ.")
    message = " ".join(str(a.message) for a in alerts_for_role("coordinator"))
    assert stay.case_code in message and "Μυρτώ" not in message and "SECRET-REF-77" not in message
    assert "Θανάσης" not in message


def test_her_subject_access_export_holds_her_safety_plan():
    stay = make_stay(children=[child("Άρτεμις", 2000, "F")])
    assess(stay, "high", note="Threats by phone")
    make_order(stay, reference="ΕΙΣ-55/2026", child_ids=[stay.children[0].id])
    bar(stay, name="Νίκος Ζ.", description="Μαύρο μηχανάκι")
    other = make_stay()
    bar(other, name="Άλλος Ξ.")
    data = resident_record(stay.resident_id)
    plan = data["safety_plan"]
    assert [p["case_code"] for p in plan] == [stay.case_code]
    assert plan[0]["risk_assessments"][0]["note"] == "Threats by phone"
    assert plan[0]["protective_orders"][0]["reference"] == "ΕΙΣ-55/2026"
    assert plan[0]["protective_orders"][0]["protects_children"][0]["first_name"] == "Άρτεμις"
    assert [p["name"] for p in plan[0]["barred_persons"]] == ["Νίκος Ζ."]
    assert "Άλλος Ξ." not in json.dumps(data, ensure_ascii=False, default=str)


def test_the_retention_purge_anonymises_the_plan_of_old_cases_only():
    staff = make_user("shelter_staff")
    admitted = today() - timedelta(days=365 * 7 + 100)
    old = make_stay(by=staff, admitted_on=admitted)
    assess(old, "high", note="Threats by phone")
    order = make_order(old, reference="ΠΑΛΙΟ-1/2019", conditions="Not within 500 m")
    person = bar(old, name="Στέλιος Β.", description="Ψηλός, τατουάζ στο χέρι", relationship="brother-in-law")
    shelter.discharge(old, admitted + timedelta(days=60), "Moved on", "relatives", staff, today())
    recent = make_stay(by=staff)
    kept = bar(recent, name="Μένει Ω.")
    db.session.flush()
    report = purge(today(), now_utc(), 5, dry_run=False)
    assert report.extra["barred_persons"] == 1 and report.extra["protective_orders"] == 1
    person, order = db.session.get(BarredPerson, person.id), db.session.get(ProtectiveOrder, order.id)
    assert (person.name, person.relationship_to_her, person.description, person.what_to_do) == \
        ("—", "", "[removed]", "[removed]")
    assert (order.reference, order.conditions, order.kind, order.authority) == \
        ("[removed]", "", "restraining", "court")
    assessment = db.session.scalars(select(RiskAssessment).where(RiskAssessment.stay_id == old.id)).one()
    assert assessment.note == "" and assessment.level == "high"
    assert db.session.get(BarredPerson, kept.id).name == "Μένει Ω."
    trail = " ".join(e.changes for e in db.session.scalars(select(AuditEntry)))
    assert "Στέλιος" not in trail and "ΠΑΛΙΟ-1/2019" not in trail and "τατουάζ" not in trail
    assert "Threats by phone" not in trail and "Μένει Ω." in trail
    again = purge(today(), now_utc(), 5, dry_run=False)
    assert again.extra["barred_persons"] == 0  # idempotent
