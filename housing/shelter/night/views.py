"""The night: the night check, the shift log and the evacuation list."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.clock import now_utc, to_athens
from housing.core.errors import DomainError
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.shelter.blueprints import shelter as bp
from housing.shelter.choices import SHIFT_LOG_LABELS
from housing.shelter.models import ShiftLogEntry
from housing.shelter.night import queries, rules, services
from housing.shelter.night.forms import NightCheckForm, ShiftEditForm, ShiftLogForm


def tonight() -> date:
    return rules.night_of(to_athens(now_utc()))


def _sees_case_history() -> bool:
    # Staff and coordinators read the case files, and so every past night; the night shift does not.
    return current_user.can(Permission.VIEW_SHELTER_CASES)


def _submitted_marks(households) -> dict[int, tuple[bool | None, str]]:
    marks = {}
    for household in households:
        stay_id = household.stay.id
        answer = request.form.get(f"stay-{stay_id}")
        present = {"present": True, "absent": False}.get(answer or "")
        marks[stay_id] = (present, (request.form.get(f"note-{stay_id}") or "")[:2000])
    return marks


@bp.route("/night-check", methods=["GET", "POST"])
@requires(Permission.NIGHT_CHECK)
def night_check():
    night = tonight()
    households = queries.households_by_room()
    form = NightCheckForm()
    check = queries.night_check_for(night)
    errors: dict[str, str] = {}
    marks = {m.stay_id: (m.present, m.note) for m in check.marks if m.current} if check is not None else {}
    if request.method == "POST":
        marks = _submitted_marks(households)
        if request.form.get("remaining_present"):
            marks = rules.with_remaining_present(marks)
    if form.validate_on_submit():
        # The marks are not fields of the form: each refusal is shown beside the woman it names.
        try:
            services.save_night_check(night, marks, current_user, now_utc())
        except DomainError as error:
            db.session.rollback()
            errors = {v.field: str(v.message) for v in error.violations}
        else:
            absent = sum(1 for present, _note in marks.values() if present is False)
            flash(_("Night check saved: %(present)d present, %(absent)d absent.",
                    present=len(marks) - absent, absent=absent), "success")
            return redirect(url_for("shelter.night_check"))
    status = 400 if errors or form.errors else 200
    return render_template("shelter/night_check.html", form=form, night=night, households=households, marks=marks,
                           check=check, errors=errors), status


@bp.route("/night-checks")
@requires(Permission.NIGHT_CHECK)
def night_checks():
    night, history = tonight(), _sees_case_history()
    checks = [row for row in queries.night_checks() if rules.night_visible(row[0].night_of, night, history)]
    return render_template("shelter/night_checks.html", checks=checks, tonight=night,
                           earliest=rules.earliest_night_visible(night, history))


@bp.route("/night-checks/<night>")
@requires(Permission.NIGHT_CHECK)
def night_check_detail(night: str):
    try:
        day = date.fromisoformat(night)
    except ValueError:
        abort(404)
    if not rules.night_visible(day, tonight(), _sees_case_history()):
        abort(404)  # an older night is not there for the night shift, as if never checked
    check = queries.night_check_for(day)
    if check is None:
        abort(404)
    return render_template("shelter/night_check_detail.html", check=check)


@bp.route("/log", methods=["GET", "POST"])
@requires(Permission.SHIFT_LOG)
def shift_log():
    form = ShiftLogForm()
    if not form.is_submitted() and request.args.get("kind") in SHIFT_LOG_LABELS:
        form.kind.data = request.args["kind"]  # "Tell the night shift" after an admission opens a handover note
    if perform(form, lambda: services.write_shift_entry(form.kind.data, form.text.data, current_user, now_utc())):
        flash(_("Added to the shift log."), "success")
        return redirect(url_for("shelter.shift_log"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("shelter/shift_log.html", form=form, entries=queries.shift_log(), now=now_utc()), status


@bp.route("/log/<int:entry_id>/edit", methods=["GET", "POST"])
@requires(Permission.SHIFT_LOG)
def edit_shift_entry(entry_id: int):
    entry = db.get_or_404(ShiftLogEntry, entry_id)
    if not entry.can_edit(current_user, now_utc()):
        flash(_("Entries can be corrected by their author within %(n)d minutes; write a new entry instead.",
                n=rules.SHIFT_LOG_EDIT_MINUTES), "error")
        return redirect(url_for("shelter.shift_log"))
    form = ShiftEditForm(data={"text": entry.text})
    if perform(form, lambda: services.edit_shift_entry(entry, form.text.data, current_user, now_utc())):
        flash(_("Entry corrected."), "success")
        return redirect(url_for("shelter.shift_log"))
    return render_template("shelter/shift_edit.html", form=form, entry=entry), 400 if form.errors else 200


@bp.route("/evacuation")
@requires(Permission.EVACUATION_LIST)
def evacuation_list():
    last = queries.last_night_check()
    absent = {m.stay_id: m.note for m in last.marks if m.current and not m.present} if last else {}
    floors = queries.households_by_floor()
    return render_template("shelter/evacuation.html", floors=floors, last_check=last, absent=absent,
                           women=sum(floor.women for floor in floors),
                           children_count=sum(floor.children for floor in floors), printed_at=now_utc())
