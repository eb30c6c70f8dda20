"""Least privilege in the audit trail: the admin reads who, when and what was done, never a
personal value — on no page and in no export the admin can reach; coordinators read the values.

Unique markers are written through the services into every free-text and name field of both
programmes; then every GET route the admin may use is visited."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import datetime, timedelta, UTC

import pytest

from housing.core.audit_areas import area_of, may_see_values, sees_case_values, visible_areas
from housing.core.audit_entry import AuditEntry
from housing.audit.sentences import Change, Line, action_choices, kind_choices, line_of, staff_ids
from housing.core.clock import now_utc, today
from housing.core.permissions import Access, Permission, permissions_for
from housing.core.spreadsheet import neutralised
from housing.extensions import db
from housing.programmes import services as programme
from housing.shelter import services as shelter
from housing.shelter.night.rules import night_of
from housing.core.clock import to_athens
from tests.reintegration_support import enrolment, programme as programme_settings
from tests.support import admission, child, make_room, make_user, settings

DAY = today()

# Every free-text and name field of both programmes gets one of these.
MARKERS = {
    "first_name": "Qzfirstmarker", "last_name": "Qzlastmarker", "nationality": "Qznationalitymarker",
    "languages": "Qzlanguagesmarker", "phone": "6901234987", "notes": "Qznotesmarker",
    "child_name": "Qzchildmarker", "exception_reason": "Qzexceptionmarker", "restriction": "Qzrestrictionmarker",
    "extension_reason": "Qzextensionreasonmarker", "extension_note": "Qzextensionnotemarker",
    "discharge_reason": "Qzdischargemarker", "night_note": "Qznightnotemarker", "shift_text": "Qzshiftmarker",
    "shift_edit": "Qzshifteditmarker", "contact_notes": "Qzcontactmarker", "closing_note": "Qzclosingmarker",
    "hold_note": "Qzholdmarker", "other_first_name": "Qzotherfirstmarker",
    "beneficiary_first": "Qzbenfirstmarker", "beneficiary_last": "Qzbenlastmarker",
    "beneficiary_phone": "6907654123", "beneficiary_email": "qzemailmarker@example.org",
    "household": "Qzhouseholdmarker", "address": "Qzaddressmarker", "landlord": "Qzlandlordmarker",
    "tenancy_end": "Qztenancyendmarker", "employer": "Qzemployermarker", "position": "Qzpositionmarker",
    "job_end": "Qzjobendmarker", "session": "Qzsessionmarker", "referral_service": "Qzservicemarker",
    "referral_reason": "Qzreferralreasonmarker", "outcome": "Qzoutcomemarker", "payment": "Qzpaymentmarker",
    "exit": "Qzexitmarker",
}


@pytest.fixture
def seeded(app):
    """Both programmes' records, written through the services, markers in every free text."""
    m = MARKERS
    with app.test_request_context():
        staff, coordinator = make_user("shelter_staff"), make_user("coordinator")
        caseworker = make_user("reintegration_staff")
        room, other_room = make_room(beds=3), make_room(beds=2)
        data = replace(admission(room, first_name=m["first_name"], last_name=m["last_name"], children=[
            child(m["child_name"], 365 * 13, "M", exception_reason=m["exception_reason"])]),
            nationality=m["nationality"], languages=m["languages"], phone=m["phone"], notes=m["notes"])
        stay = shelter.admit(data, coordinator, DAY, settings())
        shelter.set_restriction(stay, True, m["restriction"])
        request = shelter.request_extension(stay, stay.planned_end + timedelta(days=20), m["extension_reason"],
                                            staff, now_utc())
        shelter.decide_extension(request, True, stay.planned_end + timedelta(days=20), m["extension_note"],
                                 coordinator, now_utc())
        leaving = shelter.admit(admission(other_room, first_name=m["other_first_name"],
                                          admitted_on=DAY - timedelta(days=40)), staff, DAY, settings())
        now = now_utc()
        shelter.save_night_check(night_of(to_athens(now)), {stay.id: (False, m["night_note"]),
                                                            leaving.id: (True, "")}, staff, now)
        shelter.discharge(leaving, DAY, m["discharge_reason"], "reintegration", staff, DAY)
        entry = shelter.write_shift_entry("incident", m["shift_text"], staff, now)
        shelter.edit_shift_entry(entry, m["shift_edit"], staff, now)
        referral = shelter.create_referral(shelter.ReferralInput(DAY, "police", 1, "high", m["contact_notes"]),
                                           staff, DAY, now)
        shelter.hold_beds(other_room, 1, now + timedelta(hours=3), m["hold_note"], staff, now, 20, referral)
        shelter.close_referral(referral, "withdrawn", m["closing_note"], staff, DAY, now)

        person = programme.enrol(enrolment(caseworker, first_name=m["beneficiary_first"],
                                           last_name=m["beneficiary_last"], phone=m["beneficiary_phone"],
                                           email=m["beneficiary_email"], household_members=m["household"],
                                           enrolled_on=DAY - timedelta(days=30)),
                                 caseworker, DAY, programme_settings())
        tenancy = programme.start_tenancy(person, programme.TenancyInput(
            m["address"], DAY - timedelta(days=20), 400_00, m["landlord"]), caseworker, DAY, programme_settings())
        programme.end_tenancy(tenancy, DAY, m["tenancy_end"], caseworker, DAY)
        job = programme.start_job(person, programme.JobInput(m["employer"], m["position"], DAY - timedelta(days=10)),
                                  caseworker, DAY, programme_settings())
        programme.end_job(job, DAY, m["job_end"], caseworker, DAY)
        programme.record_session(person, programme.SessionInput(DAY, "counselling", 30, caseworker.id,
                                                                m["session"]), caseworker, DAY)
        service_referral = programme.refer(person, m["referral_service"], DAY, m["referral_reason"], caseworker,
                                           DAY)
        programme.close_referral(service_referral, m["outcome"], DAY, caseworker, DAY)
        programme.record_payment(person, programme.PaymentInput(DAY, "electricity", 30_00, m["payment"]),
                                 caseworker, DAY)
        from_shelter = programme.enrol_from_shelter(leaving, enrolment(caseworker), True, DAY, coordinator, DAY,
                                                    programme_settings())
        programme.exit_programme(person, programme.ExitInput("completed", DAY, "housed", True, True, m["exit"]),
                                 caseworker, DAY)
        db.session.commit()
        return {"codes": [stay.case_code, leaving.case_code, person.case_code, from_shelter.case_code],
                "args": {"stay_id": stay.id, "room_id": room.id, "bed_id": room.beds[0].id,
                         "user_id": staff.id, "code": "en", "request_id": request.id, "entry_id": entry.id,
                         "referral_id": referral.id, "resident_id": stay.resident_id,
                         "beneficiary_id": person.id, "tenancy_id": tenancy.id, "job_id": job.id,
                         "service_referral_id": service_referral.id,
                         "night": night_of(to_athens(now)).isoformat()}}


