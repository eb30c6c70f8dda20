"""Factories for the deadlines' and follow-up's tests."""
from __future__ import annotations

from datetime import date, timedelta

from housing.auth.models import User
from housing.core.clock import now_utc, today
from housing.core.follow_up import ConsentInput
from housing.shelter import services as shelter
from housing.shelter.deadlines import services as deadlines
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.follow_up import services as follow_up
from housing.shelter.follow_up.models import StayFollowUpAttempt
from housing.shelter.models import Stay
from tests.support import make_stay, make_user

PHONE = ConsentInput(True, "phone", "6944 123 456")


def add_deadline(stay: Stay, kind: str = "court_hearing", days: int = 5, note: str = "Αίθουσα 3, 10:00",
                 responsible: str = "Δικηγόρος", by: User | None = None) -> StayDeadline:
    return deadlines.record_deadline(stay, kind, today() + timedelta(days=days), responsible, note,
                                     by or make_user("shelter_staff"), today(), now_utc())


def left_stay(days_ago: int = 100, consent: ConsentInput | None = PHONE, by: User | None = None, **fields) -> Stay:
    """A stay admitted before and discharged `days_ago` days ago, with her answer on follow-up."""
    by = by or make_user("shelter_staff")
    stay = make_stay(by=by, admitted_on=today() - timedelta(days=days_ago + 30), **fields)
    shelter.discharge(stay, today() - timedelta(days=days_ago), "Moved on", "independent_housing", by, today(),
                      consent)
    return stay


def attempt(stay: Stay, month: int = 3, on: date | None = None, reached: bool = False, outcome: str = "",
            note: str = "", by: User | None = None, day: date | None = None) -> StayFollowUpAttempt:
    return follow_up.record_attempt(stay, follow_up.AttemptInput(month, on or today(), "call", reached, outcome, note),
                                    by or make_user("shelter_staff"), day or today(), now_utc(), (3, 6, 12))
