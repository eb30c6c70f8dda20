"""How fast the pages are at 1 and 10 years of history, under the production gunicorn configuration.

    .venv/bin/python benchmarks/run.py --sqlite --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        --years 1 10 --out benchmarks/results.json

For each database and each length of history: a new database (SQLite: a file in a temporary
directory; PostgreSQL: the named database, emptied — give it one of its own), migrated and filled by
benchmarks/history.py (PostgreSQL: then VACUUM ANALYZE, as autovacuum would do soon after such a
load); then
- statements per page, counted in-process (the application on the same database, a test client,
  the second request of a page so that nothing is cold);
- gunicorn with gunicorn.conf.py (2 workers × 4 threads, BENCHMARK_FLOOR=1 for the floor page),
  a coordinator logged in over one keep-alive connection, a warm-up of --warmup requests per page,
  then --requests sequential requests per page: p50 and p95 in ms, and the ratio of the p50 to the
  floor page's (SELECT 1 and a tiny template behind the same guard and request cycle);
- 8 clients at once on the board and on the alerts dashboard (--concurrent-requests each): their
  p50 and the throughput, against one client's;
- the peak RSS (VmHWM) of each worker after the whole run;
- the morning digest (`flask alerts digest`) for 50 active users with an address, timed in-process
  against a real SMTP server on loopback (aiosmtpd) that counts the messages.
Prints a table per run and writes everything to --out as JSON; with both years, the growth
(10 y p50 ÷ 1 y p50) of each page. Run it on a quiet machine: it measures the machine too.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from benchmarks.history import PASSWORD, generate  # noqa: E402

PAGES = ("floor", "board", "alerts dashboard", "stay page", "waiting list", "residents search", "audit trail",
         "beneficiary page")
CONCURRENT = ("board", "alerts dashboard")
USER = "bench-coordinator-0"
DIGEST_USERS = 50


# --- databases -----------------------------------------------------------------------------------

def _empty_postgres(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def _app(url: str):
    from housing import create_app

    return create_app("development", SQLALCHEMY_DATABASE_URI=url, BENCHMARK_FLOOR=True, WTF_CSRF_ENABLED=False)


def build(url: str, years: int) -> dict[str, Any]:
    from flask_migrate import upgrade

    from housing.extensions import db

    app = _app(url)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        counts = generate(years)
        db.session.commit()
        counts["seconds"] = round(time.perf_counter() - began, 1)
        db.session.remove()
        db.engine.dispose()
    if url.startswith("postgresql"):
        # What autovacuum does within minutes of a bulk load in production: without it the planner
        # still believes the tables empty while the pages are timed.
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    return counts


def page_paths(url: str) -> dict[str, str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        stay_id = connection.execute(sa.text("SELECT max(id) FROM stay WHERE discharged_on IS NULL")).scalar_one()
        beneficiary_id = connection.execute(sa.text(
            "SELECT max(id) FROM beneficiary WHERE status = 'active'")).scalar_one()
    engine.dispose()
    search = urllib.parse.quote("Παπαδάκη")
    return {"floor": "/benchmark/floor", "board": "/shelter/board", "alerts dashboard": "/alerts/",
            "stay page": f"/shelter/stays/{stay_id}", "waiting list": "/shelter/waiting-list",
            "residents search": f"/shelter/residents?q={search}&status=all", "audit trail": "/audit/",
            "beneficiary page": f"/reintegration/beneficiaries/{beneficiary_id}"}


def statement_counts(url: str, paths: dict[str, str]) -> dict[str, int]:
    from sqlalchemy import event

    from housing.extensions import db

    app = _app(url)
    client = app.test_client()
    assert client.post("/login", data={"username": USER, "password": PASSWORD}).status_code == 302
    counts = {}
    with app.app_context():
        engine = db.engine
    for page, path in paths.items():
        assert client.get(path).status_code == 200, path
        seen: list[str] = []
        listener = lambda *args, seen=seen: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200, path
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts[page] = len(seen)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return counts


class _Inbox:
    """An SMTP server's handler that counts what it receives."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.received += 1
        return "250 OK"


