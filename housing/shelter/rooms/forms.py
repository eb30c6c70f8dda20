from __future__ import annotations

from wtforms import BooleanField, HiddenField, IntegerField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import DMYDateField, HousingForm, SelectField
from housing.shelter.choices import optional_int


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


class HoldForm(HousingForm):
    field_ids = "hold"

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
