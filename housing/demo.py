"""Demo data: one user per role and a shelter in use. Never loadable under the production config."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from housing.auth import services as accounts
from housing.auth.models import User
from housing.extensions import db
from housing.shelter import services as shelter
from housing.shelter.models import Room

DEMO_PASSWORD = "heraklion-demo"
DEMO_USERS = (
    ("admin", "Νίκος Αδμηνιστράτορας", ["admin"]),
    ("coordinator", "Ελένη Συντονίστρια", ["coordinator"]),
    ("staff", "Μαρία Κοινωνική Λειτουργός", ["shelter_staff"]),
    ("night", "Άννα Νυχτερινή Βάρδια", ["night_shift"]),
    ("caseworker", "Γιώργος Επανένταξη", ["reintegration_staff"]),
)

ROOMS = (("Αριάδνη", "Ισόγειο", 3, 1), ("Φαιστός", "Ισόγειο", 4, 0), ("Κνωσός", "1ος όροφος", 3, 1),
         ("Ζάκρος", "1ος όροφος", 2, 1), ("Μάλια", "2ος όροφος", 4, 0), ("Γόρτυνα", "2ος όροφος", 2, 0))

# (first, last, age, nationality, languages, source, room, days ago, children [(name, sex, age in days)])
WOMEN = (
    ("Ελένη", "Παπαδάκη", 34, "Ελληνική", "Ελληνικά", "sos_15900", 0, 85, [("Νίκος", "M", 3900), ("Άρτεμις", "F", 2100)]),
    ("Amira", "Haddad", 29, "Συριακή", "Αραβικά, Αγγλικά", "social_services", 1, 60, [("Layla", "F", 1500)]),
    ("Κατερίνα", "Μαρκάκη", 41, "Ελληνική", "Ελληνικά", "police", 1, 88, []),
    ("Olena", "Kovalenko", 37, "Ουκρανική", "Ουκρανικά, Ρωσικά", "organisation", 2, 40,
     [("Dmytro", "M", 4300), ("Sofia", "F", 900)]),
    ("Γεωργία", "Τζανάκη", 25, "Ελληνική", "Ελληνικά", "hospital", 3, 20, [("Μαρία", "F", 200)]),
    ("Fatima", "Rahimi", 31, "Αφγανική", "Νταρί, Φαρσί", "sos_15900", 4, 10, [("Ali", "M", 2500), ("Zahra", "F", 3300)]),
    ("Σοφία", "Δασκαλάκη", 45, "Ελληνική", "Ελληνικά, Αγγλικά", "self", 5, 5, []),
    ("Ioana", "Popescu", 28, "Ρουμανική", "Ρουμανικά, Ελληνικά", "social_services", 4, 2, []),
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
    users = {name: accounts.create_user(name, full, DEMO_PASSWORD, roles) for name, full, roles in DEMO_USERS}
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
    for woman in WOMEN:
        shelter.admit(household(*woman), staff, today, settings)
    db.session.flush()
    return {"users": len(users), "rooms": len(rooms), "active_stays": len(WOMEN), "former_stays": len(FORMER)}


def demo_rooms() -> list[Room]:
    return list(db.session.scalars(select(Room)).all())
