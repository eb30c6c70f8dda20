"""CSV downloads that a spreadsheet opens as text, never as a formula.

A cell beginning with = + - @, a tab or a carriage return is read by Excel and LibreOffice
as a formula (CSV injection: `=HYPERLINK(...)` typed into a note would run on the reader's
machine); such a cell gets a leading single quote. Every CSV export writes through here.
"""
from __future__ import annotations

from typing import Any

import csv
import io
from collections.abc import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_download(header: list[str], rows: Iterable[Iterable[Any]], filename: str) -> Response:
    """UTF-8 with a BOM (so Excel reads Greek), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralised(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralised(cell) for cell in row])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
