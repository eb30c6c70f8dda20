"""How long a programme's annual report takes with ten years of history.

Run by hand: `.venv/bin/python benchmarks/programme_report.py [--people 560] [--database URL]`.
Writes ten years of synthetic REINTEGRATION history through the models (about 560 beneficiaries,
each with homes, jobs with their subsidies, support sessions twice a month and referrals), then
builds the report of the last full year repeatedly and prints the median and 95th percentile
and the number of SQL statements. Not a test: numbers vary with the machine.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_babel import force_locale  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from housing import create_app  # noqa: E402
from housing.auth import services as accounts  # noqa: E402
from housing.core.calendar import add_months  # noqa: E402
from housing.core.reports import Period  # noqa: E402
from housing.extensions import db  # noqa: E402
from housing.programmes.models import ETHOS_CODES, SESSION_KINDS, Beneficiary, Job, ServiceReferral, \
    SupportSession, Tenancy  # noqa: E402
from housing.programmes.programme import programmes  # noqa: E402
from housing.programmes.report import build_programme_report  # noqa: E402

FIRST_YEAR, LAST_YEAR = 2016, 2025


def seed(people: int, rng: random.Random) -> None:
    worker = accounts.create_user("bench-caseworker", "Bench", "benchmark-password", ["reintegration_staff"],
                                  locale="en")
    span = (date(LAST_YEAR, 12, 31) - date(FIRST_YEAR, 1, 1)).days
    for n in range(people):
        enrolled = date(FIRST_YEAR, 1, 1) + timedelta(days=span * n // people)
        months = rng.randint(6, 24)
        exited = add_months(enrolled, months) if add_months(enrolled, months) < date(2026, 11, 1) else None
        person = Beneficiary(
            programme="reintegration", case_code=f"RE-B-{n:05d}", first_name=f"Bench{n}", last_name="Person",
            birth_date=date(1980, 1, 1), sex=rng.choice("FM"), household_size=rng.randint(1, 4),
            caseworker_id=worker.id, enrolled_by_id=worker.id, enrolled_on=enrolled,
            planned_end=add_months(enrolled, 24), ethos_at_entry=rng.choice(ETHOS_CODES),
            status=rng.choice(("completed", "completed", "withdrawn", "other")) if exited else "active",
            exited_on=exited, ethos_at_exit=rng.choice(("housed", *ETHOS_CODES)) if exited else "")
        db.session.add(person)
        db.session.flush()
        end = exited or date(2026, 11, 30)
        lease = enrolled + timedelta(days=rng.randint(10, 60))
        if lease < end:
            moved = lease + timedelta(days=rng.randint(120, 400))
            db.session.add(Tenancy(beneficiary_id=person.id, address="Bench 1", lease_start=lease,
                                   monthly_rent_cents=450_00, subsidy_cents=300_00, subsidy_start=lease,
                                   subsidy_end=add_months(lease, 24), ended_on=moved if moved < end else None,
                                   created_by_id=worker.id))
            if moved < end:
                db.session.add(Tenancy(beneficiary_id=person.id, address="Bench 2", lease_start=moved,
                                       monthly_rent_cents=480_00, subsidy_cents=300_00, subsidy_start=moved,
                                       subsidy_end=add_months(lease, 24), created_by_id=worker.id))
        hired = enrolled + timedelta(days=rng.randint(30, 200))
        if hired < end:
            db.session.add(Job(beneficiary_id=person.id, employer="Bench", position="Bench", started_on=hired,
                               ended_on=None if rng.random() < 0.6 else min(end, hired + timedelta(days=300)),
                               wage_subsidy_start=hired, wage_subsidy_end=add_months(hired, 12),
                               insurance_subsidy_start=add_months(hired, 12),
                               insurance_subsidy_end=add_months(hired, 24), created_by_id=worker.id))
        day = enrolled
        while day < end:
            db.session.add(SupportSession(beneficiary_id=person.id, held_on=day, kind=rng.choice(SESSION_KINDS),
                                          duration_minutes=45, staff_id=worker.id, recorded_by_id=worker.id))
            day += timedelta(days=15)
        for _ in range(rng.randint(0, 4)):
            made = enrolled + timedelta(days=rng.randint(0, 300))
            closed = made + timedelta(days=rng.randint(5, 90)) if rng.random() < 0.7 else None
            db.session.add(ServiceReferral(beneficiary_id=person.id, service="ΔΥΠΑ", referred_on=made,
                                           outcome="ok" if closed else "", closed_on=closed,
                                           created_by_id=worker.id))
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=560, help="beneficiaries over ten years")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        seed(args.people, random.Random(2026))
        counts = {model.__tablename__: db.session.query(model).count()
                  for model in (Beneficiary, Tenancy, Job, SupportSession, ServiceReferral)}
        print(f"seeded {counts} in {time.perf_counter() - began:.1f} s")
    programme = programmes(app)["reintegration"]
    year = Period(date(LAST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    statements: list[str] = []
    timings = []

    def record(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    with app.test_request_context(), force_locale("el"):
        engine = db.engine
        for n in range(args.repeat):
            db.session.remove()
            if n == 0:
                event.listen(engine, "before_cursor_execute", record)
            began = time.perf_counter()
            tables = build_programme_report(programme, year, {})
            timings.append((time.perf_counter() - began) * 1000)
            if n == 0:
                event.remove(engine, "before_cursor_execute", record)
        caseload = {str(row[0]): row[1] for row in tables[0].rows}
    timings.sort()
    print(f"annual report {LAST_YEAR}: median {statistics.median(timings):.1f} ms, "
          f"95th percentile {timings[int(len(timings) * 0.95) - 1]:.1f} ms, {len(statements)} SQL statements")
    print(f"caseload {LAST_YEAR}: {caseload}")


if __name__ == "__main__":
    main()
