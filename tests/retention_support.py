"""A woman's whole shelter file with a distinctive marker in every personal field, for the
retention and subject-access tests."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC

from housing.core.clock import today
from housing.extensions import db
from housing.shelter import services
from tests.support import admission, child, make_room, make_user, settings

MARKERS = {
    "nationality": "NATIONALITY-MARK-51",
    "languages": "LANGUAGES-MARK-52",
    "phone": "6900005353",
    "notes": "FILE-NOTE-MARK-54",
    "referral": "REFERRAL-CONTACT-MARK-55",
    "hold": "HOLD-NOTE-MARK-56",
    "night": "NIGHT-NOTE-MARK-57",
    "extension": "EXTENSION-REASON-MARK-58",
    "discharge": "DISCHARGE-REASON-MARK-59",
}
FIRST, LAST, CHILD = "Δέσποινα", "Αλεξάκη", "Ορέστης"
NAMING_HER = "Τηλεφώνησε ο πρώην σύζυγος της ΔΕΣΠΟΙΝΑΣ ΑΛΕΞΑΚΗ, δεν του είπαμε τίποτα"
NOT_HER = "Χάλασε ο θερμοσίφωνας του δεύτερου ορόφου"


def years_ago(years: int, days: int = 0) -> date:
    return today() - timedelta(days=365 * years + days)


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def her_whole_file(admitted: date) -> dict:
    """A woman referred, held for, admitted from the waiting list with a child, checked at
    night, written about in the shift log, extended and discharged, all on `admitted`'s clock."""
    staff, night_shift = make_user("shelter_staff"), make_user("night_shift")
    room = make_room(beds=3, name=f"Φαιστός {admitted.isoformat()}")
    referral = services.create_referral(services.ReferralInput(
        admitted, "police", 2, "high", MARKERS["referral"], [(6, "M")]), staff, admitted, at_noon(admitted))
    hold = services.hold_beds(room, 2, at_noon(admitted) + timedelta(days=1), MARKERS["hold"], staff,
                              at_noon(admitted), settings().capacity, referral)
    data = admission(room, first_name=FIRST, last_name=LAST, admitted_on=admitted,
                     children=[child(CHILD, 2200, "M", admitted_on=admitted)])
    data.nationality, data.languages = MARKERS["nationality"], MARKERS["languages"]
    data.phone, data.notes, data.referral_id = MARKERS["phone"], MARKERS["notes"], referral.id
    stay = services.admit(data, staff, today(), settings(), now=at_noon(admitted))
    services.save_night_check(admitted + timedelta(days=3), {stay.id: (False, MARKERS["night"])}, night_shift,
                              at_noon(admitted + timedelta(days=3)))
    naming = services.write_shift_entry("incident", NAMING_HER, night_shift, at_noon(admitted + timedelta(days=4)))
    other = services.write_shift_entry("maintenance", NOT_HER, night_shift, at_noon(admitted + timedelta(days=4)))
    services.request_extension(stay, stay.planned_end + timedelta(days=20), MARKERS["extension"], staff,
                               at_noon(admitted + timedelta(days=50)))
    services.discharge(stay, admitted + timedelta(days=60), MARKERS["discharge"], "relatives", staff, today())
    db.session.flush()
    return {"stay": stay, "resident": stay.resident, "referral": referral, "hold": hold, "naming": naming,
            "other": other}
