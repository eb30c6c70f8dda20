"""Demo deadlines and follow-ups of REINTEGRATION: each of their alerts shows on the day the demo
is loaded, and the follow-up report has figures to show."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from housing.auth.models import User
from housing.core.clock import now_utc
from housing.core.follow_up import ConsentInput
from housing.extensions import db
from housing.programmes import services as programme_services
from housing.programmes.aftercare import services
from housing.programmes.models import Beneficiary
from housing.programmes.programme import programmes

# People who left long enough ago to be followed up: (first, last, sex, age, enrolled days ago, left days
# ago, exit (reason, situation, housed, employed), consent, attempts (month, days after, channel, reached,
# housing, work)).
LEFT: tuple[tuple, ...] = (
    ("Αντώνης", "Περάκης", "M", 51, 700, 200, ("completed", "housed", True, True),
     ConsentInput(True, "phone", "6936 111 222"), [(6, 184, "call", True, "stably_housed", "in_work")]),
    ("Maria", "Ionescu", "F", 42, 650, 195, ("completed", "housed", True, False),
     ConsentInput(True, "service", service="Κέντρο Κοινότητας Δήμου Ηρακλείου"), []),
    ("Γιάννης", "Σταυρακάκης", "M", 60, 900, 400, ("completed", "housed", True, True),
     ConsentInput(True, "phone", "6945 333 444"),
     [(6, 185, "call", True, "housed_at_risk", "not_in_work"), (12, 368, "call", True, "stably_housed", "in_work")]),
)


def load_aftercare_demo(users: dict[str, User], today: date) -> dict[str, int]:
    """Αντώνης: reached at 6 months (housed, in work). Maria: her 6-month follow-up is due (an
    alert for her caseworker). Γιάννης: reached at 6 and 12 months. Two active beneficiaries have
    a deadline within its reminder (a benefit renewal in 10 days, a hearing in 3)."""
    settings = programmes(current_app)["reintegration"]
    workers = [user for name, user in sorted(users.items()) if settings.staff_role in user.roles]
    now, attempts = now_utc(), 0
    for index, (first, last, sex, age, enrolled_ago, left_ago, exit_as, consent, tries) in enumerate(LEFT):
        worker = workers[index % len(workers)]
        enrolled = today - timedelta(days=enrolled_ago)
        person = programme_services.enrol(programme_services.EnrolmentInput(
            first_name=first, last_name=last, birth_date=date(enrolled.year - age, 6, 1), sex=sex, household_size=1,
            caseworker_id=worker.id, enrolled_on=enrolled, ethos_at_entry="houseless.homeless_hostel"),
            worker, today, settings)
        left_on = today - timedelta(days=left_ago)
        reason, situation, housed, employed = exit_as
        programme_services.exit_programme(person, programme_services.ExitInput(
            reason, left_on, situation, housed, employed), worker, today, consent)
        for month, after, channel, reached, housing, work in tries:
            services.record_attempt(person, services.AttemptInput(
                month, left_on + timedelta(days=after), channel, reached, housing, work, ""), worker, today, now,
                settings.follow_up_months)
            attempts += 1
    active = db.session.scalars(select(Beneficiary).where(Beneficiary.programme == settings.code,
                                                          Beneficiary.status == "active")
                                .order_by(Beneficiary.id).limit(2)).all()
    items = (("benefit_renewal", 10, "Κοινωνικό Επίδομα Αλληλεγγύης."),
             ("court_hearing", 3, "Ειρηνοδικείο, υπόθεση μίσθωσης."))
    for person, (kind, days, note) in zip(active, items, strict=False):
        caseworker = db.session.get(User, person.caseworker_id)
        assert caseworker is not None
        services.record_deadline(person, kind, today + timedelta(days=days), "", note, caseworker, today, now)
    return {"programme_follow_ups": len(LEFT), "programme_follow_up_attempts": attempts,
            "programme_deadlines": len(active)}
