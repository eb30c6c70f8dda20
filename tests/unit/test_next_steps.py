"""What usually follows, as a truth table: the stay's state → the steps, in order, each with the
permission it asks for."""
from __future__ import annotations

from datetime import date

import pytest

from housing.shelter.stays.rules import NextStep, StayState, next_steps

TODAY = date(2026, 12, 3)


def state(**changes) -> StayState:
    base = {"active": True, "admitted_on": date(2026, 11, 1), "planned_end": date(2027, 2, 1),
            "risk_level": "low"}
    return StayState(**(base | changes))


@pytest.mark.parametrize("given, expected", [
    # Admitted today, nothing done yet: the intake assessment, the night shift, the restriction if at risk.
    (state(admitted_on=TODAY, risk_level=None),
     ["intake_assessment", "tell_night_shift", "restrict_if_at_risk"]),
    # Admitted yesterday: the night shift still to be told; admitted two days ago: no longer.
    (state(admitted_on=date(2026, 12, 2), risk_level="low"), ["tell_night_shift"]),
    (state(admitted_on=date(2026, 12, 1), risk_level="low"), []),
    # Unassessed after the first days: the assessment only, no longer the "if at risk" restriction.
    (state(risk_level=None), ["intake_assessment"]),
    # High risk and not restricted: restrict; restricted already: nothing.
    (state(risk_level="high"), ["restrict_high_risk"]),
    (state(risk_level="high", restricted=True), []),
    # Restricted at intake by staff: a coordinator confirms or lifts it.
    (state(admitted_on=TODAY, risk_level="high", restricted=True, restriction_awaits_confirmation=True),
     ["tell_night_shift", "confirm_restriction"]),
    # Who may not see her safety plan is offered neither the assessment nor a restriction by risk.
    (state(admitted_on=TODAY, risk_level=None, risk_known=False), ["tell_night_shift"]),
    # 14 days before the planned end: an extension or the discharge; 15 days before: nothing yet.
    (state(planned_end=date(2026, 12, 17)), ["request_extension", "record_discharge"]),
    (state(planned_end=date(2026, 12, 18)), []),
    (state(planned_end=date(2026, 11, 30)), ["request_extension", "record_discharge"]),  # overdue
    # A request waiting: its decision instead.
    (state(planned_end=date(2026, 12, 10), extension_pending=True, extension_requested_by=7), ["decide_extension"]),
    # Discharged to the programme, not yet enrolled: the enrolment; enrolled, or elsewhere: nothing.
    (state(active=False, left_for_programme=True), ["enrol"]),
    (state(active=False, left_for_programme=True, enrolled=True), []),
    (state(active=False, risk_level=None, planned_end=date(2026, 11, 1)), []),
])
def test_what_follows(given, expected):
    assert [step.code for step in next_steps(given, TODAY, 14)] == expected


def test_each_step_names_who_may_do_it():
    steps = next_steps(state(admitted_on=TODAY, risk_level=None, planned_end=date(2026, 12, 10)), TODAY, 14)
    assert steps == [NextStep("intake_assessment", "safety_plan", sees_her=True),
                     NextStep("tell_night_shift", "shift_log"),
                     NextStep("restrict_if_at_risk", "restrict_stay"),
                     NextStep("request_extension", "request_extension"),
                     NextStep("record_discharge", "discharge_stay")]
    pending = next_steps(state(extension_pending=True, extension_requested_by=7), TODAY, 14)
    assert pending == [NextStep("decide_extension", "decide_extension", not_by=7)]
    assert next_steps(state(active=False, left_for_programme=True), TODAY, 14) == [
        NextStep("enrol", "enrol_from_shelter")]
