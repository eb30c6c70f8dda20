"""Form pieces shared by every blueprint."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import wtforms
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, Form, SelectChoice, StringField, SubmitField
from wtforms.csrf.core import CSRFTokenField
from wtforms.widgets import Select, TextInput

from housing.core.i18n import lazy_gettext as _l
from housing.core.errors import DomainError
from housing.core.formatting import format_dmy
from housing.core.routing import parse_id

# C0 control characters but tab, newline and carriage return; PostgreSQL refuses NUL in text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL_CHARACTERS.sub("", value)
    return value


_WITHOUT_ID = (SubmitField, CSRFTokenField)


class _CleanTextMeta:
    """Every text field of every form drops control characters before anything sees them; a form
    that shares its page with others gives its fields ids of their own (`field_ids`)."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        prefix = getattr(form, "field_ids", "")
        if issubclass(unbound_field.field_class, _WITHOUT_ID) and "render_kw" not in unbound_field.kwargs:
            # Nothing labels a button or the CSRF token: no id, so forms repeated down a page never share one.
            options = {**options, "render_kw": {"id": False}}
        elif prefix and "id" not in unbound_field.kwargs:
            # The id only: the name a POST, a kept draft and the tests send stays the same.
            options = {**options, "id": f"{prefix}-{options.get('prefix', '')}{options['name']}"}
        if issubclass(unbound_field.field_class, StringField):
            filters = (without_control_characters, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, filters=filters, **options)
        return unbound_field.bind(form=form, **options)


@dataclass(frozen=True)
class ErrorLink:
    """One line of a form's error summary: the field's id (the link's target), its label, the message."""

    target: str
    label: str
    message: str


def _wrong_fields(form: Any) -> Iterator[Any]:
    for field in form:
        if hasattr(field, "entries"):  # FieldList
            for entry in field.entries:
                if hasattr(entry, "form"):
                    yield from _wrong_fields(entry.form)
                elif entry.errors:
                    yield entry
        elif field.errors and field.type != "CSRFTokenField":
            yield field


def error_links(form: Any) -> list[ErrorLink]:
    """The errors of a refused form, field by field in the page's order, for the summary at its top.
    The first wrong field is marked (`flags.first_error`): the field macro gives it autofocus, so
    the page opens with the cursor where the correction starts."""
    links: list[ErrorLink] = []
    for field in _wrong_fields(form):
        # A group of radio buttons has no element of its own id: the link goes to the first button.
        target = f"{field.id}-0" if field.type == "RadioField" else field.id
        if not links:
            field.flags.first_error = True
        links.extend(ErrorLink(target, str(field.label.text), str(message)) for message in field.errors)
    return links


class HousingForm(FlaskForm):
    """Base of every form of the service (CSRF from Flask-WTF, clean text). `field_ids`, when set,
    prefixes its fields' ids ("discharge-reason"), so that two forms on one page never share one."""

    field_ids = ""

    class Meta(_CleanTextMeta):
        pass

    def error_links(self) -> list[ErrorLink]:
        return error_links(self)


class UndoForm(HousingForm):
    """The undo button of an ending entered by mistake: a POST with its CSRF token, nothing typed."""

    field_ids = "undo"


class FieldList(wtforms.FieldList):
    """WTForms' FieldList, reading entry numbers ("children-0-sex") as decimal digits only: WTForms 3.3
    takes any digit ("children-²-sex") and int() then fails, a 500 on a crafted form."""

    def _extract_indices(self, prefix: str, formdata: Any) -> Iterator[int]:
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                number = key[offset:].split(self._field_separator, 1)[0]
                if number.isdecimal():
                    yield int(number)


class HousingSubForm(Form):
    """Base of forms repeated inside another (a child in the admission form): no CSRF of their own."""

    class Meta(_CleanTextMeta):
        pass


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class QuickSelect(Select):
    """WTForms' select with each plain option written out directly: the same HTML as WTForms'
    (tests/web/test_quick_select.py), at a fifth of the cost — the audit trail's list of actions
    has 68 options, and WTForms' general attribute writer took 25 µs for each. An option with
    attributes of its own is left to WTForms."""

    @classmethod
    def render_option(cls, choice: SelectChoice, **kwargs: Any) -> Markup:
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            general: Markup = super().render_option(choice, **kwargs)
            return general
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


class SelectField(wtforms.SelectField):
    widget = QuickSelect()


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them; values are sent as text."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


# A year past this is a typing mistake; month arithmetic on it (a planned end, a subsidy's
# limit) would also run past the calendar's last year, 9999.
LATEST_YEAR = 2999


def parse_dmy(text: str) -> date:
    """dd/mm/yyyy (or with - or .), yyyy-mm-dd, or eight digits ddmmyyyy as a phone's number pad
    types it (the date fields open that pad: inputmode="numeric")."""
    text = text.strip()
    formats = ("%d%m%Y",) if text.isdigit() and len(text) == 8 else DATE_FORMATS
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= parsed.year <= LATEST_YEAR:
            raise ValueError("year out of range")
        return parsed
    raise ValueError(text)


def record_id(text: str | None) -> int | None:
    """An id a page sends back (a hidden field, a query string): plain digits that a database
    integer holds, else None — never an error, whatever arrives instead."""
    return parse_id(text)


class DMYDateField(Field):
    """A date typed as dd/mm/yyyy. An impossible date (31/02/2026) gets a message and the
    typed text is kept in the box, so the user corrects it instead of retyping."""

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"placeholder": _l("dd/mm/yyyy"), "autocomplete": "off", "inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.raw_text = ""

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return format_dmy(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw_text = valuelist[0] if valuelist else ""
        if not self.raw_text.strip():
            self.data = None
            return
        try:
            self.data = parse_dmy(self.raw_text)
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Not a valid date: write it as dd/mm/yyyy, e.g. 05/03/2026.")) from error


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Put each violation on the field it names ("children-1-birth_date" included);
    violations that name no field go to the form's own error list."""
    for violation in error.violations:
        field = _find_field(form, violation.field) if violation.field else None
        if field is None:
            form.form_errors.append(violation.message)
        else:
            field.errors = list(field.errors) + [violation.message]


def _find_field(form: Any, name: str) -> Any:
    for field in form:
        if name in (field.name, field.short_name):  # short_name: the form may have a prefix
            return field
        if hasattr(field, "entries"):  # FieldList of FormFields
            for entry in field.entries:
                found = _find_field(entry.form, name) if hasattr(entry, "form") else None
                if found is None and entry.name == name:
                    found = entry
                if found is not None:
                    return found
    return None


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def field_label(name: str) -> Any:
    """The label a person read beside a field sent as `name` ("children-0-first_name" → "First
    name"), looked up in the service's forms; the name itself when no form has such a field."""
    wanted = name.rsplit("-", 1)[-1]
    for form_class in (*_subclasses(HousingForm), *_subclasses(HousingSubForm)):
        unbound = getattr(form_class, wanted, None)
        if isinstance(unbound, wtforms.fields.core.UnboundField):
            label = unbound.args[0] if unbound.args else unbound.kwargs.get("label")
            if label:
                return label
    return name
