"""Stays: admit, the residents list, a stay's file, discharge, transfer, restriction, the board,
her data (subject access). Each view: load → (the guard has authorised) → one service through
`perform` → redirect; the request commits once."""
from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from housing.core.i18n import gettext as _
from housing.core.i18n import ngettext
from flask_login import current_user

from housing.core.audit import record
from housing.core.database import writes_on_read
from housing.core.clock import now_utc, today
from housing.core import confirmation
from housing.core.formatting import format_dmy
from housing.core.forms import UndoForm, choices, record_id
from housing.core.permissions import Permission, requires
from housing.core.registry import onward_for
from housing.core.requests import perform, rehearse
from housing.extensions import db
from housing.privacy.export import subject_access_response
from housing.shelter.privacy import resident_record
from housing.shelter.blueprints import shelter as bp
from housing.shelter.extensions.forms import ExtensionDecisionForm, ExtensionRequestForm
from housing.shelter.choices import DESTINATION_LABELS
from housing.shelter.models import Referral, Resident, Stay
from housing.shelter.pages import board as current_board
from housing.shelter.pages import removed_entry, room_choices, settings, without_entry
from housing.shelter.night.queries import absences_at_last_check
from housing.shelter.rooms.rules import group_by_floor
from housing.shelter.stays import queries, rules, services
from housing.shelter.stays.forms import AdmissionForm, DischargeForm, RestrictionForm, SearchForm, TransferForm


def _admission_input(form: AdmissionForm) -> services.AdmissionInput:
    may_grant_exception = current_user.can_grant_exception()
    existing = form.existing_resident.data
    return services.AdmissionInput(
        first_name=form.first_name.data or "", last_name=form.last_name.data or "",
        birth_date=form.birth_date.data, room_id=form.room_id.data, admitted_on=form.admitted_on.data,
        referral_source=form.referral_source.data or "", nationality=form.nationality.data or "",
        languages=form.languages.data or "", phone=form.phone.data or "", notes=form.notes.data or "",
        children=[services.ChildInput(child.first_name.data or "", child.birth_date.data, child.sex.data or "",
                                      child.exception_reason.data or "" if may_grant_exception else "",
                                      field_prefix=entry.name)
                  for entry in form.children.entries for child in [entry.form]],
        existing_resident_id=record_id(existing), new_person=existing == "new",
        distinct_reason=form.distinct_reason.data or "", referral_id=record_id(form.referral_id.data),
        submission_key=(form.submission_key.data or "").strip(),
        restriction_requested=bool(form.request_restriction.data),
        restriction_reason=form.restriction_reason.data or "")


def _admit(form: AdmissionForm) -> tuple[Stay, bool]:
    """Admit her; this very submission saved before (a double click, a retry) answers with that
    stay, and True."""
    try:
        return services.admit(_admission_input(form), current_user, today(), settings()), False
    except services.AlreadyAdmitted as done:
        db.session.rollback()
        return done.stay, True


def _flash_admitted(stay: Stay, saved_before: bool) -> None:
    if saved_before:
        flash(_("This admission was already saved: here is her stay (%(code)s).", code=stay.case_code), "info")
    elif stay.shows_identity_to(current_user):
        flash(_("%(name)s admitted as %(code)s.", name=stay.resident.first_name, code=stay.case_code), "success")
    else:
        flash(_("Admitted as %(code)s, restricted at once; a coordinator confirms the restriction.",
                code=stay.case_code), "success")


