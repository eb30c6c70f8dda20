"""The safety plan's personal data: in the subject-access export of the woman it concerns, and
anonymised by the retention purge with the rest of her file.

| record | tied to her through |
|---|---|
| risk_assessment, protective_order, barred_person | her stays |
| protective_order_child | its order |

The purge takes the names, relationships and descriptions of barred persons and what to do
about them, the reference numbers and conditions of orders, the reasons entries were ended and
the notes of assessments, and the personal values in every audit entry about them. What stays:
levels and dates, authorities and kinds of orders, whom an order protected (her, which child) —
the anonymous facts. It runs on the shelter's clock (every stay of hers ended before the cutoff)
and marks what it did, so a second run touches nothing again.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from housing.core.i18n import lazy_gettext as _l
from housing.core.audit import values_withheld
from housing.core.names import ANONYMOUS
from housing.core.privacy import REMOVED, AreaPurge, PrivacyProvider, RecordIds, columns_of, scrub_audit
from housing.extensions import db
from housing.shelter.models import Resident, Stay
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder, ProtectiveOrderChild, RiskAssessment

SECTIONS = {"safety_plan": _l("Safety plan")}


def _ids(query: Any) -> list[int]:
    return list(db.session.scalars(query).all())


def stay_records(stay_ids: list[int]) -> RecordIds:
    """Every safety-plan record of these stays, by table."""
    if not stay_ids:
        return {}
    orders = _ids(select(ProtectiveOrder.id).where(ProtectiveOrder.stay_id.in_(stay_ids)))
    return {
        "risk_assessment": _ids(select(RiskAssessment.id).where(RiskAssessment.stay_id.in_(stay_ids))),
        "protective_order": orders,
        "protective_order_child": _ids(select(ProtectiveOrderChild.id).where(ProtectiveOrderChild.order_id.in_(orders)))
        if orders else [],
        "barred_person": _ids(select(BarredPerson.id).where(BarredPerson.stay_id.in_(stay_ids))),
    }


def resident_safety_records(resident: Resident) -> RecordIds:
    return stay_records([stay.id for stay in resident.stays])


# The retention purge --------------------------------------------------------------------

def stays_due(cutoff: date) -> list[int]:
    """The stays of every woman whose every stay ended before the cutoff (the shelter's clock)."""
    ended = (select(Stay.resident_id).group_by(Stay.resident_id)
             .having(func.count().filter(Stay.discharged_on.is_(None)) == 0, func.max(Stay.discharged_on) < cutoff))
    return _ids(select(Stay.id).where(Stay.resident_id.in_(ended)).order_by(Stay.id))


def purge_safety(cutoff: date, now: datetime, dry_run: bool) -> AreaPurge:
    stay_ids = stays_due(cutoff)
    assessments = list(db.session.scalars(select(RiskAssessment).where(
        RiskAssessment.stay_id.in_(stay_ids), RiskAssessment.anonymised_at.is_(None)))) if stay_ids else []
    orders = list(db.session.scalars(select(ProtectiveOrder).where(
        ProtectiveOrder.stay_id.in_(stay_ids), ProtectiveOrder.anonymised_at.is_(None)))) if stay_ids else []
    barred = list(db.session.scalars(select(BarredPerson).where(
        BarredPerson.stay_id.in_(stay_ids), BarredPerson.anonymised_at.is_(None)))) if stay_ids else []
    done = AreaPurge(counts={"risk_assessments": len(assessments), "protective_orders": len(orders),
                             "barred_persons": len(barred)})
    if dry_run or not (assessments or orders or barred):
        return done
    touched = sorted({a.stay_id for a in assessments} | {o.stay_id for o in orders} | {p.stay_id for p in barred})
    with values_withheld():
        for assessment in assessments:
            assessment.note, assessment.anonymised_at = "", now
        for order in orders:
            order.reference, order.conditions = REMOVED, ""
            order.end_reason = REMOVED if order.end_reason else ""
            order.anonymised_at = now
        for person in barred:
            person.name, person.relationship_to_her = ANONYMOUS, ""
            person.description, person.what_to_do = REMOVED, REMOVED
            person.end_reason = REMOVED if person.end_reason else ""
            person.anonymised_at = now
        db.session.flush()
    done.counts["audit_entries_scrubbed"] = scrub_audit(stay_records(touched), [])
    return done


# Subject access -------------------------------------------------------------------------

def _order(order: ProtectiveOrder) -> dict[str, Any]:
    return {**columns_of(order), "protects_children": [
        {"stay_child_id": link.stay_child_id, "first_name": link.stay_child.child.first_name}
        for link in order.children]}


def safety_plan_sections(records: RecordIds) -> dict[str, Any]:
    """The safety plan of each of her stays, found from the shelter's records of her."""
    stay_ids = records.get("stay", [])
    if not stay_ids:
        return {}
    codes = dict(db.session.execute(select(Stay.id, Stay.case_code).where(Stay.id.in_(stay_ids))).tuples().all())
    assessments = db.session.scalars(select(RiskAssessment).where(RiskAssessment.stay_id.in_(stay_ids))
                                     .order_by(RiskAssessment.assessed_on, RiskAssessment.id)).all()
    orders = db.session.scalars(select(ProtectiveOrder).where(ProtectiveOrder.stay_id.in_(stay_ids))
                                .order_by(ProtectiveOrder.id)).all()
    barred = db.session.scalars(select(BarredPerson).where(BarredPerson.stay_id.in_(stay_ids))
                                .order_by(BarredPerson.id)).all()
    return {"safety_plan": [{
        "stay_id": stay_id, "case_code": codes.get(stay_id, ""),
        "risk_assessments": [columns_of(a) for a in assessments if a.stay_id == stay_id],
        "protective_orders": [_order(o) for o in orders if o.stay_id == stay_id],
        "barred_persons": [columns_of(p) for p in barred if p.stay_id == stay_id],
    } for stay_id in sorted(stay_ids)]}


PROVIDER = PrivacyProvider(area="safety", records_of=resident_safety_records, purge=purge_safety,
                           sections=SECTIONS, linked_sections=safety_plan_sections)
