"""Reminders of her deadlines: from DEADLINE_REMINDER_DAYS before the day (per kind) to the day
itself. The message carries the case code, the kind and the date, never the note. A restricted
stay's reminders are for the coordinators alone."""
from __future__ import annotations

from datetime import date
from collections.abc import Mapping

from housing.core.i18n import lazy_gettext as _l

from housing.core import deadlines as rules
from housing.core.alerts import Alert, AlertAction, AlertContext, alert_source
from housing.core.formatting import format_dmy
from housing.core.permissions import Permission
from housing.shelter.deadlines import queries
from housing.shelter.deadlines.queries import DeadlineFact


def deadline_reminders(facts: list[DeadlineFact], today: date, reminder_days: Mapping[str, int]) -> list[Alert]:
    """Urgent on the day, "soon" before it."""
    return [Alert("case_deadline", f.case_code, f.due_on, "urgent" if f.due_on == today else "warning",
                  Permission.RESTRICT_STAY if f.restricted else Permission.CASE_DEADLINES,
                  _l("%(code)s: %(kind)s on %(day)s.", code=f.case_code, kind=rules.kind_in_a_sentence(f.kind),
                     day=format_dmy(f.due_on)),
                  "shelter.stay", (("stay_id", f.stay_id), ("_anchor", "deadlines")),
                  details=(("deadline_id", f.deadline_id), ("deadline_kind", f.kind)))
            for f in facts if rules.reminder_due(f.due_on, f.kind, today, reminder_days)]


FACTS = {"shelter.deadlines": queries.deadlines_query}

OPEN_DEADLINES = AlertAction(_l("Open her deadlines"), Permission.CASE_DEADLINES)


@alert_source("case_deadline", Permission.CASE_DEADLINES, label=_l("Her deadline approaching"),
              actions=(OPEN_DEADLINES,), facts=("shelter.deadlines",))
def _deadlines(context: AlertContext) -> list[Alert]:
    return deadline_reminders(queries.deadline_facts(context.facts("shelter.deadlines")), context.today,
                              context.config["DEADLINE_REMINDER_DAYS"])
