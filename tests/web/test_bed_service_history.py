"""A bed's service history: taking it out of service opens a period, putting it back closes it,
in the same request as the bed's change; the admin reads the history on the room's page."""
from __future__ import annotations

from datetime import date

import time_machine
from sqlalchemy import select

from housing.extensions import db
from housing.shelter.models import Bed, BedServicePeriod
from tests.support import make_room, make_user

# 22:30 UTC on 30 November is 00:30 on 1 December in Heraklion: the period starts on the Athens day.
LATE_EVENING_UTC = "2026-11-30 22:30:00+00:00"


def _periods(app, bed_id):
    with app.app_context():
        return [(p.out_from, p.back_on, p.reason) for p in db.session.scalars(
            select(BedServicePeriod).where(BedServicePeriod.bed_id == bed_id).order_by(BedServicePeriod.id))]


def _room(app, beds=2):
    with app.app_context():
        room = make_room(beds=beds, name="Αριάδνη")
        make_user("admin", username="history-admin")
        db.session.commit()
        return room.id, [bed.id for bed in room.beds]


def _as_admin(app):
    from tests.support import login

    client = app.test_client()
    login(client, "history-admin")
    return client


def test_out_of_service_and_back_open_and_close_one_period_on_the_athens_day(app):
    room_id, (bed_id, _) = _room(app)
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        response = _as_admin(app).post(f"/rooms/beds/{bed_id}/out-of-service", data={"reason": "Υγρασία στον τοίχο"})
    assert response.status_code == 302
    assert _periods(app, bed_id) == [(date(2026, 12, 1), None, "Υγρασία στον τοίχο")]
    with time_machine.travel("2026-12-05 09:00:00+00:00", tick=False):
        assert _as_admin(app).post(f"/rooms/beds/{bed_id}/in-service", data={}).status_code == 302
    assert _periods(app, bed_id) == [(date(2026, 12, 1), date(2026, 12, 5), "Υγρασία στον τοίχο")]
    with app.app_context():
        assert db.session.get(Bed, bed_id).in_service is True
    page = _as_admin(app).get(f"/rooms/{room_id}").get_data(as_text=True)
    assert "01/12/2026" in page and "05/12/2026" in page and "Υγρασία στον τοίχο" in page


def test_a_refused_withdrawal_opens_no_period(app):
    room_id, (bed_id, _) = _room(app)
    client = _as_admin(app)
    response = client.post(f"/rooms/beds/{bed_id}/out-of-service", data={"reason": "   "})
    assert response.status_code == 400
    assert _periods(app, bed_id) == []
    with app.app_context():
        assert db.session.get(Bed, bed_id).in_service is True


def test_putting_back_a_bed_already_in_service_writes_no_period(app):
    room_id, (bed_id, _) = _room(app)
    client = _as_admin(app)
    assert client.post(f"/rooms/beds/{bed_id}/in-service", data={}).status_code == 302
    assert _periods(app, bed_id) == []


def test_the_room_page_lists_every_period_latest_first_and_says_which_is_still_open(app):
    room_id, (first, second) = _room(app)
    with time_machine.travel("2026-10-01 08:00:00+00:00", tick=False):
        _as_admin(app).post(f"/rooms/beds/{first}/out-of-service", data={"reason": "Βάψιμο"})
    with time_machine.travel("2026-10-04 08:00:00+00:00", tick=False):
        _as_admin(app).post(f"/rooms/beds/{first}/in-service", data={})
    with time_machine.travel("2026-11-20 08:00:00+00:00", tick=False):
        _as_admin(app).post(f"/rooms/beds/{second}/out-of-service", data={"reason": "Σπασμένο στρώμα"})
    page = _as_admin(app).get(f"/rooms/{room_id}").get_data(as_text=True)
    history = page[page.index('id="service-history"'):]
    assert history.index("20/11/2026") < history.index("01/10/2026")
    assert "still out of service" in history and "04/10/2026" in history


def test_a_room_without_history_says_so(app):
    room_id, _ = _room(app)
    page = _as_admin(app).get(f"/rooms/{room_id}").get_data(as_text=True)
    assert "No bed of this room has been out of service." in page