def _admin_may(access) -> bool:
    return access in (Access.PUBLIC, Access.AUTHENTICATED) or access in permissions_for(["admin"])


def admin_pages(app, args) -> list[str]:
    """Every GET route the admin may use, with the seeded records' ids, plus the trail filtered."""
    urls = []
    for rule in app.url_map.iter_rules():
        access = getattr(app.view_functions[rule.endpoint], "required_access", None)
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout") or not _admin_may(access):
            continue
        adapter = rule.map.bind("localhost")
        urls.append(adapter.build(rule.endpoint, {name: args[name] for name in rule.arguments if name in args}))
    return urls + ["/audit/?action=admit", "/audit/?kind=resident", "/audit/?kind=beneficiary",
                   "/audit/?action=decide_extension", "/audit/?action=open_file", f"/audit/?since={DAY:%d/%m/%Y}",
                   "/audit/export.csv?kind=stay", "/audit/export.csv?action=enrol"]


def test_no_personal_value_reaches_any_page_or_export_the_admin_can_reach(app, client_as, seeded):
    coordinator = client_as("coordinator")
    coordinator.get(f"/shelter/stays/{seeded['args']['stay_id']}")  # an opening of her file, on the trail
    coordinator.get(f"/reintegration/beneficiaries/{seeded['args']['beneficiary_id']}")
    admin = client_as("admin")
    secrets = list(MARKERS.values()) + seeded["codes"]
    leaks = []
    pages = admin_pages(app, seeded["args"])
    assert "/audit/export.csv" in pages and "/audit/" in pages
    for url in pages:
        response = admin.get(url)
        assert response.status_code in (200, 204, 302, 403, 404), url
        text = response.get_data(as_text=True)
        leaks += [f"{url}: {secret}" for secret in secrets if secret in text]
    assert leaks == []
    trail = admin.get("/audit/").get_data(as_text=True)
    assert "admitted a woman to the shelter" in trail and "enrolled a beneficiary in REINTEGRATION" in trail
    assert "decided on an extension request" in trail and "resident" in trail


