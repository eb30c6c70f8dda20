"""The waiting list's rules as pure functions."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.undo import undo_violations
from housing.shelter.stays.rules import SEX_SINGULAR, SEX_WORDS, age_limit_reached


def referral_child_flags(children: list[tuple[int, str]], limits: Mapping[str, int]) -> list[str]:
    """Children of a referral over the age limit for their sex, each named with the rule
    (a flag for the coordinator, not a refusal: she may grant an exception)."""
    flags = []
    for number, (age, sex) in enumerate(children, start=1):
        if sex in limits and age_limit_reached(sex, age, limits):
            flags.append(str(_l("Child %(n)d: a %(sex)s of %(age)d — %(words)s may stay until the age of %(limit)d.",
                                n=number, sex=SEX_SINGULAR[sex], age=age, words=SEX_WORDS[sex],
                                limit=limits[sex])))
    return flags


def closure_undo_violations(status: str, closed_at: datetime | None, may_undo: bool, today: date) -> list[Violation]:
    """A referral closed without admission by mistake goes back on the waiting list, the same day,
    by a coordinator. One closed by an admission stays closed: her stay holds it."""
    if status == "admitted":
        return [Violation("", _l("This referral was closed by an admission: it cannot be reopened."))]
    return undo_violations(status != "waiting", closed_at, may_undo, today)
