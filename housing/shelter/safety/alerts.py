"""The safety plan's alerts: risk reviews due or overdue, protective orders running out or run
out while she is still here, and high risk on a stay that is not restricted.

Thresholds come from config (RISK_REVIEW_DAYS sets the review dates; PROTECTIVE_ORDER_WARNING_DAYS).
The messages carry the case code and dates only. A restricted stay's safety plan is seen by
the coordinators alone, and so are its alerts."""
from __future__ import annotations

from datetime import date

from housing.core.i18n import lazy_gettext as _l

from housing.core.alerts import Alert, AlertAction, AlertContext, alert_source
from housing.core.formatting import format_dmy
from housing.core.permissions import Permission
from housing.shelter.safety import queries, rules
from housing.shelter.safety.queries import OrderFact, ReviewFact


def _who_sees(restricted: bool) -> Permission:
    return Permission.RESTRICT_STAY if restricted else Permission.SAFETY_PLAN


def _plan_link(stay_id: int) -> tuple[str, tuple]:
    return "shelter.stay", (("stay_id", stay_id), ("_anchor", "safety-plan"))


# --- Pure rules ---------------------------------------------------------------------------

def reviews_due(facts: list[ReviewFact], today: date) -> list[Alert]:
    """The current assessment's review falls today or within two days."""
    return [Alert("risk_review_due", f.case_code, f.next_review_on, "warning", _who_sees(f.restricted),
                  _l("%(code)s: the risk assessment is to be reviewed by %(day)s.", code=f.case_code,
                     day=format_dmy(f.next_review_on)), *_plan_link(f.stay_id))
            for f in facts if rules.review_state(f.next_review_on, today) == rules.DUE]


def reviews_overdue(facts: list[ReviewFact], today: date) -> list[Alert]:
    return [Alert("risk_review_overdue", f.case_code, f.next_review_on, "urgent", _who_sees(f.restricted),
                  _l("%(code)s: the risk review was due on %(day)s and has not been done.", code=f.case_code,
                     day=format_dmy(f.next_review_on)), *_plan_link(f.stay_id))
            for f in facts if rules.review_state(f.next_review_on, today) == rules.OVERDUE]


def high_risk_unrestricted(facts: list[ReviewFact], today: date) -> list[Alert]:
    """High risk suggests restricting the stay: the coordinators, who decide, are told (every day
    until they restrict it or a new assessment lowers the level)."""
    return [Alert("high_risk_not_restricted", f.case_code, today, "warning", Permission.RESTRICT_STAY,
                  _l("%(code)s: assessed at high risk; consider restricting the stay.", code=f.case_code),
                  "shelter.stay", (("stay_id", f.stay_id), ("_anchor", "restriction")))
            for f in facts if rules.suggests_restriction(f.level, f.restricted)]


def orders_expiring(facts: list[OrderFact], today: date, warning_days: int) -> list[Alert]:
    return [Alert("protective_order_expiring", f.case_code, f.valid_until, "warning", _who_sees(f.restricted),
                  _l("%(code)s: a protective order is valid until %(day)s.", code=f.case_code,
                     day=format_dmy(f.valid_until)), *_plan_link(f.stay_id), details=(("order_id", f.order_id),))
            for f in facts if rules.order_state(f.valid_until, today, warning_days) == rules.EXPIRING]


def orders_expired(facts: list[OrderFact], today: date, warning_days: int) -> list[Alert]:
    """Run out while she is still here: renew it, or mark it ended."""
    return [Alert("protective_order_expired", f.case_code, f.valid_until, "urgent", _who_sees(f.restricted),
                  _l("%(code)s: a protective order ran out on %(day)s and she is still here; renew it or mark it "
                     "ended.", code=f.case_code, day=format_dmy(f.valid_until)), *_plan_link(f.stay_id),
                  details=(("order_id", f.order_id),))
            for f in facts if rules.order_state(f.valid_until, today, warning_days) == rules.EXPIRED]


# --- What settles each kind ---------------------------------------------------------------

def _stay_of(alert: Alert) -> dict[str, object]:
    return {key: value for key, value in alert.endpoint_values if key == "stay_id"}


REVIEW_RISK = AlertAction(_l("Review the risk"), Permission.SAFETY_PLAN, "shelter.assess_risk", _stay_of)
RESTRICT = AlertAction(_l("Restrict the stay"), Permission.RESTRICT_STAY, anchor="restriction")
RECORD_ORDER = AlertAction(_l("Record the new order"), Permission.SAFETY_PLAN, "shelter.record_protective_order",
                           _stay_of)
END_ORDER = AlertAction(_l("Mark it ended"), Permission.SAFETY_PLAN, "shelter.end_protective_order",
                        lambda alert: {"order_id": dict(alert.details)["order_id"]})


# --- Sources ------------------------------------------------------------------------------

FACTS = {"safety.reviews": queries.latest_reviews_query, "safety.orders": queries.open_orders_query}


def _assessments(context: AlertContext) -> list[ReviewFact]:
    return context.once("safety.reviews", lambda: queries.review_facts(context.facts("safety.reviews")))


def _orders(context: AlertContext) -> list[OrderFact]:
    return context.once("safety.orders", lambda: queries.order_facts(context.facts("safety.orders")))


@alert_source("risk_review_due", Permission.SAFETY_PLAN, label=_l("Risk review due"),
              actions=(REVIEW_RISK,), facts=("safety.reviews",))
def _review_due(context: AlertContext) -> list[Alert]:
    return reviews_due(_assessments(context), context.today)


@alert_source("risk_review_overdue", Permission.SAFETY_PLAN, label=_l("Risk review overdue"),
              actions=(REVIEW_RISK,),
              facts=("safety.reviews",))
def _review_overdue(context: AlertContext) -> list[Alert]:
    return reviews_overdue(_assessments(context), context.today)


@alert_source("high_risk_not_restricted", Permission.RESTRICT_STAY,
              label=_l("High risk, stay not restricted"), actions=(RESTRICT,), facts=("safety.reviews",))
def _high_risk(context: AlertContext) -> list[Alert]:
    return high_risk_unrestricted(_assessments(context), context.today)


@alert_source("protective_order_expiring", Permission.SAFETY_PLAN, label=_l("Protective order expiring"),
              actions=(RECORD_ORDER,),
              facts=("safety.orders",))
def _order_expiring(context: AlertContext) -> list[Alert]:
    return orders_expiring(_orders(context), context.today, context.config["PROTECTIVE_ORDER_WARNING_DAYS"])


@alert_source("protective_order_expired", Permission.SAFETY_PLAN, label=_l("Protective order expired"),
              actions=(RECORD_ORDER, END_ORDER),
              facts=("safety.orders",))
def _order_expired(context: AlertContext) -> list[Alert]:
    return orders_expired(_orders(context), context.today, context.config["PROTECTIVE_ORDER_WARNING_DAYS"])
