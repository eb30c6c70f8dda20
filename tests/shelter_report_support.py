"""A shelter history counted by hand, for the report's tests (and the browser test): the first
quarter of 2025 (01/01–31/03/2025, 90 nights), written straight into the models.

Beds: 10 created on 01/06/2024, a cot added on 01/02/2025 (11 from then); one bed out of service
from 10/03 up to, not including, 20/03 (10 nights), and one out in October 2024 (before the period).

Stays (nights in the period; persons = the woman and her children):
  S1  Anna    20/12/2024–10/01/2025 own_home             girl 3          9 nights × 2
  S2  Bella   05/01–05/01 other_shelter (same day)                       0 nights
  S3  Chloe   15/01–14/02 relatives                      boy 7, girl 12 that day  30 nights × 3
  S4  Dora    20/03– still open                          boy 11 (a day before 12) 12 × 2
  S5  Eva     01/11/2024–15/04/2025 (crosses the end)                   90 × 1
  S6  Fani    01/02–01/03 reintegration                                  28 × 1
  S7  Anna    20/02–25/03 independent_housing (back 41 days after S1) girl 3  33 × 2
  S8  Gina    01/09/2024–05/03 hospital                                  63 × 1
  S9  Hara    10/01/2024–10/02 unknown                                   40 × 1
  S10 Ioanna  01/03–31/03 own_home                       boy 16 (exception) 30 × 2
  S11 Katerina 01/10/2024–01/12/2024 (before the period: counts nowhere)
  S12 Lena    20/01–15/03 other                          girl 0          54 × 2
  S13 Fani    28/08/2025–01/10/2025 (back 180 days after S6, the window's last day)
  S14 Gina    01/06/2026–01/07/2026 (back 453 days after S8)
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from housing.extensions import db
from housing.shelter.models import (Bed, BedServicePeriod, Child, ExtensionRequest, Referral, Resident, Room, Stay,
                                    StayChild, TurnAway)

PERIOD_START, PERIOD_END = date(2025, 1, 1), date(2025, 3, 31)
_codes = iter(range(1, 10_000))


def _moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _resident(first_name: str, source: str) -> Resident:
    resident = Resident(first_name=first_name, last_name="Report", birth_date=date(1990, 1, 1),
                        referral_source=source)
    db.session.add(resident)
    return resident


def _stay(resident: Resident, by, admitted: date, discharged: date | None = None, destination: str = "",
          children=()) -> Stay:
    stay = Stay(case_code=f"SH-R-{next(_codes):04d}", resident=resident, admitted_on=admitted, original_end=admitted,
                planned_end=admitted, discharged_on=discharged, destination=destination,
                discharge_reason="Moved on" if discharged else "", admitted_by_id=by.id)
    db.session.add(stay)
    for kid, exception in children:
        db.session.add(StayChild(stay=stay, child=kid, exception_reason=exception))
    return stay


def _child(mother: Resident, name: str, born: date, sex: str) -> Child:
    kid = Child(mother=mother, first_name=name, birth_date=born, sex=sex)
    db.session.add(kid)
    return kid


def build_quarter(by) -> dict[str, Stay]:
    """The history above; `by` is the user recorded as admitting and deciding."""
    rooms = [Room(name=f"Report room {name}", floor="") for name in "ABC"]
    db.session.add_all(rooms)
    built = _moment(date(2024, 6, 1))
    beds = [Bed(room=rooms[index], label=f"{index}-{number}", created_at=built)
            for index, count in enumerate((4, 4, 2)) for number in range(count)]
    beds.append(Bed(room=rooms[2], label="cot", is_cot=True, created_at=_moment(date(2025, 2, 1), 8)))
    db.session.add_all(beds)
    db.session.flush()
    db.session.add_all([
        BedServicePeriod(bed_id=beds[0].id, out_from=date(2025, 3, 10), back_on=date(2025, 3, 20), reason="Repairs"),
        BedServicePeriod(bed_id=beds[1].id, out_from=date(2024, 10, 1), back_on=date(2024, 10, 5), reason="Paint"),
    ])

    anna, bella, chloe = _resident("Anna", "self"), _resident("Bella", "police"), _resident("Chloe", "sos_15900")
    dora, eva, fani = _resident("Dora", "sos_15900"), _resident("Eva", "police"), _resident("Fani", "sos_15900")
    gina, hara, ioanna = _resident("Gina", "hospital"), _resident("Hara", "other"), _resident("Ioanna", "social_services")
    katerina, lena = _resident("Katerina", "police"), _resident("Lena", "hospital")
    annas_girl = _child(anna, "Μαρία", date(2021, 6, 1), "F")
    stays = {
        "S1": _stay(anna, by, date(2024, 12, 20), date(2025, 1, 10), "own_home", [(annas_girl, "")]),
        "S2": _stay(bella, by, date(2025, 1, 5), date(2025, 1, 5), "other_shelter"),
        "S3": _stay(chloe, by, date(2025, 1, 15), date(2025, 2, 14), "relatives",
                    [(_child(chloe, "Γιώργος", date(2017, 5, 5), "M"), ""),
                     (_child(chloe, "Ελένη", date(2013, 1, 15), "F"), "")]),  # 12 that day
        "S4": _stay(dora, by, date(2025, 3, 20), None, "", [(_child(dora, "Πέτρος", date(2013, 3, 21), "M"), "")]),
        "S5": _stay(eva, by, date(2024, 11, 1), date(2025, 4, 15), "own_home"),
        "S6": _stay(fani, by, date(2025, 2, 1), date(2025, 3, 1), "reintegration"),
        "S7": _stay(anna, by, date(2025, 2, 20), date(2025, 3, 25), "independent_housing", [(annas_girl, "")]),
        "S8": _stay(gina, by, date(2024, 9, 1), date(2025, 3, 5), "hospital"),
        "S9": _stay(hara, by, date(2024, 1, 10), date(2025, 2, 10), "unknown"),
        "S10": _stay(ioanna, by, date(2025, 3, 1), date(2025, 3, 31), "own_home",
                     [(_child(ioanna, "Νίκος", date(2008, 7, 1), "M"), "Her only support; no other place for him")]),
        "S11": _stay(katerina, by, date(2024, 10, 1), date(2024, 12, 1), "relatives"),
        "S12": _stay(lena, by, date(2025, 1, 20), date(2025, 3, 15), "other",
                     [(_child(lena, "Άννα", date(2024, 8, 1), "F"), "")]),
        "S13": _stay(fani, by, date(2025, 8, 28), date(2025, 10, 1), "relatives"),
        "S14": _stay(gina, by, date(2026, 6, 1), date(2026, 7, 1), "own_home"),
    }
    db.session.flush()

    def extension(stay: str, requested: datetime, status: str, current: date, proposed: date,
                  decided: date | None = None) -> ExtensionRequest:
        return ExtensionRequest(stay_id=stays[stay].id, status=status, current_end=current, proposed_end=proposed,
                                reason="Needs time", requested_by_id=by.id, requested_at=requested,
                                decided_end=decided, decided_by_id=by.id if decided else None)

    db.session.add_all([
        extension("S5", _moment(date(2025, 1, 20)), "approved", date(2025, 2, 1), date(2025, 3, 1), date(2025, 3, 1)),
        extension("S8", _moment(date(2025, 2, 3)), "approved", date(2025, 2, 15), date(2025, 3, 31), date(2025, 3, 5)),
        extension("S3", _moment(date(2025, 2, 1)), "rejected", date(2025, 2, 14), date(2025, 3, 14)),
        extension("S4", _moment(date(2025, 3, 28)), "pending", date(2025, 6, 20), date(2025, 7, 20)),
        extension("S9", _moment(date(2024, 12, 15)), "approved", date(2024, 12, 31), date(2025, 2, 10),
                  date(2025, 2, 10)),  # before the period
        # 22:30 UTC on 31/03 is 01:30 on 01/04 in Heraklion: after the period.
        extension("S5", datetime(2025, 3, 31, 22, 30, tzinfo=UTC), "pending", date(2025, 3, 1), date(2025, 4, 15)),
        # 22:30 UTC on 31/12/2024 is 00:30 on 01/01/2025 in Heraklion: within it.
        extension("S9", datetime(2024, 12, 31, 22, 30, tzinfo=UTC), "closed", date(2025, 2, 10), date(2025, 3, 10)),
    ])

    def referral(received: date, source: str, status: str = "waiting", closed: date | None = None) -> Referral:
        return Referral(received_on=received, source=source, household_size=2, urgency="high", status=status,
                        closed_on=closed, created_by_id=by.id, created_at=_moment(received))

    db.session.add_all([
        referral(date(2025, 1, 3), "sos_15900", "admitted", date(2025, 1, 15)),
        referral(date(2025, 2, 10), "police", "placed_elsewhere", date(2025, 2, 12)),
        referral(date(2025, 3, 12), "sos_15900"),
        referral(date(2024, 12, 20), "organisation", "withdrawn", date(2025, 1, 8)),
        referral(date(2025, 3, 30), "other", "placed_elsewhere", date(2025, 4, 2)),
    ])

    def turned_away(on: date, source: str, reason: str, children: int = 0) -> TurnAway:
        return TurnAway(occurred_on=on, source=source, children=children, reason=reason, recorded_by_id=by.id,
                        recorded_at=_moment(on))

    db.session.add_all([
        turned_away(date(2025, 1, 7), "sos_15900", "full", 2),
        turned_away(date(2025, 1, 25), "police", "full"),
        turned_away(date(2025, 2, 18), "sos_15900", "no_room_fits", 4),
        turned_away(date(2025, 3, 3), "social_services", "child_over_age", 1),
        turned_away(date(2025, 3, 31), "sos_15900", "full", 1),
        turned_away(date(2025, 4, 1), "sos_15900", "full"),  # after the period
        turned_away(date(2024, 12, 31), "police", "full"),  # before it
    ])
    db.session.flush()
    return stays


def reports_sample() -> dict:
    """URL arguments for the reports' routes: the shelter's report and one of its tables."""
    return {"report": "shelter", "table": "bed_nights"}


def build_history(by, years: int, stays_per_year: int, end: date, seed: int = 10) -> int:
    """`years` of made-up history up to `end`, written through the models: stays of every
    length and destination, children, extensions, referrals, turn-aways, a woman now and then
    coming back. Returns the number of stays."""
    import random
    from datetime import timedelta

    from housing.shelter.models import DESTINATIONS, REFERRAL_SOURCES, TURN_AWAY_REASONS

    rng = random.Random(seed)
    room = Room(name=f"History room {seed}", floor="")
    db.session.add(room)
    db.session.add_all(Bed(room=room, label=f"h{number}", created_at=_moment(end - timedelta(days=years * 366)))
                       for number in range(24))
    start = end - timedelta(days=years * 365)
    came_back: list[Resident] = []
    count = 0
    for index in range(years * stays_per_year):
        admitted = start + timedelta(days=rng.randrange(years * 365))
        length = rng.choice((0, rng.randrange(1, 60), rng.randrange(30, 120), rng.randrange(90, 400)))
        discharged: date | None = admitted + timedelta(days=length)
        if discharged is not None and discharged > end:
            discharged = None
        resident = came_back.pop() if came_back and discharged and rng.random() < 0.5 else None
        if resident is None:
            resident = _resident(f"Ιστορία-{seed}-{index}", rng.choice(REFERRAL_SOURCES))
        children = [(_child(resident, "Παιδί", admitted - timedelta(days=rng.randrange(30, 6000)),
                            rng.choice("FM")), rng.choice(("", "", "", "Exception")))
                    for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))]
        stay = _stay(resident, by, admitted, discharged, rng.choice(DESTINATIONS) if discharged else "", children)
        if discharged is not None and rng.random() < 0.15:
            came_back.append(resident)
        if rng.random() < 0.3:
            status = rng.choice(("approved", "rejected", "closed")) if discharged else "pending"
            db.session.add(ExtensionRequest(stay=stay, status=status, current_end=admitted + timedelta(days=90),
                                            proposed_end=admitted + timedelta(days=120), reason="Needs time",
                                            requested_by_id=by.id, requested_at=_moment(admitted + timedelta(days=60)),
                                            decided_end=admitted + timedelta(days=110) if status == "approved" else None))
        if rng.random() < 0.4:
            db.session.add(Referral(received_on=admitted, source=rng.choice(REFERRAL_SOURCES), household_size=2,
                                    urgency="normal", status=rng.choice(("admitted", "placed_elsewhere", "withdrawn")),
                                    closed_on=admitted + timedelta(days=3), created_by_id=by.id,
                                    created_at=_moment(admitted)))
        if rng.random() < 0.3:
            db.session.add(TurnAway(occurred_on=admitted, source=rng.choice(REFERRAL_SOURCES),
                                    children=rng.randrange(4), reason=rng.choice(TURN_AWAY_REASONS),
                                    recorded_by_id=by.id, recorded_at=_moment(admitted)))
        count += 1
        if index % 200 == 0:
            db.session.flush()
    db.session.flush()
    return count
