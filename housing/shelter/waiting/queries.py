"""Read models of the waiting list."""
from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from housing.extensions import db
from housing.shelter.models import Referral


URGENCY_ORDER = case({"emergency": 0, "high": 1, "normal": 2, "low": 3}, value=Referral.urgency, else_=4)


CLOSED_SHOWN = 50  # the waiting list shows the latest closed referrals; each stays open by its own page


def waiting_referrals() -> list[Referral]:
    """Those waiting, the most urgent first, with their children and holds (a few rows each): one statement."""
    query = (select(Referral).options(joinedload(Referral.children), joinedload(Referral.holds))
             .where(Referral.status == "waiting").order_by(URGENCY_ORDER, Referral.received_on, Referral.id))
    return list(db.session.scalars(query).unique().all())


def latest_closed_referrals(limit: int = CLOSED_SHOWN) -> list[Referral]:
    """The latest closed, with the stay each led to: one statement, the same at ten years as at one."""
    query = (select(Referral).options(joinedload(Referral.stay)).where(Referral.status != "waiting")
             .order_by(Referral.closed_on.desc(), Referral.id.desc()).limit(limit))
    return list(db.session.scalars(query).all())
