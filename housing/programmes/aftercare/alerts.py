"""A beneficiary's deadline reminders (DEADLINE_REMINDER_DAYS before, per kind) and follow-ups due
after an exit (the programme's follow_up_months). Each alert is for the person's caseworker and
the coordinators, scoped to its programme; the message carries the case code, the kind and the
date, never the note."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from housing.core.i18n import lazy_gettext as _l

from housing.core import deadlines, follow_up as rules
from housing.core.alerts import Alert, AlertAction, AlertContext, alert_source
from housing.core.formatting import format_dmy
from housing.core.permissions import Permission
from housing.programmes.aftercare import queries
from housing.programmes.aftercare.queries import DeadlineFact, FollowUpFact
from housing.programmes.programme import programmes

COORDINATORS = Permission.VIEW_ALL_CASELOADS


def deadline_reminders(facts: list[DeadlineFact], today: date, reminder_days: Mapping[str, int]) -> list[Alert]:
    return [Alert("beneficiary_deadline", f.case_code, f.due_on, "urgent" if f.due_on == today else "warning",
                  COORDINATORS, _l("%(code)s: %(kind)s on %(day)s.", code=f.case_code,
                                   kind=deadlines.kind_in_a_sentence(f.kind), day=format_dmy(f.due_on)),
                  f"{f.programme}.beneficiary", (("beneficiary_id", f.beneficiary_id), ("_anchor", "deadlines")),
                  owner_id=f.caseworker_id, scope=f.programme, details=(("deadline_kind", f.kind),))
            for f in facts if deadlines.reminder_due(f.due_on, f.kind, today, reminder_days)]


def follow_ups_due(facts: list[FollowUpFact], today: date, months_of: Mapping[str, tuple[int, ...]]) -> list[Alert]:
    """`months_of`: each programme's follow-up months; a programme no longer configured has none."""
    found = []
    for f in facts:
        months = months_of.get(f.programme, ())
        for month, due_on in rules.due_dates(f.left_on, months):
            attempts = [attempt for m, attempt in f.attempts if m == month]
            if rules.alert_due(f.left_on, month, months, attempts, today, consents=True):
                found.append(Alert(
                    "beneficiary_follow_up_due", f.case_code, due_on, "warning", COORDINATORS,
                    _l("%(code)s: the %(months)d-month follow-up after the exit fell due on %(day)s (%(tries)d of 3 "
                       "attempts made).", code=f.case_code, months=month, day=format_dmy(due_on), tries=len(attempts)),
                    f"{f.programme}.beneficiary", (("beneficiary_id", f.beneficiary_id), ("_anchor", "follow-up")),
                    owner_id=f.caseworker_id, scope=f.programme, details=(("month", month),)))
    return found


FACTS = {"programmes.deadlines": queries.deadlines_query, "programmes.follow_ups": queries.follow_ups_query}

OPEN_DEADLINES = AlertAction(_l("Open the file's deadlines"), Permission.VIEW_REINTEGRATION)
RECORD_ATTEMPT = AlertAction(_l("Record the attempt"), Permission.MANAGE_REINTEGRATION,
                             lambda alert: f"{alert.scope}.record_follow_up_attempt",
                             lambda alert: {"beneficiary_id": dict(alert.endpoint_values)["beneficiary_id"],
                                            "month": dict(alert.details)["month"]})


@alert_source("beneficiary_deadline", COORDINATORS, owners=True, label=_l("Beneficiary's deadline approaching"),
              actions=(OPEN_DEADLINES,), facts=("programmes.deadlines",))
def _deadlines(context: AlertContext) -> list[Alert]:
    return deadline_reminders(queries.deadline_facts(context.facts("programmes.deadlines")), context.today,
                              context.config["DEADLINE_REMINDER_DAYS"])


@alert_source("beneficiary_follow_up_due", COORDINATORS, owners=True, label=_l("Follow-up after the exit due"),
              actions=(RECORD_ATTEMPT,), facts=("programmes.follow_ups",))
def _follow_ups(context: AlertContext) -> list[Alert]:
    months_of = {code: p.follow_up_months for code, p in programmes().items()}
    return follow_ups_due(queries.follow_up_facts(context.facts("programmes.follow_ups")), context.today, months_of)
