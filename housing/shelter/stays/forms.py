from __future__ import annotations

from wtforms import BooleanField, FormField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from housing.core.i18n import lazy_gettext as _l, lazy_pgettext
from housing.core.aftercare_forms import ContactConsentMixin
from housing.core.forms import DMYDateField, FieldList, HousingForm, HousingSubForm, SelectField, choices
from housing.shelter.choices import DESTINATION_LABELS, REFERRAL_LABELS, SEX_LABELS, optional_int


class ChildForm(HousingSubForm):
    first_name = StringField(_l("First name"), validators=[Length(max=80)])
    birth_date = DMYDateField(_l("Date of birth"))
    sex = SelectField(_l("Sex"), choices=choices([("", _l("— choose —"))] + list(SEX_LABELS.items())), default="")
    exception_reason = TextAreaField(_l("Exception to the age rule: reason (coordinators only)"),
                                     validators=[Length(max=2000)])
    remove = SubmitField(_l("Remove this child"))


class AdmissionForm(HousingForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(_l("Enter her first name.")),
                                                           Length(max=80)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(_l("Enter her last name.")), Length(max=80)])
    birth_date = DMYDateField(_l("Date of birth"), validators=[InputRequired(_l("Enter her date of birth."))])
    nationality = StringField(_l("Nationality"), validators=[Length(max=80)])
    languages = StringField(_l("Languages"), validators=[Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)], render_kw={"inputmode": "tel", "autocomplete": "off"})
    referral_source = SelectField(_l("Referred by"),
                                  choices=choices([("", _l("— choose —"))] + list(REFERRAL_LABELS.items())),
                                  validators=[DataRequired(_l("Choose who referred her."))])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])
    room_id = SelectField(_l("Room"), coerce=optional_int, validators=[InputRequired(_l("Choose a room."))])
    admitted_on = DMYDateField(_l("Admission date"), validators=[InputRequired(_l("Enter the admission date."))])
    children = FieldList(FormField(ChildForm), label=_l("Children with her"), min_entries=0, max_entries=15)
    existing_resident = RadioField(_l("Earlier records"), choices=[], validate_choice=False, default="")
    distinct_reason = TextAreaField(_l("Why she is a different person from the record with an active stay"),
                                    validators=[Length(max=2000)])
    request_restriction = BooleanField(_l("High risk: request a restricted stay (hidden at once; a coordinator "
                                          "confirms)"))
    restriction_reason = TextAreaField(_l("Reason for the restriction"), validators=[Length(max=2000)])
    referral_id = HiddenField()  # admitted from the waiting list
    submission_key = HiddenField()  # one-time: a repeat of this submission shows the first result
    add_child = SubmitField(_l("Add a child"))
    use_record = SubmitField(_l("Fill in from the chosen record"))
    submit = SubmitField(lazy_pgettext("button", "Admit"))  # the button's word, not the menu's


class DischargeForm(ContactConsentMixin, HousingForm):
    field_ids = "discharge"

    discharged_on = DMYDateField(_l("Discharge date"), validators=[InputRequired(_l("Enter the discharge date."))])
    destination = SelectField(_l("Destination"),
                              choices=choices([("", _l("— choose —"))] + list(DESTINATION_LABELS.items())),
                              validators=[DataRequired(_l("Choose a destination."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Write the reason for the discharge.")),
                                                     Length(max=5000)])
    submit = SubmitField(_l("Discharge"))


class TransferForm(HousingForm):
    field_ids = "transfer"

    room_id = SelectField(_l("New room"), coerce=optional_int, validators=[InputRequired(_l("Choose a room."))])
    moved_on = DMYDateField(_l("Date of the move"), validators=[InputRequired(_l("Enter the date of the move."))])
    submit = SubmitField(_l("Move to this room"))


class SearchForm(HousingForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Case code or name"), validators=[Length(max=100)])
    status = SelectField(_l("Stays"), choices=choices([("active", _l("Active")), ("former", _l("Former")),
                                                       ("all", _l("All"))]), default="active")


class RestrictionForm(HousingForm):
    field_ids = "restriction"

    restricted = BooleanField(_l("Restricted stay (high risk): show only the case code in lists and on the board"))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    submit_restriction = SubmitField(_l("Save"))