def test_the_coordinator_reads_the_values_on_the_trail(client_as, seeded):
    coordinator = client_as("coordinator")
    page = coordinator.get("/audit/").get_data(as_text=True)
    export = coordinator.get("/audit/export.csv").get_data(as_text=True)
    missing = [name for name, marker in MARKERS.items() if marker not in page or marker not in export]
    assert missing == []
    stay_code = seeded["codes"][0]
    assert f"approved an extension of {stay_code} to" in page


def test_a_case_code_filter_is_offered_only_to_whoever_may_see_case_values(client_as, seeded):
    code = seeded["codes"][0]
    admin_page = client_as("admin").get(f"/audit/?case_code={code}").get_data(as_text=True)
    assert 'name="case_code"' not in admin_page and code not in admin_page
    coordinator_page = client_as("coordinator").get(f"/audit/?case_code={code}").get_data(as_text=True)
    assert 'name="case_code"' in coordinator_page and f"admitted {code}" in coordinator_page
    assert seeded["codes"][2] not in coordinator_page  # the filter holds


def test_the_admin_row_is_a_sentence_without_values_and_the_coordinator_row_has_them(client_as, seeded):
    code = seeded["codes"][0]
    admin = client_as("admin").get("/audit/?action=restrict_stay").get_data(as_text=True)
    assert "changed whether a stay is restricted" in admin and "stay" in admin
    assert MARKERS["restriction"] not in admin and "restricted_reason" not in admin and "Restricted" not in admin
    coordinator = client_as("coordinator").get("/audit/?action=restrict_stay").get_data(as_text=True)
    assert f"changed whether {code} is restricted" in coordinator
    assert f"Reason for the restriction: — → {MARKERS['restriction']}" in coordinator
    assert "Restricted: no → yes" in coordinator and "restricted_reason" not in coordinator


def test_the_trail_speaks_greek_with_dates_dd_mm_yyyy(app, seeded):
    from tests.support import login

    with app.app_context():
        make_user("coordinator", username="syntonistria", locale="el")
        db.session.commit()
    client = app.test_client()
    login(client, "syntonistria")
    page = client.get("/audit/?action=decide_extension").get_data(as_text=True)
    code = seeded["codes"][0]
    with app.app_context():
        from housing.shelter.models import Stay

        end = db.session.get(Stay, seeded["args"]["stay_id"]).planned_end
    assert f"έγκριση παράτασης της {code} έως {end:%d/%m/%Y}" in page
    assert f"Λήξη κατά την απόφαση: — → {end:%d/%m/%Y}" in page
    assert "Είδος εγγραφής" in page and "αίτημα παράτασης" in page


def test_the_csv_export_shows_the_same_sentences_and_hides_the_same_values(client_as, seeded):
    admin_rows = list(csv.reader(io.StringIO(client_as("admin").get("/audit/export.csv?action=admit")
                                             .get_data(as_text=True).lstrip("\ufeff"))))
    assert admin_rows[0][:5] == ["When", "Who", "Address", "Action", "What was done"]
    resident_rows = [row for row in admin_rows[1:] if row[5] == "resident"]
    assert resident_rows and all(row[4].endswith("admitted a woman to the shelter") for row in resident_rows)
    assert all(row[6] == row[7] == row[8] == row[9] == "" for row in resident_rows)  # record, code, changes, detail


@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+30 2810", "'+30 2810"),
    ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Ηράκλειο", "Ηράκλειο"), ("a=b", "a=b"), ("", ""), (None, ""), (12, "12"),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell, written):
    assert neutralised(cell) == written


def test_a_formula_typed_into_a_note_is_neutralised_in_the_audit_export(app, client_as):
    with app.test_request_context():
        shelter.write_shift_entry("incident", "=cmd|' /C calc'!A0", make_user("shelter_staff"), now_utc())
        db.session.commit()
    export = client_as("coordinator").get("/audit/export.csv?action=write_shift_entry").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    assert "Text: — → =cmd|' /C calc'!A0" in rows[1][8] and not any(cell.startswith("=") for cell in rows[1])