@bp.route("/admit", methods=["GET", "POST"])
@requires(Permission.ADMIT_RESIDENT)
def admit():
    formdata = request.form if request.method == "POST" else None
    removed = removed_entry(request.form, "children")
    if removed is not None:
        formdata = without_entry(request.form, "children", removed)
    form = AdmissionForm(formdata=formdata)
    if not form.submission_key.data:  # issued with the form; a repeat of the submission carries it back
        form.submission_key.data = secrets.token_urlsafe(24)
    board = current_board()
    form.room_id.choices = room_choices(persons=1 + len(form.children.entries), board=board)
    referral = None
    if request.method == "GET":
        form.admitted_on.data = today()
        chosen_room = record_id(request.args.get("room", ""))  # a free bed on the board leads here
        if chosen_room is not None and any(line.room.id == chosen_room for line in board.rooms):
            form.room_id.data = chosen_room
        referral = _prefill_from_referral(form, request.args.get("referral", ""))
    elif record_id(form.referral_id.data) is not None:
        referral = db.session.get(Referral, record_id(form.referral_id.data))
    duplicates, hidden_match = _earlier_records(form)

    prefilled = False
    if form.add_child.data:
        form.children.append_entry()
        form.room_id.choices = room_choices(persons=1 + len(form.children.entries), board=board)
    elif form.use_record.data and request.method == "POST":
        prefilled = _prefill_from_record(form, duplicates)
    elif removed is None and form.submit.data:
        if admitted := perform(form, lambda: _admit(form)):
            stay, saved_before = admitted.value
            _flash_admitted(stay, saved_before)
            return redirect(url_for("shelter.stay", stay_id=stay.id))
        if form.errors or form.form_errors:
            # Read again: another admission may have opened her record since this page was read.
            duplicates, hidden_match = _earlier_records(form)
    status = 400 if request.method == "POST" and (form.errors or form.form_errors) else 200
    return render_template("shelter/admit.html", form=form, board=board, duplicates=duplicates, referral=referral,
                           hidden_match=hidden_match, prefilled=prefilled,
                           active_match=any(s.is_active for r in duplicates for s in r.stays),
                           may_grant_exception=current_user.can_grant_exception(),
                           limits=settings().child_age_limits), status
def _earlier_records(form: AdmissionForm) -> tuple[list[Resident], bool]:
    """Records with her name and date of birth that this user may see, and whether a restricted
    one also matches: it is never named to staff, who read only that a coordinator must finish."""
    matches = queries.possible_duplicates(form.first_name.data or "", form.last_name.data or "",
                                          form.birth_date.data)
    may_see_restricted = current_user.can(Permission.RESTRICT_STAY)
    duplicates = [r for r in matches if may_see_restricted or not r.is_restricted]
    form.existing_resident.choices = choices([("new", _("None of these: she is not in our records"))] + [
        (r.id, r.full_name) for r in duplicates])
    return duplicates, len(duplicates) < len(matches)


def _prefill_from_record(form: AdmissionForm, duplicates: list[Resident]) -> bool:
    """Re-admission on her earlier record: what it knows fills the empty boxes, and the children
    known on it who are still within the age rule are offered (staff remove who is not with her)."""
    chosen = next((r for r in duplicates if str(r.id) == form.existing_resident.data), None)
    if chosen is None:
        form.existing_resident.errors = [_("Choose one of the earlier records first.")]
        return False
    for name in ("nationality", "languages", "phone"):
        box = getattr(form, name)
        if not (box.data or "").strip() and getattr(chosen, name):
            box.data = getattr(chosen, name)
    if not form.referral_source.data:
        form.referral_source.data = chosen.referral_source
    on = form.admitted_on.data or today()
    typed = {((entry.form.first_name.data or "").strip().lower(), entry.form.birth_date.data)
             for entry in form.children.entries}
    for known in chosen.children:
        if (known.first_name.lower(), known.birth_date) in typed:
            continue
        if not rules.child_needs_exception(known.sex, known.birth_date, on, settings().child_age_limits):
            form.children.append_entry({"first_name": known.first_name, "birth_date": known.birth_date,
                                        "sex": known.sex})
    return True


def _prefill_from_referral(form: AdmissionForm, referral_id: str) -> Referral | None:
    """Admit from the waiting list: what the referral knows is filled in; birth dates are
    still to be typed (a referral knows only ages)."""
    referral = db.session.get(Referral, record_id(referral_id)) if record_id(referral_id) is not None else None
    if referral is None or referral.status != "waiting":
        return None
    form.referral_id.data = str(referral.id)
    form.referral_source.data = referral.source
    for child in referral.children:
        entry = form.children.append_entry()
        entry.form.sex.data = child.sex
    hold = next((h for h in referral.holds if h.released_at is None), None)
    if hold is not None:
        form.room_id.data = hold.room_id
    return referral


