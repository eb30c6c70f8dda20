"""The forms of a person's deadlines and of her follow-up after leaving, shared by the shelter and
the programmes (each side passes its own prefix, so that the fields' ids repeat none of its page)."""
from __future__ import annotations

from typing import Any

from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from housing.core.i18n import lazy_gettext as _l
from housing.core.deadlines import DEADLINE_KIND_LABELS, NOTE_LIMIT, RESPONSIBLE_LIMIT
from housing.core.follow_up import (ATTEMPT_CHANNEL_LABELS, CHANNEL_LABELS, CONTACT_LIMIT, HOUSING_OUTCOME_LABELS,
                                    WORK_OUTCOME_LABELS, ConsentInput)
from housing.core.forms import DMYDateField, HousingForm, SelectField, choices

TOO_LONG = _l("At most %(max)d characters (this has %(length)d).")
CHOOSE = _l("— choose —")


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=TOO_LONG)


class DeadlineForm(HousingForm):
    kind = SelectField(_l("Kind"), choices=choices([("", CHOOSE)] + list(DEADLINE_KIND_LABELS.items())),
                       validators=[InputRequired(_l("Choose the kind of deadline."))])
    due_on = DMYDateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    responsible = StringField(_l("Who is responsible (optional)"), validators=[_at_most(RESPONSIBLE_LIMIT)])
    note = TextAreaField(_l("Note (optional; never sent by e-mail)"), validators=[_at_most(NOTE_LIMIT)])
    submit_deadline = SubmitField(_l("Record the deadline"))


class DeadlineDoneForm(HousingForm):
    """The item is named in the form (the address names her case), so that a stale page marks
    only an item of hers."""

    deadline_id = StringField()
    submit_done = SubmitField(_l("Mark done"))


class ContactConsentMixin:
    """Whether she agrees to be contacted after leaving, and how: added to the discharge and exit forms."""

    contact_consent = BooleanField(_l("She agrees to be contacted afterwards (follow-up)"))
    # The rules check the choices (housing.core.follow_up), with consent only.
    contact_channel = SelectField(_l("How"), choices=choices([("", CHOOSE)] + list(CHANNEL_LABELS.items())),
                                  validate_choice=False)
    contact_phone = StringField(_l("Phone number"), validators=[_at_most(CONTACT_LIMIT)])
    contact_service = StringField(_l("The service through which she may be contacted"),
                                  validators=[_at_most(CONTACT_LIMIT)])

    def consent(self) -> ConsentInput:
        """Her answer as typed, for the rules (housing.core.follow_up)."""
        return ConsentInput(bool(self.contact_consent.data), self.contact_channel.data or "",
                            self.contact_phone.data or "", self.contact_service.data or "")

    def show_saved(self, saved: Any) -> None:
        """The answer saved before (a follow-up record), to be changed."""
        self.contact_consent.data, self.contact_channel.data = saved.consents, saved.channel
        self.contact_phone.data, self.contact_service.data = saved.phone, saved.service


class ConsentForm(ContactConsentMixin, HousingForm):
    submit_consent = SubmitField(_l("Save her consent"))


# A programme's beneficiaries are women and men.
PERSON_CONSENTS = _l("Agrees to be contacted after leaving (follow-up)")


class ProgrammeConsentForm(ConsentForm):
    contact_consent = BooleanField(PERSON_CONSENTS)
    submit_consent = SubmitField(_l("Save the consent"))


class FollowUpAttemptForm(HousingForm):
    month = HiddenField()  # which follow-up (3, 6, 12): sent by the page
    attempted_on = DMYDateField(_l("Date of the attempt"),
                                validators=[InputRequired(_l("Enter the date of the attempt."))])
    channel = SelectField(_l("How"), choices=choices([("", CHOOSE)] + list(ATTEMPT_CHANNEL_LABELS.items())),
                          validators=[InputRequired(_l("Choose how the attempt was made."))])
    reached = RadioField(_l("Was she reached?"), choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
                         validators=[InputRequired(_l("Answer whether she was reached."))])
    housing_outcome = SelectField(_l("Housing (when reached)"),
                                  choices=choices([("", CHOOSE)] + list(HOUSING_OUTCOME_LABELS.items())),
                                  validate_choice=False)  # the rules check it, when she was reached
    note = TextAreaField(_l("Note (optional)"), validators=[_at_most(NOTE_LIMIT)])
    submit_attempt = SubmitField(_l("Record the attempt"))


class ProgrammeFollowUpAttemptForm(FollowUpAttemptForm):
    work_outcome = SelectField(_l("Work (when reached)"),
                               choices=choices([("", CHOOSE)] + list(WORK_OUTCOME_LABELS.items())),
                               validate_choice=False)


def reached_answer(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")
