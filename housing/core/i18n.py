"""The service's words in the reader's language: Flask-Babel's gettext family, with the catalogue
found once per request and language instead of on every call.

Flask-Babel looks up the domain, the locale and the catalogue anew on every call (about 10 µs,
sixty times the catalogue's own look-up), and a page calls it hundreds of times: the board's beds,
the audit trail's sentences, every form label. Here the catalogue Flask-Babel found is kept beside
its locale in the same per-context place Flask-Babel keeps the locale (`g._flask_babel`), and used
again while that locale object is the one in force; `force_locale` (an e-mail in its recipient's
language) and `refresh` (a user who changes language) replace or remove the locale, so the next call
looks again. Outside an application context Flask-Babel's own answer (no translation) is used.

Import these instead of Flask-Babel's; `init_app` gives the templates the same.
"""
from __future__ import annotations

from typing import Any

import flask_babel
from babel.support import NullTranslations
from flask import Flask
from flask.globals import _cv_app
from flask_babel import LazyString

_CACHED = "housing_translations"


def translations() -> NullTranslations:
    """The catalogue of the language in force."""
    app_context = _cv_app.get(None)
    if app_context is None:
        outside: NullTranslations = flask_babel.get_translations()
        return outside
    state = app_context.g.__dict__.get("_flask_babel")
    if state is not None:
        locale = getattr(state, "babel_locale", None)
        cached = getattr(state, _CACHED, None)
        if locale is not None and cached is not None and cached[0] is locale:
            found: NullTranslations = cached[1]
            return found
    found = flask_babel.get_translations()
    state = app_context.g.__dict__.get("_flask_babel")  # made by Flask-Babel's first look-up
    if state is not None:
        setattr(state, _CACHED, (getattr(state, "babel_locale", None), found))
    return found


def gettext(string: str, **variables: Any) -> str:
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    return text % variables


def pgettext(context: str, string: str, **variables: Any) -> str:
    text = translations().upgettext(context, string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    return LazyString(gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables: Any) -> LazyString:
    return LazyString(pgettext, context, string, **variables)


def init_app(app: Flask) -> None:
    """The templates' `_`, `gettext`, `ngettext` and `pgettext` through the same catalogue (after
    Flask-Babel's init_app, which installs its own)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
