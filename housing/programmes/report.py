"""The programme report: one per configured programme, built by one function with the programme
as its parameter, registered with the core's reports (housing/core/reports.py) so that the
report pages show, chart and download it. Coordinators read it (Permission.VIEW_REPORTS); a
programme's caseworkers do not.

Every figure comes from an SQL aggregate (housing/programmes/report_queries.py); each table
carries its definition, written for whoever reads the report."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from flask import Flask
from flask_babel import LazyString
from housing.core.i18n import gettext as _, lazy_gettext as _l

from housing.core.clock import today
from housing.core.permissions import Permission
from housing.core.reports import NUMBER, PEOPLE, SHARE, TEXT, Chart, Column, Period, Report, ReportTable, \
    register_report
from housing.programmes import report_queries as figures
from housing.programmes.forms import ETHOS_CATEGORY_LABELS, EXIT_REASON_LABELS, SESSION_KIND_LABELS
from housing.programmes.models import ETHOS_CATEGORIES, EXIT_REASONS, HOUSED, SESSION_KINDS
from housing.programmes.programme import Programme

DAYS_PER_MONTH = 365.25 / 12  # an average calendar month, to turn subsidised days into months

SUBSIDY_LABELS = {"rent": _l("Rent subsidy"), "wage": _l("Salary subsidy"), "insurance": _l("Insurance subsidy")}
EXIT_CATEGORIES = (HOUSED, *ETHOS_CATEGORIES)


def ethos_category(code: str) -> str:
    """"houseless.womens_shelter" → "houseless"; the housed situation at exit is a column of its own."""
    return code if code == HOUSED else code.split(".", 1)[0]


def share(part: int, whole: int) -> float | None:
    """part ÷ whole, or None (shown as a dash) when there is nobody to divide by."""
    return part / whole if whole else None


def _rounded(value: float) -> float:
    return round(value, 1)


def caseload_table(movement: figures.Caseload) -> ReportTable:
    return ReportTable(
        key="caseload", title=_l("Beneficiaries in the period"),
        definition=_l("At the start: enrolled before the period's first day and not exited before it. Enrolled, "
                      "exited: the enrolment or the exit date falls in the period. At the end: enrolled by the "
                      "period's last day and not exited by it (the exit day is a beneficiary's last day in the "
                      "programme). At the start + enrolled − exited = at the end. In the programme during the "
                      "period: on at least one of its days."),
        columns=(Column("figure", _l("Figure"), TEXT), Column("people", _l("Beneficiaries"), PEOPLE)),
        rows=((_l("In the programme at the start"), movement.at_start),
              (_l("Enrolled in the period"), movement.enrolled), (_l("Exited in the period"), movement.exited),
              (_l("In the programme at the end"), movement.at_end),
              (_l("In the programme during the period"), movement.during)))


def exits_table(exits: Mapping[str, tuple[int, int, int]]) -> ReportTable:
    rows = tuple((EXIT_REASON_LABELS[reason], *exits.get(reason, (0, 0, 0))) for reason in EXIT_REASONS)
    total = tuple(sum(row[i] for row in rows) for i in (1, 2, 3))
    return ReportTable(
        key="exits", title=_l("Exits by reason, housed and in work at exit"),
        definition=_l("Beneficiaries whose exit date falls in the period, by how the participation ended. Housed "
                      "at exit: a tenancy with the programme's help had begun by the exit day and had not ended "
                      "before it. In work at exit: a job had begun by the exit day and had not ended before it. "
                      "Both are read from the tenancies and jobs recorded, not from the answers given at the exit."),
        columns=(Column("reason", _l("Reason"), TEXT), Column("exited", _l("Exited"), PEOPLE),
                 Column("housed", _l("Housed at exit"), PEOPLE), Column("employed", _l("In work at exit"), PEOPLE)),
        rows=rows, total=(_l("Total"), *total),
        chart=Chart("bar", _l("Exits by reason"),
                    _l("A bar for each reason a participation ended, as long as the number of exits for it."),
                    "reason", ("exited",)))


def ethos_table(transitions: Mapping[tuple[str, str], int]) -> ReportTable:
    counts: dict[tuple[str, str], int] = {}
    left_out = 0
    for (entry, leaving), count in transitions.items():
        row, column = ethos_category(entry), ethos_category(leaving)
        if row not in ETHOS_CATEGORIES or column not in EXIT_CATEGORIES:
            left_out += count  # a code outside ETHOS (not one the forms offer)
            continue
        counts[row, column] = counts.get((row, column), 0) + count
    rows = []
    for row in ETHOS_CATEGORIES:
        values = [counts.get((row, column), 0) for column in EXIT_CATEGORIES]
        rows.append((ETHOS_CATEGORY_LABELS[row], *values, sum(values)))
    totals = [sum(counts.get((row, column), 0) for row in ETHOS_CATEGORIES) for column in EXIT_CATEGORIES]
    exit_labels = {HOUSED: _l("Housed"), **ETHOS_CATEGORY_LABELS}
    note = _("%(count)d exits with a living situation outside ETHOS are left out.", count=left_out) \
        if left_out else ""
    return ReportTable(
        key="ethos", title=_l("Living situation at entry and at exit (ETHOS)"),
        definition=_l("Beneficiaries whose exit date falls in the period: a row for the ETHOS category of their "
                      "living situation at entry, a column for their situation at exit (housed in a home of "
                      "their own, or still in an ETHOS category). ETHOS is FEANTSA's European typology of "
                      "homelessness and housing exclusion."),
        columns=(Column("entry", _l("At entry"), TEXT),
                 *(Column(column, exit_labels[column], PEOPLE) for column in EXIT_CATEGORIES),
                 Column("total", _l("Total"), PEOPLE)),
        rows=tuple(rows), total=(_l("Total"), *totals, sum(totals)), note=note,
        chart=Chart("stacked_bar", _l("Living situation at entry and at exit"),
                    _l("A bar for each ETHOS category at entry, divided by where those who exited in the "
                       "period lived at exit."),
                    "entry", EXIT_CATEGORIES))


def subsidies_table(by_kind: Mapping[str, figures.SubsidyFigures]) -> ReportTable:
    rows = tuple((SUBSIDY_LABELS[kind], f.at_start, f.started, f.ended, f.at_end, f.paid, f.days,
                  _rounded(f.days / DAYS_PER_MONTH)) for kind, f in by_kind.items())
    return ReportTable(
        key="subsidies", title=_l("Subsidies: rent, salary and insurance"),
        definition=_l("People, for each kind of subsidy. A subsidy runs from its start to its end, both days "
                      "included, and stops earlier on the day the home or the job ends or the beneficiary exits; "
                      "as on the beneficiary's page, a person's subsidy of a kind runs from the start of her or "
                      "his first to the end of the latest, across moves and jobs. Running at the start: started "
                      "before the period and still running on its first day. Started, ended: the first day or "
                      "the last day falls in the period. Running at the end: still running after the period's "
                      "last day. Paid in the period: paid for at least one of its days. Days paid: the "
                      "subsidised days within the period, all people together; months paid: those days divided "
                      "by the days of an average month (30.44)."),
        columns=(Column("kind", _l("Subsidy"), TEXT), Column("at_start", _l("Running at the start"), PEOPLE),
                 Column("started", _l("Started"), PEOPLE), Column("ended", _l("Ended"), PEOPLE),
                 Column("at_end", _l("Running at the end"), PEOPLE),
                 Column("paid", _l("Paid in the period"), PEOPLE), Column("days", _l("Days paid"), NUMBER),
                 Column("months", _l("Months paid"), NUMBER)),
        rows=rows)


def work_table(on_first_day: tuple[int, int], on_last_day: tuple[int, int], target_percent: int) -> ReportTable:
    target = target_percent / 100
    rows = tuple((label, present, working, share(working, present), target)
                 for label, (present, working) in ((_l("First day of the period"), on_first_day),
                                                   (_l("Last day of the period"), on_last_day)))
    present, working = on_last_day
    last_share = share(working, present)
    note = _("Below the target of %(percent)d %% on the period's last day.", percent=target_percent) \
        if last_share is not None and last_share < target else ""
    return ReportTable(
        key="work", title=_l("Share of beneficiaries in work"),
        definition=_l("Beneficiaries in the programme on the day (enrolled by it and not exited before it) and, "
                      "of them, those with a job that had begun by that day and had not ended before it. The "
                      "target is the share the programme expects in its work pillar (the national programme "
                      "asks for at least 20 %); it is a setting of the programme."),
        columns=(Column("day", _l("Day"), TEXT), Column("present", _l("In the programme"), PEOPLE),
                 Column("working", _l("In work"), PEOPLE), Column("share", _l("Share in work"), SHARE),
                 Column("target", _l("Target"), SHARE)),
        rows=rows, note=note)


def sessions_table(by_kind: Mapping[str, tuple[int, int]], total: tuple[int, int], during: int) -> ReportTable:
    def line(label: Any, held: int, people: int) -> tuple[Any, ...]:
        per_beneficiary = share(held, during)
        return label, held, people, None if per_beneficiary is None else _rounded(per_beneficiary)

    return ReportTable(
        key="sessions", title=_l("Support sessions by kind"),
        definition=_l("Support sessions held in the period, by kind; the beneficiaries who had at least one (in "
                      "the total, each counted once, whatever the kinds); and the sessions per beneficiary: "
                      "sessions held ÷ beneficiaries in the programme during the period."),
        columns=(Column("kind", _l("Kind"), TEXT), Column("sessions", _l("Sessions"), NUMBER),
                 Column("people", _l("Beneficiaries seen"), PEOPLE),
                 Column("per_beneficiary", _l("Sessions per beneficiary"), NUMBER)),
        rows=tuple(line(SESSION_KIND_LABELS[kind], *by_kind.get(kind, (0, 0))) for kind in SESSION_KINDS),
        total=line(_l("Total"), *total))


def referrals_table(found: figures.ReferralFigures) -> ReportTable:
    return ReportTable(
        key="referrals", title=_l("Referrals to services by outcome"),
        definition=_l("Referrals to services (employment office, health centre…) made in the period: those whose "
                      "outcome was recorded by the period's last day, and those still waiting for one after it; "
                      "and referrals made before the period whose outcome was recorded in it. An outcome is "
                      "written in words on the beneficiary's file and may describe the person: the report counts "
                      "referrals with an outcome, it does not show what the outcome said."),
        columns=(Column("outcome", _l("Outcome"), TEXT), Column("referrals", _l("Referrals"), NUMBER),
                 Column("people", _l("Beneficiaries"), PEOPLE)),
        rows=((_l("Made in the period"), *found.made),
              (_l("… with an outcome recorded by the period's end"), *found.answered),
              (_l("… still waiting for an outcome at the period's end"), *found.waiting),
              (_l("Made earlier, outcome recorded in the period"), *found.answered_earlier)))


# Tables with figures on the period's last day or after it.
_AT_THE_END = ("caseload", "subsidies", "work", "referrals")


def build_programme_report(programme: Programme, period: Period, options: Mapping[str, Any] | None = None
                           ) -> list[ReportTable]:
    """Every table of one programme's report for the period: seven SQL statements, whatever the
    size of the history. A period that has not ended yet says so under the tables whose figures
    look at its end (they are what is recorded today)."""
    tables = _tables(programme, period)
    if period.end <= today():
        return tables
    pending = _("The period has not ended yet: the figures at its end are those recorded today.")
    return [replace(table, note=" ".join(part for part in (str(table.note), pending) if part))
            if table.key in _AT_THE_END else table for table in tables]


def _tables(programme: Programme, period: Period) -> list[ReportTable]:
    code = programme.code
    movement = figures.caseload(code, period)
    on_first_day, on_last_day = figures.in_work(code, period)
    sessions, sessions_total = figures.sessions_by_kind(code, period)
    return [
        caseload_table(movement),
        exits_table(figures.exits_by_reason(code, period)),
        ethos_table(figures.ethos_transitions(code, period)),
        subsidies_table(figures.subsidies(code, period)),
        work_table(on_first_day, on_last_day, programme.work_target_percent),
        sessions_table(sessions, sessions_total, movement.during),
        referrals_table(figures.referrals(code, period)),
    ]


def report_code(programme: Programme) -> str:
    return f"programme-{programme.code}"


def programme_report(programme: Programme) -> Report:
    return Report(
        code=report_code(programme),
        title=LazyString(lambda: _("%(programme)s report", programme=programme.name)),
        permission=Permission.VIEW_REPORTS, build=partial(build_programme_report, programme),
        scope=programme.code, order=200 + programme.order,
        description=LazyString(lambda: _("Who was in %(programme)s, who left and how, housing and work at exit, "
                                         "living situations, subsidies, support sessions and referrals.",
                                         programme=programme.name)))


def register_programme_reports(app: Flask, configured: Iterable[Programme]) -> None:
    """One report per configured programme."""
    for programme in configured:
        register_report(app, programme_report(programme))