def time_digest(url: str, users: int = DIGEST_USERS) -> dict[str, Any]:
    """Bring the active staff up to `users`, each with an address (roles in turn), and time the digest."""
    from aiosmtpd.controller import Controller

    from housing.auth.models import User, UserRole
    from housing.extensions import db

    app = _app(url)
    with app.app_context():
        staff = db.session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.id)).all()
        password_hash = staff[0].password_hash
        roles = ("shelter_staff", "coordinator", "reintegration_staff", "night_shift")
        for n in range(users - len(staff)):
            db.session.add(User(username=f"bench-digest-{n}", full_name=f"Bench digest {n}",
                                password_hash=password_hash, locale="el" if n % 2 else "en",
                                role_grants=[UserRole(role=roles[n % len(roles)])]))
        for user in db.session.scalars(sa.select(User).where(User.active.is_(True))).all():
            user.email = f"{user.username}@example.test"
        db.session.commit()
        active = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.active.is_(True)))
        db.session.remove()
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USERNAME="")
        began = time.perf_counter()
        result = app.test_cli_runner().invoke(args=["alerts", "digest"])
        seconds = time.perf_counter() - began
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return {"users": active, "seconds": round(seconds, 2), "mails": inbox.received, "output": result.output.strip()}


# --- the server and its clients ------------------------------------------------------------------

