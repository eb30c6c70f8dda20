"""The audit trail: every service that changes data leaves a row in the same transaction;
a rollback leaves none; entries cannot be changed or deleted."""
from __future__ import annotations

import inspect
import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, UTC

import pytest
from flask_login import login_user
from sqlalchemy import func, insert, select

from housing.audit import queries
from housing.core.audit_entry import AuditEntry
from housing.core.audit import AuditTamperingError, acting_as, audited, current_action, record, values_withheld
from housing.auth import services as account_services
from housing.auth import sessions
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.privacy import retention
from housing.programmes import services as programme_services
from housing.shelter import services as shelter_services
from housing.shelter.models import BedServicePeriod, Room
from tests.reintegration_support import enrolment, make_beneficiary, make_job, make_tenancy, programme, tenancy_input
from tests.support import admission, child, make_room, make_stay, make_user, settings

pytestmark = pytest.mark.usefixtures("app_ctx")

# Functions of the service modules that change nothing (helpers, reads, checks).
READ_ONLY = {
    "find_user", "second_factor_required", "needs_second_factor", "from_config",
}
DAY = today()
ISO = DAY.isoformat()
UTC_NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """An audit row a service must write: its action, record, operation and some of its values."""

    action: str
    record_type: str
    record_id: int | None
    operation: str
    changes: dict = field(default_factory=dict)
    actor: str | None = None  # None: the user the test logs in


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def own_rows(since: int) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.id > since).order_by(AuditEntry.id)))


def last_id() -> int:
    return db.session.scalar(select(func.max(AuditEntry.id))) or 0


def as_actor(user):
    login_user(user)
    return user


# Each service that changes data: set-up (by another user), then the call as `actor`, and the
# rows that call must write, written out. The test below fails if a new service is missing here.
def _update_user(actor):
    person = make_user("night_shift")
    yield
    account_services.update_user(person, "Άννα Μ.", ["shelter_staff"], True, make_user("admin"))
    yield [Row("update_user", "user_account", person.id, "update", {"full_name": ["Test Person", "Άννα Μ."]}),
           Row("update_user", "user_role", person.id, "create", {"role": [None, "shelter_staff"]}),
           Row("update_user", "user_role", person.id, "delete", {"role": ["night_shift", None]})]


def _reset_password(actor):
    person = make_user()
    yield
    account_services.reset_password(person, "another-long-password")
    yield [Row("reset_password", "user_account", person.id, "update",
               {"password_hash": ["***", "***"], "must_change_password": [False, True]})]


def _change_own_password(actor):
    account_services.change_own_password(actor, "heraklion-demo", "my-own-new-password")
    yield [Row("change_password", "user_account", actor.id, "update", {"password_hash": ["***", "***"]})]


def _set_locale(actor):
    account_services.set_locale(actor, "el", {"el": "", "en": ""})
    yield [Row("set_locale", "user_account", actor.id, "update", {"locale": ["en", "el"]})]


def _authenticate(actor):
    person = make_user(username="logs-in")
    yield
    account_services.authenticate("logs-in", "heraklion-demo", "127.0.0.1")
    yield [Row("login", "user_account", person.id, "", {}, actor="logs-in")]


def _second_factor_required(actor):
    account_services.set_second_factor_required(True)
    yield [Row("require_second_factor", "service_setting", None, "create", {"value": [None, "yes"]})]


def _enrol_second_factor(actor):
    person = make_user("coordinator")
    yield
    _enrol(person)
    yield [Row("enrol_second_factor", "user_account", person.id, "update", {"totp_secret": ["***", "***"]})]


def _clear_second_factor(actor):
    person = _enrol(make_user("coordinator"))
    yield
    account_services.clear_second_factor(person)
    yield [Row("clear_second_factor", "user_account", person.id, "update", {"totp_secret": ["***", "***"]})]


def _check_second_factor(actor):
    person = _enrol(make_user("coordinator"))
    step = sessions.start(person, "", "", now_utc(), pending_second_factor=True)[1]
    yield
    assert account_services.check_second_factor(step, "000000x") is False  # a wrong code
    yield [Row("second_factor_failed", "user_account", person.id, "", actor=person.username)]


def _admit(actor):
    room = make_room(beds=2)
    yield
    data = replace(admission(room, first_name="Μαρία", last_name="Κ.", children=[child("Άρης", 1000, "M")]),
                   phone="6900000001")
    stay = shelter_services.admit(data, actor, DAY, settings())
    yield [Row("admit", "resident", stay.resident_id, "create",
               {"first_name": [None, "Μαρία"], "phone": [None, "6900000001"]}),
           Row("admit", "stay", stay.id, "create", {"case_code": [None, stay.case_code], "admitted_on": [None, ISO]}),
           Row("admit", "child", stay.resident.children[0].id, "create", {"first_name": [None, "Άρης"]}),
           Row("admit", "placement", stay.placements[0].id, "create", {"room_id": [None, room.id]})]


