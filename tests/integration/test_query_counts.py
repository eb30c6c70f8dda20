"""Pages run a fixed number of SQL statements whatever the number of rooms and stays."""
from __future__ import annotations

from datetime import timedelta

import pytest

from housing.core.clock import now_utc, today
from housing.extensions import db
from housing.shelter import services
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
        services.save_night_check(today() - timedelta(days=1), {s.id: (False, "") for s in stays_now()}, staff,
                                  now_utc())
        services.transfer(stay, spare.id, today(), staff, today())
        db.session.commit()
        return stay.id


def stays_now():
    from housing.shelter.night.queries import households_by_room

    return [household.stay for household in households_by_room()]


@pytest.mark.parametrize("path", ["/shelter/board", "/shelter/board/print", "/shelter/residents",
                                  "/shelter/residents?status=all&q=sh-",
                                  "/shelter/residents?status=all&q=ΕΛΕΝΗ", "/shelter/admit", "/shelter/stays/{stay}",
                                  "/rooms/", "/alerts/", "/shelter/night-check", "/shelter/night-checks",
                                  "/shelter/log", "/shelter/evacuation", "/shelter/waiting-list",
                                  "/shelter/extensions", "/shelter/holds", "/audit/"])
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
    # A sanity bound: the menu's alert count alone reads ~14 (one statement per source: her deadlines,
    # follow-ups and the programmes' two added four); the stay page reads her deadlines in one more.
    assert small.count <= 45
