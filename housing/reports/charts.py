"""A report table's chart, drawn on the server as SVG with pygal: no script (pygal's own
JavaScript is left out) and no external file, so the page's Content-Security-Policy stays as it
is. The SVG is shown as an image from a data: address (img-src allows data:), which keeps its
own style sheet working under style-src 'self'; its title and text alternative are the chart's."""
from __future__ import annotations

import base64
import math
from typing import Any

import pygal  # type: ignore[import-untyped]
from markupsafe import escape
from pygal.style import Style  # type: ignore[import-untyped]

from housing.core.reports import SHARE, ReportTable

STYLE = Style(background="white", plot_background="white", foreground="#222", foreground_strong="#111",
              foreground_subtle="#666", colors=("#1f5f8b", "#c0504d", "#6a8f3c", "#8064a2"),
              font_family="sans-serif", title_font_size=16, label_font_size=12, legend_font_size=12)
LONGEST_AXIS = 24  # labels shown on a line chart's x axis at most; the table beside it has every night


def chart_svg(table: ReportTable) -> str | None:
    """The chart of a table as an SVG document, or None when the table has no chart."""
    chart = table.chart
    if chart is None:
        return None
    columns = {column.key: index for index, column in enumerate(table.columns)}
    kinds = {column.key: column.kind for column in table.columns}
    labels = [str(row[columns[chart.label_column]]) for row in table.rows]
    percent = all(kinds[key] == SHARE for key in chart.value_columns)
    options: dict[str, Any] = dict(js=[], disable_xml_declaration=True, style=STYLE, title=str(chart.title),
                                   width=900, height=380, legend_at_bottom=True, print_values=False,
                                   show_legend=len(chart.value_columns) > 1, explicit_size=False,
                                   truncate_label=-1)
    series = {key: [_number(row[columns[key]], percent) for row in table.rows] for key in chart.value_columns}
    if percent:
        options.update(value_formatter=lambda value: f"{value:.0f}%", range=(0, 100))
    else:  # counts: whole numbers on the axis
        highest = int(max((value for values in series.values() for value in values if value is not None), default=0))
        step = max(1, math.ceil(highest / 8))
        options.update(y_labels=list(range(0, highest + step + 1, step)), value_formatter=lambda value: f"{value:.0f}")
    if chart.kind == "line":
        drawing = pygal.Line(show_dots=len(labels) <= 62, x_label_rotation=30, **options)
        step = max(1, len(labels) // LONGEST_AXIS)
        drawing.x_labels = labels
        drawing.x_labels_major = labels[::step]
        drawing.show_minor_x_labels = False
    elif chart.kind == "stacked_bar":
        drawing = pygal.StackedBar(**options)
        drawing.x_labels = labels
    else:
        drawing = pygal.Bar(**options)
        drawing.x_labels = labels
    labels_of = {column.key: str(column.label) for column in table.columns}
    for key, values in series.items():
        drawing.add(labels_of[key], values)
    svg = drawing.render(is_unicode=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(chart.title)}" ', 1)


def _number(value: Any, percent: bool) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return round(float(value) * 100, 1) if percent else float(value)


def chart_data_uri(table: ReportTable) -> str | None:
    svg = chart_svg(table)
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
