"""The waiting list: referrals that arrive when the shelter is full."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.clock import now_utc, today
from housing.core.permissions import Permission, requires
from housing.core import confirmation
from housing.core.formatting import format_dmy
from housing.core.forms import UndoForm
from housing.core.requests import perform, rehearse
from housing.extensions import db
from housing.shelter.blueprints import shelter as bp
from housing.shelter.choices import REFERRAL_STATUS_LABELS
from housing.shelter.models import Referral
from housing.shelter.pages import board, removed_entry, settings, without_entry
from housing.shelter.rooms.queries import vacancy_now
from housing.shelter.rooms.views import hold_form
from housing.shelter.waiting import queries, rules, services
from housing.shelter.waiting.forms import ReferralCloseForm, ReferralForm


def _referral_input(form: ReferralForm) -> services.ReferralInput:
    return services.ReferralInput(
        received_on=form.received_on.data, source=form.source.data or "", household_size=form.household_size.data,
        urgency=form.urgency.data or "", contact_notes=form.contact_notes.data or "",
        children=[(entry.form.age_years.data, entry.form.sex.data or "") for entry in form.children.entries])


def _flags(referral: Referral) -> list:
    return rules.referral_child_flags([(c.age_years, c.sex) for c in referral.children], settings().child_age_limits)


@bp.route("/waiting-list", methods=["GET", "POST"])
@requires(Permission.WAITING_LIST)
def waiting_list():
    formdata = request.form if request.method == "POST" else None
    removed = removed_entry(request.form, "children")
    if removed is not None:
        formdata = without_entry(request.form, "children", removed)
    form = ReferralForm(formdata=formdata)
    if request.method == "GET":
        form.received_on.data = today()
    if form.add_child.data:
        form.children.append_entry()
        form.household_size.data = 1 + len(form.children.entries)
    elif removed is not None:
        form.household_size.data = 1 + len(form.children.entries)
    elif form.submit.data and (created := perform(form, lambda: services.create_referral(
            _referral_input(form), current_user, today(), now_utc()))):
        flash(_("Referral put on the waiting list."), "success")
        return redirect(url_for("shelter.referral", referral_id=created.value.id))
    waiting = queries.waiting_referrals()
    status = 400 if request.method == "POST" and (form.errors or form.form_errors) else 200
    return render_template("shelter/waiting_list.html", form=form, waiting=waiting,
                           flags={r.id: _flags(r) for r in waiting},
                           vacancy=vacancy_now(now_utc(), settings().capacity),
                           closed=queries.latest_closed_referrals()), status


@bp.route("/referrals/<int:referral_id>", methods=["GET", "POST"])
@requires(Permission.WAITING_LIST)
def referral(referral_id: int):
    """Closing without admission asks before it acts, like a discharge: only "Confirm" writes."""
    item = db.get_or_404(Referral, referral_id)
    close_form = ReferralCloseForm()
    press = confirmation.step(request.form)

    def act() -> Referral:
        return services.close_referral(item, close_form.status.data, close_form.note.data or "", current_user,
                                       today(), now_utc())

    if request.method == "POST" and close_form.submit_close.data and press != confirmation.BACK:
        if press == confirmation.ASK and rehearse(close_form, act):
            return confirmation.confirmation_page(
                close_form, title=_("Confirm the closure"), action=url_for("shelter.referral", referral_id=item.id),
                question=_("Close the referral of %(day)s without admission — %(outcome)s?",
                           day=format_dmy(item.received_on), outcome=REFERRAL_STATUS_LABELS.get(
                               close_form.status.data or "", "")),
                confirm_label=_("Confirm the closure"),
                notice=_("A closure entered by mistake can be undone by a coordinator today only."))
        if press == confirmation.CONFIRM and perform(close_form, act):
            flash(_("Referral closed."), "success")
            return redirect(url_for("shelter.waiting_list"))
    status = 400 if request.method == "POST" and press != confirmation.BACK else 200
    return referral_page(db.get_or_404(Referral, referral_id), close_form, status=status)


def referral_page(item: Referral, close_form: ReferralCloseForm, undo_form: UndoForm | None = None, status=200):
    return render_template("shelter/referral.html", referral=item, flags=_flags(item), board=board(),
                           close_form=close_form, hold_form=hold_form(referral=item), now=now_utc(),
                           undo_form=undo_form or UndoForm(formdata=None),
                           may_undo_closure=item.may_undo_closure(current_user, today())), status


@bp.route("/referrals/<int:referral_id>/undo-closure", methods=["POST"])
@requires(Permission.UNDO_ENDING)
def undo_close_referral(referral_id: int):
    """A referral closed by mistake back on the waiting list, the same day."""
    item = db.get_or_404(Referral, referral_id)
    form = UndoForm()
    if perform(form, lambda: services.undo_close_referral(item, current_user, today())):
        flash(_("The closure is undone: the referral is on the waiting list again."), "success")
        return redirect(url_for("shelter.referral", referral_id=item.id))
    return referral_page(db.get_or_404(Referral, referral_id), ReferralCloseForm(formdata=None), undo_form=form,
                         status=400)