def _discharge(actor):
    stay = make_stay()
    yield
    shelter_services.discharge(stay, DAY, "Βρήκε σπίτι", "own_home", actor, DAY)
    yield [Row("discharge", "stay", stay.id, "update", {
        "discharged_on": [None, ISO], "discharge_reason": ["", "Βρήκε σπίτι"], "destination": ["", "own_home"],
        "discharged_by_id": [None, actor.id]}),
        Row("discharge", "placement", stay.placements[0].id, "update", {"ended_on": [None, ISO]})]


def _transfer(actor):
    stay = make_stay(children=[child()])
    room = make_room(beds=2)
    yield
    shelter_services.transfer(stay, room.id, DAY, actor, DAY)
    yield [Row("transfer", "placement", stay.placements[0].id, "update", {"ended_on": [None, ISO]}),
           Row("transfer", "placement", stay.placements[1].id, "create", {"room_id": [None, room.id]})]


def _create_room(actor):
    room = shelter_services.create_room("Φαιστός", "2", 1, 1)
    yield [Row("create_room", "room", room.id, "create", {"name": [None, "Φαιστός"], "floor": [None, "2"]}),
           Row("create_room", "bed", room.beds[0].id, "create", {"label": [None, "1"]}),
           Row("create_room", "bed", room.beds[1].id, "create", {"label": [None, "C1"], "is_cot": [None, True]})]


def _add_bed(actor):
    room = make_room()
    yield
    bed = shelter_services.add_bed(room, "Z9", True)
    yield [Row("add_bed", "bed", bed.id, "create", {"label": [None, "Z9"], "room_id": [None, room.id]})]


def _take_bed_out(actor):
    bed = make_room().beds[0]
    yield
    shelter_services.take_bed_out_of_service(bed, "Βάψιμο", DAY, actor)
    period = db.session.scalar(select(BedServicePeriod).where(BedServicePeriod.bed_id == bed.id))
    yield [Row("take_bed_out_of_service", "bed_service_period", period.id, "create", {
               "bed_id": [None, bed.id], "out_from": [None, ISO], "reason": [None, "Βάψιμο"],
               "recorded_by_id": [None, actor.id]}),
           Row("take_bed_out_of_service", "bed", bed.id, "update", {
               "in_service": [True, False], "out_of_service_reason": ["", "Βάψιμο"],
               "out_of_service_since": [None, ISO]})]


def _return_bed(actor):
    bed = shelter_services.take_bed_out_of_service(make_room().beds[0], "Βάψιμο", DAY)
    period = db.session.scalar(select(BedServicePeriod).where(BedServicePeriod.bed_id == bed.id))
    yield
    shelter_services.return_bed_to_service(bed, DAY, actor)
    yield [Row("return_bed_to_service", "bed_service_period", period.id, "update", {"back_on": [None, ISO]}),
           Row("return_bed_to_service", "bed", bed.id, "update", {
               "in_service": [False, True], "out_of_service_reason": ["Βάψιμο", ""]})]


def _record_turn_away(actor):
    yield
    entry = shelter_services.record_turn_away(shelter_services.TurnAwayInput(
        DAY, "sos_15900", 2, 13, "child_over_age", "Ξενώνας Ηρακλείου"), actor, DAY, now_utc())
    yield [Row("record_turn_away", "turn_away", entry.id, "create", {
        "occurred_on": [None, ISO], "source": [None, "sos_15900"], "children": [None, 2],
        "oldest_child_age": [None, 13], "reason": [None, "child_over_age"],
        "referred_to": [None, "Ξενώνας Ηρακλείου"], "recorded_by_id": [None, actor.id]})]


def _set_restriction(actor):
    stay = make_stay()
    yield
    shelter_services.set_restriction(stay, True, "Υψηλός κίνδυνος")
    yield [Row("restrict_stay", "stay", stay.id, "update", {
        "restricted": [False, True], "restricted_reason": ["", "Υψηλός κίνδυνος"]})]


def _request_extension(actor):
    stay = make_stay(admitted_on=DAY - timedelta(days=5))
    yield
    request = shelter_services.request_extension(stay, stay.planned_end + timedelta(days=9), "Αναμονή για σπίτι",
                                                 actor, now_utc())
    yield [Row("request_extension", "extension_request", request.id, "create", {
        "status": [None, "pending"], "reason": [None, "Αναμονή για σπίτι"],
        "proposed_end": [None, (stay.planned_end + timedelta(days=9)).isoformat()]})]


def _decide_extension(actor):
    stay, request = _stay_with_pending_request()
    old_end = stay.planned_end
    new_end = old_end + timedelta(days=30)
    yield
    shelter_services.decide_extension(request, True, new_end, "Εγκρίνεται", actor, now_utc())
    yield [Row("decide_extension", "extension_request", request.id, "update", {
        "status": ["pending", "approved"], "decided_end": [None, new_end.isoformat()],
        "decision_note": ["", "Εγκρίνεται"], "decided_by_id": [None, actor.id]}),
        Row("decide_extension", "stay", stay.id, "update", {"planned_end": [old_end.isoformat(), new_end.isoformat()]})]


