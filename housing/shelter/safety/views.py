"""The safety plan's pages (staff and coordinators) and the door list (the night shift too).
Each view: load → authorise (the guard, then the record: a restricted stay's plan is for whoever
may see who she is) → one service through `perform` → redirect; the request commits once."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.clock import now_utc, today
from housing.core.forms import choices, record_id
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.shelter.blueprints import shelter as bp
from housing.shelter.models import Stay
from housing.shelter.safety import queries, services
from housing.shelter.safety.forms import BarredPersonForm, EndEntryForm, ProtectiveOrderForm, RiskAssessmentForm
from housing.shelter.safety.models import BarredPerson, ProtectiveOrder
from housing.shelter.stays.views import load_stay


def may_see_plan(stay: Stay, user: Any) -> bool:
    """Staff and coordinators see a stay's safety plan; a restricted stay's only whoever may see
    who she is (the coordinators)."""
    return user.can(Permission.SAFETY_PLAN) and stay.shows_identity_to(user)


def safety_plan_for(stay: Stay) -> queries.SafetyPlan | None:
    """The stay page's section: the plan, or None for whoever may not see it. Read once per
    request: the page's next steps read its risk level too."""
    if not may_see_plan(stay, current_user):
        return None
    plans = g.setdefault("safety_plans", {})
    if stay.id not in plans:
        plans[stay.id] = queries.safety_plan_of(stay.id)
    return plans[stay.id]


def _plan_stay(stay_id: int) -> Stay:
    stay = load_stay(stay_id)
    if not may_see_plan(stay, current_user):
        abort(403)
    return stay


def _back_to_plan(stay: Stay) -> Any:
    return redirect(url_for("shelter.stay", stay_id=stay.id, _anchor="safety-plan"))


def _form_page(stay: Stay, form: Any, kind: str, status: int, **extra: Any) -> Any:
    code = 400 if status == 400 or form.errors or form.form_errors else status
    return render_template("shelter/safety_form.html", stay=stay, form=form, kind=kind, today=today(),
                           review_days=current_app.config["RISK_REVIEW_DAYS"], **extra), code


@bp.route("/stays/<int:stay_id>/safety/assessment", methods=["GET", "POST"])
@requires(Permission.SAFETY_PLAN)
def assess_risk(stay_id: int):
    stay = _plan_stay(stay_id)
    form = RiskAssessmentForm(prefix="safety-risk")
    if not form.is_submitted():
        form.assessed_on.data = today()
    elif perform(form, lambda: services.assess_risk(stay, form.level.data or "", form.assessed_on.data,
                                                    form.next_review_on.data, form.note.data or "", current_user,
                                                    today(), now_utc(), current_app.config["RISK_REVIEW_DAYS"])):
        flash(_("Risk assessment recorded for %(code)s.", code=stay.case_code), "success")
        return _back_to_plan(stay)
    return _form_page(stay, form, "assessment", 400 if form.is_submitted() else 200)


def _order_form(stay: Stay) -> ProtectiveOrderForm:
    form = ProtectiveOrderForm(prefix="safety-order")
    form.children.choices = choices(services.child_choices(stay))
    return form


@bp.route("/stays/<int:stay_id>/safety/orders/new", methods=["GET", "POST"])
@requires(Permission.SAFETY_PLAN)
def record_protective_order(stay_id: int):
    stay = _plan_stay(stay_id)
    form = _order_form(stay)
    if form.is_submitted():
        def record() -> Any:
            data = services.OrderInput(
                form.authority.data or "", form.kind.data or "", form.reference.data or "", form.issued_on.data,
                form.valid_until.data, form.conditions.data or "", bool(form.protects_woman.data),
                [child_id for child_id in (record_id(value) for value in form.children.data or []) if child_id])
            return services.record_protective_order(stay, data, current_user, today(), now_utc())

        if perform(form, record):
            flash(_("Protective order recorded for %(code)s.", code=stay.case_code), "success")
            return _back_to_plan(stay)
    return _form_page(stay, form, "order", 400 if form.is_submitted() else 200)


@bp.route("/stays/<int:stay_id>/safety/barred/new", methods=["GET", "POST"])
@requires(Permission.SAFETY_PLAN)
def bar_person(stay_id: int):
    stay = _plan_stay(stay_id)
    form = BarredPersonForm(prefix="safety-barred")
    if not form.is_submitted():
        form.what_to_do.data = _("Do not open the door and do not say whether she is here. Call the police: 100.")
    elif perform(form, lambda: services.bar_person(stay, form.name.data or "", form.relationship.data or "",
                                                   form.description.data or "", form.what_to_do.data or "",
                                                   current_user, now_utc())):
        flash(_("Added to the safety plan of %(code)s and to the door list.", code=stay.case_code), "success")
        return _back_to_plan(stay)
    return _form_page(stay, form, "barred", 400 if form.is_submitted() else 200)


@bp.route("/safety/orders/<int:order_id>/end", methods=["GET", "POST"])
@requires(Permission.SAFETY_PLAN)
def end_protective_order(order_id: int):
    order = db.get_or_404(ProtectiveOrder, order_id)
    stay = _plan_stay(order.stay_id)
    form = EndEntryForm(prefix="safety-end")
    if form.is_submitted() and perform(form, lambda: services.end_protective_order(order, form.reason.data or "",
                                                                                  current_user, now_utc())):
        flash(_("The order is marked ended; it stays in the plan's history."), "success")
        return _back_to_plan(stay)
    return _form_page(stay, form, "end_order", 400 if form.is_submitted() else 200, order=order)


@bp.route("/safety/barred/<int:person_id>/end", methods=["GET", "POST"])
@requires(Permission.SAFETY_PLAN)
def end_barred_person(person_id: int):
    person = db.get_or_404(BarredPerson, person_id)
    stay = _plan_stay(person.stay_id)
    form = EndEntryForm(prefix="safety-end")
    if form.is_submitted() and perform(form, lambda: services.end_barred_person(person, form.reason.data or "",
                                                                               current_user, now_utc())):
        flash(_("No longer on the door list; the entry stays in the plan's history."), "success")
        return _back_to_plan(stay)
    return _form_page(stay, form, "end_barred", 400 if form.is_submitted() else 200, person=person)


@bp.route("/door-list")
@requires(Permission.DOOR_LIST)
def door_list():
    return render_template("shelter/door_list.html", entries=queries.door_list(), printed_at=now_utc())