@bp.route("/residents")
@requires(Permission.VIEW_SHELTER_CASES)
def residents():
    form = SearchForm(request.args)
    if not form.validate():
        form.q.data, form.status.data = "", "active"
    rows = queries.residents_list(form.q.data or "", form.status.data or "active",
                                  names_of_restricted=current_user.can(Permission.RESTRICT_STAY))
    return render_template("shelter/residents.html", form=form, rows=rows, today=today())


def load_stay(stay_id: int) -> Stay:
    stay = queries.stay_detail(stay_id)
    if stay is None:
        abort(404)
    return stay


@bp.route("/stays/<int:stay_id>")
@requires(Permission.VIEW_SHELTER_CASES)
@writes_on_read  # the opening is audited
def stay(stay_id: int):
    return stay_page(load_stay(stay_id))


def stay_page(stay: Stay, discharge_form=None, transfer_form=None, extension_form=None, decision_form=None,
              restriction_form=None, undo_form=None, status=200):
    """A stay's file with its forms; a refused form is shown again with what was typed. Every
    showing of her file is on the audit trail, a refused form's (or "Back"'s) as well as the
    opening's: no record, no page (the request's one commit saves both)."""
    record("open_file", stay)
    if restriction_form is None:
        restriction_form = RestrictionForm(formdata=None, data={"restricted": stay.restricted,
                                                                "reason": stay.restricted_reason})
    if extension_form is None:
        extension_form = ExtensionRequestForm(formdata=None)
    if decision_form is None:
        pending = next((r for r in stay.extension_requests if r.status == "pending"), None)
        decision_form = ExtensionDecisionForm(formdata=None, data={"decided_end": pending.proposed_end if pending
                                                                   else None})
    if discharge_form is None:
        discharge_form = DischargeForm(formdata=None, data={"discharged_on": today()})
    if transfer_form is None:
        transfer_form = TransferForm(formdata=None, data={"moved_on": today()})
    transfer_form.room_id.choices = room_choices()
    if undo_form is None:
        undo_form = UndoForm(formdata=None)
    may_see_restricted = current_user.can(Permission.RESTRICT_STAY)
    records = queries.her_records(stay, with_restricted=may_see_restricted)  # her stays, which identity asks
    identity = stay.shows_identity_to(current_user)
    onward, enrolled = onward_for(stay.destination), None
    if onward is not None and stay.may_be_enrolled_by(current_user, onward.destination):
        enrolled = onward.enrolment_of(stay.id) or False
    return render_template(
        "shelter/stay.html", stay=stay, today=today(),
        children=queries.children_on_stay(stay, today(), settings().child_age_limits),
        onward=onward, enrolled=enrolled, identity=identity,
        # A restricted stay is listed among her other stays for coordinators only; the page of a
        # restricted stay shows staff no other stays at all.
        other_stays=records.other_stays if identity else [],
        opened_beside=records.opened_beside if identity else [],
        discharge_form=discharge_form, transfer_form=transfer_form, extension_form=extension_form,
        decision_form=decision_form, restriction_form=restriction_form, undo_form=undo_form,
        may_undo_discharge=stay.may_undo_discharge(current_user, today())), status


@bp.route("/stays/<int:stay_id>/discharge", methods=["POST"])
@requires(Permission.DISCHARGE_STAY)
def discharge(stay_id: int):
    """Asks before it acts: the first press shows what will be recorded, in words; only "Confirm
    discharge" writes; "Back" brings the form back as it was typed."""
    stay = load_stay(stay_id)
    form = DischargeForm()

    def act() -> Stay:
        consent = form.consent()
        return services.discharge(stay, form.discharged_on.data, form.reason.data, form.destination.data,
                                  current_user, today(), consent)

    press = confirmation.step(request.form)
    if press == confirmation.BACK:
        return stay_page(stay, discharge_form=form)
    if press == confirmation.ASK and rehearse(form, act):
        return _confirm_discharge(load_stay(stay_id), form)
    if press == confirmation.CONFIRM and perform(form, act):
        flash(_("%(code)s discharged.", code=stay.case_code), "success")
        return redirect(url_for("shelter.stay", stay_id=stay.id))
    return stay_page(load_stay(stay_id), discharge_form=form, status=400)


