"""The service's select (housing.core.forms.SelectField) writes the same HTML as WTForms' own, for
the values and labels a form may carry: a chosen one, quotes and markup to escape, an empty value,
lazy labels, options with attributes of their own."""
from __future__ import annotations

from markupsafe import Markup
from wtforms import Form, SelectField as WTFormsSelectField
from wtforms.widgets import Select
from werkzeug.datastructures import MultiDict

from housing.core.forms import SelectField, choices
from housing.core.i18n import lazy_gettext

OPTIONS = [("", "— choose —"), ("admit", "Admission"), ('say "hi"', "<b>Bold</b> & co"), ("7", "Room 7")]


class _Quick(Form):
    room = SelectField("Room", choices=choices(OPTIONS))


def _rendered_both_ways(form_data: dict[str, str], options=OPTIONS, **attributes):
    class Plain(Form):
        room = WTFormsSelectField("Room", choices=choices(options))

    class Quick(Form):
        room = SelectField("Room", choices=choices(options))

    plain, quick = Plain(MultiDict(form_data)), Quick(MultiDict(form_data))
    return str(quick.room(**attributes)), str(plain.room(**attributes))


def test_the_same_html_as_wtforms_chosen_or_not():
    for data in ({}, {"room": "admit"}, {"room": 'say "hi"'}, {"room": ""}, {"room": "nothing of the kind"}):
        mine, theirs = _rendered_both_ways(data)
        assert mine == theirs, data


def test_what_a_user_sees_is_escaped_and_the_chosen_option_marked():
    html, _ = _rendered_both_ways({"room": 'say "hi"'})
    assert '<option selected value="say &#34;hi&#34;">&lt;b&gt;Bold&lt;/b&gt; &amp; co</option>' in html
    assert '<option value="admit">Admission</option>' in html
    assert html.startswith('<select id="room" name="room">')


def test_lazy_labels_and_attributes_of_the_select():
    options = [("a", lazy_gettext("Occupancy board")), ("b", Markup("<i>kept</i>"))]
    mine, theirs = _rendered_both_ways({"room": "b"}, options, class_="wide", required=True)
    assert mine == theirs


def test_an_option_with_attributes_of_its_own_is_left_to_wtforms():
    form = _Quick()
    form.room.choices[1].render_kw = {"disabled": True}
    assert '<option disabled value="admit">Admission</option>' in str(form.room())
    assert isinstance(SelectField.widget, Select)
