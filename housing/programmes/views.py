"""A programme's pages, the same for every programme of config: one blueprint per programme,
named by its code (/reintegration/…, /anoiko/…). Each view: load → (the guards have authorised:
the permission, then the programme) → act through one service with `perform`; the application
commits once.

Caseworkers cover for each other, so any of a programme's caseworkers may open and work on any
of its beneficiaries; the caseload page shows their own unless they may see every caseload
(coordinators). A programme's staff see nothing of another programme: its pages answer 403."""
from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.calendar import add_months
from housing.core.audit import record
from housing.core.database import writes_on_read
from housing.core.clock import today
from housing.core.formatting import format_dmy, money
from housing.core.forms import UndoForm, choices
from housing.core.permissions import Permission, guarded_blueprint, requires
from housing.core import confirmation
from housing.core.requests import perform, rehearse
from housing.extensions import db
from housing.privacy.export import subject_access_response
from housing.programmes.privacy import beneficiary_record
from housing.programmes import forms as labels
from housing.programmes import queries, rules, services
from housing.programmes.forms import (EnrolmentForm, ExitForm, JobEndForm, JobForm, LeaseRenewalForm, PaymentForm,
                                      ReferralCloseForm, ReferralForm, SearchForm, SessionForm,
                                      ShelterEnrolmentForm, TenancyEndForm, TenancyForm, yes_no)
from housing.programmes.models import Beneficiary, Job, ServiceReferral, Tenancy
from housing.programmes.programme import Programme, current_programme, programmes

_ROUTES: list[tuple[str, Callable, dict]] = []


def route(rule: str, **options) -> Callable:
    """A page of every programme: registered on each programme's blueprint by make_blueprint."""

    def mark(view: Callable) -> Callable:
        _ROUTES.append((rule, view, options))
        return view

    return mark


def make_blueprint(programme: Programme) -> Blueprint:
    """The programme's pages under /<code>, endpoints <code>.<view>, behind the route guard and
    the programme's own guard."""
    bp = guarded_blueprint(programme.code, __name__, url_prefix=f"/{programme.code}")
    bp.before_request(_enter_programme(programme.code))
    bp.context_processor(programme_labels)
    for rule, view, options in _ROUTES:
        bp.add_url_rule(rule, view_func=view, **options)
    return bp


def _enter_programme(code: str) -> Callable:
    def enter():
        """After the route guard: the request is in this programme; staff of another one are refused."""
        g.programme = programmes()[code]
        if not current_user.works_in(code):
            abort(403)

    return enter


def programme_labels():
    return {"RE": labels, "ethos_label": labels.ethos_label, "programme": g.get("programme")}


def _settings() -> services.ProgrammeSettings:
    return current_programme()


def _caseworker_choices():
    return choices([("", _("— choose —"))] + [(u.id, u.full_name) for u in queries.caseworkers(_settings().staff_role)])


def _staff_choices():
    return choices([("", _("— choose —"))] + [(u.id, u.full_name)
                                              for u in queries.session_staff(_settings().staff_role)])


def _status(form) -> int:
    return 400 if request.method == "POST" and (form.errors or form.form_errors) else 200


def _in_programme(beneficiary: Beneficiary) -> Beneficiary:
    """Another programme's record is not found here."""
    if beneficiary.programme != _settings().code:
        abort(404)
    return beneficiary


def _beneficiary(beneficiary_id: int) -> Beneficiary:
    return _in_programme(db.get_or_404(Beneficiary, beneficiary_id))


def _to_page(beneficiary: Beneficiary, section: str = ""):
    anchor = f"#{section}" if section else ""
    return redirect(url_for(".beneficiary", beneficiary_id=beneficiary.id) + anchor)


def _record_page(form, beneficiary: Beneficiary, title: str, notice: str = "", hint: str = "", groups=None):
    """The page of a form that adds to a beneficiary's record (tenancy, job, session…); `groups`
    are (heading, [field names]) when the fields fall into parts."""
    return render_template("programmes/record_form.html", form=form, beneficiary=beneficiary, title=title,
                           notice=notice, hint=hint, groups=groups), _status(form)


