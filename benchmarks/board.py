"""How fast the pages that matter at 3 a.m. are, with a full shelter and years of history.

Run by hand: `.venv/bin/python benchmarks/board.py [--history 3000] [--database URL]`.
Prints the median and 95th percentile of each page over repeated requests, and the
number of SQL statements each runs. Not a test: numbers vary with the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from housing import create_app  # noqa: E402
from housing.auth import services as accounts  # noqa: E402
from housing.core.clock import today  # noqa: E402
from housing.extensions import db  # noqa: E402
from housing.shelter import services  # noqa: E402


def seed(history: int) -> None:
    staff = accounts.create_user("bench", "Bench", "benchmark-password", ["coordinator"], locale="en")
    rooms = [services.create_room(f"Room {n:02d}", "", 4, 1) for n in range(20)]
    settings = services.ShelterSettings(capacity=20, stay_months=3, child_age_limits={"F": 18, "M": 12})
    start = today() - timedelta(days=history + 200)
    for n in range(history):
        admitted = start + timedelta(days=n // 10)
        data = services.AdmissionInput(
            first_name=f"Former{n}", last_name="Woman", birth_date=admitted.replace(year=admitted.year - 30),
            room_id=rooms[n % 20].id, admitted_on=admitted, referral_source="police",
            children=[services.ChildInput("Kid", admitted - timedelta(days=900), "F", field_prefix="children-0")])
        stay = services.admit(data, staff, admitted, settings)
        services.discharge(stay, admitted, "bench", "own_home", staff, today())
    for n in range(20):
        admitted = today() - timedelta(days=n * 4)
        data = services.AdmissionInput(
            first_name=f"Present{n}", last_name="Woman", birth_date=admitted.replace(year=admitted.year - 30),
            room_id=rooms[n].id, admitted_on=admitted, referral_source="police",
            children=[services.ChildInput(f"Kid{k}", admitted - timedelta(days=700 + k), "M",
                                          field_prefix=f"children-{k}") for k in range(2)])
        services.admit(data, staff, today(), settings)
    db.session.commit()


def measure(client, app, url: str, repeat: int) -> tuple[float, float, int]:
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements.append(1)

    timings = []
    for n in range(repeat):
        if n == 0:
            event.listen(engine, "before_cursor_execute", count)
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        if n == 0:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--history", type=int, default=3000, help="former stays to create")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        seed(args.history)
        print(f"seeded {args.history} former stays and 20 active in {time.perf_counter() - began:.1f} s")
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "benchmark-password"})
    print(f"{'page':45} {'median ms':>10} {'p95 ms':>8} {'SQL':>5}")
    for page in ("/shelter/board", "/shelter/board/print", "/shelter/residents",
                 "/shelter/residents?status=all", "/shelter/residents?status=all&q=former1",
                 "/shelter/stays/1", "/shelter/admit"):
        median, p95, statements = measure(client, app, page, args.repeat)
        print(f"{page:45} {median:10.1f} {p95:8.1f} {statements:5d}")


if __name__ == "__main__":
    main()