def _confirm_discharge(stay: Stay, form: DischargeForm):
    """"Discharge SH-2026-014 Tamara and 1 child on 01/12/2026 — to relatives?" Her name only to
    whoever may see who she is."""
    who = stay.case_code
    if stay.shows_identity_to(current_user):
        who = f"{stay.case_code} {stay.resident.first_name}"
    children = len(stay.children)
    if children:
        who = ngettext("%(who)s and %(num)d child", "%(who)s and %(num)d children", children, who=who)
    question = _("Discharge %(who)s on %(day)s, destination: %(destination)s?", who=who,
                 day=format_dmy(form.discharged_on.data),
                 destination=DESTINATION_LABELS.get(form.destination.data or "", ""))
    return confirmation.confirmation_page(
        form, title=_("Confirm the discharge"), question=question,
        action=url_for("shelter.discharge", stay_id=stay.id), confirm_label=_("Confirm discharge"),
        notice=_("A discharge entered by mistake can be undone by a coordinator today only."))


@bp.route("/stays/<int:stay_id>/undo-discharge", methods=["POST"])
@requires(Permission.UNDO_ENDING)
def undo_discharge(stay_id: int):
    """A discharge entered by mistake, undone the same day: the same stay, room and children."""
    stay = load_stay(stay_id)
    form = UndoForm()
    if perform(form, lambda: services.undo_discharge(stay, current_user, today(), settings())):
        flash(_("The discharge of %(code)s is undone: her stay is active again.", code=stay.case_code), "success")
        return redirect(url_for("shelter.stay", stay_id=stay.id))
    return stay_page(load_stay(stay_id), undo_form=form, status=400)


@bp.route("/stays/<int:stay_id>/restriction", methods=["POST"])
@requires(Permission.RESTRICT_STAY)
def restriction(stay_id: int):
    stay = load_stay(stay_id)
    form = RestrictionForm()
    if perform(form, lambda: services.set_restriction(stay, form.restricted.data, form.reason.data or "")):
        flash(_("Restriction saved for %(code)s.", code=stay.case_code), "success")
        return redirect(url_for("shelter.stay", stay_id=stay.id))
    return stay_page(load_stay(stay_id), restriction_form=form, status=400)


@bp.route("/stays/<int:stay_id>/transfer", methods=["POST"])
@requires(Permission.TRANSFER_STAY)
def transfer(stay_id: int):
    stay = load_stay(stay_id)
    form = TransferForm()
    form.room_id.choices = room_choices()
    if perform(form, lambda: services.transfer(stay, form.room_id.data, form.moved_on.data, current_user, today())):
        placement = stay.current_placement
        flash(_("%(code)s moved to room %(room)s.", code=stay.case_code,
                room=placement.room.name if placement is not None else ""), "success")
        return redirect(url_for("shelter.stay", stay_id=stay.id))
    return stay_page(load_stay(stay_id), transfer_form=form, status=400)


BOARD_REFRESH_SECONDS = 180  # the night tablet's board updates itself every three minutes


def _board_page(printing: bool):
    board = current_board()
    return render_template("shelter/board.html", board=board, printing=printing, now=now_utc(),
                           floors=group_by_floor(board.rooms, lambda line: line.room.floor),
                           absences=absences_at_last_check(), refresh_seconds=BOARD_REFRESH_SECONDS)


@bp.route("/board")
@requires(Permission.VIEW_BOARD)
def board():
    return _board_page(printing=False)


@bp.route("/board/print")
@requires(Permission.VIEW_BOARD)
def board_print():
    return _board_page(printing=True)


@bp.route("/residents/<int:resident_id>/data")
@requires(Permission.SUBJECT_ACCESS)
@writes_on_read  # the copy given is audited
def subject_access(resident_id: int):
    """A readable (and printable) page of everything held on her; the download is audited."""
    return _subject_access(resident_id, as_json=False)


@bp.route("/residents/<int:resident_id>/data.json")
@requires(Permission.SUBJECT_ACCESS)
@writes_on_read  # the copy given is audited
def subject_access_json(resident_id: int):
    return _subject_access(resident_id, as_json=True)


def _subject_access(resident_id: int, as_json: bool):
    data = resident_record(resident_id)
    if data is None:
        abort(404)
    resident = db.get_or_404(Resident, resident_id)
    return subject_access_response(resident, data, as_json, filename=f"resident-{resident_id}",
                                   heading=_("Data held on %(name)s", name=resident.full_name))
