"""The safety plan's forms. Each has a prefix, so that its fields' ids begin with "safety-" and
repeat no id of the stay page."""
from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import DMYDateField, HousingForm, SelectField, choices
from housing.shelter.safety.labels import AUTHORITY_LABELS, ORDER_KIND_LABELS, RISK_LABELS

TOO_LONG = _l("At most %(max)d characters (this has %(length)d).")


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=TOO_LONG)


class RiskAssessmentForm(HousingForm):
    level = RadioField(_l("Risk level"), choices=choices(RISK_LABELS.items()),
                       validators=[InputRequired(_l("Choose the risk level."))])
    assessed_on = DMYDateField(_l("Assessed on"), validators=[InputRequired(_l("Enter the date of the assessment."))])
    next_review_on = DMYDateField(_l("Next review"))
    note = TextAreaField(_l("What the assessment found (optional)"), validators=[_at_most(4000)])
    submit_assessment = SubmitField(_l("Record the assessment"))


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProtectiveOrderForm(HousingForm):
    authority = SelectField(_l("Issued by"), choices=choices([("", _l("— choose —"))] + list(AUTHORITY_LABELS.items())),
                            validators=[InputRequired(_l("Choose the authority that issued the order."))])
    kind = SelectField(_l("Kind of order"), choices=choices([("", _l("— choose —"))] + list(ORDER_KIND_LABELS.items())),
                       validators=[InputRequired(_l("Choose the kind of order."))])
    reference = StringField(_l("Reference number"), validators=[DataRequired(_l("Enter the order's reference number.")),
                                                                _at_most(80)])
    issued_on = DMYDateField(_l("Issued on"), validators=[InputRequired(_l("Enter the date the order was issued."))])
    valid_until = DMYDateField(_l("Valid until (its last day)"),
                               validators=[InputRequired(_l("Enter the date the order is valid until."))])
    conditions = TextAreaField(_l("Conditions (distance, contact, places)"), validators=[_at_most(4000)])
    protects_woman = BooleanField(_l("It protects her"), default=True)
    children = _Checkboxes(_l("It protects these children"), choices=[])
    submit_order = SubmitField(_l("Record the order"))


class BarredPersonForm(HousingForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the person's name.")), _at_most(120)])
    relationship = StringField(_l("Relationship to her (e.g. former partner)"), validators=[_at_most(80)])
    description = TextAreaField(
        _l("How to recognise them at the door (height, build, hair, car, how they behave)"),
        validators=[DataRequired(_l("Describe the person so that whoever opens the door would recognise them.")),
                    _at_most(2000)])
    what_to_do = TextAreaField(_l("What to do if they come"),
                               validators=[DataRequired(_l("Write what to do if the person comes (e.g. call 100).")),
                                           _at_most(1000)])
    submit_person = SubmitField(_l("Add to the safety plan"))


class EndEntryForm(HousingForm):
    reason = TextAreaField(_l("Why it no longer applies"),
                           validators=[DataRequired(_l("Write why it no longer applies.")), _at_most(1000)])
    submit_end = SubmitField(_l("Mark ended"))
