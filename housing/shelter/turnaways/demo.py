"""Demo data of the turn-away register and of beds' service history (never a feed token: tokens
are made by the admin, shown once)."""
from __future__ import annotations

from datetime import date, timedelta

from housing.core.clock import now_utc
from housing.extensions import db
from housing.shelter.models import BedServicePeriod, Room
from housing.shelter.turnaways.services import TurnAwayInput, record_turn_away

TURN_AWAYS = (  # days ago, source, children, oldest child's age, reason, referred instead to
    (2, "sos_15900", 3, 9, "no_room_fits", "Ξενώνας Φιλοξενίας Χανίων"),
    (5, "police", 1, 14, "child_over_age", "Κέντρο Κοινότητας Ηρακλείου"),
    (11, "hospital", 0, None, "full", "Ξενώνας της Μητρόπολης"),
    (19, "sos_15900", 2, 6, "full", "Γραμμή SOS 15900, για άλλη δομή"),
)


def load_turn_away_demo(rooms: list[Room], users: dict, today: date) -> None:
    for days_ago, source, children, oldest, reason, referred_to in TURN_AWAYS:
        record_turn_away(TurnAwayInput(today - timedelta(days=days_ago), source, children, oldest, reason,
                                       referred_to), users["night" if days_ago % 2 else "staff"], today, now_utc())
    bed = rooms[0].beds[0]
    db.session.add(BedServicePeriod(bed=bed, out_from=today - timedelta(days=40), back_on=today - timedelta(days=33),
                                    reason="Επισκευή υδραυλικών", recorded_by_id=users["admin"].id))
    db.session.flush()
