"""Demo data: one user per role and a shelter in use. Never loadable under the production config.

`flask --app wsgi demo load [--if-empty]` loads it into an empty database."""
from __future__ import annotations

from datetime import date, timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from housing.auth import services as accounts
from housing.auth.rules import DEMO_PASSWORD
from housing.auth.models import User
from housing.core.clock import now_utc
from housing.core import clock
from housing.extensions import db
from housing.core.permissions import ROLES
from housing.programmes.aftercare.demo import load_aftercare_demo
from housing.programmes.demo import load_reintegration_demo, load_small_programme_demo
from housing.programmes.programme import programmes
from housing.shelter import services as shelter
from housing.shelter.models import Room
from housing.shelter.follow_up.demo import load_deadlines_demo, load_follow_up_demo
from housing.shelter.safety.demo import load_safety_demo
from housing.shelter.report_demo import load_report_demo
from housing.shelter.turnaways.demo import load_turn_away_demo

DEMO_USERS = (
    ("admin", "Νίκος Αδμηνιστράτορας", ["admin"]),
    ("coordinator", "Ελένη Συντονίστρια", ["coordinator"]),
    ("staff", "Μαρία Κοινωνική Λειτουργός", ["shelter_staff"]),
    ("night", "Άννα Νυχτερινή Βάρδια", ["night_shift"]),
    ("caseworker", "Γιώργος Επανένταξη", ["reintegration_staff"]),
    ("caseworker2", "Κατερίνα Βασιλάκη", ["reintegration_staff"]),
    ("caseworker3", "Μανώλης Σφακιανάκης", ["reintegration_staff"]),
    ("caseworker4", "Δήμητρα Αποστολάκη", ["reintegration_staff"]),
    ("anoiko", "Στέλλα Αν-Οίκω", ["anoiko_staff"]),  # only where An-Oiko is configured (development)
)

ROOMS = (("Αριάδνη", "Ισόγειο", 3, 1), ("Φαιστός", "Ισόγειο", 4, 0), ("Κνωσός", "1ος όροφος", 3, 1),
         ("Ζάκρος", "1ος όροφος", 2, 1), ("Μάλια", "2ος όροφος", 4, 0), ("Γόρτυνα", "2ος όροφος", 2, 0),
         ("Ελεύθερνα", "3ος όροφος", 3, 1), ("Αξός", "3ος όροφος", 2, 0), ("Λατώ", "3ος όροφος", 2, 1),
         ("Πραισός", "Ισόγειο", 2, 0))

# (first, last, age, nationality, languages, source, room, days ago, children [(name, sex, age in days)])
Household = tuple[str, str, int, str, str, str, int, int, list[tuple[str, str, int]]]
WOMEN: tuple[Household, ...] = (
    ("Ελένη", "Παπαδάκη", 34, "Ελληνική", "Ελληνικά", "sos_15900", 0, 85,
     [("Νίκος", "M", 3900), ("Άρτεμις", "F", 2100)]),
    ("Amira", "Haddad", 29, "Συριακή", "Αραβικά, Αγγλικά", "social_services", 1, 60, [("Layla", "F", 1500)]),
    ("Κατερίνα", "Μαρκάκη", 41, "Ελληνική", "Ελληνικά", "police", 1, 88, []),
    ("Olena", "Kovalenko", 37, "Ουκρανική", "Ουκρανικά, Ρωσικά", "organisation", 2, 40,
     [("Dmytro", "M", 4300), ("Sofia", "F", 900)]),
    ("Γεωργία", "Τζανάκη", 25, "Ελληνική", "Ελληνικά", "hospital", 3, 20, [("Μαρία", "F", 200)]),
    ("Fatima", "Rahimi", 31, "Αφγανική", "Νταρί, Φαρσί", "sos_15900", 4, 10,
     [("Ali", "M", 2500), ("Zahra", "F", 3300)]),
    ("Σοφία", "Δασκαλάκη", 45, "Ελληνική", "Ελληνικά, Αγγλικά", "self", 5, 5, []),
    ("Ioana", "Popescu", 28, "Ρουμανική", "Ρουμανικά, Ελληνικά", "social_services", 4, 2, []),
    ("Χρυσούλα", "Βλαχάκη", 52, "Ελληνική", "Ελληνικά", "police", 5, 100, []),
    ("Nadia", "Benali", 27, "Μαροκινή", "Αραβικά, Γαλλικά", "sos_15900", 6, 30, [("Yasmin", "F", 2900),
                                                                               ("Omar", "M", 1200)]),
    ("Μαρίνα", "Σηφάκη", 38, "Ελληνική", "Ελληνικά", "social_services", 0, 15, []),
    ("Tamara", "Beridze", 33, "Γεωργιανή", "Γεωργιανά, Ρωσικά", "organisation", 7, 12, [("Nino", "F", 3100)]),
    ("Ευαγγελία", "Κουτράκη", 47, "Ελληνική", "Ελληνικά", "hospital", 8, 50, [("Στέλιος", "M", 3000)]),
    ("Samira", "Ahmadi", 24, "Ιρανική", "Φαρσί, Αγγλικά", "sos_15900", 1, 7, []),
    ("Αγγελική", "Πετράκη", 36, "Ελληνική", "Ελληνικά", "police", 2, 3, []),
    ("Mirela", "Hoxha", 30, "Αλβανική", "Αλβανικά, Ελληνικά", "self", 9, 25, [("Arta", "F", 1800)]),
    ("Ζωή", "Μανωλάκη", 29, "Ελληνική", "Ελληνικά", "sos_15900", 3, 1, []),
)

