"""Changes to a beneficiary's deadlines and follow-up, each with an audit action of its own."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from housing.core.i18n import lazy_gettext as _l

from housing.auth.models import User
from housing.core import deadlines, follow_up as rules, follow_up_records as records
from housing.core.audit import audited
from housing.core.errors import RuleViolation, Violation
from housing.core.follow_up import ConsentInput
from housing.extensions import db
from housing.programmes.aftercare.models import BeneficiaryDeadline, BeneficiaryFollowUp, BeneficiaryFollowUpAttempt
from housing.programmes.models import Beneficiary


@audited("record_deadline")
def record_deadline(person: Beneficiary, kind: str, due_on: date | None, responsible: str, note: str, by: User,
                    today: date, now: datetime) -> BeneficiaryDeadline:
    violations = deadlines.deadline_violations(kind, due_on, responsible, note, today, person.is_active)
    if violations:
        raise RuleViolation(violations)
    assert due_on is not None
    deadline = BeneficiaryDeadline(beneficiary=person, kind=kind, due_on=due_on,
                                   responsible=" ".join(responsible.split()), note=note.strip(),
                                   recorded_by_id=by.id, recorded_at=now)
    db.session.add(deadline)
    db.session.flush()
    return deadline


@audited("complete_deadline")
def complete_deadline(deadline: BeneficiaryDeadline, by: User, now: datetime) -> BeneficiaryDeadline:
    violations = deadlines.completion_violations(deadline.is_done)
    if violations:
        raise RuleViolation(violations)
    deadline.done_at, deadline.done_by_id = now, by.id
    db.session.flush()
    return deadline


@audited("record_follow_up_consent")
def record_consent(person: Beneficiary, data: ConsentInput, by: User, now: datetime) -> BeneficiaryFollowUp:
    """At the exit (part of it) — or later, when the person gives it or takes it back."""
    return records.save_consent(person, "beneficiary", data, by, now,
                                lambda: BeneficiaryFollowUp(beneficiary=person, recorded_by_id=by.id, recorded_at=now))


def forget_consent(person: Beneficiary) -> None:
    records.forget_consent(person)


@audited("change_follow_up_consent")
def change_consent(person: Beneficiary, data: ConsentInput, by: User, now: datetime) -> BeneficiaryFollowUp:
    if person.is_active:
        raise RuleViolation(Violation("", _l("Consent to follow-up is asked at the exit; this person is still in "
                                             "the programme.")))
    return record_consent(person, data, by, now)


@dataclass
class AttemptInput:
    month: int | None
    attempted_on: date | None
    channel: str
    reached: bool | None
    housing_outcome: str = ""
    work_outcome: str = ""
    note: str = ""


@audited("record_follow_up_attempt")
def record_attempt(person: Beneficiary, data: AttemptInput, by: User, today: date, now: datetime,
                   months: Sequence[int]) -> BeneficiaryFollowUpAttempt:
    follow_up = records.locked_follow_up(person, "beneficiary")
    earlier = [rules.Attempt(a.attempted_on, a.reached) for a in follow_up.attempts if a.month == data.month] \
        if follow_up is not None else []
    violations = rules.attempt_violations(
        person.exited_on, follow_up is not None and follow_up.consents, data.month, months, earlier,
        data.attempted_on, data.channel, data.reached,
        {"housing_outcome": data.housing_outcome, "work_outcome": data.work_outcome},
        {"housing_outcome": rules.HOUSING_OUTCOMES, "work_outcome": rules.WORK_OUTCOMES}, data.note, today)
    if violations:
        raise RuleViolation(violations)
    assert data.month is not None and data.attempted_on is not None and data.reached is not None
    attempt = BeneficiaryFollowUpAttempt(
        follow_up=follow_up, month=data.month, attempted_on=data.attempted_on, channel=data.channel,
        reached=data.reached, housing_outcome=data.housing_outcome if data.reached else "",
        work_outcome=data.work_outcome if data.reached else "", note=data.note.strip(), recorded_by_id=by.id,
        recorded_at=now)
    db.session.add(attempt)
    db.session.flush()
    return attempt
