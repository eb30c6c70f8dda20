from __future__ import annotations

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import DMYDateField, HousingForm, choices


class ExtensionRequestForm(HousingForm):
    field_ids = "extension"

    proposed_end = DMYDateField(_l("Proposed new end"),
                                validators=[InputRequired(_l("Enter the proposed new end date."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Write the reason for the extension.")),
                                                     Length(max=5000)])
    submit_request = SubmitField(_l("Request extension"))


class ExtensionDecisionForm(HousingForm):
    field_ids = "decision"

    decision = RadioField(_l("Decision"), choices=choices([("approve", _l("Approve")), ("reject", _l("Reject"))]),
                          validators=[InputRequired(_l("Choose approve or reject."))])
    decided_end = DMYDateField(_l("New end (if approved)"))
    note = TextAreaField(_l("Note"), validators=[DataRequired(_l("Write a note on the decision.")), Length(max=5000)])
    submit_decision = SubmitField(_l("Record decision"))