FORMER = (
    ("Δέσποινα", "Αλεξάκη", 39, "Ελληνική", "Ελληνικά", "police", 1, 200, 110, "independent_housing"),
    ("Leila", "Mansour", 33, "Λιβανέζικη", "Αραβικά, Γαλλικά", "sos_15900", 2, 150, 40, "reintegration"),
)


def database_is_empty() -> bool:
    return (db.session.scalar(select(func.count()).select_from(User)) or 0) == 0


def load_demo(today: date) -> dict[str, int]:
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise RuntimeError("Demo data cannot be loaded under the production configuration.")
    users = {name: accounts.create_user(name, full, DEMO_PASSWORD, roles) for name, full, roles in DEMO_USERS
             if set(roles) <= set(ROLES)}
    users["admin"].locale = "el"
    rooms = [shelter.create_room(name, floor, beds, cots) for name, floor, beds, cots in ROOMS]
    settings = shelter.ShelterSettings.from_config(current_app.config)
    staff = users["staff"]

    def household(first, last, age, nationality, languages, source, room, days_ago, children):
        admitted = today - timedelta(days=days_ago)
        return shelter.AdmissionInput(
            first_name=first, last_name=last, birth_date=date(admitted.year - age, 5, 14), room_id=rooms[room].id,
            admitted_on=admitted, referral_source=source, nationality=nationality, languages=languages,
            children=[shelter.ChildInput(name, admitted - timedelta(days=age_days), sex, field_prefix=f"children-{i}")
                      for i, (name, sex, age_days) in enumerate(children)])

    for first, last, age, nationality, languages, source, room, admitted_ago, left_ago, destination in FORMER:
        stay = shelter.admit(household(first, last, age, nationality, languages, source, room, admitted_ago, []),
                             staff, today - timedelta(days=admitted_ago), settings)
        shelter.discharge(stay, today - timedelta(days=left_ago), "Ολοκλήρωση φιλοξενίας", destination, staff,
                          today)
    aftercare = load_follow_up_demo(rooms, settings, users, today)  # women who left, with their follow-ups
    stays = [shelter.admit(household(*woman), staff, today, settings) for woman in WOMEN]
    _daily_work(stays, rooms, users, today, settings.capacity)
    load_safety_demo(stays, users, today)  # risk, protective orders, the door list
    aftercare |= load_deadlines_demo(stays, users, today)  # her deadlines
    load_report_demo(rooms, staff.id, today)
    load_turn_away_demo(rooms, users, today)
    programme = load_reintegration_demo(users, today)
    programme |= load_aftercare_demo(users, today)  # deadlines and follow-ups of REINTEGRATION
    for other in programmes(current_app).values():
        if other.code != "reintegration" and any(other.staff_role in user.roles for user in users.values()):
            programme |= load_small_programme_demo(other, users, today)
    db.session.flush()
    return {"users": len(users), "rooms": len(rooms), "active_stays": len(WOMEN), "former_stays": len(FORMER),
            **aftercare, **programme}


