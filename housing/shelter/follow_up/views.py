"""The follow-up's pages (staff and coordinators; a restricted stay's for the coordinators alone):
record an attempt, change her consent. Load → authorise → one service through `perform` →
redirect; the request commits once. The follow-up (3, 6, 12) is named in the form."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.aftercare_forms import ConsentForm, FollowUpAttemptForm, reached_answer
from housing.core.clock import now_utc, today
from housing.core.forms import record_id
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.shelter.blueprints import shelter as bp
from housing.shelter.follow_up import queries, services
from housing.shelter.models import Stay
from housing.shelter.stays.views import load_stay


def may_follow_up(stay: Stay, user: Any) -> bool:
    return user.can(Permission.FOLLOW_UP) and stay.shows_identity_to(user)


def follow_up_for(stay: Stay) -> queries.FollowUpView | None:
    """The stay page's section, or None for whoever may not see it."""
    if not may_follow_up(stay, current_user):
        return None
    return queries.follow_up_of(stay, current_app.config["FOLLOW_UP_MONTHS"], today())


def _follow_up_stay(stay_id: int) -> Stay:
    stay = load_stay(stay_id)
    if not may_follow_up(stay, current_user):
        abort(403)
    return stay


def _back(stay: Stay) -> Any:
    return redirect(url_for("shelter.stay", stay_id=stay.id, _anchor="follow-up"))


@bp.route("/stays/<int:stay_id>/follow-up/attempt", methods=["GET", "POST"])
@requires(Permission.FOLLOW_UP)
def record_follow_up_attempt(stay_id: int):
    stay = _follow_up_stay(stay_id)
    form = FollowUpAttemptForm(prefix="follow-up")
    if not form.is_submitted():
        form.month.data = request.args.get("month", "")
        form.attempted_on.data = today()
    elif perform(form, lambda: services.record_attempt(stay, services.AttemptInput(
            record_id(form.month.data), form.attempted_on.data, form.channel.data or "",
            reached_answer(form.reached.data), form.housing_outcome.data or "", form.note.data or ""),
            current_user, today(), now_utc(), current_app.config["FOLLOW_UP_MONTHS"])):
        flash(_("Follow-up attempt recorded for %(code)s.", code=stay.case_code), "success")
        return _back(stay)
    return render_template("shelter/aftercare_form.html", stay=stay, form=form, kind="attempt", anchor="follow-up",
                           month=record_id(form.month.data)), 400 if form.is_submitted() else 200


@bp.route("/stays/<int:stay_id>/follow-up/consent", methods=["GET", "POST"])
@requires(Permission.FOLLOW_UP)
def change_follow_up_consent(stay_id: int):
    stay = _follow_up_stay(stay_id)
    current = stay.follow_up  # type: ignore[attr-defined]
    form = ConsentForm(prefix="follow-up-consent")
    if not form.is_submitted() and current is not None:
        form.show_saved(current)
    elif form.is_submitted() and perform(
            form, lambda: services.change_consent(stay, form.consent(), current_user, now_utc())):
        flash(_("Her consent to follow-up is saved for %(code)s.", code=stay.case_code), "success")
        return _back(stay)
    return render_template("shelter/aftercare_form.html", stay=stay, form=form, kind="consent",
                           anchor="follow-up"), 400 if form.is_submitted() else 200
