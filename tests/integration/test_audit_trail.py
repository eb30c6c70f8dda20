"""The audit trail: every service that changes data leaves a row in the same transaction;
a rollback leaves none; entries cannot be changed or deleted."""
from __future__ import annotations

import inspect
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from housing.audit.models import AuditEntry
from housing.audit.recorder import AuditTamperingError, acting_as
from housing.auth import services as account_services
from housing.auth import sessions
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.reintegration import services as programme_services
from housing.shelter import services as shelter_services
from tests.reintegration_support import enrolment, make_beneficiary, make_job, make_tenancy, programme, tenancy_input
from tests.support import admission, child, make_room, make_stay, make_user, settings

pytestmark = pytest.mark.usefixtures("app_ctx")

# Functions of the service modules that change nothing (helpers, reads, checks).
READ_ONLY = {
    "find_user", "second_factor_required", "needs_second_factor", "from_config",
}


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def _stay_with_pending_request():
    staff = make_user("shelter_staff")
    stay = make_stay(admitted_on=today() - timedelta(days=5))
    request = shelter_services.request_extension(stay, stay.planned_end + timedelta(days=9), "x", staff, now_utc())
    return stay, request


def _referral():
    staff = make_user("shelter_staff")
    return shelter_services.create_referral(shelter_services.ReferralInput(today(), "self", 1, "normal"), staff,
                                            today(), now_utc())


# How to call each service that changes data; the test below fails if a new one is missing here.
CALLS = {
    "create_user": lambda: account_services.create_user("newperson", "Ν. Π.", "a-long-enough-password", []),
    "update_user": lambda: account_services.update_user(make_user("night_shift"), "Άννα", ["shelter_staff"], True,
                                                         make_user("admin")),
    "reset_password": lambda: account_services.reset_password(make_user(), "another-long-password"),
    "change_own_password": lambda: account_services.change_own_password(make_user(), "heraklion-demo",
                                                                         "my-own-new-password"),
    "set_locale": lambda: account_services.set_locale(make_user(), "el", {"el": "", "en": ""}),
    "authenticate": lambda: account_services.authenticate("nobody", "wrong-password", "127.0.0.1"),
    "set_second_factor_required": lambda: account_services.set_second_factor_required(True),
    "enrol_second_factor": lambda: _enrol(make_user("coordinator")),
    "clear_second_factor": lambda: account_services.clear_second_factor(_enrol(make_user("coordinator"))),
    "check_second_factor": lambda: account_services.check_second_factor(  # a wrong code
        sessions.start(_enrol(make_user("coordinator")), "", "", now_utc(), pending_second_factor=True)[1], "x"),
    "admit": lambda: make_stay(),
    "discharge": lambda: shelter_services.discharge(make_stay(), today(), "left", "relatives",
                                                    make_user("shelter_staff"), today()),
    "transfer": lambda: shelter_services.transfer(make_stay(children=[child()]), make_room(beds=2).id, today(),
                                                  make_user("shelter_staff"), today()),
    "create_room": lambda: make_room(),
    "add_bed": lambda: shelter_services.add_bed(make_room(), "Z9", True),
    "take_bed_out_of_service": lambda: shelter_services.take_bed_out_of_service(make_room().beds[0], "paint",
                                                                                today()),
    "return_bed_to_service": lambda: shelter_services.return_bed_to_service(
        shelter_services.take_bed_out_of_service(make_room().beds[0], "paint", today())),
    "next_case_code": lambda: make_stay(),  # only ever called inside admit, whose rows record the code
    "request_extension": lambda: _stay_with_pending_request(),
    "decide_extension": lambda: shelter_services.decide_extension(
        _stay_with_pending_request()[1], False, None, "no", make_user("coordinator"), now_utc()),
    "save_night_check": lambda: shelter_services.save_night_check(
        today(), {make_stay().id: (True, "")}, make_user("night_shift"), now_utc()),
    "write_shift_entry": lambda: shelter_services.write_shift_entry("handover", "x", make_user("night_shift"),
                                                                    now_utc()),
    "edit_shift_entry": lambda: _edit_entry(),
    "hold_beds": lambda: shelter_services.hold_beds(make_room(), 1, now_utc() + timedelta(hours=2), "",
                                                    make_user("shelter_staff"), now_utc(), 20),
    "release_hold": lambda: shelter_services.release_hold(
        shelter_services.hold_beds(make_room(), 1, now_utc() + timedelta(hours=2), "", make_user("shelter_staff"),
                                   now_utc(), 20), make_user("shelter_staff"), now_utc()),
    "create_referral": _referral,
    "set_restriction": lambda: shelter_services.set_restriction(make_stay(), True, "High risk"),
    "close_referral": lambda: shelter_services.close_referral(_referral(), "withdrawn", "", make_user(),
                                                              today(), now_utc()),
}


