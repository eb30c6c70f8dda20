"""Races on a real server: several people press the same button at the same moment.

Like tests/integration/test_admission_race.py: gunicorn runs with several processes and
threads on a database of its own; each person logs in and opens the form in a session of
their own; a barrier releases every submission at once. Runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL.

- Extension decisions: coordinators (none of them the requester) decide the same pending
  request at once → exactly one decision is recorded; everyone else is told it is decided.
- Transfers into the last bed: households in other rooms are moved at once into a room with
  one free bed → exactly one move; the persons in a room never exceed its beds in service.
- Night checks: night-shift colleagues save tonight's check at once → one check for the
  night, every woman with exactly one current mark, the marks of one whole submission.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from housing.core.clock import now_utc, today
from housing.core.formatting import format_dmy
from tests.database_state import broken_invariants
from tests.live import (LiveClient, Response, app_context_on, csrf_token_in, fresh_database, gunicorn_server,
                        seeding)

pytestmark = pytest.mark.slow

WORKERS, THREADS = 2, 4
BARRIER_TIMEOUT = 60
ALREADY_DECIDED = "This request has already been decided."


@dataclass
class Attempt:
    """One person's submission: who, where, and what (fields read from the page they opened)."""

    username: str
    page: str  # the page with the form, for its CSRF token
    action: str  # where the form posts
    fields: Callable[[str], list[tuple[str, str]]]  # given the page's HTML


def all_at_once(base_url: str, attempts: list[Attempt]):
    """Each thread logs in and opens its page on its own; then all submit together.
    Returns (responses in the order of `attempts`, failures, seconds from release to the last answer)."""
    barrier = threading.Barrier(len(attempts))
    responses: list[Response | None] = [None] * len(attempts)
    failures: list[str] = []
    released: list[float] = []

    def person(number: int, attempt: Attempt) -> None:
        try:
            client = LiveClient(base_url)
            client.login(attempt.username)
            page = client.get(attempt.page)
            assert page.status == 200, f"GET {attempt.page} answered {page.status}"
            fields = attempt.fields(page.text)
            fields.append(("csrf_token", csrf_token_in(page.text)))
            if barrier.wait(timeout=BARRIER_TIMEOUT) == 0:
                released.append(time.monotonic())
            responses[number] = client.post(attempt.action, fields)
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost in a thread
            barrier.abort()  # nobody waits for a colleague who will not come
            failures.append(f"{attempt.username}: {error!r}")

    threads = [threading.Thread(target=person, args=(n, a), name=f"race-{a.username}")
               for n, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT + 60)
    finished = time.monotonic()
    if any(thread.is_alive() for thread in threads):
        failures.append("a request did not finish in time")
    elapsed = finished - released[0] if released else float("nan")
    return responses, failures, elapsed


def backend(url: str) -> str:
    return sa.engine.make_url(url).get_backend_name()


def write_figures(artifacts_dir, name: str, figures: dict) -> None:
    (artifacts_dir / f"race-{name}-{figures['database']}.json").write_text(json.dumps(figures, indent=2))
    print(f"{name} race:", figures)


def problems_in(url: str) -> list[str]:
    from housing.extensions import db

    with app_context_on(url) as app:
        return broken_invariants(db.session.connection(), app.config["SHELTER_CAPACITY"])


# --- (a) Extension decisions ---------------------------------------------------------------------

COORDINATORS = 6


