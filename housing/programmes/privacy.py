"""A programme's personal data: every record of one beneficiary, the retention purge of
beneficiaries who left the programme long ago, and their subject-access export — including
the enrolment of a woman who came from the shelter, found from her stays.

The purge anonymises like the shelter's: names, contacts, free texts and addresses go; dates,
amounts, ETHOS categories and the outcomes (housed, employed) stay for the programme's
figures; the personal values in every audit entry about their records go too.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from housing.core.i18n import lazy_gettext as _l
from housing.core.audit import values_withheld
from housing.core.names import ANONYMOUS
from housing.core.privacy import (REMOVED, AreaPurge, PrivacyProvider, RecordIds, audit_trail_about, columns_of,
                                  scrub_audit)
from housing.extensions import db
from housing.programmes.aftercare import models as _aftercare  # noqa: F401  (a beneficiary's deadlines, follow-up)
from housing.programmes.models import Beneficiary

SECTIONS = {
    "reintegration": _l("REINTEGRATION programme"), "beneficiary": _l("Details"), "tenancies": _l("Tenancies"),
    "payments": _l("Payments"), "jobs": _l("Jobs"), "sessions": _l("Support sessions"),
    "referrals": _l("Referrals"), "audit_trail": _l("Audit trail about this person"),
    "programme_deadlines": _l("Deadlines"), "programme_follow_up": _l("Follow-up after the exit"),
}


def beneficiary_records(person: Beneficiary) -> RecordIds:
    """Every REINTEGRATION record of one beneficiary, by table."""
    return {"beneficiary": [person.id], "tenancy": [t.id for t in person.tenancies],
            "support_payment": [p.id for p in person.payments], "job": [j.id for j in person.jobs],
            "support_session": [s.id for s in person.sessions],
            "service_referral": [r.id for r in person.referrals],
            "beneficiary_deadline": [d.id for d in person.deadlines],  # type: ignore[attr-defined]
            **_follow_up_records(person)}


def _follow_up_records(person: Beneficiary) -> RecordIds:
    follow_up = person.follow_up  # type: ignore[attr-defined]
    if follow_up is None:
        return {"beneficiary_follow_up": [], "beneficiary_follow_up_attempt": []}
    return {"beneficiary_follow_up": [follow_up.id],
            "beneficiary_follow_up_attempt": [a.id for a in follow_up.attempts]}


# The retention purge --------------------------------------------------------------------

def beneficiaries_due(cutoff: date) -> list[Beneficiary]:
    return list(db.session.scalars(
        select(Beneficiary).where(Beneficiary.status != "active", Beneficiary.exited_on < cutoff,
                                  Beneficiary.anonymised_at.is_(None)).order_by(Beneficiary.id)).all())


def anonymise_beneficiary(person: Beneficiary, now: datetime) -> None:
    """Names, contacts, free texts and addresses go; dates, amounts, ETHOS categories and the
    outcomes (housed, employed) stay for the programme's figures."""
    person.first_name = person.last_name = ANONYMOUS
    person.birth_date = date(person.birth_date.year, 1, 1)
    person.phone = person.email = person.household_members = person.exit_notes = ""
    person.anonymised_at = now
    for tenancy in person.tenancies:
        tenancy.address, tenancy.landlord, tenancy.end_reason = ANONYMOUS, "", ""
    for payment in person.payments:
        payment.note = ""
    for job in person.jobs:
        job.employer, job.end_reason = ANONYMOUS, ""
    for session in person.sessions:
        session.notes = ""
    for referral in person.referrals:
        referral.reason = ""
    # Deadlines and follow-up: kinds, dates, consent, channels and outcomes stay for the figures.
    for deadline in person.deadlines:  # type: ignore[attr-defined]
        deadline.note = REMOVED if deadline.note else ""
        deadline.responsible = REMOVED if deadline.responsible else ""
        deadline.anonymised_at = now
    follow_up = person.follow_up  # type: ignore[attr-defined]
    if follow_up is not None:
        follow_up.phone = REMOVED if follow_up.phone else ""
        follow_up.service = REMOVED if follow_up.service else ""
        follow_up.anonymised_at = now
        for attempt in follow_up.attempts:
            attempt.note = REMOVED if attempt.note else ""
            attempt.anonymised_at = now


def purge_beneficiaries(cutoff: date, now: datetime, dry_run: bool) -> AreaPurge:
    """Beneficiaries who left the programme before the cutoff."""
    due = beneficiaries_due(cutoff)
    if dry_run or not due:
        return AreaPurge(counts={"beneficiaries": len(due)})
    owned = [(beneficiary_records(person), [person.case_code]) for person in due]
    with values_withheld():
        for person in due:
            anonymise_beneficiary(person, now)
        db.session.flush()
    # Every record of theirs, by (record_type, record_id) as well as by case code.
    scrubbed = sum(scrub_audit(records, codes) for records, codes in owned)
    return AreaPurge(counts={"beneficiaries": len(due), "audit_entries_scrubbed": scrubbed})


# Subject access -------------------------------------------------------------------------

def beneficiary_record(beneficiary_id: int) -> dict[str, Any] | None:
    """Everything held on one REINTEGRATION beneficiary: details, tenancies, payments, jobs,
    sessions, referrals and the audit entries about them (nothing of a shelter file)."""
    person = db.session.scalar(select(Beneficiary).where(Beneficiary.id == beneficiary_id).options(
        selectinload(Beneficiary.tenancies), selectinload(Beneficiary.payments), selectinload(Beneficiary.jobs),
        selectinload(Beneficiary.sessions), selectinload(Beneficiary.referrals)))
    if person is None:
        return None
    return {
        "beneficiary": columns_of(person),
        "tenancies": [columns_of(t) for t in person.tenancies],
        "payments": [columns_of(p) for p in person.payments],
        "jobs": [columns_of(j) for j in person.jobs],
        "sessions": [columns_of(s) for s in person.sessions],
        "referrals": [columns_of(r) for r in person.referrals],
        "programme_deadlines": [columns_of(d) for d in person.deadlines],  # type: ignore[attr-defined]
        "programme_follow_up": _follow_up_section(person),
        "audit_trail": audit_trail_about(beneficiary_records(person), [person.case_code]),
    }


def _follow_up_section(person: Beneficiary) -> list[dict[str, Any]]:
    follow_up = person.follow_up  # type: ignore[attr-defined]
    if follow_up is None:
        return []
    return [{**columns_of(follow_up), "attempts": [columns_of(a) for a in follow_up.attempts]}]


def enrolments_from_stays(records: RecordIds) -> dict[str, Any]:
    """A woman's enrolment in the programme, found from her stays at the shelter."""
    stay_ids = records.get("stay", [])
    enrolled = db.session.scalars(select(Beneficiary.id).where(Beneficiary.from_stay_id.in_(stay_ids))).all() \
        if stay_ids else []
    return {"reintegration": [beneficiary_record(beneficiary_id) for beneficiary_id in enrolled]}


PROVIDER = PrivacyProvider(area="programmes", records_of=beneficiary_records, purge=purge_beneficiaries,
                           sections=SECTIONS, linked_sections=enrolments_from_stays)
