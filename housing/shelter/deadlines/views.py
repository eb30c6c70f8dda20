"""Her deadlines' pages (staff and coordinators; a restricted stay's for the coordinators alone).
Each view: load → authorise (the guard, then the record) → one service through `perform` →
redirect; the request commits once. The item to mark done is named in the form, under the stay's
address, and must be one of that stay's."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.aftercare_forms import DeadlineDoneForm, DeadlineForm
from housing.core.clock import now_utc, today
from housing.core.errors import RuleViolation, Violation
from housing.core.forms import record_id
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.shelter.blueprints import shelter as bp
from housing.shelter.deadlines import queries, services
from housing.shelter.deadlines.models import StayDeadline
from housing.shelter.models import Stay
from housing.shelter.stays.views import load_stay


def may_see_deadlines(stay: Stay, user: Any) -> bool:
    return user.can(Permission.CASE_DEADLINES) and stay.shows_identity_to(user)


def deadlines_for(stay: Stay) -> list[StayDeadline] | None:
    """The stay page's section: her items, or None for whoever may not see them."""
    return queries.deadlines_of(stay.id) if may_see_deadlines(stay, current_user) else None


def _deadline_stay(stay_id: int) -> Stay:
    stay = load_stay(stay_id)
    if not may_see_deadlines(stay, current_user):
        abort(403)
    return stay


def _back(stay: Stay) -> Any:
    return redirect(url_for("shelter.stay", stay_id=stay.id, _anchor="deadlines"))


@bp.route("/stays/<int:stay_id>/deadlines/new", methods=["GET", "POST"])
@requires(Permission.CASE_DEADLINES)
def record_deadline(stay_id: int):
    stay = _deadline_stay(stay_id)
    form = DeadlineForm(prefix="deadline")
    if form.is_submitted() and perform(form, lambda: services.record_deadline(
            stay, form.kind.data or "", form.due_on.data, form.responsible.data or "", form.note.data or "",
            current_user, today(), now_utc())):
        flash(_("Deadline recorded for %(code)s.", code=stay.case_code), "success")
        return _back(stay)
    return render_template("shelter/aftercare_form.html", stay=stay, form=form, kind="deadline",
                           anchor="deadlines"), 400 if form.is_submitted() else 200


@bp.route("/stays/<int:stay_id>/deadlines/done", methods=["POST"])
@requires(Permission.CASE_DEADLINES)
def complete_deadline(stay_id: int):
    stay = _deadline_stay(stay_id)
    form = DeadlineDoneForm(prefix="deadline-done")

    def complete() -> Any:
        deadline = db.session.get(StayDeadline, record_id(form.deadline_id.data) or 0)
        if deadline is None or deadline.stay_id != stay.id:
            raise RuleViolation(Violation("", _("This deadline is not one of this stay's.")))
        return services.complete_deadline(deadline, current_user, now_utc())

    if perform(form, complete):
        flash(_("Deadline marked done."), "success")
        return _back(stay)
    if not form.form_errors:  # the form itself was refused (an expired page)
        form.form_errors.append(_("The form had expired; nothing was changed. Try again."))
    return render_template("shelter/aftercare_form.html", stay=stay, form=form, kind="done", anchor="deadlines"), 400