def test_coordinators_deciding_one_request_at_once_record_exactly_one_decision(artifacts_dir):
    with fresh_database("race-extension") as url:
        with seeding(url) as seed:
            requester = seed.user("requester", "shelter_staff")
            coordinators = [seed.user(f"coordinator-{n}", "coordinator") for n in range(COORDINATORS)]
            stay = seed.stay(seed.room("Ariadne", beds=2), requester, first_name="Extended")
            from housing.shelter.services import request_extension

            proposed = stay.planned_end + timedelta(days=60)
            request = request_extension(stay, proposed, "Waiting for a flat", requester, now_utc())
            ids = {"stay": stay.id, "request": request.id, "planned_end": stay.planned_end}
            names = [user.username for user in coordinators]

        def decision(number: int):
            approve = number % 2 == 0
            return lambda _page: [("decision", "approve" if approve else "reject"),
                                  ("decided_end", format_dmy(proposed)), ("note", f"Decided by {number}"),
                                  ("submit_decision", "1")]

        attempts = [Attempt(name, f"/shelter/stays/{ids['stay']}", f"/shelter/extensions/{ids['request']}/decide",
                            decision(n)) for n, name in enumerate(names)]
        with gunicorn_server(url, workers=WORKERS, threads=THREADS) as base_url:
            responses, failures, elapsed = all_at_once(base_url, attempts)

        assert not failures, failures
        decided = [n for n, r in enumerate(responses) if r.status == 302]
        refused = [r for r in responses if r.status == 400]
        from housing.core.audit_entry import AuditEntry
        from housing.extensions import db
        from housing.shelter.models import ExtensionRequest, Stay

        with app_context_on(url):
            row = db.session.get(ExtensionRequest, ids["request"])
            planned_end = db.session.get(Stay, ids["stay"]).planned_end
            decider = row.decided_by.username if row.decided_by else None
            status, decided_end = row.status, row.decided_end
            audited = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
                AuditEntry.record_type == "extension_request", AuditEntry.record_id == ids["request"],
                AuditEntry.operation == "update"))
        figures = {"database": backend(url), "requests": len(responses), "decided": len(decided),
                   "refused_already_decided": sum(ALREADY_DECIDED in r.text for r in refused),
                   "statuses": sorted(r.status for r in responses), "final_status": status,
                   "decided_by": decider, "decision_audit_rows": audited, "workers": WORKERS, "threads": THREADS,
                   "seconds": round(elapsed, 3)}
        write_figures(artifacts_dir, "extension-decision", figures)

        assert len(decided) == 1, figures
        assert len(refused) == COORDINATORS - 1, figures
        for response in refused:
            assert ALREADY_DECIDED in response.text, response.text[:2000]
        winner = decided[0]
        assert decider == names[winner]
        assert status == ("approved" if winner % 2 == 0 else "rejected")
        assert planned_end == (proposed if status == "approved" else ids["planned_end"])
        assert decided_end == (proposed if status == "approved" else None)
        assert audited == 1, "one decision, one audited change"
        assert problems_in(url) == []


# --- (b) Transfers into the last bed -------------------------------------------------------------

HOUSEHOLDS = 6


def test_households_moved_into_the_last_bed_at_once_never_overfill_the_room(artifacts_dir):
    with fresh_database("race-transfer") as url:
        with seeding(url) as seed:
            staff = [seed.user(f"staff-{n}", "shelter_staff") for n in range(HOUSEHOLDS)]
            target = seed.room("Knossos", beds=2)
            seed.stay(target, staff[0], first_name="AlreadyThere")  # one bed left
            movers = [seed.stay(seed.room(f"Room {n}", beds=1), staff[n], first_name=f"Mover{n}")
                      for n in range(HOUSEHOLDS)]
            stay_ids, target_id = [stay.id for stay in movers], target.id
            names = [user.username for user in staff]

        moved_on = format_dmy(today())
        attempts = [Attempt(name, f"/shelter/stays/{stay_id}", f"/shelter/stays/{stay_id}/transfer",
                            lambda _page: [("room_id", str(target_id)), ("moved_on", moved_on), ("submit", "1")])
                    for name, stay_id in zip(names, stay_ids, strict=True)]
        with gunicorn_server(url, workers=WORKERS, threads=THREADS) as base_url:
            responses, failures, elapsed = all_at_once(base_url, attempts)

        assert not failures, failures
        moved = [r for r in responses if r.status == 302]
        refused = [r for r in responses if r.status == 400]
        no_bed = "Room Knossos has 0 free bed(s) in service; this household needs 1."
        from housing.extensions import db
        from housing.shelter.models import Placement

        with app_context_on(url):
            in_target = db.session.scalar(sa.select(sa.func.count()).select_from(Placement).where(
                Placement.room_id == target_id, Placement.ended_on.is_(None)))
            placements = db.session.scalar(sa.select(sa.func.count()).select_from(Placement))
        figures = {"database": backend(url), "requests": len(responses), "moved": len(moved),
                   "refused_no_bed": sum(no_bed in r.text for r in refused),
                   "statuses": sorted(r.status for r in responses), "persons_in_target_after": in_target,
                   "beds_in_target": 2, "placements_after": placements, "workers": WORKERS, "threads": THREADS,
                   "seconds": round(elapsed, 3)}
        write_figures(artifacts_dir, "transfer", figures)

        assert len(moved) == 1, figures
        assert re.fullmatch(r"/shelter/stays/\d+", moved[0].location), moved[0].location
        assert len(refused) == HOUSEHOLDS - 1, figures
        for response in refused:
            assert no_bed in response.text, response.text[:2000]
        assert in_target == 2
        assert placements == 1 + HOUSEHOLDS + 1, "one new placement for the one move, none for the refusals"
        assert problems_in(url) == []