def _night_check(actor):
    stay = make_stay()
    yield
    check = shelter_services.save_night_check(DAY, {stay.id: (False, "Στο νοσοκομείο")}, actor, now_utc())
    yield [Row("night_check", "night_check", check.id, "create", {"night_of": [None, ISO]}),
           Row("night_check", "night_check_mark", check.marks[0].id if hasattr(check, "marks") else None, "create",
               {"present": [None, False], "note": [None, "Στο νοσοκομείο"], "stay_id": [None, stay.id]})]


def _write_shift_entry(actor):
    entry = shelter_services.write_shift_entry("handover", "Ήσυχη νύχτα", actor, now_utc())
    yield [Row("write_shift_entry", "shift_log_entry", entry.id, "create", {
        "kind": [None, "handover"], "text": [None, "Ήσυχη νύχτα"], "author_id": [None, actor.id]})]


def _edit_shift_entry(actor):
    entry = shelter_services.write_shift_entry("handover", "Ήσυχη νύχτα", actor, now_utc())
    since = last_id()
    shelter_services.edit_shift_entry(entry, "Ήσυχη νύχτα, μία άφιξη", actor, now_utc())
    yield [Row("edit_shift_entry", "shift_log_entry", entry.id, "update", {
        "text": ["Ήσυχη νύχτα", "Ήσυχη νύχτα, μία άφιξη"]})], since


def _hold_beds(actor):
    room = make_room()
    yield
    hold = shelter_services.hold_beds(room, 1, now_utc() + timedelta(hours=2), "Από το 15900", actor, now_utc(), 20)
    yield [Row("hold_beds", "room_hold", hold.id, "create", {
        "beds": [None, 1], "note": [None, "Από το 15900"], "room_id": [None, room.id]})]


def _release_hold(actor):
    hold = shelter_services.hold_beds(make_room(), 1, now_utc() + timedelta(hours=2), "", make_user("shelter_staff"),
                                      now_utc(), 20)
    yield
    shelter_services.release_hold(hold, actor, now_utc())
    yield [Row("release_hold", "room_hold", hold.id, "update", {"released_by_id": [None, actor.id]})]


def _create_referral(actor):
    referral = shelter_services.create_referral(shelter_services.ReferralInput(
        DAY, "self", 2, "normal", "Καλεί από θάλαμο", [(4, "F")]), actor, DAY, now_utc())
    yield [Row("add_referral", "referral", referral.id, "create", {
        "source": [None, "self"], "household_size": [None, 2], "contact_notes": [None, "Καλεί από θάλαμο"]}),
        Row("add_referral", "referral_child", referral.children[0].id, "create", {"age_years": [None, 4]})]


def _close_referral(actor):
    referral = _referral()
    yield
    shelter_services.close_referral(referral, "withdrawn", "Βρήκε αλλού", actor, DAY, now_utc())
    yield [Row("close_referral", "referral", referral.id, "update", {
        "status": ["waiting", "withdrawn"], "closing_note": ["", "Βρήκε αλλού"], "closed_on": [None, ISO]})]


def _enrol(person):
    import pyotp

    secret = pyotp.random_base32()
    account_services.enrol_second_factor(person, secret, pyotp.TOTP(secret).now())
    return person


def _stay_with_pending_request():
    staff = make_user("shelter_staff")
    stay = make_stay(admitted_on=DAY - timedelta(days=5))
    request = shelter_services.request_extension(stay, stay.planned_end + timedelta(days=9), "x", staff, now_utc())
    return stay, request


def _referral():
    staff = make_user("shelter_staff")
    return shelter_services.create_referral(shelter_services.ReferralInput(DAY, "self", 1, "normal"), staff,
                                            DAY, now_utc())


def _discharged_to_programme():
    stay = make_stay(admitted_on=DAY - timedelta(days=30), first_name="Ελπίδα")
    shelter_services.discharge(stay, DAY, "Ένταξη", "reintegration", make_user("shelter_staff"), DAY)
    return stay


def _enrol_beneficiary(actor):
    caseworker = make_user("reintegration_staff")
    yield
    person = programme_services.enrol(enrolment(caseworker, first_name="Γιώργος", phone="6911111111"), actor, DAY,
                                      programme())
    yield [Row("enrol", "beneficiary", person.id, "create", {
        "first_name": [None, "Γιώργος"], "phone": [None, "6911111111"], "case_code": [None, person.case_code],
        "caseworker_id": [None, caseworker.id], "enrolled_on": [None, ISO]})]


