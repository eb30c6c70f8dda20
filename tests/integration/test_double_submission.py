"""Two submissions, one woman: the admission form sent many times at the same moment on a real
multi-worker server (a double click, a retry after a slow answer) admits her once.

- "same form": one form, one one-time key, sent 50 times at once from her social worker's
  session. Every answer is the redirect to the one stay (the first result, or "this admission
  was already saved"); one resident, one active stay, one place, one recorded key.
- "fresh forms": 50 forms opened one by one (50 keys), sent at once. The earlier-record check
  runs under the lock: one is admitted; every other is told she may have stayed here before
  (her record now exists) and nothing of it is written.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL; prints the figures.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from housing.core.clock import today
from housing.core.formatting import format_dmy
from tests.live import LiveClient, Response, app_context_on, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.slow

SUBMISSIONS = 50
WORKERS, THREADS = 2, 4  # a 2-core machine: 8 requests in the server at once, the rest queue
BARRIER_TIMEOUT = 60
DUPLICATE_MESSAGE = ("She may have stayed here before: choose her earlier record, or confirm that she is not in "
                     "our records.")


def _hidden_value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page) or \
        re.search(rf'type="hidden" name="{name}" value="([^"]*)"', page) or \
        re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def _open_form(client: LiveClient, room_id: int) -> dict[str, str]:
    page = client.get("/shelter/admit")
    assert page.status == 200, page.status
    return {"csrf_token": _hidden_value(page.text, "csrf_token"),
            "submission_key": _hidden_value(page.text, "submission_key"),
            "first_name": "Σοφία", "last_name": "Διπλοκλίκ", "birth_date": "02/04/1990",
            "phone": "6900000001", "nationality": "Ελληνική", "referral_source": "police", "room_id": str(room_id),
            "admitted_on": format_dmy(today()), "submit": "Admit"}


def _send_all_at_once(client: LiveClient, forms: list[dict[str, str]]):
    barrier = threading.Barrier(len(forms))
    responses: list[Response | None] = [None] * len(forms)
    failures: list[str] = []
    released: list[float] = []

    def submit(number: int) -> None:
        try:
            if barrier.wait(timeout=BARRIER_TIMEOUT) == 0:
                released.append(time.monotonic())
            responses[number] = client.post("/shelter/admit", forms[number])
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost in a thread
            barrier.abort()
            failures.append(f"submission {number}: {error!r}")

    threads = [threading.Thread(target=submit, args=(n,), name=f"submit-{n}") for n in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT + 120)
    finished = time.monotonic()
    if any(thread.is_alive() for thread in threads):
        failures.append("a request did not finish in time")
    elapsed = finished - released[0] if released else float("nan")
    return [r for r in responses if r is not None], failures, elapsed


def _rows(url: str) -> dict[str, int]:
    from housing.extensions import db
    from housing.shelter.models import AdmissionSubmission, Placement, Resident, Stay

    with app_context_on(url):
        count = lambda model, *where: db.session.scalar(  # noqa: E731
            sa.select(sa.func.count()).select_from(model).where(*where))
        return {"residents": count(Resident, Resident.last_name == "Διπλοκλίκ"),
                "active_stays": count(Stay, Stay.discharged_on.is_(None)), "placements": count(Placement),
                "keys": count(AdmissionSubmission)}


@pytest.mark.parametrize("kind", ["same form", "fresh forms"])
def test_fifty_identical_submissions_at_once_admit_her_once(kind, artifacts_dir):
    with fresh_database("double") as url:
        with seeding(url) as seed:
            seed.user("staff", "shelter_staff", locale="en")
            room_id = seed.room("Ariadne", beds=4).id

        with gunicorn_server(url, workers=WORKERS, threads=THREADS) as base_url:
            client = LiveClient(base_url, timeout=90)
            client.login("staff")
            if kind == "same form":
                forms = [_open_form(client, room_id)] * SUBMISSIONS
            else:
                forms = [_open_form(client, room_id) for _ in range(SUBMISSIONS)]
            responses, failures, elapsed = _send_all_at_once(client, forms)

        assert not failures, failures
        rows = _rows(url)
        statuses = Counter(r.status for r in responses)
        figures = {"database": sa.engine.make_url(url).get_backend_name(), "kind": kind,
                   "submissions": SUBMISSIONS, "statuses": dict(sorted(statuses.items())),
                   "locations": len({r.location for r in responses if r.status == 302}),
                   "workers": WORKERS, "threads": THREADS, "seconds": round(elapsed, 3), **rows}
        slug = kind.replace(" ", "-")
        (artifacts_dir / f"double-submission-{slug}-{figures['database']}.json").write_text(
            json.dumps(figures, indent=2, ensure_ascii=False))
        print("double submission:", figures)

        assert rows == {"residents": 1, "active_stays": 1, "placements": 1, "keys": 1}, figures
        admitted = [r for r in responses if r.status == 302]
        assert len(responses) == SUBMISSIONS
        assert all(re.fullmatch(r"/shelter/stays/\d+", r.location) for r in admitted), figures
        if kind == "same form":
            # the first result, or "this admission was already saved": the same stay every time
            assert statuses == {302: SUBMISSIONS} and figures["locations"] == 1, figures
        else:
            assert statuses == {302: 1, 400: SUBMISSIONS - 1}, figures
            for refused in (r for r in responses if r.status == 400):
                assert DUPLICATE_MESSAGE in refused.text.replace("&#39;", "'"), refused.text[:2000]
