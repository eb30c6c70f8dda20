from __future__ import annotations

from collections.abc import Mapping

from wtforms import BooleanField, PasswordField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import HousingForm, choices
from housing.core.permissions import registered_roles

_FIXED_ROLE_LABELS = {
    "admin": _l("Administrator (users, rooms)"),
    "coordinator": _l("Coordinator"),
    "shelter_staff": _l("Shelter staff"),
    "night_shift": _l("Night shift"),
}


class _RoleLabels(Mapping):
    """What the account forms call each role: the fixed ones, then the roles the application
    registered at start-up (each programme's caseworkers)."""

    def _labels(self) -> dict:
        return {**_FIXED_ROLE_LABELS, **{name: role.label for name, role in registered_roles().items()}}

    def __getitem__(self, role: str):
        return self._labels()[role]

    def __iter__(self):
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())


ROLE_LABELS: Mapping = _RoleLabels()


class _RoleChoices:
    """The roles offered, read each time a form is shown."""

    def __iter__(self):
        return iter(choices(ROLE_LABELS.items()))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(HousingForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                         Length(max=200)])
    submit = SubmitField(_l("Log in"))


class UserCreateForm(HousingForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Enter a username.")), Length(max=64)])
    full_name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the person's name.")),
                                                         Length(max=120)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(_l("Enter a password.")),
                                                                 Length(max=200)])
    roles = MultiCheckboxField(_l("Roles"), choices=_RoleChoices())
    submit = SubmitField(_l("Create account"))


class UserEditForm(HousingForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the person's name.")),
                                                         Length(max=120)])
    roles = MultiCheckboxField(_l("Roles"), choices=_RoleChoices())
    active = BooleanField(_l("Account active (can log in)"))
    submit = SubmitField(_l("Save"))


class PasswordResetForm(HousingForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password.")),
                                                                 Length(max=200)])
    submit = SubmitField(_l("Set password"))


class PasswordChangeForm(HousingForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password.")), Length(max=200)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password.")),
                                                                 Length(max=200)])
    submit = SubmitField(_l("Change password"))


class LanguageForm(HousingForm):
    locale = RadioField(_l("Language"), choices=choices([("el", "Ελληνικά"), ("en", "English")]),
                        validators=[DataRequired(_l("Choose a language."))])
    submit_language = SubmitField(_l("Save language"))


class SecondFactorForm(HousingForm):
    code = StringField(_l("6-digit code from the authenticator app"),
                       validators=[DataRequired(_l("Type the 6-digit code.")), Length(max=12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField(_l("Continue"))


class SecondFactorResetForm(HousingForm):
    submit_second_factor = SubmitField(_l("Reset the second factor"))


class SettingsForm(HousingForm):
    require_second_factor = BooleanField(_l("Coordinators and admins must use a second factor (authenticator app)"))
    submit = SubmitField(_l("Save settings"))


class EndSessionForm(HousingForm):
    """A button with its CSRF token: end one session, or all the others."""
