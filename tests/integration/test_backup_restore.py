"""Back up, change, restore: the data comes back exactly as it was at the backup.

The procedure is the one README.md documents, run for real against a live server:
- SQLite: `flask --app wsgi backup PATH` while gunicorn is serving (and, in a second test,
  while admissions are being written); restore = stop the service, move the database file and
  its -wal/-shm aside, put the backup in its place, start again.
- PostgreSQL: the same command refuses and prints the pg_dump / pg_restore commands for the
  database; the test runs exactly those printed commands.
Every table's rows are compared (tests/database_state.py), so nothing is left out.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from housing.backup import postgres_commands
from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.conftest import missing_resource
from tests.database_state import broken_invariants, changed_tables, reflected_tables, snapshot
from tests.live import REPO_ROOT, LiveClient, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.slow

COMMAND_TIMEOUT = 120


def flask_backup(database_url: str, path: Path) -> subprocess.CompletedProcess:
    """`flask --app wsgi backup PATH` as an operator runs it, in a process of its own."""
    flask = Path(sys.executable).parent / "flask"
    env = {**os.environ, "DATABASE_URL": database_url, "HOUSING_CONFIG": "development"}
    return subprocess.run([str(flask), "--app", "wsgi", "backup", str(path)], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=COMMAND_TIMEOUT, stdin=subprocess.DEVNULL)


def state_of(url: str):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return snapshot(connection, reflected_tables(connection)), broken_invariants(connection)
    finally:
        engine.dispose()


def _admission(first_name: str, room_id: int) -> dict[str, str]:
    return {"first_name": first_name, "last_name": "Backup", "birth_date": "02/04/1990", "referral_source": "police",
            "room_id": str(room_id), "admitted_on": format_dmy(today()), "submit": "1"}


def _discharge(client: LiveClient, stay_id: int) -> None:
    response = client.submit_form(f"/shelter/stays/{stay_id}/discharge",
                                  {"discharged_on": format_dmy(today()), "destination": "relatives",
                                   "reason": "Went to her sister", "submit": "1", "confirm": "1"},
                                  token=client.csrf_token(f"/shelter/stays/{stay_id}"))
    assert response.status == 302, response.text[:2000]


def _seed(url: str) -> dict:
    with seeding(url) as seed:
        staff = seed.user("staff", "shelter_staff")
        room = seed.room("Ariadne", beds=8)
        stays = [seed.stay(room, staff, first_name=name, birth_date=date(1985, 1, 9)) for name in ("Ελένη", "فاطمة")]
        return {"room_id": room.id, "stay_ids": [stay.id for stay in stays]}


def _change_everything_after_the_backup(base_url: str, seeded: dict) -> None:
    client = LiveClient(base_url)
    client.login("staff")
    response = client.submit_form("/shelter/admit", _admission("Μετά", seeded["room_id"]))
    assert response.status == 302, response.text[:2000]
    _discharge(client, seeded["stay_ids"][0])


def test_backup_then_changes_then_restore_gives_back_exactly_the_data_of_the_backup(tmp_path):
    with fresh_database("backup") as url:
        seeded = _seed(url)
        backup = tmp_path / "housing-backup"
        if sa.engine.make_url(url).get_backend_name() == "sqlite":
            _sqlite_round_trip(url, seeded, backup.with_suffix(".sqlite"))
        else:
            _postgres_round_trip(url, seeded, backup.with_suffix(".dump"))


def _sqlite_round_trip(url: str, seeded: dict, backup: Path) -> None:
    database = Path(sa.engine.make_url(url).database)
    with gunicorn_server(url) as base_url:
        client = LiveClient(base_url)
        client.login("staff")
        admitted = client.submit_form("/shelter/admit", _admission("Πριν", seeded["room_id"]))
        assert admitted.status == 302  # committed, likely still in the write-ahead log only
        at_backup, problems = state_of(url)
        assert problems == []

        result = flask_backup(url, backup)  # the service is running
        assert result.returncode == 0, result.stderr
        assert "integrity check ok" in result.stdout
        assert state_of(str(sa.engine.URL.create("sqlite", database=str(backup))))[0] == at_backup
        assert not Path(f"{backup}-wal").exists(), "the copy is one self-contained file"
        assert backup.stat().st_mode & 0o077 == 0, "the copy is readable by its owner only"

        again = flask_backup(url, backup)
        assert again.returncode != 0 and "exists already" in again.stderr, "a backup never overwrites"

        _change_everything_after_the_backup(base_url, seeded)
        changed, _ = state_of(url)
        assert {"resident", "stay", "placement"} <= set(changed_tables(at_backup, changed))

    # Restore, as README.md says: service stopped, the database and its -wal/-shm moved aside,
    # the backup copied into its place.
    aside = database.parent / "before-restore"
    aside.mkdir()
    for suffix in ("", "-wal", "-shm"):
        current = Path(f"{database}{suffix}")
        if current.exists():
            current.rename(aside / current.name)
    shutil.copy2(backup, database)

    restored, problems = state_of(url)
    assert changed_tables(at_backup, restored) == {}
    assert restored == at_backup
    assert problems == []
    _serves_again(url)


def _postgres_round_trip(url: str, seeded: dict, backup: Path) -> None:
    printed = flask_backup(url, backup)
    assert printed.returncode != 0, "the command refuses PostgreSQL"
    commands = [line.strip() for line in printed.stderr.splitlines() if line.strip().startswith(("pg_dump",
                                                                                                    "pg_restore"))]
    assert len(commands) == 2, printed.stderr
    dump, restore = commands
    assert (dump, restore) == postgres_commands(sa.engine.make_url(url), str(backup))
    assert "--format=custom" in dump and "--clean --if-exists" in restore
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            missing_resource(f"{tool} is not installed (apt-get install postgresql-client)")

    with gunicorn_server(url) as base_url:
        client = LiveClient(base_url)
        client.login("staff")
        assert client.submit_form("/shelter/admit", _admission("Πριν", seeded["room_id"])).status == 302
        at_backup, problems = state_of(url)
        assert problems == []
        _run(dump)  # the documented command, while the service is running
        assert state_of(url)[0] == at_backup
        _change_everything_after_the_backup(base_url, seeded)
        changed, _ = state_of(url)
        assert {"resident", "stay", "placement"} <= set(changed_tables(at_backup, changed))

    _run(restore)  # the service is stopped, as the documented procedure says
    restored, problems = state_of(url)
    assert changed_tables(at_backup, restored) == {}
    assert restored == at_backup
    assert problems == []
    _serves_again(url)


def _run(command: str) -> None:
    result = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{command}\n{result.stderr}"


def _serves_again(url: str) -> None:
    """After the restore the service starts, logs in and shows the board as it was."""
    with gunicorn_server(url) as base_url:
        client = LiveClient(base_url)
        client.login("staff")
        board = client.get("/shelter/board")
        assert board.status == 200
        assert "Πριν" in board.text and "Μετά" not in board.text


# --- While admissions are being written ----------------------------------------------------------

def test_a_sqlite_backup_taken_during_admissions_is_consistent(tmp_path):
    """The copy is of one instant: whole admissions only, whatever was being written."""
    with fresh_database("backup-busy") as url:
        if sa.engine.make_url(url).get_backend_name() != "sqlite":
            _postgres_backup_refusal_is_the_whole_answer(url, tmp_path)
            return
        seeded = _seed(url)
        copies = [tmp_path / f"copy-{n}.sqlite" for n in range(3)]
        stop = threading.Event()
        admitted: list[int] = []
        errors: list[str] = []
        with gunicorn_server(url) as base_url:
            def keep_admitting_and_discharging() -> None:
                try:
                    client = LiveClient(base_url)
                    client.login("staff")
                    token = client.csrf_token("/shelter/admit")
                    for number in range(500):
                        if stop.is_set():
                            break
                        response = client.post("/shelter/admit",
                                               {**_admission(f"Busy{number}", seeded["room_id"]), "csrf_token": token})
                        admitted.append(response.status)
                        assert response.status == 302, response.text[:2000]
                        _discharge(client, int(response.location.rsplit("/", 1)[1]))
                except Exception as error:  # noqa: BLE001 - reported by the test
                    errors.append(repr(error))

            writer = threading.Thread(target=keep_admitting_and_discharging, name="admissions-during-backup")
            writer.start()
            try:
                for copy in copies:
                    time.sleep(0.05)
                    result = flask_backup(url, copy)
                    assert result.returncode == 0, result.stderr
            finally:
                stop.set()
                writer.join(timeout=COMMAND_TIMEOUT)
        assert not writer.is_alive() and not errors, errors
        assert len(admitted) >= len(copies), "the backups ran while admissions were being written"
        stays_in_copies = []
        for copy in copies:
            state, problems = state_of(str(sa.engine.URL.create("sqlite", database=str(copy))))
            assert problems == [], f"{copy.name}: {problems}"
            stays_in_copies.append(sum(state["stay"].rows.values()))
        print(f"backups during admissions: {len(admitted)} admissions (each discharged again) while "
              f"{len(copies)} copies were taken; stays in the copies: {stays_in_copies}")
        assert min(stays_in_copies) >= 2


def _postgres_backup_refusal_is_the_whole_answer(url: str, directory: Path) -> None:
    """On PostgreSQL the command writes nothing and says how to back up instead."""
    target = directory / "not-written.sqlite"
    result = flask_backup(url, target)
    assert result.returncode != 0 and not target.exists()
    assert "pg_dump" in result.stderr and "pg_restore" in result.stderr


def test_the_printed_postgres_commands_name_the_database_and_never_a_password():
    url = sa.engine.make_url("postgresql+psycopg://housing:s3cret@db.internal:5433/housing_prod")
    dump, restore = postgres_commands(url, "/backups/housing 2026-11-26.dump")
    assert dump == ("pg_dump --host=db.internal --port=5433 --username=housing --format=custom "
                    "'--file=/backups/housing 2026-11-26.dump' housing_prod")
    assert restore == ("pg_restore --host=db.internal --port=5433 --username=housing --clean --if-exists "
                       "--dbname=housing_prod '/backups/housing 2026-11-26.dump'")
    assert "s3cret" not in dump + restore
