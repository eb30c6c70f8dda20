"""Holds on beds and the waiting list."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.core.clock import ATHENS, now_utc, today
from housing.core.errors import DomainError
from housing.core.forms import apply_domain_error, record_id
from housing.core.permissions import Permission, requires
from housing.extensions import db
from housing.shelter import queries, rules, services
from housing.shelter.forms import HoldForm, HoldReleaseForm, ReferralCloseForm, ReferralForm
from housing.shelter.models import Referral, Room, RoomHold
from housing.shelter.views import _board, _room_choices, _without_entry, bp, removed_entry


def _held_until(form: HoldForm) -> datetime | None:
    if form.until_day.data is None or form.until_time.data is None:
        return None
    local = datetime.combine(form.until_day.data, form.until_time.data, tzinfo=ATHENS)
    return local.astimezone(timezone.utc)


def _hold_form(formdata=None, referral: Referral | None = None) -> HoldForm:
    form = HoldForm(formdata=formdata, data={"referral_id": referral.id if referral else ""})
    form.room_id.choices = _room_choices(_board())
    return form


@bp.route("/holds", methods=["GET", "POST"])
@requires(Permission.HOLD_BEDS)
def holds():
    form = _hold_form(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        referral_id = form.referral_id.data
        referral = db.session.get(Referral, record_id(referral_id)) if record_id(referral_id) is not None else None
        room = db.session.get(Room, form.room_id.data)
        try:
            services.hold_beds(room, form.beds.data, _held_until(form), form.note.data or "", current_user, now_utc(),
                               services.ShelterSettings.from_config(current_app.config).capacity, referral)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Beds held in room %(room)s.", room=room.name), "success")
            if referral is not None:
                return redirect(url_for("shelter.referral", referral_id=referral.id))
            return redirect(url_for("shelter.holds"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("shelter/holds.html", form=form, holds=queries.active_holds(now_utc()),
                           release_form=HoldReleaseForm(formdata=None)), status


@bp.route("/holds/<int:hold_id>/release", methods=["POST"])
@requires(Permission.HOLD_BEDS)
def release_hold(hold_id: int):
    hold = db.get_or_404(RoomHold, hold_id)
    if HoldReleaseForm().validate_on_submit():
        services.release_hold(hold, current_user, now_utc())
        db.session.commit()
        flash(_("Hold released."), "success")
    return redirect(url_for("shelter.holds"))


def _referral_input(form: ReferralForm) -> services.ReferralInput:
    return services.ReferralInput(
        received_on=form.received_on.data, source=form.source.data or "", household_size=form.household_size.data,
        urgency=form.urgency.data or "", contact_notes=form.contact_notes.data or "",
        children=[(entry.form.age_years.data, entry.form.sex.data or "") for entry in form.children.entries])


@bp.route("/waiting-list", methods=["GET", "POST"])
@requires(Permission.WAITING_LIST)
def waiting_list():
    formdata = request.form if request.method == "POST" else None
    removed = removed_entry(request.form, "children")
    if removed is not None:
        formdata = _without_entry(request.form, "children", removed)
    form = ReferralForm(formdata=formdata)
    if request.method == "GET":
        form.received_on.data = today()
    if form.add_child.data:
        form.children.append_entry()
        form.household_size.data = 1 + len(form.children.entries)
    elif removed is not None:
        form.household_size.data = 1 + len(form.children.entries)
    elif form.submit.data and form.validate_on_submit():
        try:
            referral = services.create_referral(_referral_input(form), current_user, today(), now_utc())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Referral put on the waiting list."), "success")
            return redirect(url_for("shelter.referral", referral_id=referral.id))
    board = _board()
    limits = current_app.config["CHILD_AGE_LIMITS"]
    waiting = queries.referrals("waiting")
    flags = {r.id: rules.referral_child_flags([(c.age_years, c.sex) for c in r.children], limits) for r in waiting}
    status = 400 if request.method == "POST" and (form.errors or form.form_errors) else 200
    return render_template("shelter/waiting_list.html", form=form, waiting=waiting, flags=flags, board=board,
                           closed=queries.referrals("closed")[:50]), status


@bp.route("/referrals/<int:referral_id>", methods=["GET", "POST"])
@requires(Permission.WAITING_LIST)
def referral(referral_id: int):
    item = db.get_or_404(Referral, referral_id)
    close_form = ReferralCloseForm()
    if close_form.submit_close.data and close_form.validate_on_submit():
        try:
            services.close_referral(item, close_form.status.data, close_form.note.data or "", current_user, today(),
                                    now_utc())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(close_form, error)
        else:
            db.session.commit()
            flash(_("Referral closed."), "success")
            return redirect(url_for("shelter.waiting_list"))
    limits = current_app.config["CHILD_AGE_LIMITS"]
    flags = rules.referral_child_flags([(c.age_years, c.sex) for c in item.children], limits)
    board = _board()
    status = 400 if request.method == "POST" else 200
    return render_template("shelter/referral.html", referral=item, flags=flags, board=board, close_form=close_form,
                           hold_form=_hold_form(referral=item), now=now_utc()), status