def _enrol_from_shelter(actor):
    stay = _discharged_to_programme()
    data = enrolment()
    yield
    person = programme_services.enrol_from_shelter(stay, data, True, DAY, actor, DAY, programme())
    yield [Row("enrol_from_shelter", "beneficiary", person.id, "create", {
        "first_name": [None, "Ελπίδα"], "from_stay_id": [None, stay.id], "consent_on": [None, ISO],
        "consent_recorded_by_id": [None, actor.id]})]


def _start_tenancy(actor):
    person = make_beneficiary()
    yield
    tenancy = programme_services.start_tenancy(person, tenancy_input(address="Οδός Έβανς 5", rent=400_00),
                                               actor, DAY, programme())
    yield [Row("start_tenancy", "tenancy", tenancy.id, "create", {
        "address": [None, "Οδός Έβανς 5"], "monthly_rent_cents": [None, 40000], "lease_start": [None, ISO]})]


def _end_tenancy(actor):
    tenancy = make_tenancy(make_beneficiary())
    yield
    programme_services.end_tenancy(tenancy, DAY, "Μετακόμισε", actor, DAY)
    yield [Row("end_tenancy", "tenancy", tenancy.id, "update", {
        "ended_on": [None, ISO], "end_reason": ["", "Μετακόμισε"], "ended_by_id": [None, actor.id]})]


def _renew_lease(actor):
    tenancy = programme_services.start_tenancy(make_beneficiary(), tenancy_input(lease_end=DAY + timedelta(days=30)),
                                               make_user("reintegration_staff"), DAY, programme())
    yield
    programme_services.renew_lease(tenancy, DAY + timedelta(days=400))
    yield [Row("renew_lease", "tenancy", tenancy.id, "update", {
        "lease_end": [(DAY + timedelta(days=30)).isoformat(), (DAY + timedelta(days=400)).isoformat()]})]


def _record_payment(actor):
    person = make_beneficiary()
    yield
    payment = programme_services.record_payment(person, programme_services.PaymentInput(
        DAY, "electricity", 45_00, "ΔΕΗ Νοεμβρίου"), actor, DAY)
    yield [Row("record_payment", "support_payment", payment.id, "create", {
        "kind": [None, "electricity"], "amount_cents": [None, 4500], "note": [None, "ΔΕΗ Νοεμβρίου"]})]


def _start_job(actor):
    person = make_beneficiary()
    yield
    job = programme_services.start_job(person, programme_services.JobInput("Φούρνος Κρήτης", "Αρτοποιός", DAY),
                                       actor, DAY, programme())
    yield [Row("start_job", "job", job.id, "create", {
        "employer": [None, "Φούρνος Κρήτης"], "position": [None, "Αρτοποιός"], "started_on": [None, ISO]})]


def _end_job(actor):
    job = make_job(make_beneficiary())
    yield
    programme_services.end_job(job, DAY, "Λήξη σύμβασης", actor, DAY)
    yield [Row("end_job", "job", job.id, "update", {"ended_on": [None, ISO], "end_reason": ["", "Λήξη σύμβασης"]})]


def _record_session(actor):
    person = make_beneficiary()
    staff = make_user("reintegration_staff")
    yield
    session = programme_services.record_session(person, programme_services.SessionInput(
        DAY, "counselling", 45, staff.id, "Μίλησε για τη δουλειά"), actor, DAY)
    yield [Row("record_session", "support_session", session.id, "create", {
        "kind": [None, "counselling"], "duration_minutes": [None, 45], "notes": [None, "Μίλησε για τη δουλειά"],
        "staff_id": [None, staff.id]})]


def _refer(actor):
    person = make_beneficiary()
    yield
    referral = programme_services.refer(person, "ΚΕΠ Υγείας", DAY, "Εξετάσεις", actor, DAY)
    yield [Row("refer", "service_referral", referral.id, "create", {
        "service": [None, "ΚΕΠ Υγείας"], "reason": [None, "Εξετάσεις"], "referred_on": [None, ISO]})]


def _close_service_referral(actor):
    referral = programme_services.refer(make_beneficiary(), "ΚΕΠ Υγείας", DAY, "Εξετάσεις",
                                        make_user("reintegration_staff"), DAY)
    yield
    programme_services.close_referral(referral, "Έγινε δεκτός", DAY, actor, DAY)
    yield [Row("close_service_referral", "service_referral", referral.id, "update", {
        "outcome": ["", "Έγινε δεκτός"], "closed_on": [None, ISO]})]


def _exit_programme(actor):
    person = make_beneficiary()
    yield
    programme_services.exit_programme(person, programme_services.ExitInput(
        "completed", DAY, "housed", True, False, "Έκλεισε με επιτυχία"), actor, DAY)
    yield [Row("exit_programme", "beneficiary", person.id, "update", {
        "status": ["active", "completed"], "exited_on": [None, ISO], "exit_notes": ["", "Έκλεισε με επιτυχία"],
        "housed_at_exit": [None, True]})]



