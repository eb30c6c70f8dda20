"""A beneficiary's deadlines and follow-up pages, on every programme's blueprint (its guard keeps
each programme's staff to their own). Load → authorise → one service through `perform` → redirect."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.aftercare_forms import (DeadlineDoneForm, DeadlineForm, ProgrammeConsentForm,
                                         ProgrammeFollowUpAttemptForm, reached_answer)
from housing.core.clock import now_utc, today
from housing.core.errors import RuleViolation, Violation
from housing.core.forms import record_id
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.extensions import db
from housing.programmes.aftercare import queries, services
from housing.programmes.aftercare.models import BeneficiaryDeadline
from housing.programmes.models import Beneficiary
from housing.programmes.programme import current_programme
from housing.programmes.views import _beneficiary, route


def beneficiary_deadlines(person: Beneficiary) -> list[BeneficiaryDeadline]:
    """The beneficiary page's deadlines (one statement)."""
    return queries.deadlines_of(person.id)


def beneficiary_follow_up(person: Beneficiary) -> queries.FollowUpView:
    """The beneficiary page's follow-up after the exit (one statement)."""
    return queries.follow_up_of(person, current_programme().follow_up_months, today())


def _back(person: Beneficiary, anchor: str) -> Any:
    return redirect(url_for(".beneficiary", beneficiary_id=person.id, _anchor=anchor))


def _page(person: Beneficiary, form: Any, kind: str, anchor: str, **extra: Any) -> Any:
    return render_template("programmes/aftercare_form.html", beneficiary=person, form=form, kind=kind, anchor=anchor,
                           **extra), 400 if form.is_submitted() else 200


@route("/beneficiaries/<int:beneficiary_id>/deadlines/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def record_deadline(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    form = DeadlineForm(prefix="deadline")
    if form.is_submitted() and perform(form, lambda: services.record_deadline(
            person, form.kind.data or "", form.due_on.data, form.responsible.data or "", form.note.data or "",
            current_user, today(), now_utc())):
        flash(_("Deadline recorded for %(code)s.", code=person.case_code), "success")
        return _back(person, "deadlines")
    return _page(person, form, "deadline", "deadlines")


@route("/beneficiaries/<int:beneficiary_id>/deadlines/done", methods=["POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def complete_deadline(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    form = DeadlineDoneForm(prefix="deadline-done")

    def complete() -> Any:
        deadline = db.session.get(BeneficiaryDeadline, record_id(form.deadline_id.data) or 0)
        if deadline is None or deadline.beneficiary_id != person.id:
            raise RuleViolation(Violation("", _("This deadline is not one of this person's.")))
        return services.complete_deadline(deadline, current_user, now_utc())

    if perform(form, complete):
        flash(_("Deadline marked done."), "success")
        return _back(person, "deadlines")
    if not form.form_errors:  # the form itself was refused (an expired page)
        form.form_errors.append(_("The form had expired; nothing was changed. Try again."))
    return _page(person, form, "done", "deadlines")


@route("/beneficiaries/<int:beneficiary_id>/follow-up/attempt", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def record_follow_up_attempt(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    form = ProgrammeFollowUpAttemptForm(prefix="follow-up")
    if not form.is_submitted():
        form.month.data = request.args.get("month", "")
        form.attempted_on.data = today()
    elif perform(form, lambda: services.record_attempt(person, services.AttemptInput(
            record_id(form.month.data), form.attempted_on.data, form.channel.data or "",
            reached_answer(form.reached.data), form.housing_outcome.data or "", form.work_outcome.data or "",
            form.note.data or ""), current_user, today(), now_utc(), current_programme().follow_up_months)):
        flash(_("Follow-up attempt recorded for %(code)s.", code=person.case_code), "success")
        return _back(person, "follow-up")
    return _page(person, form, "attempt", "follow-up", month=record_id(form.month.data))


@route("/beneficiaries/<int:beneficiary_id>/follow-up/consent", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def change_follow_up_consent(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    current = person.follow_up  # type: ignore[attr-defined]
    form = ProgrammeConsentForm(prefix="follow-up-consent")
    if not form.is_submitted() and current is not None:
        form.show_saved(current)
    elif form.is_submitted() and perform(
            form, lambda: services.change_consent(person, form.consent(), current_user, now_utc())):
        flash(_("Consent to follow-up saved for %(code)s.", code=person.case_code), "success")
        return _back(person, "follow-up")
    return _page(person, form, "consent", "follow-up")
