from __future__ import annotations

from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from housing.core.i18n import lazy_gettext as _l
from housing.api.services import PARTNER_LENGTH
from housing.core.forms import HousingForm


class TokenForm(HousingForm):
    partner = StringField(_l("Partner"), validators=[
        DataRequired(_l("Enter the partner's name, e.g. SOS 15900 helpline.")),
        Length(max=PARTNER_LENGTH, message=_l("Write at most %(n)d characters.", n=PARTNER_LENGTH))])
    submit = SubmitField(_l("Create a token"))


class RevokeForm(HousingForm):
    submit = SubmitField(_l("Revoke"))
