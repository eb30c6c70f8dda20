"""A report's tables as files: CSV (UTF-8 with a BOM, formula cells neutralised) and XLSX. Every
file leaves the service, so every table goes through the small-cell rules first
(housing.core.disclosure): counts of 1–2 people as "<3", a second cell "*" where a total would
give one back."""
from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from flask import Response
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from housing.core.i18n import gettext as _
from housing.core.disclosure import SMALL, WITHHELD, outgoing_table
from housing.core.formatting import format_dmy
from housing.core.reports import NUMBER, PEOPLE, SHARE, Period, ReportTable
from housing.core.spreadsheet import csv_download, neutralised

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(code: str, period: Period, table: str = "", extension: str = "csv") -> str:
    """The file carries the report, the table and the period: shelter-bed_nights-2026-01-01-2026-12-02.csv."""
    name = "-".join(part for part in (code, table, period.start.isoformat(), period.end.isoformat()) if part)
    return f"{name}.{extension}"


def plain_cell(value: Any, kind: str) -> Any:
    """A figure as a file holds it: a share as a percentage with one decimal, numbers as they are."""
    if value is None:
        return ""
    if kind == SHARE and isinstance(value, (int, float)):
        return f"{value * 100:.1f}%"
    if isinstance(value, (int, float)) or value in (SMALL, WITHHELD):
        return value
    return str(value)


def outgoing_rows(table: ReportTable) -> list[list[Any]]:
    rows, total = outgoing_table(table)
    kinds = [column.kind for column in table.columns]
    return [[plain_cell(value, kind) for value, kind in zip(row, kinds, strict=True)]
            for row in [*rows, *([total] if total is not None else [])]]


def table_csv(code: str, period: Period, table: ReportTable) -> Response:
    header = [str(column.label) for column in table.columns]
    return csv_download(header, outgoing_rows(table), filename(code, period, table.key))


def _sheet_title(table: ReportTable, taken: set[str]) -> str:
    title = table.key[:31]
    while title in taken:
        title = title[:28] + f"-{len(taken)}"
    taken.add(title)
    return title


def workbook(report_title: str, period: Period, tables: Sequence[ReportTable]) -> bytes:
    """One sheet per table: its title, the period, the header, the rows and total, then its
    definition and what "<3" and "*" mean."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table, taken))
        sheet.append([neutralised(f"{report_title} — {table.title}")])
        sheet.append([neutralised(_("Period: %(start)s – %(end)s", start=format_dmy(period.start),
                                    end=format_dmy(period.end)))])
        sheet.append([neutralised(str(column.label)) for column in table.columns])
        for row in outgoing_rows(table):
            sheet.append([cell if isinstance(cell, (int, float)) else neutralised(cell) for cell in row])
        for index, column in enumerate(table.columns, start=1):
            if column.kind in (PEOPLE, NUMBER, SHARE):
                sheet.column_dimensions[get_column_letter(index)].width = 16
            else:
                sheet.column_dimensions[get_column_letter(index)].width = 32
        sheet.append([])
        sheet.append([neutralised(str(table.definition))])
        if table.note:
            sheet.append([neutralised(str(table.note))])
        sheet.append([neutralised(suppression_note())])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def suppression_note() -> str:
    return _('"<3": one or two people. "*": withheld so that a total does not give back a count of one or two.')


def xlsx_download(data: bytes, name: str) -> Response:
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={name}"})