def _undo_exit(actor):
    person = make_beneficiary()
    programme_services.exit_programme(person, programme_services.ExitInput(
        "withdrawn", DAY, "housed", True, False, "Καταχωρίστηκε κατά λάθος"), actor, DAY)
    yield
    programme_services.undo_exit(person, actor, DAY, programme())
    yield [Row("undo_exit_programme", "beneficiary", person.id, "update", {
        "status": ["withdrawn", "active"], "exited_on": [ISO, None], "exit_notes": ["Καταχωρίστηκε κατά λάθος", ""],
        "housed_at_exit": [True, None]})]

def _created_user(actor):
    person = account_services.create_user("newperson", "Ν. Π.", "a-long-enough-password", ["night_shift"])
    yield [Row("create_user", "user_account", person.id, "create", {"username": [None, "newperson"],
                                                                     "full_name": [None, "Ν. Π."],
                                                                     "password_hash": [None, "***"]}),
           Row("create_user", "user_role", person.id, "create", {"role": [None, "night_shift"]})]


SCENARIOS = {
    "create_user": _created_user, "update_user": _update_user, "reset_password": _reset_password,
    "change_own_password": _change_own_password, "set_locale": _set_locale, "authenticate": _authenticate,
    "set_second_factor_required": _second_factor_required, "enrol_second_factor": _enrol_second_factor,
    "clear_second_factor": _clear_second_factor, "check_second_factor": _check_second_factor,
    "admit": _admit,
    "next_case_code": _admit,  # only ever called inside admit and enrol, whose rows record the code
    "discharge": _discharge, "transfer": _transfer, "create_room": _create_room, "add_bed": _add_bed,
    "take_bed_out_of_service": _take_bed_out, "return_bed_to_service": _return_bed,
    "set_restriction": _set_restriction, "request_extension": _request_extension,
    "decide_extension": _decide_extension, "save_night_check": _night_check,
    "write_shift_entry": _write_shift_entry, "edit_shift_entry": _edit_shift_entry, "hold_beds": _hold_beds,
    "release_hold": _release_hold, "record_turn_away": _record_turn_away, "create_referral": _create_referral, "close_referral": _close_referral,
    "enrol": _enrol_beneficiary, "enrol_from_shelter": _enrol_from_shelter, "start_tenancy": _start_tenancy,
    "end_tenancy": _end_tenancy, "renew_lease": _renew_lease, "record_payment": _record_payment,
    "start_job": _start_job, "end_job": _end_job, "record_session": _record_session, "refer": _refer,
    "exit_programme": _exit_programme,
    "undo_exit": _undo_exit,
}
# close_referral is the name of a service in both programmes; the walk covers both.
PROGRAMME_SCENARIOS = {"close_referral": _close_service_referral}


def service_functions() -> set[str]:
    found = set()
    for module in (account_services, shelter_services, programme_services):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.add(name)
    return found - READ_ONLY


def test_every_service_that_changes_data_is_walked_here():
    assert service_functions() - set(SCENARIOS) == set()


def test_every_service_that_changes_data_names_its_action():
    unnamed = sorted(f"{module.__name__}.{name}" for module in (account_services, shelter_services,
                                                               programme_services, retention)
                     for name, function in inspect.getmembers(module, inspect.isfunction)
                     if function.__module__ == module.__name__ and not name.startswith("_")
                     and name not in READ_ONLY | {"years_before", "residents_due", "referrals_due", "holds_due",
                                                  "scrub_audit", "anonymise_resident"}
                     and not getattr(function, "audit_action", None))
    assert unnamed == []


def _run(scenario):
    """Set-up rows are not the service's: only rows written after the set-up count."""
    actor = as_actor(make_user("coordinator", username=f"actor-{uuid.uuid4().hex[:6]}"))
    steps = scenario(actor)
    since = last_id()
    expected = next(steps)
    if expected is None:  # the set-up ended here; the call comes next
        since = last_id()
        expected = next(steps)
    if isinstance(expected, tuple):
        expected, since = expected
    return actor, expected, own_rows(since)


@pytest.mark.parametrize("scenario", [*SCENARIOS.values(), *PROGRAMME_SCENARIOS.values()],
                         ids=[*SCENARIOS, *(f"reintegration.{name}" for name in PROGRAMME_SCENARIOS)])
def test_each_service_writes_its_own_rows(scenario):
    actor, expected, written = _run(scenario)
    for row in expected:
        found = [e for e in written if e.action == row.action and e.record_type == row.record_type
                 and (row.record_id is None or e.record_id == row.record_id) and e.operation == row.operation]
        assert found, f"no {row.action} row for {row.record_type}:{row.record_id} among " \
                      f"{[(e.action, e.record_type, e.record_id, e.operation) for e in written]}"
        entry = found[0]
        assert entry.actor == (row.actor or actor.username)
        changes = json.loads(entry.changes) if entry.changes else {}
        assert {name: changes.get(name) for name in row.changes} == row.changes


