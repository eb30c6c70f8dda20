"""Rooms and beds (the admin, under /rooms) and holds on beds for an expected arrival (under
/shelter/holds)."""
from __future__ import annotations

from datetime import datetime, UTC

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.clock import ATHENS, now_utc, today
from housing.core.forms import record_id
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.shelter.blueprints import rooms as bp
from housing.shelter.blueprints import shelter
from housing.shelter.models import Bed, Referral, Room, RoomHold
from housing.shelter.pages import room_choices, settings
from housing.shelter.rooms import queries, services
from housing.shelter.rooms.forms import (BedForm, BedOutOfServiceForm, BedReturnForm, HoldForm, HoldReleaseForm,
                                         RoomForm)


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.MANAGE_ROOMS)
def index():
    form = RoomForm()
    if created := perform(form, lambda: services.create_room(form.name.data, form.floor.data or "",
                                                             form.beds.data or 0, form.cots.data or 0)):
        flash(_("Room %(name)s created.", name=created.value.name), "success")
        return redirect(url_for("rooms.room", room_id=created.value.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("rooms/index.html", rooms=queries.rooms_with_beds(), persons=queries.persons_by_room(),
                           form=form), status


def _render_room(room: Room, bed_form=None, out_form=None, out_bed_id=None, status=200):
    return render_template("rooms/room.html", room=room, persons=queries.persons_by_room().get(room.id, 0),
                           bed_form=bed_form or BedForm(formdata=None), out_form=out_form,
                           out_bed_id=out_bed_id, return_form=BedReturnForm(formdata=None),
                           blank_out_form=BedOutOfServiceForm(formdata=None),
                           history=queries.service_history(room.id)), status


@bp.route("/<int:room_id>")
@requires(Permission.MANAGE_ROOMS)
def room(room_id: int):
    return _render_room(db.get_or_404(Room, room_id))


@bp.route("/<int:room_id>/beds", methods=["POST"])
@requires(Permission.MANAGE_ROOMS)
def add_bed(room_id: int):
    room = db.get_or_404(Room, room_id)
    form = BedForm()
    if added := perform(form, lambda: services.add_bed(room, form.label.data, form.is_cot.data)):
        flash(_("Bed %(label)s added to room %(room)s.", label=added.value.label, room=room.name), "success")
        return redirect(url_for("rooms.room", room_id=room.id))
    return _render_room(db.get_or_404(Room, room_id), bed_form=form, status=400)


@bp.route("/beds/<int:bed_id>/out-of-service", methods=["POST"])
@requires(Permission.MANAGE_ROOMS)
def bed_out_of_service(bed_id: int):
    bed = db.get_or_404(Bed, bed_id)
    form = BedOutOfServiceForm()
    if perform(form, lambda: services.take_bed_out_of_service(bed, form.reason.data, today(), current_user)):
        flash(_("Bed %(label)s is out of service.", label=bed.label), "success")
        return redirect(url_for("rooms.room", room_id=bed.room_id))
    bed = db.get_or_404(Bed, bed_id)
    return _render_room(bed.room, out_form=form, out_bed_id=bed.id, status=400)


@bp.route("/beds/<int:bed_id>/in-service", methods=["POST"])
@requires(Permission.MANAGE_ROOMS)
def bed_in_service(bed_id: int):
    bed = db.get_or_404(Bed, bed_id)
    if perform(BedReturnForm(), lambda: services.return_bed_to_service(bed, today(), current_user)):
        flash(_("Bed %(label)s is back in service.", label=bed.label), "success")
    else:
        flash(_("The form had expired; please try again."), "error")
    return redirect(url_for("rooms.room", room_id=bed.room_id))


# --- Holds ------------------------------------------------------------------------------

def _held_until(form: HoldForm) -> datetime | None:
    if form.until_day.data is None or form.until_time.data is None:
        return None
    local = datetime.combine(form.until_day.data, form.until_time.data, tzinfo=ATHENS)
    return local.astimezone(UTC)


def hold_form(formdata=None, referral: Referral | None = None) -> HoldForm:
    form = HoldForm(formdata=formdata, data={"referral_id": referral.id if referral else ""})
    form.room_id.choices = room_choices()
    return form


def _hold_beds(form: HoldForm) -> RoomHold:
    referral_id = record_id(form.referral_id.data)
    referral = db.session.get(Referral, referral_id) if referral_id is not None else None
    return services.hold_beds(db.get_or_404(Room, form.room_id.data), form.beds.data, _held_until(form),
                              form.note.data or "", current_user, now_utc(), settings().capacity, referral)


@shelter.route("/holds", methods=["GET", "POST"])
@requires(Permission.HOLD_BEDS)
def holds():
    form = hold_form(request.form if request.method == "POST" else None)
    if request.method == "POST" and (held := perform(form, lambda: _hold_beds(form))):
        flash(_("Beds held in room %(room)s.", room=held.value.room.name), "success")
        if held.value.referral is not None:
            return redirect(url_for("shelter.referral", referral_id=held.value.referral.id))
        return redirect(url_for("shelter.holds"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("shelter/holds.html", form=form, holds=queries.active_holds(now_utc()),
                           release_form=HoldReleaseForm(formdata=None)), status


@shelter.route("/holds/<int:hold_id>/release", methods=["POST"])
@requires(Permission.HOLD_BEDS)
def release_hold(hold_id: int):
    hold = db.get_or_404(RoomHold, hold_id)
    if perform(HoldReleaseForm(), lambda: services.release_hold(hold, current_user, now_utc())):
        flash(_("Hold released."), "success")
    return redirect(url_for("shelter.holds"))
