"""The waiting list: referrals that arrive when the shelter is full."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.core.clock import now_utc, today
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.shelter.blueprints import shelter as bp
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
    item = db.get_or_404(Referral, referral_id)
    close_form = ReferralCloseForm()
    if close_form.submit_close.data and perform(close_form, lambda: services.close_referral(
            item, close_form.status.data, close_form.note.data or "", current_user, today(), now_utc())):
        flash(_("Referral closed."), "success")
        return redirect(url_for("shelter.waiting_list"))
    status = 400 if request.method == "POST" else 200
    return render_template("shelter/referral.html", referral=item, flags=_flags(item), board=board(),
                           close_form=close_form, hold_form=hold_form(referral=item), now=now_utc()), status