class Server:
    """gunicorn --config gunicorn.conf.py on a port of 127.0.0.1."""

    def __init__(self, url: str, port: int):
        self.base = ("127.0.0.1", port)
        env = dict(os.environ, DATABASE_URL=url, HOUSING_CONFIG="development", BENCHMARK_FLOOR="1",
                   GUNICORN_ACCESS_LOG="/dev/null", GUNICORN_ERROR_LOG="-", GUNICORN_BIND=f"127.0.0.1:{port}",
                   GUNICORN_WORKERS="2", GUNICORN_LOG_LEVEL="warning")
        env.pop("GUNICORN_CMD_ARGS", None)
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--config",
                                         str(ROOT / "gunicorn.conf.py"), "wsgi:app"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(self.base, timeout=1):
                    if Client(self).get("/healthz")[0] == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {Path(self.log.name).read_text()[-2000:]}")

    def worker_peaks_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        peaks = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(round(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024, 1))  # type: ignore[union-attr]
        return peaks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Client:
    """One browser: a keep-alive connection and its cookies (sent over HTTP too, as a proxy would)."""

    def __init__(self, server: Server):
        self.base = server.base
        self.connection = http.client.HTTPConnection(*server.base, timeout=60)
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # gunicorn closed a keep-alive connection left idle longer than its keepalive: reconnect once.
            self.connection.close()
            self.connection = http.client.HTTPConnection(*self.base, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def get(self, path: str) -> tuple[int, str]:
        return self._request("GET", path)

    def login(self) -> None:
        _, page = self.get("/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        fields = {"username": USER, "password": PASSWORD, "submit": "1", "csrf_token": token.group(1) if token else ""}
        status, _ = self._request("POST", "/login", urllib.parse.urlencode(fields))
        assert status == 302, f"login answered {status}"


def _timed(client: Client, path: str) -> float:
    began = time.perf_counter()
    status, _ = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert status == 200, (path, status)
    return elapsed


def _summary(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2)}


def measure(url: str, paths: dict[str, str], requests: int, warmup: int, concurrent_requests: int,
            port: int) -> dict[str, Any]:
    server = Server(url, port)
    try:
        client = Client(server)
        client.login()
        pages: dict[str, dict[str, Any]] = {}
        for page in PAGES:
            for _ in range(warmup):
                _timed(client, paths[page])
            pages[page] = _summary([_timed(client, paths[page]) for _ in range(requests)])
        concurrent: dict[str, dict[str, float]] = {}
        for page in CONCURRENT:
            clients = [Client(server) for _ in range(8)]
            for other in clients:
                other.login()
                _timed(other, paths[page])
            timings: list[float] = []
            lock = threading.Lock()

            def work(other: Client, path: str = paths[page], lock: threading.Lock = lock,
                     timings: list[float] = timings) -> None:
                mine = [_timed(other, path) for _ in range(concurrent_requests)]
                with lock:
                    timings.extend(mine)

            began = time.perf_counter()
            threads = [threading.Thread(target=work, args=(other,)) for other in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
            concurrent[page] = {**_summary(timings), "requests_per_s": round(len(timings) / wall, 1),
                                "one_client_requests_per_s": round(1000 / pages[page]["p50_ms"], 1)}
        return {"pages": pages, "concurrent_8": concurrent, "worker_peak_rss_mb": server.worker_peaks_mb()}
    finally:
        server.stop()


# --- the run -------------------------------------------------------------------------------------

def run_one(kind: str, url: str, years: int, args: argparse.Namespace) -> dict[str, Any]:
    print(f"\n== {kind}, {years} year(s) of history", flush=True)
    counts = build(url, years)
    print("   generated:", json.dumps(counts), flush=True)
    paths = page_paths(url)
    statements = statement_counts(url, paths)
    measured = measure(url, paths, args.requests, args.warmup, args.concurrent_requests, args.port)
    digest = time_digest(url)
    floor = measured["pages"]["floor"]["p50_ms"]
    for page, figures in measured["pages"].items():
        figures["queries"] = statements[page]
        figures["ratio_to_floor"] = round(figures["p50_ms"] / floor, 2)
    print(f"   {'page':18} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8} {'× floor':>8}")
    for page, figures in measured["pages"].items():
        print(f"   {page:18} {figures['queries']:4d} {figures['p50_ms']:8.2f} {figures['p95_ms']:8.2f} "
              f"{figures['ratio_to_floor']:8.2f}")
    for page, figures in measured["concurrent_8"].items():
        print(f"   8 clients, {page}: p50 {figures['p50_ms']} ms, {figures['requests_per_s']} req/s "
              f"(one client: {figures['one_client_requests_per_s']} req/s)")
    print(f"   worker peak RSS: {measured['worker_peak_rss_mb']} MB", flush=True)
    print(f"   digest: {digest['users']} users, {digest['mails']} e-mails in {digest['seconds']} s", flush=True)
    return {"database": kind, "years": years, "generated": counts, **measured, "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="run on a new SQLite file")
    parser.add_argument("--postgres", metavar="URL", help="run on this PostgreSQL database (emptied first)")
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--concurrent-requests", type=int, default=50, help="per client, 8 clients")
    parser.add_argument("--port", type=int, default=5066)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: the server is stopped too (finally)
    if not args.sqlite and not args.postgres:
        parser.error("give --sqlite, --postgres URL or both")
    results = []
    with tempfile.TemporaryDirectory(prefix="housing-bench-") as directory:
        for kind in ("sqlite", "postgresql"):
            if (kind == "sqlite" and not args.sqlite) or (kind == "postgresql" and not args.postgres):
                continue
            for years in args.years:
                if kind == "sqlite":
                    url = f"sqlite:///{Path(directory) / f'bench-{years}y.sqlite'}"
                else:
                    url = args.postgres
                    _empty_postgres(url)
                results.append(run_one(kind, url, years, args))
                Path(args.out).write_text(json.dumps({"runs": results}, indent=2, ensure_ascii=False))  # so far
    growth: dict[str, dict[str, float]] = {}
    for kind in ("sqlite", "postgresql"):
        by_years = {result["years"]: result for result in results if result["database"] == kind}
        if 1 in by_years and 10 in by_years:
            growth[kind] = {page: round(by_years[10]["pages"][page]["p50_ms"] / by_years[1]["pages"][page]["p50_ms"], 2)
                            for page in PAGES}
            print(f"\n{kind}: growth 10 y ÷ 1 y (p50):", json.dumps(growth[kind], ensure_ascii=False))
    Path(args.out).write_text(json.dumps({"runs": results, "growth_10y_over_1y": growth}, indent=2,
                                         ensure_ascii=False))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
