"""The stay page's "what usually follows": the stay's state read for the page, the steps of the
rule (housing.shelter.stays.rules.next_steps) that the reader may do, each with where it is done."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from housing.core.i18n import gettext as _, lazy_gettext as _l

from housing.core.clock import today
from housing.core.permissions import Permission
from housing.core.registry import Enrolment, Onward
from housing.shelter.models import Stay
from housing.shelter.safety.views import safety_plan_for
from housing.shelter.stays import rules


@dataclass(frozen=True)
class ShownStep:
    code: str
    label: Any
    hint: Any
    url: str


def _stay_page(anchor: str):
    return lambda stay, onward: url_for("shelter.stay", stay_id=stay.id, _anchor=anchor)


# code → (what to do, why or how, where it is done); the enrolment names its programme
STEPS = {
    "intake_assessment": (_l("Record the intake assessment"),
                          _l("Her risk level and what she told you at intake, in her safety plan."),
                          lambda stay, onward: url_for("shelter.assess_risk", stay_id=stay.id)),
    "tell_night_shift": (_l("Tell the night shift"),
                         _l("A handover note in the shift log: who arrived, which room, what to watch for."),
                         lambda stay, onward: url_for("shelter.shift_log", kind="handover")),
    "restrict_if_at_risk": (_l("Restrict the stay if she is at risk"),
                            _l("Lists and the board then show only her case code."), _stay_page("restriction")),
    "restrict_high_risk": (_l("Restrict the stay"), _l("She was assessed at high risk."), _stay_page("restriction")),
    "confirm_restriction": (_l("Confirm or lift the restriction"),
                            _l("Staff restricted the stay at admission."), _stay_page("restriction")),
    "decide_extension": (_l("Decide the request"), _l("An extension request waits for a decision."),
                         _stay_page("extensions")),
    "request_extension": (_l("Request an extension"), _l("The planned end is near."), _stay_page("extensions")),
    "record_discharge": (_l("Record the discharge"), _l("If she is leaving at the planned end."),
                         _stay_page("discharge")),
    "enrol": (None, None,
              lambda stay, onward: url_for(onward.enrol_endpoint, stay_id=stay.id)),
}


def stay_state(stay: Stay, user: Any, onward: Onward | None, enrolled: Enrolment | bool | None) -> rules.StayState:
    plan = safety_plan_for(stay)  # read once per request: the safety plan's section shows the same
    pending = next((r for r in stay.extension_requests if r.status == "pending"), None)
    return rules.StayState(
        active=stay.is_active, admitted_on=stay.admitted_on, planned_end=stay.planned_end,
        restricted=stay.restricted, restriction_awaits_confirmation=stay.awaits_restriction_confirmation,
        risk_known=plan is not None, risk_level=plan.current.level if plan is not None and plan.current else None,
        extension_pending=pending is not None, extension_requested_by=pending.requested_by_id if pending else None,
        left_for_programme=onward is not None and stay.destination == onward.destination,
        enrolled=bool(enrolled))


def next_steps_for(stay: Stay, user: Any, onward: Onward | None, enrolled: Enrolment | bool | None) -> list[ShownStep]:
    """The steps the reader may do: each only for whoever holds its permission (and sees who she is
    where it concerns her file)."""
    steps = rules.next_steps(stay_state(stay, user, onward, enrolled), today(),
                             current_app.config["ALERT_STAY_ENDING_DAYS"])
    return [ShownStep(step.code, *_words(step.code, onward), STEPS[step.code][2](stay, onward))
            for step in steps
            if user.can(Permission(step.permission)) and (not step.sees_her or stay.shows_identity_to(user))
            and step.not_by != user.id]


def _words(code: str, onward: Onward | None) -> tuple[Any, Any]:
    if code == "enrol" and onward is not None:
        return (_("Enrol her in %(programme)s", programme=onward.label),
                _("She left for the %(programme)s programme.", programme=onward.label))
    return STEPS[code][0], STEPS[code][1]
