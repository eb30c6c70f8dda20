"""Each programme's follow-up report ("<code>-follow-up"): of the people who exited in the period,
how many consented, were reached at 6 and 12 months, and were still housed and in work.
Downloads suppress small counts (core/disclosure.py), as every report's do."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from flask import Flask
from housing.core.i18n import gettext as _
from housing.core.i18n import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from housing.core import follow_up as rules
from housing.core.clock import today
from housing.core.permissions import Permission
from housing.core.reports import PEOPLE, SHARE, TEXT, Chart, Column, Period, Report, ReportTable, register_report
from housing.programmes.aftercare import queries
from housing.programmes.programme import Programme


def retention_table(figures: Sequence[rules.Retention]) -> ReportTable:
    rows = tuple((_l("at %(months)d months", months=f.month), f.left, f.consented, f.due, f.reached, f.share_reached,
                  f.housed, f.housing_retention, f.in_work, f.work_retention) for f in figures)
    return ReportTable(
        "retention", _l("Housing and work retention after the exit"),
        _l("People who exited in the period; of them, those who consented at the exit to be contacted; of those, "
           "the ones whose follow-up had fallen due by today; of those, the ones reached (share reached = reached "
           "÷ due); still housed (stably or at risk) and in work when reached, each as a share of those reached."),
        (Column("follow_up", _l("Follow-up"), TEXT), Column("left", _l("Exits"), PEOPLE),
         Column("consented", _l("Consented"), PEOPLE), Column("due", _l("Due by today"), PEOPLE),
         Column("reached", _l("Reached"), PEOPLE), Column("share_reached", _l("Share reached"), SHARE),
         Column("housed", _l("Still housed"), PEOPLE), Column("housing_retention", _l("Housing retention"), SHARE),
         Column("in_work", _l("In work"), PEOPLE), Column("work_retention", _l("Work retention"), SHARE)),
        rows,
        chart=Chart("bar", _l("Housing and work retention after the exit"),
                    _l("For each follow-up, the people reached, those still housed and those in work."), "follow_up",
                    ("reached", "housed", "in_work")))


def build(programme: Programme, period: Period, config: Mapping[str, Any]) -> Sequence[ReportTable]:
    """One statement: the programme's exits of the period with consent and the attempts that reached them."""
    facts = queries.outcome_facts(programme.code, period.start, period.end)
    people = [(f.left_on, f.consents, f.reached) for f in facts]
    return (retention_table([rules.retention(month, people, today()) for month in programme.follow_up_months]),)


def register_follow_up_reports(app: Flask, configured: Iterable[Programme]) -> None:
    for programme in configured:
        register_report(app, Report(
            code=f"{programme.code}-follow-up",
            title=LazyString(lambda p=programme: _("%(programme)s: follow-up after the exit", programme=p.name)),
            permission=Permission.VIEW_REPORTS, build=partial(build, programme), scope=programme.code,
            order=210 + programme.order,
            description=LazyString(lambda p=programme: _("Housing and work retention at %(months)s months after "
                                                         "leaving %(programme)s, with the share reached.",
                                                         months=", ".join(str(m) for m in p.follow_up_months),
                                                         programme=p.name))))
