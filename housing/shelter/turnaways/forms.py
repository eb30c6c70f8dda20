from __future__ import annotations

from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import DMYDateField, HousingForm, SelectField, choices
from housing.shelter.choices import REFERRAL_LABELS, TURN_AWAY_REASON_LABELS
from housing.shelter.turnaways.rules import MOST_CHILDREN, OLDEST_AGE, REFERRED_TO_LENGTH


class TurnAwayForm(HousingForm):
    occurred_on = DMYDateField(_l("Date"), validators=[InputRequired(_l("Enter the date she was turned away."))])
    source = SelectField(_l("Who asked for the place"),
                         choices=choices([("", _l("— choose —"))] + list(REFERRAL_LABELS.items())),
                         validators=[DataRequired(_l("Choose who asked for the place."))])
    children = IntegerField(_l("Children who would have come"), default=0,
                            validators=[InputRequired(_l("Enter the number of children, from 0 to %(most)d.",
                                                         most=MOST_CHILDREN)),
                                        NumberRange(0, MOST_CHILDREN, _l(
                                            "Enter the number of children, from 0 to %(most)d.", most=MOST_CHILDREN))])
    oldest_child_age = IntegerField(_l("Oldest child's age (years)"), validators=[
        Optional(), NumberRange(0, OLDEST_AGE, _l("Enter the oldest child's age in years, from 0 to %(most)d.",
                                                  most=OLDEST_AGE))])
    reason = SelectField(_l("Why she could not be admitted"),
                         choices=choices([("", _l("— choose —"))] + list(TURN_AWAY_REASON_LABELS.items())),
                         validators=[DataRequired(_l("Choose why she could not be admitted."))])
    referred_to = StringField(_l("Referred instead to"), validators=[
        Length(max=REFERRED_TO_LENGTH, message=_l("Write at most %(n)d characters.", n=REFERRED_TO_LENGTH))])
    submit = SubmitField(_l("Record the turn-away"))
