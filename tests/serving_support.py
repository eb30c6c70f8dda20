"""gunicorn run with the repository's production configuration (gunicorn.conf.py), for the
tests of serving: the access log, several servers on one database. The listening socket is
opened here and handed over (fd://), as in tests/live.py."""
from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.live import REPO_ROOT, _gunicorn_executable, _stop, _tail, _wait_until_healthy

PRODUCTION_SECRET = "a-test-secret-key-of-more-than-thirty-two-characters"


@contextmanager
def configured_gunicorn(database_url: str, housing_config: str = "development",
                        env: Mapping[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """`gunicorn --config gunicorn.conf.py wsgi:app` on a free port of 127.0.0.1; yields its base
    URL and the access log's path (the access log in a file of its own, as in production)."""
    with tempfile.TemporaryDirectory(prefix="housing-served-") as directory:
        access_log, error_log = Path(directory) / "access.log", Path(directory) / "error.log"
        server_env = dict(os.environ)
        server_env.pop("GUNICORN_CMD_ARGS", None)
        server_env.update({"DATABASE_URL": database_url, "HOUSING_CONFIG": housing_config,
                           "SECRET_KEY": PRODUCTION_SECRET, "PYTHONUNBUFFERED": "1",
                           "GUNICORN_ACCESS_LOG": str(access_log), "GUNICORN_ERROR_LOG": str(error_log)})
        server_env.update(env or {})
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", 0))
            listener.listen(128)
            port = listener.getsockname()[1]
            command = [_gunicorn_executable(), "--config", str(REPO_ROOT / "gunicorn.conf.py"),
                       "--bind", f"fd://{listener.fileno()}", "wsgi:app"]
            process = subprocess.Popen(command, cwd=REPO_ROOT, env=server_env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       pass_fds=(listener.fileno(),), start_new_session=True)
        finally:
            listener.close()
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base_url, process, error_log)
            yield base_url, access_log
        finally:
            _stop(process)
        if process.returncode not in (0, -15):
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{_tail(error_log)}")
