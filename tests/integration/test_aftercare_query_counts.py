"""The stay page and the beneficiary page read her deadlines and her follow-up in one statement
each, whatever their number: more items, attempts and women change no count."""
from __future__ import annotations

from datetime import timedelta

from housing.core.clock import now_utc, today
from housing.core.follow_up import ConsentInput
from housing.extensions import db
from housing.programmes import services as programmes
from housing.programmes.aftercare import services as aftercare
from tests.aftercare_support import add_deadline, attempt, left_stay
from tests.reintegration_support import make_beneficiary, make_caseworker
from tests.support import QueryCounter, make_stay, make_user


def shelter_pages(app, items: int) -> tuple[int, int]:
    """An active stay with `items` deadlines and a discharged one reached after attempts; `items`
    other women who left with their follow-ups."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        stay = make_stay(by=staff)
        for number in range(items):
            add_deadline(stay, "court_hearing" if number % 2 else "benefit_renewal", days=number + 1, by=staff)
        left = left_stay(200, by=staff)
        attempt(left, 3, on=today() - timedelta(days=100), by=staff)
        attempt(left, 3, on=today() - timedelta(days=99), reached=True, outcome="stably_housed", by=staff)
        for number in range(items):
            other = left_stay(100 + number, by=staff)
            attempt(other, 3, by=staff)
        db.session.commit()
        return stay.id, left.id


def test_the_stay_pages_count_does_not_grow_with_her_deadlines_or_follow_ups(app, client_as):
    client = client_as("coordinator")
    counts = []
    for items in (1, 8):
        active, left = shelter_pages(app, items)
        with QueryCounter(app) as on_active:
            assert client.get(f"/shelter/stays/{active}").status_code == 200
        with QueryCounter(app) as on_left:
            page = client.get(f"/shelter/stays/{left}")
            assert page.status_code == 200 and 'id="follow-up-3"' in page.get_data(as_text=True)
        counts.append((on_active.count, on_left.count))
    assert counts[0] == counts[1], counts


def programme_pages(app, items: int) -> tuple[int, int]:
    with app.test_request_context():
        worker = make_caseworker()
        person = make_beneficiary(worker, enrolled_on=today() - timedelta(days=400))
        for number in range(items):
            aftercare.record_deadline(person, "benefit_renewal", today() + timedelta(days=number + 1), "", "",
                                      worker, today(), now_utc())
        gone = make_beneficiary(worker, enrolled_on=today() - timedelta(days=800))
        programmes.exit_programme(gone, programmes.ExitInput("completed", today() - timedelta(days=400), "housed",
                                                             True, True), worker, today(),
                                  ConsentInput(True, "phone", "6944"))
        for month, day in ((6, 190), (12, 370)):
            aftercare.record_attempt(gone, aftercare.AttemptInput(month, gone.exited_on + timedelta(days=day),
                                                                  "call", True, "stably_housed", "in_work"),
                                     worker, today(), now_utc(), (6, 12))
        db.session.commit()
        return person.id, gone.id


def test_the_beneficiary_pages_count_does_not_grow_with_deadlines_or_follow_ups(app, client_as):
    client = client_as("coordinator")
    counts = []
    for items in (1, 8):
        active, gone = programme_pages(app, items)
        with QueryCounter(app) as on_active:
            assert client.get(f"/reintegration/beneficiaries/{active}").status_code == 200
        with QueryCounter(app) as on_gone:
            page = client.get(f"/reintegration/beneficiaries/{gone}")
            assert page.status_code == 200 and 'id="follow-up-12"' in page.get_data(as_text=True)
        counts.append((on_active.count, on_gone.count))
    assert counts[0] == counts[1], counts
