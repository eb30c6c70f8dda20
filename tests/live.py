"""Helpers for tests that need a real server and committed data.

The suite's own database is wrapped in a rolled-back transaction (tests/conftest.py),
which a separate server process can neither see nor wait on. These helpers give such
tests a database of their own instead:

    with fresh_database("race") as url:
        with seeding(url) as seed:
            staff = seed.user("staff", "shelter_staff")
            seed.room("Ariadne", beds=4)
        with gunicorn_server(url) as base_url:
            client = LiveClient(base_url)
            client.login("staff")
            client.submit_form("/shelter/admit", {...})

`fresh_database` makes a new PostgreSQL database on the TEST_DATABASE_URL server (so it
never waits on the suite's open transaction) or, by default, an SQLite file in a
temporary directory, and applies the migrations. Every wait is bounded.
"""
from __future__ import annotations

import html.parser
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping

import sqlalchemy as sa
from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "heraklion-demo"
HTTP_TIMEOUT = 30  # seconds for one request to the live server
SERVER_START_TIMEOUT = 30
SERVER_STOP_TIMEOUT = 10


# --- databases ---------------------------------------------------------------------------------

def _database_name(name: str) -> str:
    """housing_<name>_<random>: lower case letters, digits and underscores only."""
    slug = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")[:30] or "db"
    return f"housing_{slug}_{uuid.uuid4().hex[:8]}"


@contextmanager
def _postgres_database(server_url: str, name: str) -> Iterator[str]:
    """A new database on the server of `server_url`, dropped (connections and all) afterwards."""
    url = sa.engine.make_url(server_url)
    database = _database_name(name)
    # CREATE/DROP DATABASE cannot run inside a transaction; connect to the given database to issue them.
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
        try:
            yield url.set(database=database).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        admin.dispose()


@contextmanager
def _sqlite_database(name: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix=f"{_database_name(name)}-") as directory:
        yield f"sqlite:///{Path(directory) / 'housing.sqlite'}"


@contextmanager
def app_for(database_url: str, **config) -> Iterator[Flask]:
    """An app of the testing configuration on `database_url`; its connections are closed afterwards."""
    from housing import create_app
    from housing.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, **config)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def app_context_on(database_url: str) -> Iterator[Flask]:
    """An app context on `database_url` with a session of its own making.

    The suite's `_transaction` fixture reconfigures the sessionmaker that every app shares
    (join_transaction_mode, for its outer transaction); the session here is bound to an
    engine of its own and is created with explicit arguments so it inherits none of that.
    """
    from housing.extensions import db

    with app_for(database_url) as app, app.app_context():
        db.session(join_transaction_mode="conditional_savepoint")
        yield app


@contextmanager
def fresh_database(name: str, server_url: str | None = None) -> Iterator[str]:
    """The URL of a new database with the migrations applied, removed afterwards.

    PostgreSQL when `server_url` or TEST_DATABASE_URL is set (a database of its own on that
    server), otherwise an SQLite file in a temporary directory.
    """
    from flask_migrate import upgrade

    server_url = server_url or os.environ.get("TEST_DATABASE_URL")
    database = _postgres_database(server_url, name) if server_url else _sqlite_database(name)
    with database as url:
        with app_for(url) as app, app.app_context():
            upgrade()
        yield url


# --- seeding through the real services ---------------------------------------------------------

class Seed:
    """Builds committed data with the application's own services (rules, audit and all)."""

    def __init__(self, capacity: int | None):
        from flask import current_app

        from housing.shelter.services import ShelterSettings

        base = ShelterSettings.from_config(current_app.config)
        self.settings = ShelterSettings(capacity if capacity is not None else base.capacity, base.stay_months,
                                        base.child_age_limits)

    def user(self, username: str, *roles: str, locale: str = "en", password: str = DEMO_PASSWORD,
             full_name: str | None = None):
        from housing.auth.services import create_user

        return create_user(username, full_name or f"Test {username}", password, list(roles), locale=locale)

    def room(self, name: str, beds: int, cots: int = 0, floor: str = ""):
        from housing.shelter.services import create_room

        return create_room(name, floor, beds, cots)

    def stay(self, room, by, first_name: str, last_name: str = "Test", birth_date: date = date(1990, 4, 2),
             admitted_on: date | None = None, referral_source: str = "sos_15900"):
        from housing.core.clock import today
        from housing.shelter.services import AdmissionInput, admit

        data = AdmissionInput(first_name=first_name, last_name=last_name, birth_date=birth_date, room_id=room.id,
                              admitted_on=admitted_on or today(), referral_source=referral_source)
        return admit(data, by, today(), self.settings)


