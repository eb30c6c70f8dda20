"""Read models of the waiting list."""
from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from housing.extensions import db
from housing.shelter.models import Referral


URGENCY_ORDER = case({"emergency": 0, "high": 1, "normal": 2, "low": 3}, value=Referral.urgency, else_=4)


def referrals(status: str = "waiting") -> list[Referral]:
    query = select(Referral).options(selectinload(Referral.children), selectinload(Referral.holds),
                                     selectinload(Referral.stay))
    if status == "waiting":
        query = query.where(Referral.status == "waiting").order_by(URGENCY_ORDER, Referral.received_on, Referral.id)
    else:
        query = query.where(Referral.status != "waiting").order_by(Referral.closed_on.desc(), Referral.id.desc())
    return list(db.session.scalars(query).all())
