"""The waiting list's rules as pure functions."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

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