def _discharged_to_programme():
    stay = make_stay(admitted_on=today() - timedelta(days=30))
    shelter_services.discharge(stay, today(), "Ένταξη", "reintegration", make_user("shelter_staff"), today())
    return stay


def _exit():
    return programme_services.ExitInput("completed", today(), "housed", True, False)


def _referral_of(person):
    return programme_services.refer(person, "ΚΕΠ Υγείας", today(), "Εξετάσεις", make_user("reintegration_staff"),
                                    today())


REINTEGRATION_CALLS = {
    "enrol": lambda: make_beneficiary(),
    "enrol_from_shelter": lambda: programme_services.enrol_from_shelter(
        _discharged_to_programme(), enrolment(), True, today(), make_user("coordinator"), today(), programme()),
    "start_tenancy": lambda: make_tenancy(make_beneficiary()),
    "end_tenancy": lambda: programme_services.end_tenancy(make_tenancy(make_beneficiary()), today(), "moved",
                                                          make_user("reintegration_staff"), today()),
    "renew_lease": lambda: programme_services.renew_lease(
        programme_services.start_tenancy(make_beneficiary(), tenancy_input(lease_end=today() + timedelta(days=30)),
                                         make_user("reintegration_staff"), today(), programme()),
        today() + timedelta(days=400)),
    "record_payment": lambda: programme_services.record_payment(
        make_beneficiary(), programme_services.PaymentInput(today(), "electricity", 45_00),
        make_user("reintegration_staff"), today()),
    "start_job": lambda: make_job(make_beneficiary()),
    "end_job": lambda: programme_services.end_job(make_job(make_beneficiary()), today(), "contract ended",
                                                  make_user("reintegration_staff"), today()),
    "record_session": lambda: programme_services.record_session(
        make_beneficiary(), programme_services.SessionInput(today(), "counselling", 45,
                                                            make_user("reintegration_staff").id),
        make_user("reintegration_staff"), today()),
    "refer": lambda: _referral_of(make_beneficiary()),
    "close_referral": lambda: programme_services.close_referral(_referral_of(make_beneficiary()), "Έγινε δεκτός",
                                                                today(), make_user("reintegration_staff"), today()),
    "exit_programme": lambda: programme_services.exit_programme(make_beneficiary(), _exit(),
                                                                make_user("reintegration_staff"), today()),
}
CALLS.update(REINTEGRATION_CALLS)


def _enrol(user):
    import pyotp

    secret = pyotp.random_base32()
    account_services.enrol_second_factor(user, secret, pyotp.TOTP(secret).now())
    return user


def _edit_entry():
    author = make_user("night_shift")
    entry = shelter_services.write_shift_entry("handover", "x", author, now_utc())
    return shelter_services.edit_shift_entry(entry, "y", author, now_utc())


def service_functions() -> set[str]:
    found = set()
    for module in (account_services, shelter_services, programme_services):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.add(name)
    return found - READ_ONLY


def test_every_service_that_changes_data_is_walked_here():
    assert service_functions() - set(CALLS) == set()


@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_service_leaves_audit_rows_in_its_transaction(name):
    before = rows()
    CALLS[name]()
    db.session.flush()
    assert rows() > before, f"{name} changed data without an audit row"


def test_rows_name_who_what_and_old_to_new():
    stay = make_stay()
    staff = make_user("shelter_staff", username="auditor-test")
    with acting_as("auditor-test"):
        shelter_services.discharge(stay, today(), "Βρήκε σπίτι", "own_home", staff, today())
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "stay", AuditEntry.action ==
                                                        "update").order_by(AuditEntry.id.desc())).first()
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
