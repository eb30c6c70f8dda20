"""The catalogue is found once per request and language (housing.core.i18n), and still follows
every change of language: a forced language for an e-mail, a language changed mid-request, the
next request in another language, and the templates' words."""
from __future__ import annotations

from flask import session
from flask_babel import force_locale, refresh

from housing.core.i18n import gettext, lazy_gettext, ngettext, pgettext


def test_words_follow_the_language_in_force(app):
    with app.test_request_context(headers={"Accept-Language": "el"}):
        session["locale"] = "el"
        assert gettext("Occupancy board") == "Πίνακας πληρότητας"
        assert ngettext("%(num)d child", "%(num)d children", 2) == "2 παιδιά"
        with force_locale("en"):  # an e-mail to an English-speaking colleague
            assert gettext("Occupancy board") == "Occupancy board"
            assert ngettext("%(num)d child", "%(num)d children", 1) == "1 child"
        assert gettext("Occupancy board") == "Πίνακας πληρότητας"  # back to hers
        session["locale"] = "en"
        refresh()  # she changed her language
        assert gettext("Occupancy board") == "Occupancy board"
        assert str(lazy_gettext("Occupancy board")) == "Occupancy board"


def test_each_request_reads_its_own_language(app):
    label = lazy_gettext("Occupancy board")
    for locale, expected in (("el", "Πίνακας πληρότητας"), ("en", "Occupancy board"), ("el", "Πίνακας πληρότητας")):
        with app.test_request_context():
            session["locale"] = locale
            assert str(label) == expected
            assert "10:00" in gettext("%(n)d held until %(time)s", n=2, time="10:00")


def test_outside_a_context_the_words_stay_as_written():
    assert gettext("Occupancy board") == "Occupancy board"
    assert pgettext("bed", "Free") == "Free"


def test_the_templates_use_the_same_words(app):
    with app.test_request_context():
        session["locale"] = "el"
        render = app.jinja_env.from_string("{{ _('Occupancy board') }} · {{ ngettext('%(num)d child', "
                                           "'%(num)d children', 3) }} · {{ _('<%(x)s>', x='<b>') }}").render
        assert render() == "Πίνακας πληρότητας · 3 παιδιά · <&lt;b&gt;>"  # the variable escaped, not the words
        with force_locale("en"):
            assert render().startswith("Occupancy board · 3 children")