def test_rows_name_who_what_and_old_to_new():
    stay = make_stay()
    staff = make_user("shelter_staff", username="auditor-test")
    with acting_as("auditor-test"):
        shelter_services.discharge(stay, today(), "Βρήκε σπίτι", "own_home", staff, today())
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "stay", AuditEntry.action ==
                                                        "discharge").order_by(AuditEntry.id.desc())).first()
    changes = json.loads(entry.changes)
    assert entry.actor == "auditor-test" and entry.case_code == stay.case_code
    assert changes["destination"] == ["", "own_home"] and changes["discharged_on"][0] is None


def test_passwords_and_secrets_never_enter_the_trail():
    account_services.create_user("secretive", "S", "a-long-enough-password", [])
    db.session.flush()
    texts = " ".join(e.changes for e in db.session.scalars(select(AuditEntry)))
    assert "a-long-enough-password" not in texts and "scrypt" not in texts and "pbkdf2" not in texts


def test_a_change_that_rolls_back_leaves_no_audit_row():
    make_user("shelter_staff")
    db.session.commit()
    before = rows()
    room = make_room()
    shelter_services.admit(admission(room), make_user("shelter_staff"), today(), settings())
    db.session.flush()
    assert rows() > before
    db.session.rollback()
    assert rows() == before


def test_audit_entries_cannot_be_changed_or_deleted():
    make_stay()
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).first()
    entry.actor = "someone else"
    with pytest.raises(AuditTamperingError):
        db.session.flush()
    db.session.rollback()
    entry = db.session.scalars(select(AuditEntry)).first()
    db.session.delete(entry)
    with pytest.raises(AuditTamperingError):
        db.session.flush()
    db.session.rollback()


def test_the_retention_purge_names_its_rows():
    staff = make_user("shelter_staff")
    admitted = DAY - timedelta(days=365 * 7 + 100)
    stay = make_stay(admitted_on=admitted, first_name="Δέσποινα")
    shelter_services.discharge(stay, admitted + timedelta(days=60), "Λάρισα", "relatives", staff, DAY)
    since = last_id()
    with acting_as("system:retention"):
        retention.purge(DAY, now_utc(), 5, dry_run=False)
    written = own_rows(since)
    about_her = [e for e in written if e.record_type == "resident" and e.record_id == stay.resident_id]
    assert [(e.action, e.operation, e.actor) for e in about_her] == [("retention_purge", "update", "system:retention")]
    assert json.loads(about_her[0].changes)["first_name"] == ["[removed]", "[removed]"]  # her own trail is scrubbed
    summary = [e for e in written if e.action == "retention_purge" and e.operation == ""]
    assert len(summary) == 1 and json.loads(summary[0].detail)["residents"] == 1


# Reading the trail with filters (housing.audit.queries): rows written here with chosen times.
def _entry(actor: str, at, action: str = "login", record_type: str = "", case_code: str = "",
           area: str = "") -> AuditEntry:
    entry = AuditEntry(at=at, actor=actor, action=action, record_type=record_type, case_code=case_code, area=area,
                       operation="", changes="", detail="", address="")
    db.session.add(entry)
    db.session.flush()
    return entry


def _trail(**criteria) -> list[str]:
    return [entry.actor for entry in queries.entries(queries.AuditFilter(**criteria))]


def test_the_person_filter_finds_a_username_whatever_its_capitals():
    _entry("Kalliopi-Filter", UTC_NOON)
    _entry("eleni-filter", UTC_NOON)
    assert _trail(person="  kalliopi-FILTER ") == ["Kalliopi-Filter"]
    assert _trail(person="eleni-filter") == ["eleni-filter"]


def test_the_day_filters_count_athens_days_inclusive():
    # 10 March 2026: Athens is UTC+2, so its day runs from 9 March 22:00 to 10 March 22:00 UTC.
    actor = "days-filter"
    for hour, minute in ((21, 59), (22, 0)):
        _entry(actor + f"-9-{hour}{minute:02}", datetime(2026, 3, 9, hour, minute, tzinfo=UTC))
        _entry(actor + f"-10-{hour}{minute:02}", datetime(2026, 3, 10, hour, minute, tzinfo=UTC))
    _entry(actor + "-11-2300", datetime(2026, 3, 11, 23, 0, tzinfo=UTC))
    tenth = date(2026, 3, 10)
    mine = [name for name in _trail(since=tenth, until=tenth) if name.startswith(actor)]
    assert mine == ["days-filter-10-2159", "days-filter-9-2200"]
    since = [name for name in _trail(since=tenth) if name.startswith(actor)]
    assert since == ["days-filter-11-2300", "days-filter-10-2200", "days-filter-10-2159", "days-filter-9-2200"]
    until = [name for name in _trail(until=tenth) if name.startswith(actor)]
    assert until == ["days-filter-10-2159", "days-filter-9-2200", "days-filter-9-2159"]


