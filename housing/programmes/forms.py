"""REINTEGRATION forms and the labels of its codes. Every label goes through gettext."""
from __future__ import annotations

import re

from wtforms import BooleanField, Field, HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import TextInput

from housing.core.i18n import lazy_gettext as _l
from housing.core.aftercare_forms import PERSON_CONSENTS, ContactConsentMixin
from housing.core.forms import DMYDateField, HousingForm, SelectField, choices
from housing.programmes.models import ANOTHER_JOB, ETHOS_CATEGORIES, HOUSED, MOVED_HOME
from housing.shelter.choices import optional_int

SEX_LABELS = {"F": _l("Woman"), "M": _l("Man"), "X": _l("Other / not stated")}

ETHOS_CATEGORY_LABELS = {
    "roofless": _l("Roofless"),
    "houseless": _l("Houseless"),
    "insecure": _l("Insecure housing"),
    "inadequate": _l("Inadequate housing"),
}
ETHOS_LABELS = {
    "roofless.public_space": _l("Living rough, in a public space"),
    "roofless.emergency_accommodation": _l("In a night shelter or emergency accommodation"),
    "houseless.homeless_hostel": _l("In a hostel or temporary accommodation for the homeless"),
    "houseless.womens_shelter": _l("In a women's shelter"),
    "houseless.migrant_accommodation": _l("In accommodation for migrants or asylum seekers"),
    "houseless.leaving_institution": _l("Due to leave an institution (prison, hospital, care) with no home"),
    "houseless.long_term_support": _l("In long-term supported accommodation for the homeless"),
    "insecure.no_tenancy": _l("Staying with family or friends, or without a legal tenancy"),
    "insecure.eviction": _l("Under threat of eviction"),
    "insecure.violence": _l("Under threat of violence at home"),
    "inadequate.temporary_structure": _l("In a temporary or non-conventional structure"),
    "inadequate.unfit_housing": _l("In housing unfit for habitation"),
    "inadequate.overcrowding": _l("In extreme overcrowding"),
    HOUSED: _l("Housed: in a home of their own"),
}

STATUS_LABELS = {"active": _l("in the programme"), "completed": _l("completed"), "withdrawn": _l("withdrawn"),
                 "other": _l("exited (other reason)")}
EXIT_REASON_LABELS = {"completed": _l("Completed the programme"), "withdrawn": _l("Withdrew"),
                      "other": _l("Other reason")}
PAYMENT_KIND_LABELS = {"electricity": _l("Electricity"), "water": _l("Water"), "heating": _l("Heating"),
                       "telephone": _l("Telephone / internet"), "household_items": _l("Household items"),
                       "other": _l("Other")}
SESSION_KIND_LABELS = {"psychosocial": _l("Psychosocial support"), "counselling": _l("Counselling"),
                       "information": _l("Information"), "referral": _l("Referral")}
CLOCK_LABELS = {"programme": _l("Programme"), "rent": _l("Rent subsidy"), "wage": _l("Salary subsidy"),
                "insurance": _l("Insurance subsidy")}
# Why the service ended a tenancy or a job (a move, a new job): codes in the rows, read here.
END_REASON_LABELS = {MOVED_HOME: _l("Moved home"), ANOTHER_JOB: _l("Started another job")}


def end_reason_label(reason: str):
    """A stored reason as the reader reads it: the service's codes translated, else what was typed."""
    return END_REASON_LABELS.get(reason, reason)


YES_NO = [("", _l("— choose —")), ("yes", _l("Yes")), ("no", _l("No"))]

CHOOSE = _l("— choose —")


def ethos_label(code: str) -> str:
    """"Houseless — In a women's shelter"; the housed situation at exit has no category."""
    if code == HOUSED:
        return str(ETHOS_LABELS[HOUSED])
    category = code.split(".", 1)[0]
    if code not in ETHOS_LABELS or category not in ETHOS_CATEGORY_LABELS:
        return code
    return f"{ETHOS_CATEGORY_LABELS[category]} — {ETHOS_LABELS[code]}"


def ethos_choices(with_housed: bool = False) -> list[SelectChoice]:
    """The ETHOS sub-categories grouped by category (one <optgroup> each)."""
    options = [SelectChoice("", CHOOSE)]
    if with_housed:
        options.append(SelectChoice(HOUSED, ETHOS_LABELS[HOUSED]))
    for category, subs in ETHOS_CATEGORIES.items():
        options += [SelectChoice(f"{category}.{sub}", ETHOS_LABELS[f"{category}.{sub}"],
                                 optgroup=ETHOS_CATEGORY_LABELS[category]) for sub in subs]
    return options


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


# --- Money ------------------------------------------------------------------------------

