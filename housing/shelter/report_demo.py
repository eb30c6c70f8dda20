"""Demo rows the shelter's report reads that the daily demo work does not make: a bed's repairs
and a few requests turned away at once this year."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from housing.core.clock import ATHENS, now_utc
from housing.extensions import db
from housing.shelter.models import BedServicePeriod, Room, TurnAway

TURN_AWAYS = ((80, "sos_15900", "full", 2), (64, "police", "full", 0), (41, "sos_15900", "no_room_fits", 4),
              (23, "social_services", "child_over_age", 1), (9, "sos_15900", "full", 1), (5, "hospital", "other", 0))


def load_report_demo(rooms: list[Room], staff_id: int, today: date) -> None:
    # The demo's former stays began before today; its beds are taken to have been there since last
    # year, so the report's beds in service cover those nights.
    since = datetime.combine(date(today.year - 1, 1, 1), time(9), ATHENS)
    for room in rooms:
        for each in room.beds:
            each.created_at = since
    bed = rooms[0].beds[0]
    db.session.add(BedServicePeriod(bed_id=bed.id, out_from=today - timedelta(days=50),
                                    back_on=today - timedelta(days=40), reason="Επισκευή", recorded_by_id=staff_id))
    db.session.add_all(TurnAway(occurred_on=today - timedelta(days=days), source=source, reason=reason,
                                children=children, recorded_by_id=staff_id, recorded_at=now_utc())
                       for days, source, reason, children in TURN_AWAYS)
