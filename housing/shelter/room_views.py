"""Rooms and beds, managed by the admin."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from housing.core.clock import today
from housing.core.errors import DomainError
from housing.core.forms import apply_domain_error
from housing.core.permissions import Permission, guarded_blueprint, requires
from housing.extensions import db
from housing.shelter import queries, services
from housing.shelter.forms import BedForm, BedOutOfServiceForm, BedReturnForm, RoomForm
from housing.shelter.models import Bed, Room

bp = guarded_blueprint("rooms", __name__, url_prefix="/rooms")


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.MANAGE_ROOMS)
def index():
    form = RoomForm()
    if form.validate_on_submit():
        try:
            room = services.create_room(form.name.data, form.floor.data or "", form.beds.data or 0,
                                        form.cots.data or 0)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Room %(name)s created.", name=room.name), "success")
            return redirect(url_for("rooms.room", room_id=room.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("rooms/index.html", rooms=queries.rooms_with_beds(), persons=queries.persons_by_room(),
                           form=form), status


def _render_room(room: Room, bed_form=None, out_form=None, out_bed_id=None, status=200):
    return render_template("rooms/room.html", room=room, persons=queries.persons_by_room().get(room.id, 0),
                           bed_form=bed_form or BedForm(formdata=None), out_form=out_form,
                           out_bed_id=out_bed_id, return_form=BedReturnForm(formdata=None),
                           blank_out_form=BedOutOfServiceForm(formdata=None)), status


@bp.route("/<int:room_id>")
@requires(Permission.MANAGE_ROOMS)
def room(room_id: int):
    return _render_room(db.get_or_404(Room, room_id))


@bp.route("/<int:room_id>/beds", methods=["POST"])
@requires(Permission.MANAGE_ROOMS)
def add_bed(room_id: int):
    room = db.get_or_404(Room, room_id)
    form = BedForm()
    if form.validate_on_submit():
        try:
            bed = services.add_bed(room, form.label.data, form.is_cot.data)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Bed %(label)s added to room %(room)s.", label=bed.label, room=room.name), "success")
            return redirect(url_for("rooms.room", room_id=room.id))
    return _render_room(db.get_or_404(Room, room_id), bed_form=form, status=400)


@bp.route("/beds/<int:bed_id>/out-of-service", methods=["POST"])
@requires(Permission.MANAGE_ROOMS)
def bed_out_of_service(bed_id: int):
    bed = db.get_or_404(Bed, bed_id)
    form = BedOutOfServiceForm()
    if form.validate_on_submit():
        try:
            services.take_bed_out_of_service(bed, form.reason.data, today())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Bed %(label)s is out of service.", label=bed.label), "success")
            return redirect(url_for("rooms.room", room_id=bed.room_id))
    bed = db.get_or_404(Bed, bed_id)
    return _render_room(bed.room, out_form=form, out_bed_id=bed.id, status=400)


@bp.route("/beds/<int:bed_id>/in-service", methods=["POST"])
@requires(Permission.MANAGE_ROOMS)
def bed_in_service(bed_id: int):
    bed = db.get_or_404(Bed, bed_id)
    form = BedReturnForm()
    if form.validate_on_submit():
        services.return_bed_to_service(bed)
        db.session.commit()
        flash(_("Bed %(label)s is back in service.", label=bed.label), "success")
        return redirect(url_for("rooms.room", room_id=bed.room_id))
    flash(_("The form had expired; please try again."), "error")
    return redirect(url_for("rooms.room", room_id=bed.room_id))
