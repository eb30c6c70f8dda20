"""Years of synthetic history for the benchmark, seeded (the same years give the same rows).

    .venv/bin/python benchmarks/history.py --years 10 --database sqlite:////tmp/ten.sqlite

At 10 years (everything scales with the years; 1 year is a tenth):
- the shelter: 5 rooms of 4 beds; about 2,460 closed stays of 10–45 days, one after another on each
  of the 20 beds (a resident each, 0–2 children), with their placements, some extension requests;
  a night check every night with a mark for every woman present (about 71,000 marks); four
  shift-log entries a day (about 14,600); about 1,990 closed referrals with their children, a
  third with a released room hold, and 8 waiting;
- today's shelter, made through the application's own services (admissions with children,
  placements, case codes and their audit rows): 17 women, so the board and the alerts are real;
- REINTEGRATION: 56 enrolments a year (560), each with a tenancy, half with a job, 6 payments and
  a support session about every three weeks while enrolled (about 13,000); the last 50 active;
- staff: 1 admin, 2 coordinators, 6 shelter staff, 4 night staff, 3 caseworkers;
- an audit trail of 20,600 rows a year (206,000), spread over the years and over the records.

History is written with bulk inserts into the models' tables (SQLAlchemy Core, 5,000 rows a
statement) — the rows the services would write, without their rule checks, so that 10 years take
about a minute; the audit rows for that history are written the same way. Only today's shelter goes
through the services. The database must be empty and migrated (`flask db upgrade`).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, time as clock_time, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Table, select, text as sa_text  # noqa: E402

PASSWORD = "benchmark-password-2026"
ROOMS, BEDS_PER_ROOM = 5, 4
CHUNK = 5000
AUDIT_ROWS_PER_YEAR = 20_600
ENROLMENTS_PER_YEAR = 56
ACTIVE_BENEFICIARIES = 50
SHIFT_LOG_PER_DAY = 4
WOMEN_TODAY = 17
FIRST_NAMES = ("Ελένη", "Μαρία", "Αικατερίνη", "Δέσποινα", "Ειρήνη", "Σοφία", "Γεωργία", "Αναστασία", "Fatima",
               "Amina", "Olena", "Natalia", "Zeynep", "Ioana", "Lejla", "Χρυσούλα", "Βασιλική", "Παναγιώτα")
LAST_NAMES = ("Παπαδάκη", "Μανωλάκη", "Σπυριδάκη", "Κωνσταντινίδου", "Ξανθοπούλου", "Βλαχάκη", "Hassan",
              "Kovalenko", "Yilmaz", "Popescu", "Hodžić", "Τσικνάκη", "Μαρκάκη", "Δασκαλάκη")
CHILD_NAMES = ("Νίκος", "Γιώργος", "Άννα", "Δήμητρα", "Omar", "Lina", "Ivan", "Μαρίνα")


def _insert(db: Any, table: Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(table.insert(), rows[start:start + CHUNK])


def _advance_sequences(db: Any, tables: list[Table]) -> None:
    """PostgreSQL: rows written with their ids leave the id sequences behind; move them past the rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(sa_text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                   f"(SELECT max(id) FROM {table.name}))"))


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=UTC)