@pytest.mark.parametrize("permissions, area, sees", [
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, "shelter", False),
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, "reintegration", False),
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, "accounts", True),
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, "rooms", True),
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, "", True),
    ({Permission.VIEW_SHELTER_CASES}, "shelter", True),
    ({Permission.VIEW_SHELTER_CASES}, "reintegration", False),
    ({Permission.VIEW_REINTEGRATION}, "reintegration", False),  # a caseworker sees her own caseload only
    ({Permission.VIEW_ALL_CASELOADS}, "reintegration", True),
    ({Permission.VIEW_ALL_CASELOADS}, "shelter", False),
    ({Permission.MANAGE_USERS}, "accounts", True),
    ({Permission.VIEW_SHELTER_CASES, Permission.VIEW_ALL_CASELOADS, Permission.VIEW_AUDIT}, "unmapped", False),
    (set(), "", False),
])
def test_who_may_see_the_values_of_each_area(permissions, area, sees):
    assert may_see_values(permissions, area) is sees


@pytest.mark.parametrize("permissions, areas", [
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, {"accounts", "rooms", "api", ""}),  # the partners' tokens: names, never a secret
    ({Permission.VIEW_SHELTER_CASES}, {"shelter", "rooms"}),
    ({Permission.VIEW_ALL_CASELOADS}, {"reintegration"}),
    ({Permission.VIEW_REINTEGRATION, Permission.MANAGE_REINTEGRATION}, set()),
    (set(), set()),
])
def test_the_areas_whose_values_a_reader_sees(permissions, areas):
    assert visible_areas(permissions) == areas


@pytest.mark.parametrize("permissions, sees", [
    ({Permission.VIEW_AUDIT, Permission.MANAGE_USERS, Permission.MANAGE_ROOMS}, False),
    ({Permission.VIEW_SHELTER_CASES}, True),
    ({Permission.VIEW_ALL_CASELOADS}, True),
    ({Permission.VIEW_REINTEGRATION}, False),
    (set(), False),
])
def test_who_is_offered_a_case_code_filter(permissions, sees):
    assert sees_case_values(permissions) is sees


@pytest.mark.parametrize("record_type, area", [
    ("stay", "shelter"), ("beneficiary", "reintegration"), ("user_role", "accounts"), ("bed", "rooms"),
    ("", ""), ("a_table_nobody_placed", "unmapped"),
])
def test_the_area_of_each_kind_of_record(record_type, area):
    assert area_of(record_type) == area


def test_every_audited_table_has_an_area_a_kind_and_labels_for_its_fields(app):
    from housing.core.audit_areas import AREA_OF_RECORD
    from housing.core.audit import NOISE_FIELDS, NOT_AUDITED
    from housing.audit.sentences import FIELD_LABELS, RECORD_KINDS

    tables = [table for table in db.metadata.sorted_tables if table.name not in NOT_AUDITED]
    assert sorted(t.name for t in tables if t.name not in AREA_OF_RECORD) == []
    assert sorted(t.name for t in tables if t.name not in RECORD_KINDS) == []
    unlabelled = sorted(f"{t.name}.{c.name}" for t in tables for c in t.columns
                        if c.name not in FIELD_LABELS and c.name not in NOISE_FIELDS and c.name != "id")
    assert unlabelled == []


def test_every_named_action_has_a_sentence_and_a_filter_label():
    import inspect

    from housing.audit.sentences import ACTION_LABELS, ACTIONS
    from housing.auth import services as accounts
    from housing.privacy import retention

    named = {function.audit_action for module in (accounts, shelter, programme, retention)
             for _name, function in inspect.getmembers(module, inspect.isfunction)
             if getattr(function, "audit_action", None)}
    recorded = {"open_file", "login", "login_failed", "second_factor_failed", "logout", "end_session",
                "export_audit", "subject_access", "retention_purge"}
    assert sorted((named | recorded) - set(ACTIONS)) == []
    assert sorted((named | recorded) - set(ACTION_LABELS)) == []