def _daily_work(stays, rooms, users, today: date, capacity: int) -> None:
    """Extensions, a night check, the log, holds and the waiting list, such that every kind of
    shelter alert shows on the day the demo is loaded."""
    now = now_utc()
    staff, coordinator, night = users["staff"], users["coordinator"], users["night"]
    by_name = {stay.resident.first_name: stay for stay in stays}
    amira = by_name["Amira"]
    approved = shelter.request_extension(amira, amira.planned_end + timedelta(days=30),
                                         "Αναμένεται διαθέσιμο διαμέρισμα από τον Δήμο.", staff,
                                         now - timedelta(days=20))
    shelter.decide_extension(approved, True, amira.planned_end + timedelta(days=30),
                             "Εγκρίνεται για 30 ημέρες.", coordinator, now - timedelta(days=19))
    katerina = by_name["Κατερίνα"]
    shelter.request_extension(katerina, katerina.planned_end + timedelta(days=45),
                              "Εκκρεμεί η απόφαση για την επιμέλεια· χρειάζεται ασφαλή διαμονή.", staff,
                              now - timedelta(hours=72))
    marks: dict[int, tuple[bool | None, str]] = {stay.id: (True, "") for stay in stays}
    marks[by_name["Ioana"].id] = (False, "")
    marks[by_name["Σοφία"].id] = (False, "Στην αδελφή της στο Ηράκλειο· ενημέρωσε στις 21:40.")
    shelter.save_night_check(today - timedelta(days=1), marks, night, now - timedelta(hours=8))
    shelter.write_shift_entry("handover", "Ήσυχη βάρδια. Η Ioana δεν επέστρεψε· δεν απαντά στο τηλέφωνο.", night,
                              now - timedelta(hours=6))
    shelter.write_shift_entry("maintenance", "Διαρροή στο μπάνιο του 2ου ορόφου· ειδοποιήθηκε ο υδραυλικός.",
                              staff, now - timedelta(hours=3))
    shelter.write_shift_entry("incident", "Άγνωστος άνδρας ρώτησε στην είσοδο για ένοικο· δεν δόθηκε καμία "
                              "πληροφορία. Ενημερώθηκε η αστυνομία.", staff, now - timedelta(hours=1))
    expected = shelter.create_referral(shelter.ReferralInput(today, "sos_15900", 1, "emergency",
                                                             "Επικοινωνία μόνο μέσω της γραμμής SOS."),
                                       staff, today, now)
    shelter.hold_beds(rooms[8], 1, now + timedelta(hours=10), "Αναμένεται απόψε", staff, now, capacity, expected)
    shelter.create_referral(shelter.ReferralInput(today - timedelta(days=3), "police", 3, "high",
                                                  "Μητέρα με δύο παιδιά· ο γιος είναι 13 ετών.",
                                                  children=[(13, "M"), (6, "F")]), staff, today, now)


def demo_rooms() -> list[Room]:
    return list(db.session.scalars(select(Room)).all())


demo_cli = AppGroup("demo", help="Demo data for trying the service out.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def load_command(if_empty: bool) -> None:
    """Load demo users (one per role, password heraklion-demo), rooms and stays."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException("Demo data cannot be loaded under the production configuration.")
    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data; demo data not loaded.")
            return
        raise click.ClickException("The database is not empty; demo data is only loaded into an empty one.")
    counts = load_demo(clock.today())
    db.session.commit()
    click.echo(f"Demo data loaded: {counts}")
    click.echo(f"Demo logins (password '{DEMO_PASSWORD}'): " + ", ".join(name for name, _, _ in DEMO_USERS))


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
