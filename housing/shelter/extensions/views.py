"""Extensions of stays: request (staff), decide (a coordinator who did not ask)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.clock import now_utc, today
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.shelter.blueprints import shelter as bp
from housing.shelter.extensions import queries, services
from housing.shelter.extensions.forms import ExtensionDecisionForm, ExtensionRequestForm
from housing.shelter.models import ExtensionRequest
from housing.shelter.stays.views import load_stay, stay_page


@bp.route("/stays/<int:stay_id>/extensions", methods=["POST"])
@requires(Permission.REQUEST_EXTENSION)
def request_extension(stay_id: int):
    stay = load_stay(stay_id)
    form = ExtensionRequestForm()
    if perform(form, lambda: services.request_extension(stay, form.proposed_end.data, form.reason.data,
                                                        current_user, now_utc())):
        flash(_("Extension requested for %(code)s. A coordinator will decide.", code=stay.case_code), "success")
        return redirect(url_for("shelter.stay", stay_id=stay.id))
    return stay_page(load_stay(stay_id), extension_form=form, status=400)


@bp.route("/extensions/<int:request_id>/decide", methods=["POST"])
@requires(Permission.DECIDE_EXTENSION)
def decide_extension(request_id: int):
    request = db.get_or_404(ExtensionRequest, request_id)
    if not request.can_decide(current_user):
        abort(403)  # her own request, even a malformed attempt at deciding it, is refused as such
    stay_id = request.stay_id
    form = ExtensionDecisionForm()
    if perform(form, lambda: services.decide_extension(request, form.decision.data == "approve",
                                                       form.decided_end.data, form.note.data, current_user,
                                                       now_utc())):
        flash(_("Decision recorded."), "success")
        return redirect(url_for("shelter.stay", stay_id=stay_id))
    if request.status != "pending":  # decided meanwhile: the page shows no form to carry the message
        for message in form.form_errors:
            flash(str(message), "error")
    return stay_page(load_stay(stay_id), decision_form=form, status=400)


@bp.route("/extensions")
@requires(Permission.DECIDE_EXTENSION)
def extensions():
    return render_template("shelter/extensions.html", pending=queries.pending_extension_requests(), today=today())