# --- Caseloads, lists, the beneficiary's page -------------------------------------------

@route("/")
@requires(Permission.VIEW_REINTEGRATION)
def caseload():
    sees_all = current_user.can(Permission.VIEW_ALL_CASELOADS)
    settings = _settings()
    loads = queries.caseloads(today(), settings.clocks, settings.code, settings.staff_role,
                              caseworker_id=None if sees_all else current_user.id)
    active = sum(len(load.lines) for load in loads) if sees_all else queries.active_count(settings.code)
    return render_template("programmes/caseload.html", loads=loads, sees_all=sees_all, today=today(),
                           active=active, capacity=settings.capacity, alert_days=settings.alert_days,
                           session_days=settings.no_session_days)


@route("/beneficiaries")
@requires(Permission.VIEW_REINTEGRATION)
def beneficiaries():
    form = SearchForm(request.args)
    if not form.validate():
        form.q.data, form.status.data = "", "active"
    rows = queries.beneficiaries_list(_settings().code, form.q.data or "", form.status.data or "active")
    return render_template("programmes/beneficiaries.html", form=form, rows=rows)


@route("/beneficiaries/<int:beneficiary_id>")
@requires(Permission.VIEW_REINTEGRATION)
@writes_on_read  # the opening is audited
def beneficiary(beneficiary_id: int):
    settings = _settings()
    person = queries.beneficiary_detail(beneficiary_id, settings.code)
    if person is None:
        abort(404)
    return _beneficiary_page(person)


def _beneficiary_page(person: Beneficiary, undo_form: UndoForm | None = None, status: int = 200):
    settings = _settings()
    page = render_template("programmes/beneficiary.html", b=person, today=today(),
                           clocks=queries.clocks_of(person, settings.clocks), timeline=queries.timeline(person),
                           rent_cap=rules.rent_cap_cents(person.household_size, settings.rent_caps),
                           alert_days=settings.alert_days, undo_form=undo_form or UndoForm(formdata=None),
                           may_undo_exit=person.may_undo_exit(current_user, today()))
    record("open_file", person)  # every opening of a file is on the audit trail
    return page, status


# --- Enrolment --------------------------------------------------------------------------

def _enrolment_input(form, first_name: str, last_name: str, birth_date, sex: str) -> services.EnrolmentInput:
    return services.EnrolmentInput(
        first_name=first_name, last_name=last_name, birth_date=birth_date, sex=sex,
        household_size=form.household_size.data, caseworker_id=form.caseworker_id.data,
        enrolled_on=form.enrolled_on.data, ethos_at_entry=form.ethos_at_entry.data or "",
        phone=form.phone.data or "", email=form.email.data or "", household_members=form.household_members.data or "",
        confirmed_new_person=bool(form.confirm_new_person.data),
        # the enrolment form carries a one-time key; the form from a shelter stay has its own guard
        submission_key=(form.submission_key.data or "").strip() if hasattr(form, "submission_key") else "")