# --- (c) Night checks ----------------------------------------------------------------------------

NIGHT_STAFF = 4
WOMEN = 5


def test_night_checks_saved_at_once_leave_one_check_and_one_mark_per_woman(artifacts_dir):
    with fresh_database("race-night") as url:
        with seeding(url) as seed:
            day_staff = seed.user("day-staff", "shelter_staff")
            night = [seed.user(f"night-{n}", "night_shift") for n in range(NIGHT_STAFF)]
            room = seed.room("Phaistos", beds=WOMEN)
            stay_ids = [seed.stay(room, day_staff, first_name=f"Woman{n}").id for n in range(WOMEN)]
            names = [user.username for user in night]

        def marks_of(number: int) -> dict[int, bool]:
            """Each colleague saw a different night: a different woman absent."""
            return {stay_id: index != number for index, stay_id in enumerate(stay_ids)}

        def fields(number: int):
            def make(_page: str) -> list[tuple[str, str]]:
                found = []
                for stay_id, present in marks_of(number).items():
                    found += [(f"stay-{stay_id}", "present" if present else "absent"),
                              (f"note-{stay_id}", "" if present else f"Not back, seen by night-{number}")]
                return found + [("submit", "1")]
            return make

        attempts = [Attempt(name, "/shelter/night-check", "/shelter/night-check", fields(n))
                    for n, name in enumerate(names)]
        with gunicorn_server(url, workers=WORKERS, threads=THREADS) as base_url:
            responses, failures, elapsed = all_at_once(base_url, attempts)

        assert not failures, failures
        from housing.extensions import db
        from housing.shelter.models import NightCheck, NightCheckMark

        with app_context_on(url):
            checks = db.session.scalars(sa.select(NightCheck)).all()
            current = [(check.night_of, mark.stay_id, mark.present) for check in checks for mark in check.marks
                       if mark.current]
            all_marks = db.session.scalar(sa.select(sa.func.count()).select_from(NightCheckMark))
        nights = sorted({night for night, _stay, _present in current})
        figures = {"database": backend(url), "requests": len(responses),
                   "saved": sum(r.status == 302 for r in responses),
                   "statuses": sorted(r.status for r in responses), "checks": len(checks),
                   "nights": [night.isoformat() for night in nights], "current_marks": len(current),
                   "marks_written_in_all": all_marks, "women": WOMEN, "workers": WORKERS, "threads": THREADS,
                   "seconds": round(elapsed, 3)}
        write_figures(artifacts_dir, "night-check", figures)

        assert all(r.status == 302 for r in responses), figures  # the later saves correct the first
        # One check per night (noon to noon: a run across noon may span two nights, each checked once).
        assert len(checks) == len(nights) == len({check.night_of for check in checks})
        for night in nights:
            marked = [(stay, present) for n, stay, present in current if n == night]
            assert sorted(stay for stay, _present in marked) == sorted(stay_ids), "exactly one current mark each"
            # The marks of one whole submission — the last saved — never a mix of two.
            assert {stay: present for stay, present in marked} in [marks_of(n) for n in range(NIGHT_STAFF)]
        assert problems_in(url) == []


# --- (d) The follow-up after she left --------------------------------------------------------------

COLLEAGUES = 6


def _colleagues_at_once(url: str, names: list[str], page: str, action: str, fields) -> tuple[list, dict]:
    """Each colleague opens `page` and posts `fields(n)` to `action`, all at once, on a real server;
    the responses, and the figures every such race writes."""
    attempts = [Attempt(name, page, action, fields(n)) for n, name in enumerate(names)]
    with gunicorn_server(url, workers=WORKERS, threads=THREADS) as base_url:
        responses, failures, elapsed = all_at_once(base_url, attempts)
    assert not failures, failures
    return responses, {"database": backend(url), "requests": len(responses),
                       "statuses": sorted(r.status for r in responses), "seconds": round(elapsed, 3)}


