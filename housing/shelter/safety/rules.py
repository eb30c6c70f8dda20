"""The safety plan as pure functions: when a risk review falls due, when a protective order
runs out, and what a valid entry is.

Thresholds are configuration (RISK_REVIEW_DAYS, PROTECTIVE_ORDER_WARNING_DAYS); every function
takes `today` and the thresholds as arguments."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.formatting import format_dmy

RISK_LEVELS = ("low", "medium", "high")
AUTHORITIES = ("court", "prosecutor", "police")
ORDER_KINDS = ("emergency_barring", "restraining", "other")
# A review is shown as due from two days before its date: time to arrange it.
REVIEW_DUE_WITHIN_DAYS = 2

DUE, OVERDUE = "due", "overdue"
EXPIRING, EXPIRED = "expiring", "expired"


def next_review_on(level: str, assessed_on: date, review_days: Mapping[str, int]) -> date:
    """High risk is reviewed every 7 days, medium every 30, low every 90 (RISK_REVIEW_DAYS),
    counted in days from the assessment."""
    return assessed_on + timedelta(days=review_days[level])


def review_state(next_review: date, today: date) -> str | None:
    """"overdue" once the review date has passed; "due" on the day and the two days before."""
    if next_review < today:
        return OVERDUE
    if next_review <= today + timedelta(days=REVIEW_DUE_WITHIN_DAYS):
        return DUE
    return None


def order_state(valid_until: date, today: date, warning_days: int) -> str | None:
    """An order is valid through its last day: "expired" from the day after, "expiring" when its
    last day is today or within the next N days (PROTECTIVE_ORDER_WARNING_DAYS)."""
    if valid_until < today:
        return EXPIRED
    if valid_until <= today + timedelta(days=warning_days):
        return EXPIRING
    return None


def suggests_restriction(level: str, restricted: bool) -> bool:
    """High risk suggests restricting the stay; the coordinator decides."""
    return level == "high" and not restricted


def _ended_stay(is_active: bool) -> list[Violation]:
    return [] if is_active else [Violation("", _l("The stay has ended: its safety plan can no longer change."))]


def assessment_violations(level: str, assessed_on: date | None, next_review: date | None, today: date,
                          review_days: Mapping[str, int], is_active: bool) -> list[Violation]:
    """A level, a day that has come, and a next review that is not past and not later than the
    level's interval allows (a sooner review is always allowed)."""
    found = _ended_stay(is_active)
    if level not in RISK_LEVELS:
        found.append(Violation("level", _l("Choose the risk level.")))
    if assessed_on is None:
        found.append(Violation("assessed_on", _l("Enter the date of the assessment.")))
    elif assessed_on > today:
        found.append(Violation("assessed_on", _l("An assessment cannot be dated in the future.")))
    if next_review is not None:
        if next_review < today:
            found.append(Violation("next_review_on", _l("The next review cannot be in the past.")))
        elif assessed_on is not None and next_review < assessed_on:
            found.append(Violation("next_review_on", _l("The next review cannot come before the assessment.")))
        elif assessed_on is not None and level in RISK_LEVELS:
            latest = next_review_on(level, assessed_on, review_days)
            if next_review > latest:
                found.append(Violation("next_review_on", _l(
                    "At this level the review is due at the latest %(days)d days after the assessment, "
                    "on %(day)s.", days=review_days[level], day=format_dmy(latest))))
    return found


def order_violations(authority: str, kind: str, reference: str, issued_on: date | None, valid_until: date | None,
                     protects_woman: bool, child_ids: Iterable[int], children_on_stay: Iterable[int], today: date,
                     is_active: bool) -> list[Violation]:
    found = _ended_stay(is_active)
    if authority not in AUTHORITIES:
        found.append(Violation("authority", _l("Choose the authority that issued the order.")))
    if kind not in ORDER_KINDS:
        found.append(Violation("kind", _l("Choose the kind of order.")))
    if not reference.strip():
        found.append(Violation("reference", _l("Enter the order's reference number.")))
    if issued_on is None:
        found.append(Violation("issued_on", _l("Enter the date the order was issued.")))
    elif issued_on > today:
        found.append(Violation("issued_on", _l("An order cannot be issued in the future.")))
    if valid_until is None:
        found.append(Violation("valid_until", _l("Enter the date the order is valid until.")))
    elif issued_on is not None and valid_until < issued_on:
        found.append(Violation("valid_until", _l("The order cannot end before it was issued (%(day)s).",
                                                 day=format_dmy(issued_on))))
    chosen, allowed = set(child_ids), set(children_on_stay)
    if not protects_woman and not chosen:
        found.append(Violation("protects_woman", _l("Choose whom the order protects.")))
    if chosen - allowed:
        found.append(Violation("children", _l("Choose only children who are with her on this stay.")))
    return found


def barred_person_violations(name: str, description: str, what_to_do: str, is_active: bool) -> list[Violation]:
    found = _ended_stay(is_active)
    if not name.strip():
        found.append(Violation("name", _l("Enter the person's name.")))
    if not description.strip():
        found.append(Violation("description", _l("Describe the person so that whoever opens the door "
                                                 "would recognise them.")))
    if not what_to_do.strip():
        found.append(Violation("what_to_do", _l("Write what to do if the person comes (e.g. call 100).")))
    return found


def ending_violations(reason: str, already_ended: bool, is_active: bool) -> list[Violation]:
    """An entry is never deleted: it is marked ended, once, with the reason."""
    found = _ended_stay(is_active)
    if already_ended:
        found.append(Violation("", _l("This entry has already been marked ended.")))
    if not reason.strip():
        found.append(Violation("reason", _l("Write why it no longer applies.")))
    return found