def test_the_kind_and_action_filters_keep_only_their_rows():
    _entry("kind-filter", UTC_NOON, action="open_file", record_type="stay")
    _entry("kind-filter", UTC_NOON, action="open_file", record_type="beneficiary")
    _entry("kind-filter", UTC_NOON, action="login", record_type="stay")
    found = queries.entries(queries.AuditFilter(person="kind-filter", kind="stay", action="open_file"))
    assert [(e.action, e.record_type) for e in found] == [("open_file", "stay")]
    found = queries.entries(queries.AuditFilter(person="kind-filter", kind=" beneficiary "))
    assert [(e.action, e.record_type) for e in found] == [("open_file", "beneficiary")]


def test_a_case_code_filter_looks_only_in_the_areas_the_reader_may_see():
    _entry("code-filter", UTC_NOON, action="open_file", record_type="stay", case_code="SH-2026-901", area="shelter")
    assert _trail(case_code="sh-2026-901 ", case_areas=frozenset({"shelter"})) == ["code-filter"]
    assert _trail(case_code="SH-2026-901", case_areas=frozenset({"reintegration"})) == []
    assert _trail(case_code="SH-2026-901") == []  # no area at all: nothing


def test_the_trail_is_newest_first_by_time_then_by_row():
    later = _entry("order-filter-later", UTC_NOON + timedelta(hours=1))
    first = _entry("order-filter-first", UTC_NOON)
    second = _entry("order-filter-second", UTC_NOON)
    assert later.id < first.id < second.id
    mine = [name for name in _trail() if name.startswith("order-filter")]
    assert mine == ["order-filter-later", "order-filter-second", "order-filter-first"]
    # the same order when a filter makes the database read another index
    assert [name for name in _trail(action="login") if name.startswith("order-filter")] == mine


def test_a_page_of_the_trail_holds_200_rows_and_the_next_starts_below_the_last():
    db.session.execute(insert(AuditEntry), [
        {"at": UTC_NOON, "actor": "page-filter", "action": "login", "operation": "", "area": "", "record_type": "",
         "case_code": "", "changes": "", "detail": "", "address": ""} for _ in range(201)])
    page = queries.entries(queries.AuditFilter(person="page-filter"))
    assert len(page) == 200
    rest = queries.entries(queries.AuditFilter(person="page-filter"), before_id=page[-1].id)
    assert len(rest) == 1 and rest[0].id == page[-1].id - 1


def _fields(entry: AuditEntry) -> dict:
    return {"user_id": entry.user_id, "actor": entry.actor, "action": entry.action, "operation": entry.operation,
            "area": entry.area, "record_type": entry.record_type, "record_id": entry.record_id,
            "case_code": entry.case_code, "changes": entry.changes, "detail": entry.detail, "address": entry.address}


def test_an_event_is_recorded_with_its_reader_its_record_and_nothing_else(app):
    stay = make_stay()
    reader = make_user("coordinator", username="reads-a-file")
    since = last_id()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.20.30.40"}):
        login_user(reader)
        record("open_file", stay, detail="html")
        record("logout")
        db.session.flush()
    opened, logout = own_rows(since)
    assert _fields(opened) == {"user_id": reader.id, "actor": "reads-a-file", "action": "open_file",
                               "operation": "", "area": "shelter", "record_type": "stay", "record_id": stay.id,
                               "case_code": stay.case_code, "changes": "", "detail": "html",
                               "address": "10.20.30.40"}
    assert _fields(logout) == {"user_id": reader.id, "actor": "reads-a-file", "action": "logout", "operation": "",
                               "area": "", "record_type": "", "record_id": None, "case_code": "", "changes": "",
                               "detail": "", "address": "10.20.30.40"}


def test_an_event_about_another_account_names_that_account():
    person = make_user(username="tried-to-log-in")
    since = last_id()
    record("second_factor_failed", user=person)
    db.session.flush()
    (entry,) = own_rows(since)
    assert (entry.user_id, entry.actor, entry.area, entry.record_type) == (person.id, "tried-to-log-in", "", "")


def test_a_row_carries_the_case_code_of_the_stay_or_beneficiary_it_belongs_to():
    person = make_beneficiary()
    stay = make_stay()
    since = last_id()
    tenancy = make_tenancy(person)
    room = make_room()
    db.session.flush()
    codes = {(e.record_type, e.record_id): e.case_code for e in own_rows(since)}
    assert codes[("tenancy", tenancy.id)] == person.case_code and person.case_code.startswith("RE-")
    assert codes[("room", room.id)] == ""
    since = last_id()
    shelter_services.discharge(stay, DAY, "", "own_home", make_user("shelter_staff"), DAY)
    placement = [e for e in own_rows(since) if e.record_type == "placement"]
    assert [e.case_code for e in placement] == [stay.case_code] and stay.case_code.startswith("SH-")