def _left_stay(seed, by, first_name: str, consent):
    """A stay that ended 95 days ago: its 3-month follow-up is open today."""
    from housing.shelter import services as shelter

    stay = seed.stay(seed.room(f"Room of {first_name}", beds=2), by, first_name=first_name,
                     admitted_on=today() - timedelta(days=130))
    shelter.discharge(stay, today() - timedelta(days=95), "Moved on", "independent_housing", by, today(), consent)
    return stay


def test_colleagues_saving_her_first_consent_at_once_keep_one_record(artifacts_dir):
    with fresh_database("race-consent") as url:
        with seeding(url) as seed:
            staff = [seed.user(f"staff-{n}", "shelter_staff") for n in range(COLLEAGUES)]
            stay_id = _left_stay(seed, staff[0], "Ariadne", consent=None).id
            names = [user.username for user in staff]
        phones = [f"6944 000 00{n}" for n in range(COLLEAGUES)]

        def fields(number: int):
            return lambda _page: [("follow-up-consent-contact_consent", "y"),
                                  ("follow-up-consent-contact_channel", "phone"),
                                  ("follow-up-consent-contact_phone", phones[number]),
                                  ("follow-up-consent-submit_consent", "1")]

        page = f"/shelter/stays/{stay_id}/follow-up/consent"
        responses, figures = _colleagues_at_once(url, names, page, page, fields)
        from housing.extensions import db
        from housing.shelter.follow_up.models import StayFollowUp

        with app_context_on(url):
            records = db.session.execute(sa.select(StayFollowUp.consents, StayFollowUp.phone)
                                         .where(StayFollowUp.stay_id == stay_id)).all()
        figures["records"] = len(records)
        write_figures(artifacts_dir, "first-consent", figures)
        # Everyone is told it is saved (each later save corrects the one before); one record remains.
        assert [r.status for r in responses] == [302] * COLLEAGUES, figures
        assert len(records) == 1 and records[0].consents and records[0].phone in phones, figures


def test_a_third_unanswered_attempt_saved_at_once_is_recorded_once(artifacts_dir):
    with fresh_database("race-attempt") as url:
        with seeding(url) as seed:
            from housing.core.follow_up import ConsentInput
            from housing.shelter.follow_up import services as follow_up

            staff = [seed.user(f"staff-{n}", "shelter_staff") for n in range(COLLEAGUES)]
            stay = _left_stay(seed, staff[0], "Phaedra", consent=ConsentInput(True, "phone", "6944 123 456"))
            for days_ago in (4, 2):  # two calls she did not answer
                follow_up.record_attempt(stay, follow_up.AttemptInput(3, today() - timedelta(days=days_ago), "call",
                                                                      False), staff[0], today(), now_utc(), (3, 6, 12))
            stay_id = stay.id
            names = [user.username for user in staff]

        def fields(number: int):
            return lambda _page: [("follow-up-month", "3"), ("follow-up-attempted_on", format_dmy(today())),
                                  ("follow-up-channel", "call"), ("follow-up-reached", "no"),
                                  ("follow-up-note", f"No answer, called by staff-{number}"),
                                  ("follow-up-submit_attempt", "1")]

        page = f"/shelter/stays/{stay_id}/follow-up/attempt?month=3"
        responses, figures = _colleagues_at_once(url, names, page, f"/shelter/stays/{stay_id}/follow-up/attempt",
                                                 fields)
        from housing.extensions import db
        from housing.shelter.follow_up.models import StayFollowUp, StayFollowUpAttempt

        with app_context_on(url):
            months = db.session.scalars(sa.select(StayFollowUpAttempt.month).join(StayFollowUp)
                                        .where(StayFollowUp.stay_id == stay_id)).all()
        figures["attempts"] = len(months)
        write_figures(artifacts_dir, "third-attempt", figures)
        assert sorted(r.status for r in responses) == [302] + [400] * (COLLEAGUES - 1), figures
        assert months == [3, 3, 3], figures  # she is not called a fourth time
        refused = [r for r in responses if r.status == 400]
        assert all("Three attempts went unanswered" in r.text for r in refused), figures
