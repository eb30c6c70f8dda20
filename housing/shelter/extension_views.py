"""Extensions of stays: request (staff), decide (a coordinator who did not ask)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.core.clock import now_utc, today
from housing.core.errors import DomainError
from housing.core.forms import apply_domain_error
from housing.core.permissions import Permission, requires
from housing.extensions import db
from housing.shelter import queries, services
from housing.shelter.forms import ExtensionDecisionForm, ExtensionRequestForm
from housing.shelter.models import ExtensionRequest
from housing.shelter.views import _load_stay, _render_stay, bp


@bp.route("/stays/<int:stay_id>/extensions", methods=["POST"])
@requires(Permission.REQUEST_EXTENSION)
def request_extension(stay_id: int):
    stay = _load_stay(stay_id)
    form = ExtensionRequestForm()
    if form.validate_on_submit():
        try:
            services.request_extension(stay, form.proposed_end.data, form.reason.data, current_user, now_utc())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Extension requested for %(code)s. A coordinator will decide.", code=stay.case_code), "success")
            return redirect(url_for("shelter.stay", stay_id=stay.id))
    return _render_stay(_load_stay(stay_id), extension_form=form, status=400)


@bp.route("/extensions/<int:request_id>/decide", methods=["POST"])
@requires(Permission.DECIDE_EXTENSION)
def decide_extension(request_id: int):
    request = db.get_or_404(ExtensionRequest, request_id)
    stay_id = request.stay_id
    form = ExtensionDecisionForm()
    if form.validate_on_submit():
        try:
            services.decide_extension(request, form.decision.data == "approve", form.decided_end.data,
                                      form.note.data, current_user, now_utc())
        except services.NotYours:
            db.session.rollback()
            abort(403)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
            if request.status != "pending":  # decided meanwhile: the page shows no form to carry the message
                for message in form.form_errors:
                    flash(str(message), "error")
        else:
            db.session.commit()
            flash(_("Decision recorded."), "success")
            return redirect(url_for("shelter.stay", stay_id=stay_id))
    elif request.requested_by_id == current_user.id:
        abort(403)  # even a malformed attempt at deciding one's own request is refused as such
    return _render_stay(_load_stay(stay_id), decision_form=form, status=400)


@bp.route("/extensions")
@requires(Permission.DECIDE_EXTENSION)
def extensions():
    pending = queries.pending_extension_requests()
    return render_template("shelter/extensions.html", pending=pending, today=today())
