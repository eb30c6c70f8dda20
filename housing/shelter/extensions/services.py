"""Extensions of stays: staff request, a coordinator who did not ask decides."""
from __future__ import annotations

from datetime import date, datetime

from housing.auth.models import User
from housing.core.audit import audited
from housing.core.database import lock
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter.extensions import rules
from housing.shelter.models import ExtensionRequest, Stay


@audited("request_extension")
def request_extension(stay: Stay, proposed_end: date | None, reason: str, by: User, now: datetime) -> ExtensionRequest:
    lock("shelter")
    db.session.refresh(stay)
    has_pending = any(r.status == "pending" for r in stay.extension_requests)
    violations = rules.extension_request_violations(stay.is_active, stay.planned_end, proposed_end, reason,
                                                    has_pending)
    if violations:
        raise RuleViolation(violations)
    request = ExtensionRequest(stay=stay, current_end=stay.planned_end, proposed_end=proposed_end,
                               reason=reason.strip(), requested_by_id=by.id, requested_at=now, status="pending")
    db.session.add(request)
    db.session.flush()
    return request


@audited("decide_extension")
def decide_extension(request: ExtensionRequest, approve: bool, new_end: date | None, note: str, by: User,
                     now: datetime) -> ExtensionRequest:
    """Approve (possibly with another date) or reject, by a coordinator who did not ask
    (`ExtensionRequest.can_decide`). Serialised, so two coordinators deciding at once cannot both
    decide."""
    lock("shelter")
    db.session.refresh(request)
    stay = request.stay
    db.session.refresh(stay)
    if not request.can_decide(by):  # the view refused already (403); nobody else reaches here
        raise PermissionError("only a coordinator who did not ask decides a request")
    new_end = new_end if approve else None
    violations = rules.extension_decision_violations(request.status, stay.is_active, approve, new_end,
                                                     stay.planned_end, note)
    if violations:
        raise RuleViolation(violations)
    request.status = "approved" if approve else "rejected"
    request.decided_end = new_end
    request.decision_note = note.strip()
    request.decided_by_id = by.id
    request.decided_at = now
    if approve and new_end is not None:  # the rules refused an approval without a new end
        stay.planned_end = new_end
    db.session.flush()
    return request
