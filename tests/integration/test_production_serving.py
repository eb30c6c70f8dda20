"""The production gunicorn configuration (gunicorn.conf.py): it loads, its timeouts leave room
for the busy page, and its access log never holds a query string — a search for a name
(`?q=Παπαδάκη`) must leave no trace of the name in a log file."""
from __future__ import annotations

import runpy
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.live import REPO_ROOT, LiveClient, fresh_database
from tests.serving_support import configured_gunicorn

pytestmark = pytest.mark.slow

CONFIG = REPO_ROOT / "gunicorn.conf.py"


def _settings(monkeypatch, **env: str) -> dict:
    for name in ("DB_LOCK_TIMEOUT_SECONDS", "GUNICORN_TIMEOUT", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_configuration_gives_a_request_three_times_the_lock_timeout(monkeypatch):
    defaults = _settings(monkeypatch)
    assert (defaults["workers"], defaults["threads"], defaults["worker_class"]) == (2, 4, "gthread")
    assert (defaults["timeout"], defaults["graceful_timeout"]) == (30, 30)  # DB_LOCK_TIMEOUT_SECONDS 10
    assert defaults["bind"] == "127.0.0.1:8000" and defaults["control_socket_disable"] is True
    assert _settings(monkeypatch, DB_LOCK_TIMEOUT_SECONDS="4")["timeout"] == 12


def test_a_worker_sets_what_it_loaded_aside_from_the_collector():
    """Run in a process of its own: the hook changes the collector of the process it runs in."""
    import subprocess
    import sys

    probe = (f"import gc, runpy; settings = runpy.run_path({str(CONFIG)!r}); import housing.core.alerts; "
             "before = gc.get_freeze_count(); settings['post_worker_init'](None); "
             "print(before, gc.get_freeze_count() > 10_000, gc.get_threshold())")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           cwd=REPO_ROOT).stdout.strip().split(maxsplit=2)
    assert shown == ["0", "True", "(10000, 20, 20)"]


def test_a_timeout_that_would_cut_off_the_busy_page_is_refused(monkeypatch):
    with pytest.raises(RuntimeError, match="must exceed DB_LOCK_TIMEOUT_SECONDS"):
        _settings(monkeypatch, DB_LOCK_TIMEOUT_SECONDS="10", GUNICORN_TIMEOUT="15")


def _log_when(path: Path, line_part: str) -> str:
    """The access log once a line holding `line_part` is in it (gunicorn writes it after answering)."""
    deadline = time.monotonic() + 10
    text = ""
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if line_part in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"no line with {line_part!r} in the access log: {text}")


def test_the_access_log_of_the_production_server_holds_no_query_string():
    name = urllib.parse.quote("Παπαδάκη")
    with fresh_database("access_log") as url:
        with configured_gunicorn(url, housing_config="production") as (base_url, access_log):
            client = LiveClient(base_url)
            assert client.get(f"/healthz?q={name}").status == 200
            assert client.get(f"/shelter/residents?q={name}&status=all").status == 302  # to the login page
            text = _log_when(access_log, '"GET /shelter/residents HTTP/1.1" 302')
    assert '"GET /healthz HTTP/1.1" 200' in text
    for trace in ("Παπαδάκη", name, name.lower(), "q=", "status=all", "?"):
        assert trace not in text, (trace, text)
