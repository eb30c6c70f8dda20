"""How long the shelter's annual report takes with ten years of history (~2,500 stays).

Run by hand: `.venv/bin/python benchmarks/shelter_report.py [--years 10] [--per-year 250] [--database URL]`.
Builds the history through the models (tests/shelter_report_support.build_history), then times the
report's tables for the last full year (the figures alone), the report's page and its XLSX download.
Target: the page under 300 ms on SQLite. Not a test: numbers vary with the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from housing import create_app  # noqa: E402
from housing.auth import services as accounts  # noqa: E402
from housing.core.reports import Period  # noqa: E402
from housing.extensions import db  # noqa: E402
from housing.shelter import report  # noqa: E402
from tests.shelter_report_support import build_history  # noqa: E402

YEAR_END = date(2025, 12, 31)


def timed(action, repeat: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        staff = accounts.create_user("bench", "Bench", "benchmark-password", ["coordinator"], locale="en")
        db.session.flush()
        stays = build_history(staff, args.years, args.per_year, YEAR_END)
        db.session.commit()
        print(f"built {stays} stays over {args.years} years in {time.perf_counter() - began:.1f} s")
    year = Period(date(YEAR_END.year, 1, 1), YEAR_END)
    with app.test_request_context():
        median, p95 = timed(lambda: report.build(year, app.config), args.repeat)
        print(f"{'the annual report':32} median {median:7.1f} ms   p95 {p95:7.1f} ms   (tables only)")
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "benchmark-password"})
    query = {"start": "01/01/2025", "end": "31/12/2025"}
    for path in ("/reports/shelter", "/reports/shelter.xlsx", "/reports/shelter/bed_nights.csv"):
        def get(path=path):
            assert client.get(path, query_string=query).status_code == 200
        median, p95 = timed(get, args.repeat)
        print(f"{path:32} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
