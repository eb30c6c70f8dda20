"""Extensions of stays (four eyes) as pure functions."""
from __future__ import annotations

from datetime import date

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation


def extension_request_violations(is_active: bool, current_end: date, proposed_end: date | None, reason: str,
                                 has_pending: bool) -> list[Violation]:
    """A stay may be extended while active, to a date after its current planned end, with a
    written reason; one pending request at a time."""
    found: list[Violation] = []
    if not is_active:
        found.append(Violation("", _l("A discharged stay cannot be extended.")))
    if has_pending:
        found.append(Violation("", _l("This stay already has a request waiting for a decision.")))
    if proposed_end is None:
        found.append(Violation("proposed_end", _l("Enter the proposed new end date.")))
    elif proposed_end <= current_end:
        found.append(Violation("proposed_end", _l("The new end must be after the current planned end (%(end)s).",
                                                  end=current_end.strftime("%d/%m/%Y"))))
    if not reason.strip():
        found.append(Violation("reason", _l("Write the reason for the extension.")))
    return found


def may_decide_extension(requested_by_id: int, decider_id: int) -> bool:
    """Nobody decides a request they made themselves."""
    return requested_by_id != decider_id


def extension_decision_violations(status: str, is_active: bool, approve: bool, new_end: date | None,
                                  current_end: date, note: str) -> list[Violation]:
    found: list[Violation] = []
    if status != "pending":
        found.append(Violation("", _l("This request has already been decided.")))
        return found
    if not is_active:
        found.append(Violation("", _l("A discharged stay cannot be extended.")))
    if approve:
        if new_end is None:
            found.append(Violation("decided_end", _l("Enter the new end date.")))
        elif new_end <= current_end:
            found.append(Violation("decided_end", _l("The new end must be after the current planned end (%(end)s).",
                                                     end=current_end.strftime("%d/%m/%Y"))))
    if not note.strip():
        found.append(Violation("note", _l("Write a note on the decision.")))
    return found
