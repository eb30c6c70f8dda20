"""Which period a report is asked for: this year by default; a period whose dates are missing,
reversed, in the future or longer than ten years is refused with a message at the field."""
from __future__ import annotations

from datetime import date

from wtforms.validators import Optional

from housing.core.i18n import lazy_gettext as _l
from housing.core.forms import DMYDateField, HousingForm
from housing.core.formatting import format_dmy
from housing.core.reports import Period

LONGEST_YEARS = 10


def default_period(today: date) -> Period:
    """This year, from 1 January up to today."""
    return Period(date(today.year, 1, 1), today)


def period_problems(start: date, end: date, today: date) -> dict[str, str]:
    """Field → message for a period a report cannot be computed for (empty when it can)."""
    problems: dict[str, str] = {}
    if end > today:
        problems["end"] = str(_l("The period cannot end after today (%(today)s).", today=format_dmy(today)))
    if start > end:
        problems["start"] = str(_l("The period begins after it ends."))
    elif end >= years_after(start, LONGEST_YEARS):
        problems["start"] = str(_l("A report covers at most %(years)d years.", years=LONGEST_YEARS))
    return problems


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February: 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class PeriodForm(HousingForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    start = DMYDateField(_l("From"), validators=[Optional()])
    end = DMYDateField(_l("To"), validators=[Optional()])


def read_period(form: PeriodForm, today: date) -> Period | None:
    """The period the form asks for (a missing date from the default), or None with the
    messages on the form's fields."""
    if not form.validate():
        return None
    fallback = default_period(today)
    start, end = form.start.data or fallback.start, form.end.data or fallback.end
    if not form.start.data and form.end.data and form.end.data < fallback.start:
        start = date(form.end.data.year, 1, 1)
    problems = period_problems(start, end, today)
    for name, message in problems.items():
        getattr(form, name).errors = [*getattr(form, name).errors, message]
    if problems:
        return None
    form.start.data, form.end.data = start, end  # the boxes show the period the figures are for
    return Period(start, end)