@route("/enrol", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def enrol():
    settings = _settings()
    if request.method == "GET":
        default_worker = current_user.id if settings.staff_role in current_user.roles else None
        form = EnrolmentForm(formdata=None, data={"enrolled_on": today(), "household_size": 1,
                                                  "caseworker_id": default_worker})
    else:
        form = EnrolmentForm()
    form.caseworker_id.choices = _caseworker_choices()
    if not form.submission_key.data:  # issued with the form; a repeat of the submission carries it back
        form.submission_key.data = secrets.token_urlsafe(24)
    duplicates = queries.possible_duplicates(form.first_name.data or "", form.last_name.data or "",
                                             form.birth_date.data, settings.code)
    data = lambda: _enrolment_input(form, form.first_name.data or "", form.last_name.data or "",  # noqa: E731
                                    form.birth_date.data, form.sex.data or "")
    try:
        if enrolled := perform(form, lambda: services.enrol(data(), current_user, today(), settings)):
            person = enrolled.value
            flash(_("%(name)s enrolled as %(code)s.", name=person.first_name, code=person.case_code), "success")
            return _to_page(person)
    except services.AlreadyEnrolled as done:
        db.session.rollback()
        flash(_("This enrolment was already saved: here is the record (%(code)s).",
                code=done.beneficiary.case_code), "info")
        return _to_page(done.beneficiary)
    return render_template("programmes/enrol.html", form=form, duplicates=duplicates, stay=None,
                           active=queries.active_count(settings.code), capacity=settings.capacity), _status(form)


@route("/from-shelter")
@requires(Permission.ENROL_FROM_SHELTER)
def from_shelter():
    if not _settings().from_shelter:
        abort(404)  # this programme takes nobody from the shelter
    return render_template("programmes/from_shelter.html", stays=queries.stays_to_enrol(_settings().code))


@route("/from-shelter/<int:stay_id>", methods=["GET", "POST"])
@requires(Permission.ENROL_FROM_SHELTER)
@writes_on_read  # the opening of her shelter file is audited
def enrol_from_shelter(stay_id: int):
    settings = _settings()
    stay = queries.stay_for_enrolment(stay_id)
    if (not settings.from_shelter or stay is None or stay.discharged_on is None
            or stay.destination != settings.code):
        abort(404)  # only a stay discharged to the programme is enrolled from here
    already = queries.enrolled_from_stay(stay.id)
    if already is not None:
        flash(_("She was enrolled from this stay as %(code)s.", code=already.case_code), "info")
        return redirect(url_for(f"{already.programme}.beneficiary", beneficiary_id=already.id))
    resident = stay.resident
    if request.method == "GET":
        children = "\n".join(f"{link.child.first_name}, {link.child.birth_date:%d/%m/%Y}" for link in stay.children)
        form = ShelterEnrolmentForm(formdata=None, data={
            "enrolled_on": today(), "consent_on": today(), "phone": resident.phone,
            "household_size": 1 + len(stay.children), "household_members": children,
            "ethos_at_entry": "houseless.womens_shelter"})
    else:
        form = ShelterEnrolmentForm()
    form.caseworker_id.choices = _caseworker_choices()
    duplicates = queries.possible_duplicates(resident.first_name, resident.last_name, resident.birth_date,
                                             settings.code)
    # Her name, date of birth and sex come from the shelter record, not from the form.
    data = lambda: _enrolment_input(form, resident.first_name, resident.last_name, resident.birth_date, "F")  # noqa: E731
    if enrolled := perform(form, lambda: services.enrol_from_shelter(
            stay, data(), bool(form.consent_given.data), form.consent_on.data, current_user, today(), settings)):
        person = enrolled.value
        flash(_("%(name)s enrolled as %(code)s.", name=person.first_name, code=person.case_code), "success")
        return _to_page(person)
    page = render_template("programmes/enrol.html", form=form, duplicates=duplicates, stay=stay,
                           active=queries.active_count(settings.code), capacity=settings.capacity)
    record("open_file", stay, detail="enrolment from the shelter")  # the page shows her shelter details
    return page, _status(form)


# --- Housing ----------------------------------------------------------------------------

def _tenancy_input(form) -> services.TenancyInput:
    return services.TenancyInput(
        address=form.address.data or "", landlord=form.landlord.data or "", lease_start=form.lease_start.data,
        lease_end=form.lease_end.data, monthly_rent_cents=form.monthly_rent.data,
        subsidy_cents=form.subsidy_amount.data, subsidy_start=form.subsidy_start.data,
        subsidy_end=form.subsidy_end.data)


@route("/beneficiaries/<int:beneficiary_id>/tenancies/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def new_tenancy(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    settings = _settings()
    form = TenancyForm() if request.method == "POST" else TenancyForm(formdata=None)
    if perform(form, lambda: services.start_tenancy(person, _tenancy_input(form), current_user, today(), settings)):
        flash(_("Tenancy saved for %(code)s.", code=person.case_code), "success")
        return _to_page(person, "housing")
    current = person.current_tenancy
    first_rent, _w, _i = queries.first_period_starts(person)
    cap = rules.rent_cap_cents(person.household_size, settings.rent_caps)
    hint = _("Rent subsidy cap for a household of %(n)d: %(cap)s a month.", n=person.household_size,
             cap=money(cap))
    if first_rent is not None:
        hint += " " + _("The rent subsidy can run until %(day)s at the latest (%(months)d months from %(start)s).",
                        day=add_months(first_rent, settings.rent_months).strftime("%d/%m/%Y"),
                        months=settings.rent_months, start=first_rent.strftime("%d/%m/%Y"))
    else:
        hint += " " + _("The programme pays rent for up to %(months)d months from the subsidy's start.",
                        months=settings.rent_months)
    notice = _("Moving home: the tenancy at %(address)s ends on the day the new lease starts; both stay in the "
               "history.", address=current.address) if current is not None else ""
    title = _("Move to a new home") if current is not None else _("Add a tenancy")
    groups = [(_("The home"), ["address", "landlord", "lease_start", "lease_end", "monthly_rent"]),
              (_("Rent subsidy"), ["subsidy_amount", "subsidy_start", "subsidy_end"])]
    return _record_page(form, person, title, notice=notice, hint=hint, groups=groups)


@route("/tenancies/<int:tenancy_id>/end", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def end_tenancy(tenancy_id: int):
    tenancy = db.get_or_404(Tenancy, tenancy_id)
    person = _in_programme(tenancy.beneficiary)
    form = TenancyEndForm() if request.method == "POST" else TenancyEndForm(formdata=None, data={"ended_on": today()})
    if perform(form, lambda: services.end_tenancy(tenancy, form.ended_on.data, form.reason.data or "", current_user,
                                                  today())):
        flash(_("The tenancy at %(address)s has ended.", address=tenancy.address), "success")
        return _to_page(person, "housing")
    return _record_page(form, person, _("End the tenancy at %(address)s", address=tenancy.address),
                        hint=_("Only when she or he leaves without moving to another home; for a move, add the "
                               "new tenancy."))


@route("/tenancies/<int:tenancy_id>/renew", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def renew_lease(tenancy_id: int):
    tenancy = db.get_or_404(Tenancy, tenancy_id)
    person = _in_programme(tenancy.beneficiary)
    form = LeaseRenewalForm() if request.method == "POST" else LeaseRenewalForm(formdata=None)
    if perform(form, lambda: services.renew_lease(tenancy, form.lease_end.data)):
        flash(_("The lease at %(address)s now ends on %(day)s.", address=tenancy.address,
                day=format_dmy(tenancy.lease_end)), "success")
        return _to_page(person, "housing")
    current_end = tenancy.lease_end.strftime("%d/%m/%Y") if tenancy.lease_end else _("no end date")
    return _record_page(form, person, _("Renew the lease at %(address)s", address=tenancy.address),
                        hint=_("The lease ends on %(day)s now.", day=current_end))


def _payment_input(form) -> services.PaymentInput:
    return services.PaymentInput(form.paid_on.data, form.kind.data or "", form.amount.data, form.note.data or "")


@route("/beneficiaries/<int:beneficiary_id>/payments/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def new_payment(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    form = PaymentForm() if request.method == "POST" else PaymentForm(formdata=None, data={"paid_on": today()})
    if perform(form, lambda: services.record_payment(person, _payment_input(form), current_user, today())):
        flash(_("Payment recorded for %(code)s.", code=person.case_code), "success")
        return _to_page(person, "housing")
    return _record_page(form, person, _("Record a utility or household-item payment"))


# --- Employment -------------------------------------------------------------------------

def _job_input(form) -> services.JobInput:
    return services.JobInput(
        employer=form.employer.data or "", position=form.position.data or "", started_on=form.started_on.data,
        wage_subsidy_start=form.wage_subsidy_start.data, wage_subsidy_end=form.wage_subsidy_end.data,
        insurance_subsidy_start=form.insurance_subsidy_start.data,
        insurance_subsidy_end=form.insurance_subsidy_end.data)


@route("/beneficiaries/<int:beneficiary_id>/jobs/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def new_job(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    settings = _settings()
    form = JobForm() if request.method == "POST" else JobForm(formdata=None)
    if perform(form, lambda: services.start_job(person, _job_input(form), current_user, today(), settings)):
        flash(_("Job saved for %(code)s.", code=person.case_code), "success")
        return _to_page(person, "employment")
    current = person.current_job
    notice = _("A new job: the job at %(employer)s ends on the day this one starts; both stay in the history.",
               employer=current.employer) if current is not None else ""
    hint = _("The salary subsidy runs for up to %(wage)d months; the insurance subsidy follows it for up to "
             "%(insurance)d months.", wage=settings.wage_months, insurance=settings.insurance_months)
    groups = [(_("The job"), ["employer", "position", "started_on"]),
              (_("Salary subsidy"), ["wage_subsidy_start", "wage_subsidy_end"]),
              (_("Insurance subsidy"), ["insurance_subsidy_start", "insurance_subsidy_end"])]
    return _record_page(form, person, _("Add a job"), notice=notice, hint=hint, groups=groups)


@route("/jobs/<int:job_id>/end", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def end_job(job_id: int):
    job = db.get_or_404(Job, job_id)
    person = _in_programme(job.beneficiary)
    form = JobEndForm() if request.method == "POST" else JobEndForm(formdata=None, data={"ended_on": today()})
    if perform(form, lambda: services.end_job(job, form.ended_on.data, form.reason.data or "", current_user, today())):
        flash(_("The job at %(employer)s has ended.", employer=job.employer), "success")
        return _to_page(person, "employment")
    return _record_page(form, person, _("End the job at %(employer)s", employer=job.employer),
                        hint=_("The job's subsidies stop on the day it ends."))


# --- Support ----------------------------------------------------------------------------

def _session_input(form) -> services.SessionInput:
    return services.SessionInput(form.held_on.data, form.kind.data or "", form.duration_minutes.data,
                                 form.staff_id.data, form.notes.data or "")


@route("/beneficiaries/<int:beneficiary_id>/sessions/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def new_session(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    if request.method == "POST":
        form = SessionForm()
    else:
        form = SessionForm(formdata=None, data={"held_on": today(), "staff_id": current_user.id,
                                                "duration_minutes": 45})
    form.staff_id.choices = _staff_choices()
    if perform(form, lambda: services.record_session(person, _session_input(form), current_user, today())):
        flash(_("Session recorded for %(code)s.", code=person.case_code), "success")
        return _to_page(person, "timeline")
    return _record_page(form, person, _("Record a support session"))


@route("/beneficiaries/<int:beneficiary_id>/referrals/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def new_referral(beneficiary_id: int):
    person = _beneficiary(beneficiary_id)
    form = ReferralForm() if request.method == "POST" else ReferralForm(formdata=None, data={"referred_on": today()})
    if perform(form, lambda: services.refer(person, form.service.data or "", form.referred_on.data,
                                            form.reason.data or "", current_user, today())):
        flash(_("Referral recorded for %(code)s.", code=person.case_code), "success")
        return _to_page(person, "referrals")
    return _record_page(form, person, _("Refer to a service"))


@route("/referrals/<int:service_referral_id>/close", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def close_referral(service_referral_id: int):
    referral = db.get_or_404(ServiceReferral, service_referral_id)
    person = _in_programme(referral.beneficiary)
    form = ReferralCloseForm() if request.method == "POST" else ReferralCloseForm(formdata=None,
                                                                                  data={"closed_on": today()})
    if perform(form, lambda: services.close_referral(referral, form.outcome.data or "", form.closed_on.data,
                                                     current_user, today())):
        flash(_("The referral to %(service)s is closed.", service=referral.service), "success")
        return _to_page(person, "referrals")
    return _record_page(form, person, _("Close the referral to %(service)s", service=referral.service),
                        hint=_("Referred on %(day)s.", day=referral.referred_on.strftime("%d/%m/%Y")))


# --- Exit -------------------------------------------------------------------------------

def _exit_input(form) -> services.ExitInput:
    return services.ExitInput(form.reason.data or "", form.exited_on.data, form.ethos_at_exit.data or "",
                              yes_no(form.housed_at_exit.data), yes_no(form.employed_at_exit.data),
                              form.notes.data or "")


@route("/beneficiaries/<int:beneficiary_id>/exit", methods=["GET", "POST"])
@requires(Permission.MANAGE_REINTEGRATION)
def exit_programme(beneficiary_id: int):
    """Asks before it acts, like a discharge: the first press shows the exit in words; only
    "Confirm the exit" writes; "Back" brings the form back as it was typed."""
    person = _beneficiary(beneficiary_id)
    form = ExitForm() if request.method == "POST" else ExitForm(formdata=None, data={"exited_on": today()})
    press = confirmation.step(request.form)

    def act() -> Beneficiary:
        consent = form.consent()
        return services.exit_programme(person, _exit_input(form), current_user, today(), consent)

    if request.method == "POST" and press == confirmation.ASK and rehearse(form, act):
        return confirmation.confirmation_page(
            form, title=_("Confirm the exit"), action=url_for(".exit_programme", beneficiary_id=person.id),
            question=_("Record the exit of %(who)s from the programme on %(day)s — %(how)s?",
                       who=f"{person.case_code} {person.first_name}", day=format_dmy(form.exited_on.data),
                       how=labels.EXIT_REASON_LABELS.get(form.reason.data or "", "")),
            confirm_label=_("Confirm the exit"),
            notice=_("An exit entered by mistake can be undone by a coordinator today only."))
    if request.method == "POST" and press == confirmation.CONFIRM and perform(form, act):
        flash(_("%(code)s has exited the programme. The record is kept.", code=person.case_code), "success")
        return _to_page(person)
    follow_up = ["contact_consent", "contact_channel", "contact_phone", "contact_service"]
    return _record_page(form, person, _("Exit from the programme"),  # "Back" too: the form as it was typed
                        hint=_("The record is kept; the place in the programme frees up."),
                        groups=[(None, ["reason", "exited_on", "ethos_at_exit", "housed_at_exit", "employed_at_exit",
                                        "notes"]),
                                (_("Follow-up after leaving (with consent: %(months)s months after the exit)",
                                   months=", ".join(str(m) for m in _settings().follow_up_months)), follow_up)])


@route("/beneficiaries/<int:beneficiary_id>/undo-exit", methods=["POST"])
@requires(Permission.UNDO_ENDING)
def undo_exit(beneficiary_id: int):
    """An exit entered by mistake, undone the same day: the same record, active again."""
    person = _beneficiary(beneficiary_id)
    form = UndoForm()
    if perform(form, lambda: services.undo_exit(person, current_user, today(), _settings())):
        flash(_("The exit of %(code)s is undone: the record is active again.", code=person.case_code), "success")
        return _to_page(person)
    refreshed = queries.beneficiary_detail(beneficiary_id, _settings().code)
    if refreshed is None:
        abort(404)
    return _beneficiary_page(refreshed, undo_form=form, status=400)


# --- Subject access ---------------------------------------------------------------------

@route("/beneficiaries/<int:beneficiary_id>/data")
@requires(Permission.SUBJECT_ACCESS)
@writes_on_read  # the copy given is audited
def subject_access(beneficiary_id: int):
    """A readable (and printable) page of everything held on one beneficiary; audited."""
    return _subject_access(beneficiary_id, as_json=False)


@route("/beneficiaries/<int:beneficiary_id>/data.json")
@requires(Permission.SUBJECT_ACCESS)
@writes_on_read  # the copy given is audited
def subject_access_json(beneficiary_id: int):
    return _subject_access(beneficiary_id, as_json=True)


def _subject_access(beneficiary_id: int, as_json: bool):
    person = _beneficiary(beneficiary_id)
    data = beneficiary_record(beneficiary_id)
    if data is None:
        abort(404)
    return subject_access_response(person, data, as_json, filename=f"beneficiary-{beneficiary_id}",
                                   heading=_("Data held on %(name)s", name=f"{person.first_name} {person.last_name}"))