def test_every_event_recorded_anywhere_has_a_sentence_and_a_filter_label():
    """An event added with record("…") somewhere in the service is read as a sentence too, not
    as "did something the trail has no words for"."""
    import re
    from pathlib import Path

    from housing.audit.sentences import ACTION_LABELS, ACTIONS

    package = Path(__file__).resolve().parents[2] / "housing"
    events = {name for path in package.rglob("*.py")
              for name in re.findall(r'\brecord\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert {"open_file", "logout", "end_session", "export_audit", "subject_access"} <= events  # the search works
    assert sorted(events - set(ACTIONS)) == [] and sorted(events - set(ACTION_LABELS)) == []


def test_codes_show_their_labels_and_staff_their_usernames(app, client_as):
    from tests.support import make_stay

    with app.test_request_context():
        stay = make_stay()
        shelter.discharge(stay, DAY, "", "own_home", make_user("shelter_staff", username="kalliopi"), DAY)
        db.session.commit()
        code = stay.case_code
    page = client_as("coordinator").get("/audit/?action=discharge").get_data(as_text=True)
    assert f"discharged {code}" in page
    assert "Destination: — → Own home" in page and "Discharged by: — → kalliopi" in page
    assert "own_home" not in page


# One row as each reader reads it (housing.audit.sentences), the expected lines written out.
AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ADMIN, COORDINATOR = permissions_for(["admin"]), permissions_for(["coordinator"])


def _row(action="discharge", record_type="stay", area="shelter", case_code="SH-2026-042", changes=None,
         detail="") -> AuditEntry:
    return AuditEntry(id=7, at=AT, actor="kalliopi", address="10.0.0.1", action=action, operation="update",
                      area=area, record_type=record_type, record_id=42, case_code=case_code,
                      changes=json.dumps(changes) if changes is not None else "", detail=detail)


DISCHARGED = {"destination": ["", "own_home"], "discharged_on": [None, "2026-03-10"],
              "discharged_by_id": [None, 5], "restricted": [False, True], "room_id": [3, 4]}


def test_the_admin_reads_a_row_without_its_values(app_ctx):
    entry = _row(changes=DISCHARGED, detail="html")
    assert line_of(entry, ADMIN, {5: "kalliopi"}) == Line(
        7, AT, "kalliopi", "10.0.0.1", "discharge", "Discharge", "kalliopi discharged a stay", "stay", False,
        record_id=None, case_code="", changes=[], detail="")
    assert staff_ids([entry], ADMIN) == set()


def test_the_coordinator_reads_a_row_with_its_values_codes_as_labels_and_staff_as_usernames(app_ctx):
    entry = _row(changes=DISCHARGED, detail="html")
    assert staff_ids([entry], COORDINATOR) == {5}
    assert line_of(entry, COORDINATOR, {5: "kalliopi"}) == Line(
        7, AT, "kalliopi", "10.0.0.1", "discharge", "Discharge", "kalliopi discharged SH-2026-042", "stay", True,
        record_id=42, case_code="SH-2026-042", changes=[
            Change("Destination", "—", "Own home"), Change("Discharged on", "—", "10/03/2026"),
            Change("Discharged by", "—", "kalliopi"), Change("Restricted", "no", "yes"), Change("Room", "3", "4")],
        detail="as a page")


def test_values_are_shown_as_a_person_reads_them(app_ctx):
    entry = _row(action="write_shift_entry", record_type="shift_log_entry", case_code="", changes={
        "written_at": [None, "2026-03-10T12:00:00+00:00"], "text": ["2026-13-45", 12], "kind": ["", "incident"],
        "author_id": [None, 9], "a_new_field": ["x", None]})
    line = line_of(entry, COORDINATOR, {})
    assert line.sentence == "kalliopi wrote in the shift log"
    assert line.changes == [Change("Written at", "—", "10/03/2026 14:00"), Change("Text", "2026-13-45", "12"),
                            Change("Kind", "—", "Incident"), Change("Author", "—", "9"),
                            Change("Another field", "x", "—")]


@pytest.mark.parametrize("action, record_type, changes, sentence", [
    ("decide_extension", "extension_request", {"status": ["pending", "approved"], "decided_end": [None, "2026-06-30"]},
     "kalliopi approved an extension of SH-2026-042 to 30/06/2026"),
    ("decide_extension", "extension_request", {"status": ["pending", "rejected"]},
     "kalliopi rejected an extension of SH-2026-042"),
    ("decide_extension", "stay", {"planned_end": ["2026-05-30", "2026-06-30"]},
     "kalliopi decided on the extension of SH-2026-042"),
    ("decide_extension", "extension_request", None, "kalliopi decided on the extension of SH-2026-042"),
    ("decide_extension", "extension_request", {"decision_note": ["", "Ναι"]},
     "kalliopi decided on the extension of SH-2026-042"),
    ("decide_extension", "extension_request", {"status": ["pending", "approved"]},
     "kalliopi approved an extension of SH-2026-042 to —"),
    ("assign_case_code", "stay", {}, "kalliopi assigned a case code"),
    ("frobnicate", "stay", {}, "kalliopi did something the trail has no words for"),
])
def test_the_sentence_of_each_decision(app_ctx, action, record_type, changes, sentence):
    assert line_of(_row(action, record_type, changes=changes), COORDINATOR).sentence == sentence
    plain = "kalliopi did something the trail has no words for" if action == "frobnicate" else None
    admin = line_of(_row(action, record_type, changes=changes), ADMIN).sentence
    assert admin == (plain or {"decide_extension": "kalliopi decided on an extension request",
                               "assign_case_code": "kalliopi assigned a case code"}[action])


def test_a_row_without_a_case_code_reads_without_one(app_ctx):
    line = line_of(_row(case_code="", changes={}), COORDINATOR)
    assert (line.sentence, line.action_label) == ("kalliopi discharged a stay", "Discharge")
    assert line_of(_row(action="frobnicate", changes={}), COORDINATOR).action_label == "frobnicate"


@pytest.mark.parametrize("action, detail, shown", [
    ("export_audit", '{"rows": 12}', "12 rows"),
    ("export_audit", "not a count", "0 rows"),
    ("export_audit", "[12]", "0 rows"),
    ("retention_purge", '{"cutoff": "2021-03-10", "residents": 2, "stays": 3, "beneficiaries": 1}',
     "before 10/03/2021: 2 residents, 3 stays, 1 beneficiaries"),
    ("retention_purge", "{}", "before —: 0 residents, 0 stays, 0 beneficiaries"),
    ("login_failed", "username tried: maria", "username typed: maria"),
    ("open_file", "json", "as JSON"),
    ("open_file", "html", "as a page"),
    ("enrol_from_shelter", "enrolment from the shelter", "for an enrolment from the shelter"),
    ("open_file", "something else", "something else"),
    ("open_file", "", ""),
    ("end_session", "session 31: logout", "logged out"),
    ("end_session", "session 7: password_reset", "her password was reset"),
    ("end_session", "session 8: wrong_codes", "too many wrong second-factor codes"),
])
def test_the_detail_of_an_event_in_the_readers_words(app_ctx, action, detail, shown):
    assert line_of(_row(action, "", area="", case_code="", detail=detail), ADMIN).detail == shown


@pytest.mark.parametrize("record_type, area, name, code, label", [
    ("stay", "shelter", "destination", "relatives", "Relatives"),
    ("resident", "shelter", "referral_source", "police", "Police"),
    ("referral", "shelter", "source", "sos_15900", "SOS 15900 helpline"),
    ("child", "shelter", "sex", "F", "Girl"),
    ("referral_child", "shelter", "sex", "M", "Boy"),
    ("extension_request", "shelter", "status", "pending", "Waiting for a decision"),
    ("shift_log_entry", "shelter", "kind", "handover", "Handover note"),
    ("referral", "shelter", "urgency", "emergency", "Emergency"),
    ("referral", "shelter", "status", "waiting", "Waiting"),
    ("beneficiary", "reintegration", "sex", "F", "Woman"),
    ("beneficiary", "reintegration", "ethos_at_entry", "roofless.public_space", "Living rough, in a public space"),
    ("beneficiary", "reintegration", "ethos_at_exit", "roofless.emergency_accommodation",
     "In a night shelter or emergency accommodation"),
    ("beneficiary", "reintegration", "status", "active", "in the programme"),
    ("support_payment", "reintegration", "kind", "electricity", "Electricity"),
    ("support_session", "reintegration", "kind", "counselling", "Counselling"),
    ("user_role", "accounts", "role", "coordinator", "Coordinator"),
])
def test_each_stored_code_reads_as_its_label(app_ctx, record_type, area, name, code, label):
    entry = _row("update", record_type, area=area, changes={name: [code, None]})
    assert [(change.old, change.new) for change in line_of(entry, COORDINATOR).changes] == [(label, "—")]


def test_a_code_of_one_kind_of_record_is_not_read_with_another_kinds_labels(app_ctx):
    entry = _row("update", "beneficiary", area="reintegration", changes={"destination": [None, "relatives"]})
    assert [(change.old, change.new) for change in line_of(entry, COORDINATOR).changes] == [("—", "relatives")]


def test_a_row_about_no_record_names_no_kind(app_ctx):
    assert line_of(_row("login", "", area="", case_code=""), ADMIN).kind == ""
    assert line_of(_row("open_file", "stay"), ADMIN).kind == "stay"


def test_the_filter_lists_actions_in_a_persons_order_and_kinds_by_their_names(app_ctx):
    assert action_choices()[:3] == [("admit", "Admission"), ("discharge", "Discharge"), ("transfer", "Room transfer")]
    assert kind_choices()[:4] == [("bed", "bed"), ("room_hold", "bed hold"), ("beneficiary", "beneficiary"),
                                  ("child", "child")]
