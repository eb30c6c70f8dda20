"""After the retention purge, no byte of the SQLite database — the file or its write-ahead
log — still holds a value it erased.

A database file of its own (not the suite's rolled-back transaction): a woman's whole file
with a marker in every personal field, discharged eight years ago; the service keeps a
connection open, as a running server does (so the write-ahead log is not folded away when
the purge's process exits); the purge runs as cron runs it, `flask --app wsgi retention purge`
in a process of its own; then the bytes of the files are searched for every marker.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from flask_migrate import upgrade

from housing.extensions import db
from tests.live import REPO_ROOT, _sqlite_database, app_context_on, app_for
from tests.retention_support import CHILD, FIRST, LAST, MARKERS, her_whole_file, years_ago

pytestmark = pytest.mark.slow

ERASED = [*MARKERS.values(), FIRST, LAST, CHILD]


FIND_IN_FILES = """
import json, sys
from pathlib import Path
path, values = Path(sys.argv[1]), json.loads(sys.argv[2])
files = [candidate for candidate in (path, Path(f"{path}-wal")) if candidate.exists()]
content = b"".join(candidate.read_bytes() for candidate in files)
print(json.dumps({"files": [f.name for f in files], "found": [v for v in values if v.encode() in content]}))
"""


def found_in_files(path: Path, values: list[str]) -> dict:
    """Which values are in the bytes of the database file and its write-ahead log. Read by a
    process of its own: closing any descriptor of the file drops every POSIX lock this process
    holds on it, the service connection's included (SQLite's documented pitfall), and the purge
    would then fold the log away as if no server were running."""
    done = subprocess.run([sys.executable, "-c", FIND_IN_FILES, str(path), json.dumps(values)], capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def cron_purge(database_url: str) -> subprocess.CompletedProcess:
    flask = Path(sys.executable).parent / "flask"
    env = {**os.environ, "DATABASE_URL": database_url, "HOUSING_CONFIG": "development"}
    return subprocess.run([str(flask), "--app", "wsgi", "retention", "purge", "--older-than-years", "5"],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_no_erased_value_is_left_in_the_database_file_or_its_write_ahead_log():
    with _sqlite_database("purge-bytes") as url:
        path = Path(url.removeprefix("sqlite:///"))
        with app_for(url) as app, app.app_context():
            upgrade()
        with app_context_on(url):
            her_whole_file(years_ago(8))
            db.session.commit()
        service = sqlite3.connect(path)  # the running service's connection, idle between requests
        try:
            reading = service.execute("SELECT count(*) FROM stay")
            assert reading.fetchall() == [(1,)]
            reading.close()
            assert Path(f"{path}-wal").exists()  # the database is in write-ahead-log mode
            before = found_in_files(path, ERASED)
            assert before["found"] == ERASED  # else the search below proves nothing

            done = cron_purge(url)

            assert done.returncode == 0, done.stderr[-3000:]
            assert "anonymised 1 shelter resident(s)" in done.stdout
            assert "database file rebuilt (VACUUM) and write-ahead log truncated" in done.stdout
            after = found_in_files(path, ERASED)
            assert after == {"files": ["housing.sqlite", "housing.sqlite-wal"], "found": []}
            assert Path(f"{path}-wal").stat().st_size == 0  # the log is truncated, not folded away
            # The service reads on, and sees the anonymised record.
            rows = service.execute("SELECT first_name, nationality FROM resident")
            assert rows.fetchall() == [("—", "")]
            rows.close()
        finally:
            service.close()