def test_a_long_system_name_and_address_are_cut_to_their_columns(app):
    since = last_id()
    with acting_as("system:" + "x" * 100):
        record("retention_purge")
    person = make_user(username="from-a-long-address")
    db.session.flush()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "1" * 70}):
        login_user(person)
        record("logout")
        db.session.flush()
    purge, logout = [e for e in own_rows(since) if e.action in ("retention_purge", "logout")]
    assert (purge.actor, purge.address) == ("system:" + "x" * 73, "")
    assert (logout.actor, logout.address) == ("from-a-long-address", "1" * 64)


def test_while_values_are_withheld_the_trail_keeps_which_fields_changed_not_their_old_values():
    stay = make_stay(first_name="Ελπίδα")
    db.session.flush()
    since = last_id()
    with values_withheld():
        stay.resident.first_name = "[removed]"
        db.session.flush()
    stay.resident.last_name = "Β."
    db.session.flush()
    withheld, afterwards = [json.loads(e.changes) for e in own_rows(since)]
    assert withheld == {"first_name": ["[withheld]", "[removed]"]}
    assert afterwards == {"last_name": ["Παπαδάκη", "Β."]}


@audited("set_locale")
def _language_left_to_the_caller(user, code):
    user.locale = code  # no flush of its own: the caller's commit writes it


@audited("update_user")
def _account_changed_with_its_language(user):
    user.full_name = "Ρένα Κ."
    db.session.flush()
    _language_left_to_the_caller(user, "el")


def test_a_service_that_leaves_its_flush_to_the_caller_still_names_its_rows():
    person = make_user()
    db.session.flush()
    since = last_id()
    _language_left_to_the_caller(person, "el")
    assert [(e.action, e.record_id, json.loads(e.changes)) for e in own_rows(since)] == [
        ("set_locale", person.id, {"locale": ["en", "el"]})]


def test_the_outermost_action_names_every_row_of_a_larger_one():
    person = make_user()
    db.session.flush()
    since = last_id()
    _account_changed_with_its_language(person)
    assert [(e.action, json.loads(e.changes)) for e in own_rows(since)] == [
        ("update_user", {"full_name": ["Test Person", "Ρένα Κ."]}), ("update_user", {"locale": ["en", "el"]})]
    assert current_action() is None


def test_a_new_record_lists_the_fields_it_was_given_without_its_id_or_empty_ones():
    since = last_id()
    bed = shelter_services.add_bed(make_room(beds=1, name="Αίθουσα 9"), "Κούνια", True)
    by_record = {(e.record_type, e.record_id): json.loads(e.changes) for e in own_rows(since)}
    room = by_record[("room", bed.room_id)]
    assert sorted(room) == ["created_at", "name"] and room["name"] == [None, "Αίθουσα 9"]
    cot = by_record[("bed", bed.id)]
    assert sorted(cot) == ["created_at", "in_service", "is_cot", "label", "room_id"]
    assert (cot["label"], cot["is_cot"], cot["in_service"], cot["room_id"]) == (
        [None, "Κούνια"], [None, True], [None, True], [None, bed.room_id])


def test_a_change_names_the_account_and_address_that_made_it(app):
    staff = as_actor(make_user("shelter_staff", username="writes-the-log"))
    since = last_id()
    entry = shelter_services.write_shift_entry("handover", "Όλα ήσυχα", staff, now_utc())
    (row,) = own_rows(since)
    assert (row.user_id, row.actor, row.address, row.record_id, row.detail) == (
        staff.id, "writes-the-log", "", entry.id, "")  # a request without an address
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.168.4.20"}):
        login_user(staff)
        since = last_id()
        shelter_services.edit_shift_entry(entry, "Όλα ήσυχα ως τις 6", staff, now_utc())
        (row,) = own_rows(since)
    assert (row.user_id, row.actor, row.address, row.action) == (
        staff.id, "writes-the-log", "192.168.4.20", "edit_shift_entry")


def test_an_event_and_a_new_record_in_one_flush_both_reach_the_trail():
    stay = make_stay()
    since = last_id()
    record("open_file", stay, detail="html")
    room = Room(name="Αίθουσα 12")
    db.session.add(room)
    db.session.flush()
    assert [(e.action, e.record_type, e.record_id) for e in own_rows(since)] == [
        ("open_file", "stay", stay.id), ("create", "room", room.id)]


def test_a_field_set_to_the_value_it_had_hides_none_of_the_fields_after_it():
    stay = make_stay()
    db.session.flush()
    db.session.expire(stay)  # as after a commit: the old values are not loaded
    since = last_id()
    stay.discharged_on = None  # unchanged; a field before the one that changes
    stay.restricted_reason = "Κίνδυνος"
    db.session.flush()
    (row,) = own_rows(since)
    assert json.loads(row.changes) == {"restricted_reason": [None, "Κίνδυνος"]}
