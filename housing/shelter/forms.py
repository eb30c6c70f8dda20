from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, FieldList, FormField, IntegerField, RadioField, SelectField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from housing.core.forms import DMYDateField, HousingForm, HousingSubForm, choices

REFERRAL_LABELS = {
    "sos_15900": _l("SOS 15900 helpline"),
    "police": _l("Police"),
    "hospital": _l("Hospital"),
    "social_services": _l("Social services"),
    "organisation": _l("Other organisation"),
    "self": _l("Self-referral"),
    "other": _l("Other"),
}

DESTINATION_LABELS = {
    "own_home": _l("Own home"),
    "relatives": _l("Relatives"),
    "other_shelter": _l("Other shelter"),
    "independent_housing": _l("Independent housing"),
    "reintegration": _l("REINTEGRATION programme"),
    "hospital": _l("Hospital"),
    "unknown": _l("Unknown"),
    "other": _l("Other"),
}

SEX_LABELS = {"F": _l("Girl"), "M": _l("Boy")}


def optional_int(value):
    if value in (None, ""):
        return None
    return int(value)


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
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    referral_source = SelectField(_l("Referred by"), choices=choices([("", _l("— choose —"))] + list(REFERRAL_LABELS.items())),
                                  validators=[DataRequired(_l("Choose who referred her."))])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])
    room_id = SelectField(_l("Room"), coerce=optional_int, validators=[InputRequired(_l("Choose a room."))])
    admitted_on = DMYDateField(_l("Admission date"), validators=[InputRequired(_l("Enter the admission date."))])
    children = FieldList(FormField(ChildForm), label=_l("Children with her"), min_entries=0, max_entries=15)
    existing_resident = RadioField(_l("Earlier records"), choices=[], validate_choice=False, default="")
    add_child = SubmitField(_l("Add a child"))
    submit = SubmitField(_l("Admit"))


class DischargeForm(HousingForm):
    discharged_on = DMYDateField(_l("Discharge date"), validators=[InputRequired(_l("Enter the discharge date."))])
    destination = SelectField(_l("Destination"), choices=choices([("", _l("— choose —"))] + list(DESTINATION_LABELS.items())),
                              validators=[DataRequired(_l("Choose a destination."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Write the reason for the discharge.")),
                                                     Length(max=5000)])
    submit = SubmitField(_l("Discharge"))


class TransferForm(HousingForm):
    room_id = SelectField(_l("New room"), coerce=optional_int, validators=[InputRequired(_l("Choose a room."))])
    moved_on = DMYDateField(_l("Date of the move"), validators=[InputRequired(_l("Enter the date of the move."))])
    submit = SubmitField(_l("Move to this room"))


class RoomForm(HousingForm):
    name = StringField(_l("Room name"), validators=[DataRequired(_l("Enter the room's name.")), Length(max=80)])
    floor = StringField(_l("Floor / wing"), validators=[Length(max=40)])
    beds = IntegerField(_l("Beds"), default=2, validators=[InputRequired(_l("Enter the number of beds.")),
                                                           NumberRange(0, 30)])
    cots = IntegerField(_l("Cots"), default=0, validators=[Optional(), NumberRange(0, 30)])
    submit = SubmitField(_l("Create room"))


class BedForm(HousingForm):
    label = StringField(_l("Bed label"), validators=[DataRequired(_l("Enter a label for the bed.")), Length(max=40)])
    is_cot = BooleanField(_l("This is a cot"))
    submit = SubmitField(_l("Add bed"))


class BedOutOfServiceForm(HousingForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(_l("Write why the bed is out of service.")),
                                                   Length(max=200)])
    submit = SubmitField(_l("Take out of service"))


class BedReturnForm(HousingForm):
    submit = SubmitField(_l("Put back in service"))


class SearchForm(HousingForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Case code or name"), validators=[Length(max=100)])
    status = SelectField(_l("Stays"), choices=choices([("active", _l("Active")), ("former", _l("Former")),
                                                       ("all", _l("All"))]), default="active")
