"""Small factories with sensible defaults, and helpers shared by the tests."""
from __future__ import annotations

import itertools
import re
import uuid
from datetime import date, timedelta

from flask import current_app

from housing.auth import services as accounts
from housing.auth.models import User
from housing.core.clock import today
from housing.shelter import services as shelter
from housing.shelter.models import Room, Stay

DEMO_PASSWORD = "heraklion-demo"


def make_user(*roles: str, username: str | None = None, locale: str = "en") -> User:
    """A user with these roles. English, so that tests can read the messages; Greek is tested apart."""
    return accounts.create_user(username or f"user-{uuid.uuid4().hex[:8]}", "Test Person", DEMO_PASSWORD,
                                list(roles), locale=locale)


def make_room(beds: int = 4, cots: int = 0, name: str | None = None) -> Room:
    return shelter.create_room(name or f"Room {uuid.uuid4().hex[:6]}", "", beds, cots)


def settings(**changes) -> shelter.ShelterSettings:
    base = shelter.ShelterSettings.from_config(current_app.config)
    return shelter.ShelterSettings(changes.get("capacity", base.capacity), changes.get("stay_months", base.stay_months),
                                   changes.get("child_age_limits", base.child_age_limits))


def child(first_name: str = "Νίκος", age_days: int = 2000, sex: str = "M", admitted_on: date | None = None,
          exception_reason: str = "", index: int = 0) -> shelter.ChildInput:
    admitted_on = admitted_on or today()
    return shelter.ChildInput(first_name, admitted_on - timedelta(days=age_days), sex, exception_reason,
                              field_prefix=f"children-{index}")


# A new first name for each woman made here, never two alike: the earlier-record check refuses a
# second woman of the same name and date of birth (four random hex digits could repeat).
_FIRST_NAMES = itertools.count(1)


def admission(room: Room, *, first_name: str | None = None, last_name: str = "Παπαδάκη",
              birth_date: date = date(1990, 4, 2), admitted_on: date | None = None, children=(),
              existing_resident_id: int | None = None, referral_source: str = "sos_15900") -> shelter.AdmissionInput:
    return shelter.AdmissionInput(
        first_name=first_name or f"Ελένη-{next(_FIRST_NAMES)}", last_name=last_name, birth_date=birth_date,
        room_id=room.id, admitted_on=admitted_on or today(), referral_source=referral_source,
        children=list(children), existing_resident_id=existing_resident_id)


def make_stay(room: Room | None = None, children=(), by: User | None = None, admitted_on: date | None = None,
              **fields) -> Stay:
    room = room or make_room(beds=1 + len(children))
    by = by or make_user("shelter_staff")
    return shelter.admit(admission(room, children=children, admitted_on=admitted_on, **fields), by,
                         today(), settings())


def login(client, username: str, password: str = DEMO_PASSWORD):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, f"login as {username} failed"
    return response


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def field_errors(html: str) -> list[str]:
    import html as html_lib

    return [html_lib.unescape(m) for m in re.findall(r'class="field-error"[^>]*>([^<]*)<', html)]


def form_errors(html: str) -> list[str]:
    import html as html_lib

    block = re.search(r'class="form-errors"[^>]*>(.*?)</div>', html, re.S)
    return [html_lib.unescape(m.strip()) for m in re.findall(r"<p>(.*?)</p>", block.group(1), re.S)] if block else []


class QueryCounter:
    """Counts the SQL statements the app sends while the block runs."""

    def __init__(self, app):
        from housing.extensions import db as database

        self.target = database._app_engines[app][None]  # noqa: SLF001 - the test's connection (see conftest)
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            self.statements.append(statement)

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.target, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event

        event.remove(self.target, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


def shelter_operations_sample(stay: Stay, room: Room) -> dict:
    """One of each record of the shelter's daily work, for tests that need ids to visit."""
    from datetime import timedelta as _delta

    from housing.core.clock import now_utc
    from housing.shelter.night.rules import night_of
    from housing.core.clock import to_athens

    staff = make_user("shelter_staff")
    now = now_utc()
    request = shelter.request_extension(stay, stay.planned_end + _delta(days=30), "Needs time to find a flat",
                                        staff, now)
    night = night_of(to_athens(now))
    shelter.save_night_check(night, {stay.id: (True, "")}, staff, now)
    entry = shelter.write_shift_entry("handover", "Quiet night", staff, now)
    referral = shelter.create_referral(shelter.ReferralInput(today(), "police", 1, "high"), staff, today(), now)
    hold = shelter.hold_beds(room, 1, now + _delta(hours=6), "expected tonight", staff, now, 20, referral)
    return {"request_id": request.id, "night": night.isoformat(), "entry_id": entry.id, "referral_id": referral.id,
            "hold_id": hold.id, "resident_id": stay.resident_id}


def close_database() -> None:
    """End the app context's session, then close the engine's connections (no leaks)."""
    from housing.extensions import db as database

    database.session.remove()
    database.engine.dispose()
