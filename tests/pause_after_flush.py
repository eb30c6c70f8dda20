"""A gunicorn configuration for tests/integration/test_kill_mid_admission.py, given to the server
through GUNICORN_CMD_ARGS="--config python:tests.pause_after_flush": each worker pauses right
after the flush that writes a new stay — resident, children, stay, placement, case number and
audit rows written, nothing committed — and names its process in the file HOUSING_TEST_PAUSE_MARKER,
so the test can kill it inside the transaction. The application knows nothing of it.

HOUSING_TEST_PAUSE_SECONDS bounds the pause (the test kills the worker long before)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session


def _pause_after_a_new_stay(session: Session, _flush_context) -> None:
    from housing.shelter.models import Stay

    if not any(isinstance(thing, Stay) for thing in session.new):  # the flush's own rows, before it ends
        return
    marker = os.environ.get("HOUSING_TEST_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("HOUSING_TEST_PAUSE_SECONDS", "120")))


def post_worker_init(worker) -> None:
    """gunicorn's hook, in each worker once it has loaded the application."""
    event.listen(Session, "after_flush", _pause_after_a_new_stay)
