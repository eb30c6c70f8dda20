"""What a report is, whatever area it comes from: a period, tables of figures each with its
definition, and the charts drawn from them. Areas build their reports' tables from SQL aggregates
and register them (`register_report`); one set of pages shows, charts and downloads any of them,
so a new programme's report needs no new page.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Flask

from housing.core.permissions import Permission

# How a column's figures may leave the service (core/disclosure.py): a count of people is
# suppressed when small; any other figure (nights, days, a share, a label) leaves as it is.
PEOPLE = "people"  # a count of persons (women, children, beneficiaries, households)
NUMBER = "number"  # a count of things that are not persons (nights, days, sessions, months)
SHARE = "share"  # a fraction between 0 and 1, shown as a percentage
TEXT = "text"  # a label: the month, the reason, the band
COLUMN_KINDS = (PEOPLE, NUMBER, SHARE, TEXT)


@dataclass(frozen=True)
class Period:
    """From `start` up to and including `end` (both Athens days)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def after_end(self) -> date:
        """The first day after the period: nights are counted up to, not including, this day."""
        return self.end + timedelta(days=1)


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a (lazy) translated heading
    kind: str = PEOPLE


@dataclass(frozen=True)
class Chart:
    """A picture of one table: `kind` is "bar", "stacked_bar" or "line"; the label column names
    the bars (or the points), the value columns are the series."""

    kind: str
    title: Any
    description: Any  # the text alternative: what the chart shows, in a sentence
    label_column: str
    value_columns: tuple[str, ...]


@dataclass(frozen=True)
class ReportTable:
    """One table of a report. `rows` hold the values in the order of `columns`; `total`, when
    given, is the row of totals (the disclosure rules look at it: a suppressed cell must not be
    given back by subtracting from the total)."""

    key: str  # unique in its report; names the downloaded file
    title: Any
    definition: Any  # what was counted, written under the table for whoever reads it
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None
    chart: Chart | None = None
    note: Any = ""  # a remark on this period's figures (e.g. "2 same-day stays counted 0 nights")
    row_total: str = ""  # the key of the column holding each line's total of its PEOPLE cells, if any


@dataclass(frozen=True)
class Report:
    """A report an area offers. `build` computes its tables for a period from the database;
    `scope` is a programme's code (only whoever works in it, or sees every programme, reads it)."""

    code: str  # in the URL: /reports/<code>
    title: Any
    permission: Permission
    build: Callable[[Period, Mapping[str, Any]], Sequence[ReportTable]]
    scope: str = ""
    order: int = 100
    description: Any = ""
    extra: dict[str, Any] = field(default_factory=dict)


_REPORTS_KEY = "housing.reports"


def register_report(app: Flask, report: Report) -> None:
    reports: dict[str, Report] = app.extensions.setdefault(_REPORTS_KEY, {})
    if report.code in reports:
        raise ValueError(f"report {report.code!r} is registered twice")
    reports[report.code] = report


def registered_reports(app: Flask) -> list[Report]:
    reports: dict[str, Report] = app.extensions.get(_REPORTS_KEY, {})
    return sorted(reports.values(), key=lambda report: (report.order, report.code))
