"""Messages that WTForms and Flask-WTF produce themselves. Listed here so that
extraction puts them in our catalogue and they are shown in Greek too."""
from flask_babel import lazy_gettext as _l

WTFORMS_MESSAGES = (
    _l("Not a valid integer value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("This field is required."),
    _l("Field must be at most %(max)d characters long."),
    _l("Field cannot be longer than %(max)d character."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF tokens do not match."),
    _l("The CSRF session token is missing."),
    _l("The CSRF token has expired."),
    _l("The referrer header is missing."),
    _l("The referrer does not match the host."),
    _l("The referrer does not match."),
)
