"""The retention purge and the subject-access export walk every record that holds personal
data: holds, referrals (also those closed without an admission), night-check marks,
nationality and languages, the audit rows of each (also those with no case code), and the
shift-log entries that may name her (listed, not changed)."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from housing.core.audit_entry import AuditEntry
from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.privacy.retention import purge, years_before
from housing.shelter import services
from housing.shelter.models import NightCheckMark, Referral, Resident, RoomHold, ShiftLogEntry
from tests.retention_support import CHILD, FIRST, LAST, MARKERS, NAMING_HER, NOT_HER, at_noon, her_whole_file, years_ago
from tests.support import make_room, make_user, settings

def trail_text(*, leave_out: str = "") -> str:
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type != leave_out))
    return " ".join(f"{entry.changes} {entry.detail}" for entry in entries)


@pytest.mark.usefixtures("app_ctx")
def test_purge_blanks_every_record_of_hers_and_every_audit_row_about_them():
    file = her_whole_file(years_ago(7))
    for marker in MARKERS.values():
        assert marker in trail_text(), f"{marker} was never on the trail"  # the test would prove nothing

    report = purge(today(), now_utc(), 5, dry_run=False)

    resident = db.session.get(Resident, file["resident"].id)
    assert (resident.nationality, resident.languages, resident.phone, resident.notes) == ("", "", "", "")
    referral = db.session.get(Referral, file["referral"].id)
    assert (referral.contact_notes, referral.closing_note, referral.anonymised_at is not None) == ("", "", True)
    assert referral.source == "police" and referral.household_size == 2  # figures kept
    assert db.session.get(RoomHold, file["hold"].id).note == ""
    marks = db.session.scalars(select(NightCheckMark).where(NightCheckMark.stay_id == file["stay"].id)).all()
    assert [(mark.present, mark.note) for mark in marks] == [(False, "")]
    # Nothing of hers on the trail: also the rows of her own record, her child and her referral,
    # which carry no case code. The shift log's own rows are for a person to redact.
    trail = trail_text(leave_out="shift_log_entry")
    for marker in (*MARKERS.values(), FIRST, LAST, CHILD):
        assert marker not in trail, marker
    # The shift-log entry that names her is listed, not changed; the other one is not listed.
    assert [mention.entry_id for mention in report.shift_log_mentions] == [file["naming"].id]
    assert report.shift_log_mentions[0].case_code == file["stay"].case_code
    assert db.session.get(ShiftLogEntry, file["naming"].id).text == NAMING_HER
    summary = json.loads(db.session.scalars(select(AuditEntry.detail).where(
        AuditEntry.action == "retention_purge", AuditEntry.operation == "")).one())
    assert summary["shift_log_entries_to_redact"] == [file["naming"].id]


@pytest.mark.usefixtures("app_ctx")
def test_a_referral_closed_without_admission_is_blanked_on_its_own_clock():
    staff = make_user("shelter_staff")
    room = make_room(beds=4)

    def closed_referral(closed_on: date, note: str) -> Referral:
        referral = services.create_referral(services.ReferralInput(
            closed_on - timedelta(days=3), "sos_15900", 2, "normal", f"contact {note}", [(4, "F")]), staff,
            closed_on, at_noon(closed_on - timedelta(days=3)))
        services.hold_beds(room, 2, at_noon(closed_on), f"hold {note}", staff, at_noon(closed_on - timedelta(days=3)),
                           settings().capacity, referral)
        return services.close_referral(referral, "withdrawn", f"closing {note}", staff, closed_on,
                                       at_noon(closed_on - timedelta(days=1)))

    old = closed_referral(years_ago(6), "OLD-REFERRAL-MARK")
    recent = closed_referral(years_ago(2), "RECENT-REFERRAL-MARK")
    waiting = services.create_referral(services.ReferralInput(
        years_ago(8), "police", 1, "low", "WAITING-REFERRAL-MARK", []), staff, years_ago(8), at_noon(years_ago(8)))
    db.session.flush()

    report = purge(today(), now_utc(), 5, dry_run=False)

    assert report.extra["referrals"] == 1 and report.residents == []
    assert (old.contact_notes, old.closing_note, old.holds[0].note) == ("", "", "")
    assert old.status == "withdrawn" and old.children[0].sex == "F"
    assert (recent.contact_notes, recent.closing_note, recent.holds[0].note) == (
        "contact RECENT-REFERRAL-MARK", "closing RECENT-REFERRAL-MARK", "hold RECENT-REFERRAL-MARK")
    assert waiting.contact_notes == "WAITING-REFERRAL-MARK"  # still open: nobody's clock has started
    trail = trail_text()
    assert "OLD-REFERRAL-MARK" not in trail
    assert "RECENT-REFERRAL-MARK" in trail and "WAITING-REFERRAL-MARK" in trail
    assert purge(today(), now_utc(), 5, dry_run=False).extra["referrals"] == 0  # idempotent


@pytest.mark.usefixtures("app_ctx")
def test_a_hold_with_no_referral_is_blanked_once_it_ended_long_ago():
    staff = make_user("shelter_staff")
    room = make_room(beds=4)
    ended = at_noon(years_ago(6))
    old = services.hold_beds(room, 1, ended, "OLD-HOLD-MARK for Μαρία", staff, ended - timedelta(hours=5),
                             settings().capacity)
    cutoff = years_before(today(), 5)
    # Both held until 5 days after the cutoff; one was released 1 day before it, the other ran on.
    released = services.hold_beds(room, 1, at_noon(cutoff + timedelta(days=5)), "RELEASED-HOLD-MARK", staff,
                                  at_noon(cutoff - timedelta(days=2)), settings().capacity)
    services.release_hold(released, staff, at_noon(cutoff - timedelta(days=1)))
    ran_on = services.hold_beds(room, 1, at_noon(cutoff + timedelta(days=5)), "RAN-ON-HOLD-MARK", staff,
                                at_noon(cutoff - timedelta(days=2)), settings().capacity)
    recent = services.hold_beds(room, 1, now_utc() + timedelta(hours=5), "RECENT-HOLD-MARK", staff, now_utc(),
                                settings().capacity)
    db.session.flush()

    report = purge(today(), now_utc(), 5, dry_run=False)

    assert report.extra["holds"] == 2
    assert (old.note, released.note, ran_on.note, recent.note) == ("", "", "RAN-ON-HOLD-MARK", "RECENT-HOLD-MARK")
    assert old.beds == 1 and old.held_until == ended  # the fact of the hold stays
    trail = trail_text()
    assert "OLD-HOLD-MARK" not in trail and "RELEASED-HOLD-MARK" not in trail
    assert "RAN-ON-HOLD-MARK" in trail and "RECENT-HOLD-MARK" in trail
    assert purge(today(), now_utc(), 5, dry_run=False).extra["holds"] == 0


def test_subject_access_export_holds_her_referral_holds_marks_and_the_entries_that_may_name_her(client_as, app):
    with app.test_request_context():
        file = her_whole_file(today() - timedelta(days=90))
        db.session.commit()
        resident_id, naming_id, stay_code = file["resident"].id, file["naming"].id, file["stay"].case_code
    coordinator = client_as("coordinator")
    data = json.loads(coordinator.get(f"/shelter/residents/{resident_id}/data.json").get_data(as_text=True))
    assert (data["resident"]["nationality"], data["resident"]["languages"]) == (MARKERS["nationality"],
                                                                               MARKERS["languages"])
    assert [(r["contact_notes"], r["children"]) for r in data["referrals"]] == [
        (MARKERS["referral"], [{"age_years": 6, "sex": "M"}])]
    assert [(h["note"], h["beds"], h["room"]) for h in data["holds"]] == [
        (MARKERS["hold"], 2, f"Φαιστός {(today() - timedelta(days=90)).isoformat()}")]
    assert [(m["present"], m["note"]) for m in data["stays"][0]["night_checks"]] == [(False, MARKERS["night"])]
    assert [(e["entry_id"], e["text"]) for e in data["shift_log_mentions"]] == [(naming_id, NAMING_HER)]
    trail = {(entry["record_type"], entry["operation"]) for entry in data["audit_trail"]}
    assert {("resident", "create"), ("child", "create"), ("referral", "create"), ("room_hold", "create"),
            ("night_check_mark", "create"), ("stay", "create")} <= trail
    assert stay_code in {entry["case_code"] for entry in data["audit_trail"]}
    page = coordinator.get(f"/shelter/residents/{resident_id}/data").get_data(as_text=True)
    for shown in ("Shift-log entries that may name her", NAMING_HER, "Beds held for her arrival", MARKERS["hold"],
                  MARKERS["night"], MARKERS["referral"]):
        assert shown in page, shown
    assert NOT_HER not in page


def test_purge_command_lists_the_shift_log_entries_to_redact(app):
    with app.test_request_context():
        file = her_whole_file(years_ago(8))
        db.session.commit()
        naming_id, code = file["naming"].id, file["stay"].case_code
        written = (years_ago(8) + timedelta(days=4)).isoformat()
    done = app.test_cli_runner().invoke(args=["retention", "purge", "--older-than-years", "5"])
    assert done.exit_code == 0, done.output
    assert "anonymised 1 shelter resident(s) (1 stay(s))" in done.output
    assert "shift-log entries that may name them, to be read and redacted by hand" in done.output
    assert f"entry {naming_id} of {written} ({code})" in done.output
    with app.app_context():
        assert db.session.get(ShiftLogEntry, naming_id).text == NAMING_HER


@pytest.mark.usefixtures("app_ctx")
def test_beneficiary_audit_rows_without_a_case_code_are_scrubbed_too():
    from housing.programmes import services as programme_services
    from tests.reintegration_support import make_beneficiary, make_tenancy

    enrolled = years_ago(8)
    person = make_beneficiary(first_name="Σταύρος", last_name="Μανουσάκης", enrolled_on=enrolled)
    home = make_tenancy(person, lease_start=enrolled, address="Οδός Δαιδάλου 9")
    programme_services.exit_programme(person, programme_services.ExitInput(
        "completed", enrolled + timedelta(days=400), "housed", True, True, ""), make_user("reintegration_staff"),
        today())
    # A row about her tenancy that names no case code (as a recorder keyed by record may write).
    db.session.add(AuditEntry(at=now_utc(), actor="someone", action="update", record_type="tenancy",
                              record_id=home.id, case_code="", detail="moved from Οδός Δαιδάλου 9",
                              changes=json.dumps({"landlord": ["", "LANDLORD-MARK-61"]})))
    db.session.flush()

    assert purge(today(), now_utc(), 5, dry_run=False).extra["beneficiaries"] == 1

    trail = trail_text()
    assert "LANDLORD-MARK-61" not in trail and "Δαιδάλου" not in trail and "Μανουσάκης" not in trail
