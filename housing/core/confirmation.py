"""A step between a form and the change it asks for: the page repeats in words what was typed and
asks for a second press. Server-side, no script (the pages' CSP allows none): the form is POSTed,
the page answers with the facts and the values in hidden fields; "Confirm" sends them again with
`confirm`, "Back" with `back` (the form comes back with what was typed). Only the confirm step writes.

Generic over the form: every field it has is repeated, so a field added to a form needs no change here."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from wtforms import Field, Form, SelectChoice

from housing.core.i18n import gettext as _
from housing.core.formatting import format_dmy

CONFIRM, BACK = "confirm", "back"
ASK = "ask"
_NOT_REPEATED = ("CSRFTokenField", "SubmitField", "HiddenField")


def step(formdata: Mapping[str, Any]) -> str:
    """Which press this is: the first (ASK), "Confirm" (CONFIRM) or "Back" (BACK)."""
    if CONFIRM in formdata:
        return CONFIRM
    if BACK in formdata:
        return BACK
    return ASK


@dataclass(frozen=True)
class Fact:
    label: str
    text: str


def _leaves(form: Form) -> Iterator[Field]:
    for field in form:
        if hasattr(field, "entries"):  # FieldList
            for entry in field.entries:
                if hasattr(entry, "form"):
                    yield from _leaves(entry.form)
                else:
                    yield entry
        elif hasattr(field, "form") and isinstance(field.form, Form):  # FormField
            yield from _leaves(field.form)
        else:
            yield field


def _choice_pairs(options: Any) -> Iterator[tuple[Any, Any]]:
    for option in options:
        if isinstance(option, SelectChoice):
            yield option.value, option.label
        elif isinstance(option, tuple | list):
            yield option[0], option[1] if len(option) > 1 else option[0]
        else:
            yield option, option


def _in_words(field: Field) -> str:
    data = field.data
    if field.type == "BooleanField":
        return str(_("Yes") if data else _("No"))
    if getattr(field, "choices", None) is not None:
        chosen = {str(c) for c in (data if isinstance(data, list | tuple) else [data]) if c not in (None, "")}
        labels = [str(label) for value, label in _choice_pairs(field.choices) if str(value) in chosen]
        return ", ".join(labels) or "—"
    if isinstance(data, date):
        return format_dmy(data)
    text = "" if data is None else str(data).strip()
    return text or "—"


def facts(form: Form) -> list[Fact]:
    """Every field of the form, its label and what was chosen or typed, in words."""
    return [Fact(str(field.label.text), _in_words(field)) for field in _leaves(form)
            if field.type not in _NOT_REPEATED]


def carried(form: Form) -> list[tuple[str, str]]:
    """The values as they were sent (each name with each of its values), the pressed button
    included, so that the confirm step submits exactly the same form; the CSRF token is issued anew."""
    pairs = []
    for field in _leaves(form):
        if field.type == "CSRFTokenField":
            continue
        for value in field.raw_data or ():
            pairs.append((field.name, str(value)))
    return pairs


def confirmation_page(form: Form, *, title: str, question: str, action: str, confirm_label: str,
                      back_label: str | None = None, danger: bool = True, notice: str = "") -> Any:
    """The page that asks: the question in words, the facts, and the two buttons."""
    return render_template("core/confirm.html", form=form, title=title, question=question, action=action,
                           facts=facts(form), carried=carried(form), confirm_label=confirm_label,
                           back_label=back_label or _("Back"), danger=danger, notice=notice,
                           CONFIRM=CONFIRM, BACK=BACK)
