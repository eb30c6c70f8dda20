"""Form pieces shared by every blueprint."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, SelectChoice, StringField
from wtforms.widgets import TextInput

from housing.core.errors import DomainError
from housing.core.formatting import format_dmy
from housing.core.routing import parse_id

# C0 control characters but tab, newline and carriage return; PostgreSQL refuses NUL in text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL_CHARACTERS.sub("", value)
    return value


class _CleanTextMeta:
    """Every text field of every form drops control characters before anything sees them."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        if issubclass(unbound_field.field_class, StringField):
            filters = (without_control_characters, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, filters=filters, **options)
        return unbound_field.bind(form=form, **options)


class HousingForm(FlaskForm):
    """Base of every form of the service (CSRF from Flask-WTF, clean text)."""

    class Meta(_CleanTextMeta):
        pass


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
