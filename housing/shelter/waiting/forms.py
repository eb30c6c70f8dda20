from __future__ import annotations

from wtforms import FormField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import DMYDateField, FieldList, HousingForm, HousingSubForm, SelectField, choices
from housing.shelter.choices import REFERRAL_LABELS, REFERRAL_STATUS_LABELS, SEX_LABELS, URGENCY_LABELS


class ReferralChildForm(HousingSubForm):
    age_years = IntegerField(_l("Age (years)"), validators=[InputRequired(_l("Enter the child's age in years.")),
                                                           NumberRange(0, 30)])
    sex = SelectField(_l("Sex"), choices=choices([("", _l("— choose —"))] + list(SEX_LABELS.items())), default="")
    remove = SubmitField(_l("Remove this child"))


class ReferralForm(HousingForm):
    received_on = DMYDateField(_l("Date of the referral"),
                               validators=[InputRequired(_l("Enter the date of the referral."))])
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


class ReferralCloseForm(HousingForm):
    field_ids = "close"

    status = SelectField(_l("Outcome"), choices=choices([
        ("", _l("— choose —")), ("placed_elsewhere", REFERRAL_STATUS_LABELS["placed_elsewhere"]),
        ("withdrawn", REFERRAL_STATUS_LABELS["withdrawn"])]),
                         validators=[DataRequired(_l("Choose how the referral ends."))])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    submit_close = SubmitField(_l("Close the referral"))
