"""Factories for the safety plan's tests."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from housing.auth.models import User
from housing.core.clock import now_utc, today
from housing.shelter.models import Stay
from housing.shelter.safety import services
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder, RiskAssessment
from tests.support import make_user


def assess(stay: Stay, level: str = "high", assessed_on: date | None = None, next_review: date | None = None,
           by: User | None = None, note: str = "") -> RiskAssessment:
    return services.assess_risk(stay, level, assessed_on or today(), next_review, note, by or make_user("shelter_staff"),
                                today(), now_utc(), current_app.config["RISK_REVIEW_DAYS"])


def make_order(stay: Stay, valid_until: date | None = None, issued_on: date | None = None, by: User | None = None,
               reference: str = "ΑΠ-1234/2026", child_ids=(), protects_woman: bool = True,
               conditions: str = "Not within 500 m of her or the children's school.") -> ProtectiveOrder:
    issued_on = issued_on or today() - timedelta(days=10)
    data = services.OrderInput("court", "restraining", reference, issued_on, valid_until or today() + timedelta(days=90),
                               conditions, protects_woman, list(child_ids))
    return services.record_protective_order(stay, data, by or make_user("shelter_staff"), today(), now_utc())


def bar(stay: Stay, name: str = "Γιάννης Κ.", description: str = "Tall, grey beard, drives a red pick-up.",
        what_to_do: str = "Do not open. Call 100.", relationship: str = "former partner",
        by: User | None = None) -> BarredPerson:
    return services.bar_person(stay, name, relationship, description, what_to_do, by or make_user("shelter_staff"),
                               now_utc())


def safety_sample(stay: Stay) -> dict:
    """An order and a barred person on the stay, for tests that need ids to visit."""
    return {"order_id": make_order(stay).id, "person_id": bar(stay).id}
