from __future__ import annotations

from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import HousingForm, SelectField, choices
from housing.shelter.choices import SHIFT_LOG_LABELS


class NightCheckForm(HousingForm):
    """The marks themselves are named stay-<id> and note-<id>: one per woman present tonight."""

    submit = SubmitField(_l("Save the night check"))


class ShiftLogForm(HousingForm):
    kind = SelectField(_l("Kind"), choices=choices(SHIFT_LOG_LABELS.items()),
                       validators=[DataRequired(_l("Choose the kind of entry."))])
    text = TextAreaField(_l("Entry"), validators=[DataRequired(_l("Write the entry.")), Length(max=5000)])
    submit = SubmitField(_l("Add to the log"))


class ShiftEditForm(HousingForm):
    text = TextAreaField(_l("Entry"), validators=[DataRequired(_l("Write the entry.")), Length(max=5000)])
    submit = SubmitField(_l("Save correction"))