MAX_TYPED_CENTS = 1_000_000_00
_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d{1,2}))?")


def parse_euros(text: str) -> int:
    """An amount in euros as typed in Greece or elsewhere — 350, 350,50, 350.50, 1.250,00 — in
    cents. A separator followed by three digits groups thousands; by one or two, it marks cents."""
    cleaned = re.sub(r"[\s\u00a0€]", "", text)
    if cleaned.startswith("-"):
        raise ValueError(_l("The amount cannot be negative."))
    match = _AMOUNT.fullmatch(cleaned) if len(cleaned) <= 20 else None
    if match is None:
        raise ValueError(_l("Enter an amount in euros, e.g. 350 or 350,50."))
    cents = int(re.sub(r"[.,]", "", match.group(1))) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if cents > MAX_TYPED_CENTS:
        raise ValueError(_l("That amount is too large."))
    return cents


def format_euros(cents: int | None) -> str:
    """Cents as typed back into a form: 350 or 350.50."""
    if cents is None:
        return ""
    whole, part = divmod(cents, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}"


class EuroField(Field):
    """An amount in euros, kept as integer cents (never a float). What was typed stays in the box
    when it cannot be read, so it can be corrected."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_euros(self.data)

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = None
        if text.strip():
            self.data = parse_euros(text)  # a ValueError becomes the field's message


# --- Forms ------------------------------------------------------------------------------

class _PersonFields:
    phone = StringField(_l("Phone"), validators=[Length(max=40)], render_kw={"inputmode": "tel", "autocomplete": "off"})
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254),
                                                  Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                                         message=_l("Not a valid e-mail address."))])
    household_size = IntegerField(_l("Household size (persons, with her or him)"), default=1,
                                  validators=[InputRequired(_l("Enter the household size.")), NumberRange(1, 20)])
    household_members = TextAreaField(_l("Household members"), validators=[Length(max=2000)])
    caseworker_id = SelectField(_l("Caseworker"), coerce=optional_int,
                                validators=[InputRequired(_l("Choose a caseworker of the programme."))])
    enrolled_on = DMYDateField(_l("Enrolment date"), validators=[InputRequired(_l("Enter the enrolment date."))])
    ethos_at_entry = SelectField(_l("Living situation at entry (ETHOS)"), choices=ethos_choices(),
                                 validators=[DataRequired(_l("Choose the living situation at entry."))])
    confirm_new_person = BooleanField(_l("None of these records is this person: create a new record"))


class EnrolmentForm(_PersonFields, HousingForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(_l("Enter the first name.")),
                                                           Length(max=80)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(_l("Enter the last name.")), Length(max=80)])
    birth_date = DMYDateField(_l("Date of birth"), validators=[InputRequired(_l("Enter the date of birth."))])
    sex = SelectField(_l("Sex"), choices=choices([("", CHOOSE)] + list(SEX_LABELS.items())),
                      validators=[DataRequired(_l("Choose the sex."))])
    submission_key = HiddenField()  # one-time: a repeat of this submission shows the first result
    submit = SubmitField(_l("Enrol"))


class ShelterEnrolmentForm(_PersonFields, HousingForm):
    consent_given = BooleanField(_l("She has given her consent to be enrolled and to her details being "
                                    "passed on from the shelter"))
    consent_on = DMYDateField(_l("Date of her consent"),
                              validators=[InputRequired(_l("Enter the date she gave her consent."))])
    submit = SubmitField(_l("Enrol her"))


class TenancyForm(HousingForm):
    address = StringField(_l("Address"), validators=[DataRequired(_l("Enter the address.")), Length(max=200)])
    landlord = StringField(_l("Landlord"), validators=[Length(max=120)])
    lease_start = DMYDateField(_l("Lease starts"), validators=[InputRequired(_l("Enter the start of the lease."))])
    lease_end = DMYDateField(_l("Lease ends"), validators=[Optional()],
                             description=_l("Leave empty if the lease has no end date."))
    monthly_rent = EuroField(_l("Monthly rent (€)"), validators=[InputRequired(_l("Enter the monthly rent."))])
    subsidy_amount = EuroField(_l("Rent subsidy a month (€)"), validators=[Optional()],
                               description=_l("The part of the rent the programme pays. Leave empty if none."))
    subsidy_start = DMYDateField(_l("Subsidy starts"), validators=[Optional()])
    subsidy_end = DMYDateField(_l("Subsidy ends"), validators=[Optional()])
    submit = SubmitField(_l("Save the tenancy"))


class TenancyEndForm(HousingForm):
    ended_on = DMYDateField(_l("Left the home on"), validators=[InputRequired(_l("Enter the date the tenancy ended."))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    submit = SubmitField(_l("End the tenancy"))


class LeaseRenewalForm(HousingForm):
    lease_end = DMYDateField(_l("New end of the lease"),
                             validators=[InputRequired(_l("Enter the new end of the lease."))])
    submit = SubmitField(_l("Renew the lease"))


class PaymentForm(HousingForm):
    paid_on = DMYDateField(_l("Paid on"), validators=[InputRequired(_l("Enter the date of the payment."))])
    kind = SelectField(_l("For"), choices=choices([("", CHOOSE)] + list(PAYMENT_KIND_LABELS.items())),
                       validators=[DataRequired(_l("Choose what the payment was for."))])
    amount = EuroField(_l("Amount (€)"), validators=[InputRequired(_l("Enter the amount."))])
    note = StringField(_l("Note"), validators=[Length(max=200)])
    submit = SubmitField(_l("Record the payment"))


class JobForm(HousingForm):
    employer = StringField(_l("Employer"), validators=[DataRequired(_l("Enter the employer.")), Length(max=120)])
    position = StringField(_l("Position"), validators=[DataRequired(_l("Enter the position.")), Length(max=120)])
    started_on = DMYDateField(_l("Started on"), validators=[InputRequired(_l("Enter the start of the job."))])
    wage_subsidy_start = DMYDateField(_l("Salary subsidy starts"), validators=[Optional()])
    wage_subsidy_end = DMYDateField(_l("Salary subsidy ends"), validators=[Optional()])
    insurance_subsidy_start = DMYDateField(_l("Insurance subsidy starts"), validators=[Optional()],
                                           description=_l("It follows the salary subsidy: usually the day it ends."))
    insurance_subsidy_end = DMYDateField(_l("Insurance subsidy ends"), validators=[Optional()])
    submit = SubmitField(_l("Save the job"))


class JobEndForm(HousingForm):
    ended_on = DMYDateField(_l("Job ended on"), validators=[InputRequired(_l("Enter the date the job ended."))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    submit = SubmitField(_l("End the job"))


class SessionForm(HousingForm):
    held_on = DMYDateField(_l("Date"), validators=[InputRequired(_l("Enter the date of the session."))])
    kind = SelectField(_l("Kind"), choices=choices([("", CHOOSE)] + list(SESSION_KIND_LABELS.items())),
                       validators=[DataRequired(_l("Choose the kind of session."))])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=45,
                                    validators=[InputRequired(_l("Enter the duration in minutes.")),
                                                NumberRange(1, 600)])
    staff_id = SelectField(_l("Held by"), coerce=optional_int,
                           validators=[InputRequired(_l("Choose who held the session."))])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])
    submit = SubmitField(_l("Record the session"))


class ReferralForm(HousingForm):
    service = StringField(_l("Service"), validators=[DataRequired(_l("Enter the service she or he is referred to.")),
                                                     Length(max=200)])
    referred_on = DMYDateField(_l("Referred on"), validators=[InputRequired(_l("Enter the date of the referral."))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])
    submit = SubmitField(_l("Record the referral"))


class ReferralCloseForm(HousingForm):
    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired(_l("Write the outcome of the referral.")),
                                                       Length(max=5000)])
    closed_on = DMYDateField(_l("Closed on"), validators=[InputRequired(_l("Enter the date the referral was closed."))])
    submit = SubmitField(_l("Close the referral"))


class ExitForm(ContactConsentMixin, HousingForm):
    contact_consent = BooleanField(PERSON_CONSENTS)
    reason = SelectField(_l("How it ended"), choices=choices([("", CHOOSE)] + list(EXIT_REASON_LABELS.items())),
                         validators=[DataRequired(_l("Choose how the participation ended."))])
    exited_on = DMYDateField(_l("Exit date"), validators=[InputRequired(_l("Enter the exit date."))])
    ethos_at_exit = SelectField(_l("Living situation at exit"), choices=ethos_choices(with_housed=True),
                                validators=[DataRequired(_l("Choose the living situation at exit."))])
    housed_at_exit = SelectField(_l("Housed at exit"), choices=choices(YES_NO),
                                 validators=[DataRequired(_l("Answer yes or no."))])
    employed_at_exit = SelectField(_l("Employed at exit"), choices=choices(YES_NO),
                                   validators=[DataRequired(_l("Answer yes or no."))])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    submit = SubmitField(_l("Record the exit"))


class SearchForm(HousingForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Case code or name"), validators=[Length(max=100)])
    status = SelectField(_l("Show"), choices=choices([("active", _l("In the programme")), ("former", _l("Exited")),
                                                      ("all", _l("Everyone"))]), default="active")
