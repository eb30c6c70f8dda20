"""Pages run a fixed number of SQL statements whatever the number of rooms and stays."""
from __future__ import annotations

from datetime import timedelta

import pytest

from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
from housing.shelter.night.views import tonight
from tests.support import QueryCounter, child, make_room, make_stay, make_user


def add_households(app, rooms: int) -> int:
    """`rooms` rooms, each with a woman and two children; one moved once; returns a stay id."""
    with app.test_request_context():
        staff = make_user("shelter_staff")
        spare = make_room(beds=4)
        stay = None
        for _ in range(rooms):
            room = make_room(beds=3)
            stay = make_stay(room=room, by=staff, admitted_on=today() - timedelta(days=20),
                             children=[child("Α", 1000, "F", index=0), child("Β", 2000, "M", index=1)])
            # the shelter's daily work grows with the households: requests, log lines, referrals
            services.request_extension(stay, stay.planned_end + timedelta(days=30), "flat", staff, now_utc())
            services.write_shift_entry("handover", "quiet", staff, now_utc())
            services.create_referral(services.ReferralInput(today(), "police", 2, "high", children=[(13, "M")]),
                                     staff, today(), now_utc())
        # Tonight's check (noon to noon, as the page reads it): the page shows its marks at any hour.
        services.save_night_check(tonight(), {s.id: (False, "") for s in stays_now()}, staff, now_utc())
        services.transfer(stay, spare.id, today(), staff, today())
        db.session.commit()
        return stay.id


def stays_now():
    from housing.shelter.night.queries import households_by_room

    return [household.stay for household in households_by_room()]


# Statements per page, read from the statements and written here: every page at most 8, the same
# with 2 households as with 12. Each counts the session check (1: the session, her account and
# roles) and the menu's alert count (1: every alert's facts in one statement), e.g. the board:
# rooms with their beds, who is where, holds and the last night's absences (4); the stay page: her file (1),
# her records (1), the room choice (1), the safety plan (1), her deadlines (1) and the audited opening (1);
# the dashboard: the names beside the case codes (1).
STATEMENTS = {
    "/shelter/board": 6, "/shelter/board/print": 6, "/shelter/residents": 5,
    "/shelter/residents?status=all&q=sh-": 5, "/shelter/residents?status=all&q=ΕΛΕΝΗ": 5, "/shelter/admit": 5,
    "/shelter/stays/{stay}": 8, "/rooms/": 5, "/alerts/": 3, "/shelter/night-check": 6, "/shelter/night-checks": 3,
    "/shelter/log": 4, "/shelter/evacuation": 6, "/shelter/waiting-list": 6, "/shelter/extensions": 6,
    "/shelter/holds": 4, "/audit/": 4,
}


@pytest.mark.parametrize("path", list(STATEMENTS))
def test_statement_count_does_not_grow_with_the_data(app, client_as, path):
    client = client_as("coordinator", "admin")
    stay = add_households(app, 2)
    url = path.format(stay=stay)
    with QueryCounter(app) as small:
        assert client.get(url).status_code == 200
    stay = add_households(app, 12)
    url = path.format(stay=stay)
    with QueryCounter(app) as large:
        assert client.get(url).status_code == 200
    assert large.count == small.count, "\n".join(large.statements)
    assert small.count == STATEMENTS[path], "\n".join(small.statements)
