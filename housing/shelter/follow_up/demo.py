"""Demo deadlines and follow-ups: each of their alerts shows on the day the demo is loaded, and
the follow-up report has figures to show."""
from __future__ import annotations

from datetime import date, timedelta

from housing.core.clock import now_utc
from housing.core.follow_up import ConsentInput
from housing.shelter import services as shelter
from housing.shelter.deadlines import services as deadlines
from housing.shelter.follow_up import services
from housing.shelter.models import Room, Stay

# Women who left before the demo's day: (first, last, age, room, admitted days ago, left days ago,
# destination, consent), and the attempts to reach them: (month, days after leaving, channel,
# reached, outcome).
LEFT: tuple[tuple, ...] = (
    ("Βασιλική", "Ηλιάκη", 35, 6, 270, 190, "independent_housing", ConsentInput(True, "phone", "6944 123 456"),
     [(3, 93, "call", True, "stably_housed")]),
    ("Rania", "Saleh", 30, 7, 190, 100, "relatives",
     ConsentInput(True, "service", service="Συμβουλευτικό Κέντρο Γυναικών Ηρακλείου"),
     [(3, 95, "through_service", False, "")]),
    ("Στυλιανή", "Μαυράκη", 44, 8, 480, 400, "own_home", ConsentInput(True, "phone", "6977 654 321"),
     [(3, 92, "call", True, "housed_at_risk"), (6, 184, "call", True, "returned_home"),
      (12, 366, "call", False, ""), (12, 370, "call", False, ""), (12, 375, "message", False, "")]),
    ("Joanna", "Nowak", 32, 9, 160, 95, "other_shelter", ConsentInput(False), []),
)


def load_follow_up_demo(rooms: list[Room], settings: shelter.ShelterSettings, users: dict, today: date
                        ) -> dict[str, int]:
    """Before today's households are admitted: four women who left, three of whom consented.
    Βασιλική: reached at 3 months (stably housed), her 6-month follow-up is due (an alert).
    Rania: one unanswered attempt at 3 months (the alert stays, "1 of 3"). Στυλιανή: reached at 3
    and 6 months, three unanswered attempts at 12 (no alert: she is not called a fourth time).
    Joanna did not consent (no follow-up)."""
    staff = users["staff"]
    attempts = 0
    for first, last, age, room, admitted_ago, left_ago, destination, consent, tries in LEFT:
        admitted = today - timedelta(days=admitted_ago)
        stay = shelter.admit(shelter.AdmissionInput(
            first_name=first, last_name=last, birth_date=date(admitted.year - age, 3, 2), room_id=rooms[room].id,
            admitted_on=admitted, referral_source="social_services", nationality="", languages="", children=[]),
            staff, admitted, settings)
        left_on = today - timedelta(days=left_ago)
        shelter.discharge(stay, left_on, "Ολοκλήρωση φιλοξενίας", destination, staff, today, consent)
        for month, after, channel, reached, outcome in tries:
            services.record_attempt(stay, services.AttemptInput(
                month, left_on + timedelta(days=after), channel, reached, outcome,
                "Μιλήσαμε για τη στέγαση και τη δουλειά." if reached else "Δεν απάντησε."),
                staff, today, now_utc(), (3, 6, 12))
            attempts += 1
    return {"follow_ups": sum(1 for row in LEFT if row[7].consents), "follow_up_attempts": attempts}


def load_deadlines_demo(stays: list[Stay], users: dict, today: date) -> dict[str, int]:
    """Olena's hearing in 5 days, Amira's residence permit running out in 40 days, Ali's school
    enrolment in 20, Γεωργία's appointment tomorrow (each a reminder today); Ελένη's benefit
    renewal in 45 days (not yet: its reminder starts 30 days before); one item already done."""
    staff, now = users["staff"], now_utc()
    by_name = {stay.resident.first_name: stay for stay in stays}
    items = (
        ("Olena", "court_hearing", 5, "Δικηγόρος κ. Σταυρακάκη", "Μονομελές Πρωτοδικείο, αίθουσα 3, 10:00."),
        ("Amira", "residence_permit", 40, "Κοινωνική λειτουργός", "Ανανέωση στην Αποκεντρωμένη Διοίκηση."),
        ("Fatima", "school_enrolment", 20, "Μαρία Κ.", "Εγγραφή του Ali στο 12ο Δημοτικό Σχολείο."),
        ("Γεωργία", "medical_appointment", 1, "", "Παιδίατρος για τη Μαρία, 09:30."),
        ("Ελένη", "benefit_renewal", 45, "Ελένη", "Επίδομα παιδιών (ΟΠΕΚΑ)."),
        ("Κατερίνα", "medical_appointment", 3, "", "Οδοντίατρος."),
    )
    recorded = []
    for name, kind, days, responsible, note in items:
        recorded.append(deadlines.record_deadline(by_name[name], kind, today + timedelta(days=days), responsible, note,
                                                  staff, today, now))
    deadlines.complete_deadline(recorded[-1], staff, now)
    return {"deadlines": len(items)}
