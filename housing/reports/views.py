"""The reports: the list a reader may open, one report for a period with its charts beside their
tables, each table as CSV or XLSX, the whole report as XLSX (a sheet per table), and a printable
page. Any area's registered report (housing.core.reports) is shown here; none needs a page of its own."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, current_app, render_template, request
from flask_login import current_user

from housing.core.clock import today
from housing.core.permissions import Permission, guarded_blueprint, requires
from housing.core.reports import Report, ReportTable, registered_reports
from housing.reports import downloads
from housing.reports.charts import chart_data_uri
from housing.reports.periods import PeriodForm, default_period, read_period

bp = guarded_blueprint("reports", __name__, url_prefix="/reports")


def may_read(user: Any, report: Report) -> bool:
    """Her permission for the report, and for a programme's report her work in that programme
    (or sight of every programme)."""
    if not user.can(report.permission):
        return False
    scopes = user.programme_scopes
    return not report.scope or scopes is None or report.scope in scopes


def readable_reports(user: Any) -> list[Report]:
    return [report for report in registered_reports(current_app) if may_read(user, report)]


def _report(code: str) -> Report:
    report = next((found for found in registered_reports(current_app) if found.code == code), None)
    if report is None or not may_read(current_user, report):
        abort(404)  # a report she may not read is one she is not told of
    return report


def _tables(report: Report, period) -> Sequence[ReportTable]:
    return report.build(period, current_app.config)


def _period_form() -> PeriodForm:
    return PeriodForm(request.args)


def _refused(report: Report, form: PeriodForm) -> Any:
    return render_template("reports/report.html", report=report, form=form, period=None, tables=(),
                           charts={}), 400


@bp.route("/")
@requires(Permission.VIEW_REPORTS)
def index():
    return render_template("reports/index.html", reports=readable_reports(current_user),
                           period=default_period(today()))


@bp.route("/<report>")
@requires(Permission.VIEW_REPORTS)
def report(report: str):
    found, form = _report(report), _period_form()
    period = read_period(form, today())
    if period is None:
        return _refused(found, form)
    tables = _tables(found, period)
    charts = {table.key: chart_data_uri(table) for table in tables if table.chart}
    return render_template("reports/report.html", report=found, form=form, period=period, tables=tables,
                           charts=charts)


@bp.route("/<report>/print")
@requires(Permission.VIEW_REPORTS)
def print_report(report: str):
    found, form = _report(report), _period_form()
    period = read_period(form, today())
    if period is None:
        return _refused(found, form)
    tables = _tables(found, period)
    charts = {table.key: chart_data_uri(table) for table in tables if table.chart}
    return render_template("reports/print.html", report=found, period=period, tables=tables, charts=charts)


@bp.route("/<report>/<table>.csv")
@requires(Permission.VIEW_REPORTS)
def table_csv(report: str, table: str):
    found, form = _report(report), _period_form()
    period = read_period(form, today())
    if period is None:
        return _refused(found, form)
    return downloads.table_csv(found.code, period, _table(_tables(found, period), table))


@bp.route("/<report>/<table>.xlsx")
@requires(Permission.VIEW_REPORTS)
def table_xlsx(report: str, table: str):
    found, form = _report(report), _period_form()
    period = read_period(form, today())
    if period is None:
        return _refused(found, form)
    chosen = _table(_tables(found, period), table)
    return downloads.xlsx_download(downloads.workbook(str(found.title), period, [chosen]),
                                   downloads.filename(found.code, period, chosen.key, "xlsx"))


@bp.route("/<report>.xlsx")
@requires(Permission.VIEW_REPORTS)
def report_xlsx(report: str):
    found, form = _report(report), _period_form()
    period = read_period(form, today())
    if period is None:
        return _refused(found, form)
    return downloads.xlsx_download(downloads.workbook(str(found.title), period, _tables(found, period)),
                                   downloads.filename(found.code, period, extension="xlsx"))


def _table(tables: Sequence[ReportTable], key: str) -> ReportTable:
    chosen = next((table for table in tables if table.key == key), None)
    if chosen is None:
        abort(404)
    return chosen
