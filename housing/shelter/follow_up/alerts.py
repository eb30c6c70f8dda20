"""Follow-ups due: a woman who consented at discharge is to be contacted 3, 6 and 12 months after
(FOLLOW_UP_MONTHS). The alert shows while the follow-up is open and stops once she is reached or
after three unanswered attempts. The message carries the case code and the date; a restricted
stay's alert is for the coordinators alone."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from housing.core.i18n import lazy_gettext as _l

from housing.core import follow_up as rules
from housing.core.alerts import Alert, AlertAction, AlertContext, alert_source
from housing.core.formatting import format_dmy
from housing.core.permissions import Permission
from housing.shelter.follow_up import queries
from housing.shelter.follow_up.queries import FollowUpFact


def follow_ups_due(facts: list[FollowUpFact], today: date, months: Sequence[int]) -> list[Alert]:
    found = []
    for f in facts:
        for month, due_on in rules.due_dates(f.left_on, months):
            attempts = [attempt for m, attempt in f.attempts if m == month]
            if rules.alert_due(f.left_on, month, months, attempts, today, consents=True):
                found.append(Alert(
                    "follow_up_due", f.case_code, due_on, "warning",
                    Permission.RESTRICT_STAY if f.restricted else Permission.FOLLOW_UP,
                    _l("%(code)s: the %(months)d-month follow-up fell due on %(day)s (%(tries)d of 3 attempts made).",
                       code=f.case_code, months=month, day=format_dmy(due_on), tries=len(attempts)),
                    "shelter.stay", (("stay_id", f.stay_id), ("_anchor", "follow-up")),
                    details=(("month", month),)))
    return found


FACTS = {"shelter.follow_ups": queries.follow_ups_query}

RECORD_ATTEMPT = AlertAction(_l("Record the attempt"), Permission.FOLLOW_UP, "shelter.record_follow_up_attempt",
                             lambda alert: {"stay_id": dict(alert.endpoint_values)["stay_id"],
                                            "month": dict(alert.details)["month"]})


@alert_source("follow_up_due", Permission.FOLLOW_UP, label=_l("Follow-up after leaving due"),
              actions=(RECORD_ATTEMPT,), facts=("shelter.follow_ups",))
def _follow_ups(context: AlertContext) -> list[Alert]:
    return follow_ups_due(queries.follow_up_facts(context.facts("shelter.follow_ups")), context.today,
                          context.config["FOLLOW_UP_MONTHS"])
