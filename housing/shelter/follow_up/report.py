"""The follow-up report ("follow-up"): of the women who left in the period, how many consented,
how many were reached at 3, 6 and 12 months, and whether they were still housed. Downloads
suppress small counts (core/disclosure.py), as every report's do."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask
from housing.core.i18n import lazy_gettext as _l

from housing.core import follow_up as rules
from housing.core.clock import today
from housing.core.permissions import Permission
from housing.core.reports import PEOPLE, SHARE, TEXT, Chart, Column, Period, Report, ReportTable, register_report
from housing.shelter.follow_up import queries


def retention_table(figures: Sequence[rules.Retention]) -> ReportTable:
    rows = tuple((_l("at %(months)d months", months=f.month), f.left, f.consented, f.due, f.reached, f.share_reached,
                  f.housed, f.housing_retention) for f in figures)
    return ReportTable(
        "retention", _l("Housing retention after leaving"),
        _l("Women discharged in the period; of them, those who consented at discharge to be contacted; of those, "
           "the ones whose follow-up had fallen due by today (3, 6, 12 months after the discharge); of those, the "
           "ones reached (share reached = reached ÷ due); still housed when reached: stably housed or housed but "
           "at risk (housing retention = still housed ÷ reached)."),
        (Column("follow_up", _l("Follow-up"), TEXT), Column("left", _l("Women discharged"), PEOPLE),
         Column("consented", _l("Consented"), PEOPLE), Column("due", _l("Due by today"), PEOPLE),
         Column("reached", _l("Reached"), PEOPLE), Column("share_reached", _l("Share reached"), SHARE),
         Column("housed", _l("Still housed"), PEOPLE), Column("retention", _l("Housing retention"), SHARE)),
        rows,
        chart=Chart("bar", _l("Housing retention after leaving"),
                    _l("For each follow-up, the women reached and those of them still housed."), "follow_up",
                    ("reached", "housed")))


def outcomes_table(facts: Sequence[queries.OutcomeFact], months: Sequence[int]) -> ReportTable:
    counts = {(month, outcome): 0 for month in months for outcome in rules.HOUSING_OUTCOMES}
    for fact in facts:
        for month, outcome in fact.reached.items():
            if (month, outcome) in counts:
                counts[(month, outcome)] += 1
    rows = tuple((rules.HOUSING_OUTCOME_LABELS[outcome], *(counts[(month, outcome)] for month in months))
                 for outcome in rules.HOUSING_OUTCOMES)
    total = (_l("Reached"), *(sum(counts[(month, outcome)] for outcome in rules.HOUSING_OUTCOMES) for month in months))
    return ReportTable(
        "outcomes", _l("Where they were when reached"),
        _l("Of the women discharged in the period and reached at a follow-up, where each was living then."),
        (Column("outcome", _l("Outcome"), TEXT),
         *(Column(f"month_{month}", _l("at %(months)d months", months=month), PEOPLE) for month in months)),
        rows, total)


def build(period: Period, config: Mapping[str, Any]) -> Sequence[ReportTable]:
    """One statement: every discharge of the period with its consent and the attempts that reached her."""
    months = tuple(config.get("FOLLOW_UP_MONTHS", (3, 6, 12)))
    facts = queries.outcome_facts(period.start, period.end)
    people = [(f.left_on, f.consents, {m: (o, "") for m, o in f.reached.items()}) for f in facts]
    return (retention_table([rules.retention(month, people, today()) for month in months]),
            outcomes_table(facts, months))


def init_app(app: Flask) -> None:
    register_report(app, Report("follow-up", _l("Follow-up after the shelter"), Permission.VIEW_REPORTS, build,
                                order=20, description=_l("Housing retention at 3, 6 and 12 months after leaving, "
                                                         "with the share of women reached.")))
