"""The retention purge for REINTEGRATION: beneficiaries who left the programme more than N
years ago are anonymised like the shelter's residents (see housing.privacy.retention)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from housing.core.audit import values_withheld
from housing.extensions import db
from housing.programmes.models import Beneficiary

ANONYMOUS = "—"


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


def purge_beneficiaries(cutoff: date, now: datetime, dry_run: bool) -> dict[str, int]:
    from housing.privacy.records import beneficiary_records
    from housing.privacy.retention import scrub_audit

    due = beneficiaries_due(cutoff)
    if dry_run or not due:
        return {"beneficiaries": len(due)}
    owned = [(beneficiary_records(person), [person.case_code]) for person in due]
    with values_withheld():
        for person in due:
            anonymise_beneficiary(person, now)
        db.session.flush()
    # Every record of theirs, by (record_type, record_id) as well as by case code.
    scrubbed = sum(scrub_audit(records, codes) for records, codes in owned)
    return {"beneficiaries": len(due), "audit_entries_scrubbed": scrubbed}
