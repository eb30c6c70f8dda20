"""The waiting list: referrals put on it and closed (admission closes one as admitted)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from housing.core.i18n import lazy_gettext as _l

from housing.auth.models import User
from housing.core.audit import audited
from housing.core.errors import RuleViolation, Violation
from housing.core.permissions import Permission
from housing.extensions import db
from housing.shelter.models import REFERRAL_SOURCES, REFERRAL_STATUSES, SEXES, URGENCIES, Referral, ReferralChild
from housing.shelter.rooms.services import release_hold
from housing.shelter.waiting import rules


@dataclass
class ReferralInput:
    received_on: date | None
    source: str
    household_size: int | None
    urgency: str
    contact_notes: str = ""
    children: list[tuple[int | None, str]] = field(default_factory=list)  # (age in years, sex)


@audited("add_referral")
def create_referral(data: ReferralInput, by: User, today: date, now: datetime) -> Referral:
    found = []
    if data.received_on is None:
        found.append(Violation("received_on", _l("Enter the date of the referral.")))
    elif data.received_on > today:
        found.append(Violation("received_on", _l("The date cannot be in the future.")))
    if data.source not in REFERRAL_SOURCES:
        found.append(Violation("source", _l("Choose who referred her.")))
    if data.urgency not in URGENCIES:
        found.append(Violation("urgency", _l("Choose the urgency.")))
    if data.household_size is None or not 1 <= data.household_size <= 15:
        found.append(Violation("household_size", _l("A household has between 1 and 15 persons.")))
    elif data.household_size != 1 + len(data.children):
        found.append(Violation("household_size", _l(
            "The household size counts her and each child: %(n)d with the children listed.",
            n=1 + len(data.children))))
    for index, (age, sex) in enumerate(data.children):
        if age is None or not 0 <= age <= 30:
            found.append(Violation(f"children-{index}-age_years", _l("Enter the child's age in years.")))
        if sex not in SEXES:
            found.append(Violation(f"children-{index}-sex", _l("Choose girl or boy.")))
    if found:
        raise RuleViolation(found)
    referral = Referral(received_on=data.received_on, source=data.source, household_size=data.household_size,
                        urgency=data.urgency, contact_notes=data.contact_notes.strip(), status="waiting",
                        created_by_id=by.id, created_at=now)
    referral.children = [ReferralChild(age_years=age, sex=sex) for age, sex in data.children]
    db.session.add(referral)
    db.session.flush()
    return referral


@audited("close_referral")
def close_referral(referral: Referral, status: str, note: str, by: User, today: date, now: datetime) -> Referral:
    """Placed elsewhere or withdrawn (admission closes it as admitted); its holds are released."""
    if referral.status != "waiting":
        raise RuleViolation(Violation("", _l("This referral is already closed.")))
    if status not in REFERRAL_STATUSES or status in ("waiting", "admitted"):
        raise RuleViolation(Violation("status", _l("Choose how the referral ends.")))
    referral.close(status, note, by.id, today)
    referral.closed_at = now
    for hold in referral.holds:
        release_hold(hold, by, now)
    db.session.flush()
    return referral


@audited("undo_close_referral")
def undo_close_referral(referral: Referral, by: User, today: date) -> Referral:
    """A closure entered by mistake, undone the same day by a coordinator: the referral is on the
    waiting list again with its date, household and urgency. Beds held for her were released by the
    closure and stay released: they may have been given to someone else since."""
    violations = rules.closure_undo_violations(referral.status, referral.closed_at, by.can(Permission.UNDO_ENDING),
                                               today)
    if violations:
        raise RuleViolation(violations)
    referral.status, referral.closing_note, referral.closed_on = "waiting", "", None
    referral.closed_by_id, referral.closed_at = None, None
    db.session.flush()
    return referral