def generate(years: int, seed: int = 2026) -> dict[str, int]:
    """Write `years` of history ending today, then today's shelter; returns the counts written."""
    from housing.auth.services import create_user
    from housing.core.audit_entry import AuditEntry
    from housing.core.case_codes import CaseCodeCounter
    from housing.core.clock import today
    from housing.core.errors import RuleViolation
    from housing.extensions import db
    from housing.programmes import models as pm
    from housing.shelter import models as sm
    from housing.shelter import services

    rng = random.Random(seed * 100 + years)
    now_day = today()
    first_day = now_day - timedelta(days=365 * years)

    users = {"admin": create_user("bench-admin", "Bench Admin", PASSWORD, ["admin"], locale="en")}
    for role, count in (("coordinator", 2), ("shelter_staff", 6), ("night_shift", 4), ("reintegration_staff", 3)):
        for n in range(count):
            users[f"{role}{n}"] = create_user(f"bench-{role.replace('_', '-')}-{n}", f"Bench {role} {n}", PASSWORD,
                                              [role], locale="en")
    db.session.flush()
    staff_ids = [users[f"shelter_staff{n}"].id for n in range(6)]
    night_ids = [users[f"night_shift{n}"].id for n in range(4)]
    worker_ids = [users[f"reintegration_staff{n}"].id for n in range(3)]
    coordinator_id = users["coordinator0"].id
    rooms = [services.create_room(f"Δωμάτιο {n + 1}", f"{n // 2 + 1}ος", BEDS_PER_ROOM, 1) for n in range(ROOMS)]
    db.session.flush()
    counts: dict[str, int] = {}

    # --- closed stays, one after another on each bed ---------------------------------------------
    residents, children, stays, stay_children, placements, extensions = [], [], [], [], [], []
    stay_days: list[tuple[int, date, date]] = []  # (stay id, admitted, discharged)
    codes: dict[int, int] = {}
    resident_id = child_id = stay_id = 0
    history_end = now_day - timedelta(days=70)  # today's women arrive after the history
    for bed in range(ROOMS * BEDS_PER_ROOM):
        day = first_day + timedelta(days=rng.randint(0, 20))
        while True:
            length = rng.randint(10, 45)
            leaves = day + timedelta(days=length)
            if leaves >= history_end:
                break
            resident_id += 1
            stay_id += 1
            codes[day.year] = codes.get(day.year, 0) + 1
            born = date(day.year - rng.randint(19, 55), rng.randint(1, 12), rng.randint(1, 28))
            residents.append({"id": resident_id, "first_name": rng.choice(FIRST_NAMES),
                              "last_name": rng.choice(LAST_NAMES), "birth_date": born, "nationality": "",
                              "languages": "", "phone": "", "referral_source": rng.choice(sm.REFERRAL_SOURCES),
                              "notes": "", "anonymised_at": None, "distinct_from_id": None, "distinct_reason": "",
                              "created_at": _at(day)})
            planned = day + timedelta(days=91)
            stays.append({"id": stay_id, "case_code": f"SH-{day.year}-{codes[day.year]:03d}",
                          "resident_id": resident_id, "admitted_on": day, "original_end": planned,
                          "planned_end": planned, "discharged_on": leaves, "discharge_reason": "",
                          "destination": rng.choice(sm.DESTINATIONS), "admitted_by_id": rng.choice(staff_ids),
                          "discharged_by_id": rng.choice(staff_ids), "restricted": rng.random() < 0.03,
                          "restricted_reason": "", "restriction_requested_by_id": None,
                          "restriction_requested_at": None, "created_at": _at(day)})
            placements.append({"stay_id": stay_id, "room_id": rooms[bed // BEDS_PER_ROOM].id, "started_on": day,
                               "ended_on": leaves, "placed_by_id": rng.choice(staff_ids), "created_at": _at(day)})
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                child_id += 1
                children.append({"id": child_id, "mother_id": resident_id, "first_name": rng.choice(CHILD_NAMES),
                                 "birth_date": day - timedelta(days=rng.randint(200, 4000)),
                                 "sex": rng.choice(sm.SEXES), "created_at": _at(day)})
                stay_children.append({"stay_id": stay_id, "child_id": child_id, "exception_reason": "",
                                      "exception_by_id": None})
            if rng.random() < 0.15:
                extensions.append({"stay_id": stay_id, "status": "approved", "current_end": planned,
                                   "proposed_end": planned + timedelta(days=30), "reason": "Αναμονή στέγης",
                                   "requested_by_id": rng.choice(staff_ids), "requested_at": _at(day, 10),
                                   "decided_end": planned + timedelta(days=30), "decision_note": "",
                                   "decided_by_id": coordinator_id, "decided_at": _at(day, 16)})
            stay_days.append((stay_id, day, leaves))
            day = leaves + timedelta(days=rng.randint(0, 3))
    _insert(db, sm.Resident.__table__, residents)
    _insert(db, sm.Child.__table__, children)
    _insert(db, sm.Stay.__table__, stays)
    _insert(db, sm.StayChild.__table__, stay_children)
    _insert(db, sm.Placement.__table__, placements)
    _insert(db, sm.ExtensionRequest.__table__, extensions)
    for year, last in codes.items():
        db.session.add(CaseCodeCounter(prefix="SH", year=year, last_number=last))
    db.session.flush()
    counts.update(stays=len(stays), residents=len(residents), children=len(children))

    # --- night checks and the shift log ------------------------------------------------------------
    present_on: dict[date, list[int]] = {}
    for sid, admitted, left in stay_days:
        for offset in range((left - admitted).days):
            present_on.setdefault(admitted + timedelta(days=offset), []).append(sid)
    checks, marks, log = [], [], []
    check_id = 0
    day = first_day
    while day < history_end:
        check_id += 1
        by = rng.choice(night_ids)
        checks.append({"id": check_id, "night_of": day, "created_by_id": by, "created_at": _at(day, 22),
                       "updated_at": _at(day, 23)})
        for sid in present_on.get(day, ()):
            marks.append({"check_id": check_id, "stay_id": sid, "present": rng.random() > 0.02, "note": "",
                          "current": True, "marked_by_id": by, "marked_at": _at(day, 22, 30)})
        for n in range(SHIFT_LOG_PER_DAY):
            log.append({"kind": rng.choice(sm.SHIFT_LOG_KINDS), "text": f"Βάρδια {day:%d/%m/%Y}: ήσυχα ({n + 1}).",
                        "author_id": rng.choice(staff_ids + night_ids), "written_at": _at(day, 6 * n + 1),
                        "edited_at": None})
        day += timedelta(days=1)
    _insert(db, sm.NightCheck.__table__, checks)
    _insert(db, sm.NightCheckMark.__table__, marks)
    _insert(db, sm.ShiftLogEntry.__table__, log)
    counts.update(night_checks=len(checks), night_marks=len(marks), shift_log=len(log))

    # --- the waiting list: closed referrals (a third with a released hold), a few waiting ------------
    referrals, referral_children, holds = [], [], []
    referral_count = round(199 * years)
    for n in range(referral_count + 8):
        received = first_day + timedelta(days=rng.randint(0, 365 * years - 80))
        closed = n < referral_count
        if not closed:
            received = now_day - timedelta(days=rng.randint(0, 20))
        status = rng.choice(("admitted", "placed_elsewhere", "withdrawn")) if closed else "waiting"
        referrals.append({"id": n + 1, "received_on": received, "source": rng.choice(sm.REFERRAL_SOURCES),
                          "household_size": rng.randint(1, 4), "urgency": rng.choice(sm.URGENCIES),
                          "contact_notes": "Επικοινωνία μέσω κοινωνικής υπηρεσίας", "status": status,
                          "closed_on": received + timedelta(days=rng.randint(1, 30)) if closed else None,
                          "closing_note": "", "stay_id": None, "created_by_id": rng.choice(staff_ids),
                          "created_at": _at(received), "closed_by_id": rng.choice(staff_ids) if closed else None,
                          "anonymised_at": None})
        for _ in range(rng.choice((0, 1, 1, 2))):
            referral_children.append({"referral_id": n + 1, "age_years": rng.randint(0, 16),
                                      "sex": rng.choice(sm.SEXES)})
        if closed and n % 3 == 0:
            holds.append({"room_id": rng.choice(rooms).id, "beds": 1, "held_until": _at(received + timedelta(days=2)),
                          "note": "", "referral_id": n + 1, "created_by_id": rng.choice(staff_ids),
                          "created_at": _at(received), "released_at": _at(received + timedelta(days=1)),
                          "released_by_id": rng.choice(staff_ids), "anonymised_at": None})
    _insert(db, sm.Referral.__table__, referrals)
    _insert(db, sm.ReferralChild.__table__, referral_children)
    _insert(db, sm.RoomHold.__table__, holds)
    counts.update(referrals=len(referrals), referral_children=len(referral_children), holds=len(holds))

    # --- REINTEGRATION ------------------------------------------------------------------------------
    beneficiaries, tenancies, jobs, payments, sessions = [], [], [], [], []
    total = ENROLMENTS_PER_YEAR * years
    re_codes: dict[int, int] = {}
    for n in range(total):
        active = n >= total - ACTIVE_BENEFICIARIES
        if active:
            enrolled = now_day - timedelta(days=rng.randint(10, 700))
        else:
            enrolled = first_day + timedelta(days=rng.randint(0, max(1, 365 * years - 760)))
        re_codes[enrolled.year] = re_codes.get(enrolled.year, 0) + 1
        planned = enrolled + timedelta(days=730)
        exited = None if active else min(planned, enrolled + timedelta(days=rng.randint(200, 730)))
        worker = rng.choice(worker_ids)
        beneficiaries.append({
            "id": n + 1, "programme": "reintegration", "case_code": f"RE-{enrolled.year}-{re_codes[enrolled.year]:03d}",
            "first_name": rng.choice(FIRST_NAMES), "last_name": rng.choice(LAST_NAMES),
            "birth_date": date(enrolled.year - rng.randint(20, 60), rng.randint(1, 12), rng.randint(1, 28)),
            "sex": rng.choice(pm.SEXES), "phone": "", "email": "", "household_size": rng.randint(1, 4),
            "household_members": "", "caseworker_id": worker, "enrolled_on": enrolled, "planned_end": planned,
            "ethos_at_entry": rng.choice(pm.ETHOS_CODES), "status": "active" if active else "completed",
            "exited_on": exited, "ethos_at_exit": "" if active else pm.HOUSED,
            "housed_at_exit": None if active else True,
            "employed_at_exit": None if active else rng.random() < 0.5, "exit_notes": "",
            "exited_by_id": None if active else worker, "enrolled_by_id": worker, "from_stay_id": None,
            "consent_on": enrolled, "consent_recorded_by_id": worker, "anonymised_at": None,
            "created_at": _at(enrolled)})
        lease = enrolled + timedelta(days=20)
        tenancies.append({"beneficiary_id": n + 1, "address": f"Οδός Δοκιμής {n + 1}, Ηράκλειο", "landlord": "",
                          "lease_start": lease, "lease_end": lease + timedelta(days=730), "monthly_rent_cents": 35000,
                          "subsidy_cents": 30000, "subsidy_start": lease, "subsidy_end": lease + timedelta(days=730),
                          "ended_on": exited, "end_reason": "", "created_by_id": worker, "ended_by_id": None,
                          "created_at": _at(lease)})
        if n % 2 == 0:
            hired = enrolled + timedelta(days=60)
            jobs.append({"beneficiary_id": n + 1, "employer": "Ξενοδοχείο Κνωσός", "position": "Καμαριέρα",
                         "started_on": hired, "ended_on": exited, "end_reason": "", "wage_subsidy_start": hired,
                         "wage_subsidy_end": hired + timedelta(days=365), "insurance_subsidy_start": hired,
                         "insurance_subsidy_end": hired + timedelta(days=365), "created_by_id": worker,
                         "ended_by_id": None, "created_at": _at(hired)})
        for k in range(6):
            paid = enrolled + timedelta(days=30 * (k + 1))
            if paid < now_day:
                payments.append({"beneficiary_id": n + 1, "paid_on": paid, "kind": rng.choice(pm.PAYMENT_KINDS),
                                 "amount_cents": rng.randint(2000, 15000), "note": "", "recorded_by_id": worker,
                                 "created_at": _at(paid)})
        held = enrolled + timedelta(days=3)
        last = exited or now_day - timedelta(days=rng.randint(0, 45))
        while held < last:
            sessions.append({"beneficiary_id": n + 1, "held_on": held, "kind": rng.choice(pm.SESSION_KINDS),
                             "duration_minutes": 45, "notes": "", "staff_id": worker, "recorded_by_id": worker,
                             "created_at": _at(held)})
            held += timedelta(days=rng.randint(16, 26))
    _insert(db, pm.Beneficiary.__table__, beneficiaries)
    _insert(db, pm.Tenancy.__table__, tenancies)
    _insert(db, pm.Job.__table__, jobs)
    _insert(db, pm.SupportPayment.__table__, payments)
    _insert(db, pm.SupportSession.__table__, sessions)
    for year, last_number in re_codes.items():
        db.session.add(CaseCodeCounter(prefix="RE", year=year, last_number=last_number))
    db.session.flush()
    counts.update(beneficiaries=len(beneficiaries), support_sessions=len(sessions), payments=len(payments),
                  tenancies=len(tenancies), jobs=len(jobs))

    _advance_sequences(db, [sm.Resident.__table__, sm.Child.__table__, sm.Stay.__table__, sm.NightCheck.__table__,
                            sm.Referral.__table__, pm.Beneficiary.__table__])

    # --- today's shelter, through the services ----------------------------------------------------
    settings = services.ShelterSettings(capacity=ROOMS * BEDS_PER_ROOM, stay_months=3,
                                        child_age_limits={"F": 18, "M": 12})
    for n in range(WOMEN_TODAY):
        admitted = now_day - timedelta(days=(n * 5) % 95)
        kids = [services.ChildInput(rng.choice(CHILD_NAMES), admitted - timedelta(days=700 + 300 * k), "F",
                                    field_prefix=f"children-{k}") for k in range(n % 3)]
        for room in rooms[n % ROOMS:] + rooms[:n % ROOMS]:  # the first room with beds enough for the family
            data = services.AdmissionInput(first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                                           last_name=LAST_NAMES[n % len(LAST_NAMES)],
                                           birth_date=date(1985 + n % 15, 1 + n % 12, 1 + n % 28),
                                           room_id=room.id, admitted_on=admitted,
                                           referral_source="police", children=kids)
            try:
                with db.session.begin_nested():
                    services.admit(data, users[f"shelter_staff{n % 6}"], now_day, settings)
                break
            except RuleViolation:
                continue
    db.session.flush()

    # --- the audit trail ---------------------------------------------------------------------------
    already = db.session.scalar(select(db.func.count()).select_from(AuditEntry)) or 0
    wanted = AUDIT_ROWS_PER_YEAR * years - already
    actions = (("open_file", "shelter", "stay"), ("login", "accounts", "user_account"),
               ("night_check", "shelter", "night_check"), ("shift_log", "shelter", "shift_log_entry"),
               ("update", "shelter", "resident"), ("admit", "shelter", "stay"), ("discharge", "shelter", "stay"),
               ("open_file", "reintegration", "beneficiary"), ("record_session", "reintegration", "support_session"),
               ("record_payment", "reintegration", "support_payment"), ("add_referral", "shelter", "referral"),
               ("end_session", "accounts", "user_account"))
    all_users = [user.id for user in users.values()]
    usernames = {user.id: user.username for user in users.values()}
    span = (history_end - first_day).days * 86400
    rows = []
    for _ in range(wanted):
        action, area, record_type = rng.choice(actions)
        at = _at(first_day, 0) + timedelta(seconds=rng.randint(0, span))
        if record_type == "stay":
            stay = stays[rng.randrange(len(stays))]
            record_id, code = stay["id"], stay["case_code"]
        elif record_type == "beneficiary":
            person = beneficiaries[rng.randrange(len(beneficiaries))]
            record_id, code = person["id"], person["case_code"]
        else:
            record_id, code = rng.randint(1, 1000), ""
        user_id = rng.choice(all_users)
        rows.append({"at": at, "user_id": user_id, "actor": usernames[user_id], "action": action,
                     "operation": "", "area": area, "record_type": record_type, "record_id": record_id,
                     "case_code": code, "changes": "" if action != "update" else json.dumps({"phone": ["", "…"]}),
                     "detail": "", "address": f"10.0.0.{rng.randint(2, 60)}"})
    _insert(db, AuditEntry.__table__, rows)
    counts["audit_rows"] = already + len(rows)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database", required=True, help="URL of an empty database (migrated here)")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from housing import create_app
    from housing.extensions import db

    app = create_app("development", SQLALCHEMY_DATABASE_URI=args.database)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        counts = generate(args.years)
        db.session.commit()
    print(json.dumps({"years": args.years, "seconds": round(time.perf_counter() - began, 1), **counts}, indent=2))


if __name__ == "__main__":
    main()
