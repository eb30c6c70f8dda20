from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, FormField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, SubmitField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from housing.core.forms import DMYDateField, FieldList, HousingForm, HousingSubForm, choices

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

EXTENSION_STATUS_LABELS = {"pending": _l("Waiting for a decision"), "approved": _l("Approved"),
                           "rejected": _l("Rejected"), "closed": _l("Closed")}


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
    distinct_reason = TextAreaField(_l("Why she is a different person from the record with an active stay"),
                                    validators=[Length(max=2000)])
    request_restriction = BooleanField(_l("High risk: request a restricted stay (hidden at once; a coordinator "
                                          "confirms)"))
    restriction_reason = TextAreaField(_l("Reason for the restriction"), validators=[Length(max=2000)])
    referral_id = HiddenField()  # admitted from the waiting list
    submission_key = HiddenField()  # one-time: a repeat of this submission shows the first result
    add_child = SubmitField(_l("Add a child"))
    use_record = SubmitField(_l("Fill in from the chosen record"))
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


class ExtensionRequestForm(HousingForm):
    proposed_end = DMYDateField(_l("Proposed new end"), validators=[InputRequired(_l("Enter the proposed new end date."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Write the reason for the extension.")),
                                                     Length(max=5000)])
    submit_request = SubmitField(_l("Request extension"))


class ExtensionDecisionForm(HousingForm):
    decision = RadioField(_l("Decision"), choices=choices([("approve", _l("Approve")), ("reject", _l("Reject"))]),
                          validators=[InputRequired(_l("Choose approve or reject."))])
    decided_end = DMYDateField(_l("New end (if approved)"))
    note = TextAreaField(_l("Note"), validators=[DataRequired(_l("Write a note on the decision.")), Length(max=5000)])
    submit_decision = SubmitField(_l("Record decision"))


class NightCheckForm(HousingForm):
    """The marks themselves are named stay-<id> and note-<id>: one per woman present tonight."""

    submit = SubmitField(_l("Save the night check"))


SHIFT_LOG_LABELS = {"incident": _l("Incident"), "handover": _l("Handover note"), "maintenance": _l("Maintenance")}


class ShiftLogForm(HousingForm):
    kind = SelectField(_l("Kind"), choices=choices(SHIFT_LOG_LABELS.items()),
                       validators=[DataRequired(_l("Choose the kind of entry."))])
    text = TextAreaField(_l("Entry"), validators=[DataRequired(_l("Write the entry.")), Length(max=5000)])
    submit = SubmitField(_l("Add to the log"))


class ShiftEditForm(HousingForm):
    text = TextAreaField(_l("Entry"), validators=[DataRequired(_l("Write the entry.")), Length(max=5000)])
    submit = SubmitField(_l("Save correction"))


class HoldForm(HousingForm):
    room_id = SelectField(_l("Room"), coerce=optional_int, validators=[InputRequired(_l("Choose a room."))])
    beds = IntegerField(_l("Beds to hold"), default=1, validators=[InputRequired(_l("Enter the number of beds.")),
                                                                    NumberRange(1, 30)])
    until_day = DMYDateField(_l("Held until (day)"), validators=[InputRequired(_l("Enter the day."))])
    until_time = TimeField(_l("Held until (time)"), default=None,
                           validators=[InputRequired(_l("Enter the time, e.g. 18:00."))])
    note = StringField(_l("For whom / note"), validators=[Length(max=500)])
    referral_id = HiddenField()
    submit_hold = SubmitField(_l("Hold beds"))


class HoldReleaseForm(HousingForm):
    submit = SubmitField(_l("Release"))


URGENCY_LABELS = {"emergency": _l("Emergency"), "high": _l("High"), "normal": _l("Normal"), "low": _l("Low")}


class ReferralChildForm(HousingSubForm):
    age_years = IntegerField(_l("Age (years)"), validators=[InputRequired(_l("Enter the child's age in years.")),
                                                           NumberRange(0, 30)])
    sex = SelectField(_l("Sex"), choices=choices([("", _l("— choose —"))] + list(SEX_LABELS.items())), default="")
    remove = SubmitField(_l("Remove this child"))


class ReferralForm(HousingForm):
    received_on = DMYDateField(_l("Date of the referral"), validators=[InputRequired(_l("Enter the date of the referral."))])
    source = SelectField(_l("Referred by"), choices=choices([("", _l("— choose —"))] + list(REFERRAL_LABELS.items())),
                         validators=[DataRequired(_l("Choose who referred her."))])
    household_size = IntegerField(_l("Household size (her and the children)"), default=1,
                                  validators=[InputRequired(_l("Enter the household size.")), NumberRange(1, 15)])
    urgency = SelectField(_l("Urgency"), choices=choices(URGENCY_LABELS.items()), default="normal",
                          validators=[DataRequired(_l("Choose the urgency."))])
    contact_notes = TextAreaField(_l("Contact notes"), validators=[Length(max=5000)])
    children = FieldList(FormField(ReferralChildForm), label=_l("Children"), min_entries=0, max_entries=14)
    add_child = SubmitField(_l("Add a child"))
    submit = SubmitField(_l("Put on the waiting list"))


REFERRAL_STATUS_LABELS = {"waiting": _l("Waiting"), "admitted": _l("Admitted"),
                          "placed_elsewhere": _l("Placed elsewhere"), "withdrawn": _l("Withdrawn")}


class ReferralCloseForm(HousingForm):
    status = SelectField(_l("Outcome"), choices=choices([("", _l("— choose —")),
                                                         ("placed_elsewhere", REFERRAL_STATUS_LABELS["placed_elsewhere"]),
                                                         ("withdrawn", REFERRAL_STATUS_LABELS["withdrawn"])]),
                         validators=[DataRequired(_l("Choose how the referral ends."))])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    submit_close = SubmitField(_l("Close the referral"))


class RestrictionForm(HousingForm):
    restricted = BooleanField(_l("Restricted stay (high risk): show only the case code in lists and on the board"))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    submit_restriction = SubmitField(_l("Save"))