@contextmanager
def seeding(database_url: str, capacity: int | None = None) -> Iterator[Seed]:
    """An app context on `database_url`; what the block creates is committed when it ends
    (and rolled back if it raises). `capacity` is the SHELTER_CAPACITY the server will use."""
    from housing.extensions import db

    with app_context_on(database_url):
        try:
            yield Seed(capacity)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise


def count_active_stays(database_url: str) -> int:
    from housing.shelter.rooms.queries import active_women_count

    with app_context_on(database_url):
        return active_women_count()


# --- the server --------------------------------------------------------------------------------

def _gunicorn_executable() -> str:
    beside_python = Path(sys.executable).parent / "gunicorn"  # the venv running the tests
    for candidate in (beside_python, REPO_ROOT / ".venv" / "bin" / "gunicorn"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("gunicorn")
    if found is None:
        raise RuntimeError("gunicorn is not installed (it is in requirements.txt)")
    return found


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def gunicorn_server(database_url: str, workers: int = 2, threads: int = 4,
                    env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run `gunicorn wsgi:app` on 127.0.0.1 with a free port; yield its base URL.

    The development configuration keeps CSRF on, so clients fetch each form and send its
    token. The listening socket is opened here and handed to gunicorn (fd://), so there is
    no window in which another process could take the port.
    """
    server_env = dict(os.environ)
    server_env.update({"DATABASE_URL": database_url, "HOUSING_CONFIG": "development", "PYTHONUNBUFFERED": "1"})
    server_env.update(env or {})
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with tempfile.TemporaryDirectory(prefix="housing-gunicorn-") as directory:
        log_path = Path(directory) / "gunicorn.log"
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", 0))
            listener.listen(128)
            port = listener.getsockname()[1]
            command = [_gunicorn_executable(), "wsgi:app", "--bind", f"fd://{listener.fileno()}",
                       "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
                       "--no-control-socket", "--graceful-timeout", "5", "--timeout", "60",
                       "--access-logfile", "-", "--error-logfile", "-", "--log-level", "info"]
            with open(log_path, "wb") as log:
                process = subprocess.Popen(command, cwd=REPO_ROOT, env=server_env, stdin=subprocess.DEVNULL,
                                           stdout=log, stderr=subprocess.STDOUT, pass_fds=(listener.fileno(),),
                                           start_new_session=True)
        finally:
            listener.close()  # gunicorn holds its own copy now
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base_url, process, log_path)
            yield base_url
        finally:
            _stop(process)
        if process.returncode not in (0, -signal.SIGTERM):
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{_tail(log_path)}")


def _wait_until_healthy(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last_error = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} while starting:\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"status {response.status}"
        except urllib.error.HTTPError as error:
            last_error = f"status {error.code}"
            error.close()
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz within {SERVER_START_TIMEOUT} s ({last_error}):\n"
                       f"{_tail(log_path)}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM (graceful), then SIGKILL to the whole process group if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=SERVER_STOP_TIMEOUT)


# --- a small HTTP client -----------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: Message
    text: str

    @property
    def location(self) -> str:
        """The redirect target's path (and query), whether the header is absolute or relative."""
        parts = urllib.parse.urlsplit(self.headers.get("Location", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller instead of following them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _CsrfTokenFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf_token" and self.token is None:
            self.token = attributes.get("value")


def csrf_token_in(page: str) -> str:
    finder = _CsrfTokenFinder()
    finder.feed(page)
    finder.close()
    if not finder.token:
        raise AssertionError("no csrf_token input on the page")
    return finder.token


class LiveClient:
    """A browser without JavaScript: cookies, forms with CSRF tokens, redirects not followed."""

    def __init__(self, base_url: str, timeout: float = HTTP_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                   _KeepRedirects())

    def _send(self, request: urllib.request.Request) -> Response:
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                return Response(reply.status, reply.headers, reply.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            with error:
                return Response(error.code, error.headers, error.read().decode("utf-8", "replace"))

    def get(self, path: str) -> Response:
        return self._send(urllib.request.Request(self.base_url + path, method="GET"))

    def post(self, path: str, fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> Response:
        body = urllib.parse.urlencode(list(fields.items()) if isinstance(fields, Mapping) else list(fields))
        request = urllib.request.Request(self.base_url + path, data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        return self._send(request)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        assert page.status == 200, f"GET {path} answered {page.status}"
        return csrf_token_in(page.text)

    def submit_form(self, path: str, fields: Mapping[str, str], token: str | None = None) -> Response:
        """POST `fields` to the form at `path` with its CSRF token (fetched from the page unless given)."""
        token = token if token is not None else self.csrf_token(path)
        return self.post(path, {**fields, "csrf_token": token})

    def login(self, username: str, password: str = DEMO_PASSWORD) -> Response:
        response = self.submit_form("/login", {"username": username, "password": password, "submit": "1"})
        assert response.status == 302, f"login as {username} answered {response.status}, not a redirect"
        return response
