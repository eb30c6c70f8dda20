"""The programme report against a history counted by hand: twelve REINTEGRATION beneficiaries
(and one of An-Oiko that must not be counted) over the year 2025. Every expected figure below
was counted by a person from the fixture's dates, written in the comments beside them."""
from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest
from flask_babel import force_locale

from housing.core.permissions import Permission
from housing.core.reports import Period, registered_reports
from housing.extensions import db
from housing.programmes.models import Beneficiary, Job, ServiceReferral, SupportSession, Tenancy
from housing.programmes.programme import parse_programme, programmes
from housing.programmes.report import build_programme_report
from tests.second_programme_support import ANOIKO, two_programmes_app  # noqa: F401 - a fixture
from tests.support import QueryCounter, make_user

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
_NUMBERS = itertools.count(1)


def d(text: str) -> date:
    return date.fromisoformat(text)


class History:
    """Rows written straight through the models, so that any date of the past can be used."""

    def __init__(self):
        self.worker = make_user("reintegration_staff")

    def person(self, enrolled: str, ethos: str = "roofless.public_space", *, programme: str = "reintegration",
               exited: str | None = None, reason: str = "completed", ethos_at_exit: str = "") -> Beneficiary:
        number = next(_NUMBERS)
        person = Beneficiary(
            programme=programme, case_code=f"{'AO' if programme == 'anoiko' else 'RT'}-T-{number:05d}",
            first_name=f"Ελένη-{number}", last_name="Δοκιμαστική", birth_date=date(1985, 1, 1), sex="F",
            household_size=1, caseworker_id=self.worker.id, enrolled_by_id=self.worker.id, enrolled_on=d(enrolled),
            planned_end=date(2030, 1, 1), ethos_at_entry=ethos, status=reason if exited else "active",
            exited_on=d(exited) if exited else None, ethos_at_exit=ethos_at_exit if exited else "")
        db.session.add(person)
        db.session.flush()
        return person

    def tenancy(self, person: Beneficiary, start: str, ended: str | None = None,
                subsidy: tuple[str, str] | None = None, cents: int = 300_00) -> None:
        db.session.add(Tenancy(beneficiary_id=person.id, address="Οδός Δοκιμής 1", lease_start=d(start),
                               monthly_rent_cents=450_00, subsidy_cents=cents if subsidy else 0,
                               subsidy_start=d(subsidy[0]) if subsidy else None,
                               subsidy_end=d(subsidy[1]) if subsidy else None,
                               ended_on=d(ended) if ended else None, created_by_id=self.worker.id))
        db.session.flush()

    def job(self, person: Beneficiary, start: str, ended: str | None = None, wage: tuple[str, str] | None = None,
            insurance: tuple[str, str] | None = None) -> None:
        db.session.add(Job(beneficiary_id=person.id, employer="Ξενοδοχείο", position="Βοηθός", started_on=d(start),
                           ended_on=d(ended) if ended else None,
                           wage_subsidy_start=d(wage[0]) if wage else None,
                           wage_subsidy_end=d(wage[1]) if wage else None,
                           insurance_subsidy_start=d(insurance[0]) if insurance else None,
                           insurance_subsidy_end=d(insurance[1]) if insurance else None,
                           created_by_id=self.worker.id))
        db.session.flush()

    def session(self, person: Beneficiary, held: str, kind: str) -> None:
        db.session.add(SupportSession(beneficiary_id=person.id, held_on=d(held), kind=kind, duration_minutes=45,
                                      staff_id=self.worker.id, recorded_by_id=self.worker.id))

    def referral(self, person: Beneficiary, made: str, closed: str | None = None) -> None:
        db.session.add(ServiceReferral(beneficiary_id=person.id, service="ΔΥΠΑ", referred_on=d(made),
                                       outcome="Εγγράφηκε" if closed else "", closed_on=d(closed) if closed else None,
                                       created_by_id=self.worker.id))


def hand_counted_history() -> None:
    h = History()
    # B1: in since 2024, still in. Home and rent subsidy across the whole year; a job since 2024
    # whose salary subsidy ends 31/05/2025 and whose insurance subsidy starts 01/06/2025.
    b1 = h.person("2024-03-01", "roofless.public_space")
    h.tenancy(b1, "2024-04-01", subsidy=("2024-04-01", "2026-03-31"))
    h.job(b1, "2024-06-01", wage=("2024-06-01", "2025-05-31"), insurance=("2025-06-01", "2026-05-31"))
    h.session(b1, "2025-01-01", "psychosocial")
    h.session(b1, "2025-06-15", "psychosocial")
    h.session(b1, "2025-12-31", "counselling")
    h.referral(b1, "2025-02-10", "2025-03-01")
    h.referral(b1, "2025-11-20")
    # B2: from 2024, completed 10/03/2025, housed (tenancy still open), her job ended 28/02 before the exit.
    b2 = h.person("2024-09-15", "houseless.womens_shelter", exited="2025-03-10", reason="completed",
                  ethos_at_exit="housed")
    h.tenancy(b2, "2024-10-01", subsidy=("2024-10-01", "2025-09-30"))
    h.job(b2, "2024-11-01", ended="2025-02-28", wage=("2024-11-01", "2025-10-31"))
    h.session(b2, "2024-12-31", "information")  # before the period
    h.session(b2, "2025-02-01", "psychosocial")
    # B3: enrolled the day before the period, withdrew on its first day; her rent subsidy, begun the
    # day before, stopped with the exit on that first day; a referral made and answered that day.
    b3 = h.person("2024-12-31", "insecure.violence", exited="2025-01-01", reason="withdrawn",
                  ethos_at_exit="insecure.no_tenancy")
    h.tenancy(b3, "2024-12-31", subsidy=("2024-12-31", "2025-12-30"))
    h.referral(b3, "2025-01-01", "2025-01-01")
    # B4: enrolled on the period's first day; a job with a salary subsidy from its last day.
    b4 = h.person("2025-01-01", "houseless.womens_shelter")
    h.job(b4, "2025-12-31", wage=("2025-12-31", "2026-12-30"))
    h.session(b4, "2025-03-03", "referral")
    h.session(b4, "2025-04-04", "counselling")
    h.referral(b4, "2025-05-05", "2026-01-10")  # answered after the period
    # B5: completed 30/11/2025; the tenancy ended on the exit day, the job still runs; the insurance
    # subsidy was to start in 2026, after the exit: it never ran.
    b5 = h.person("2025-02-01", "houseless.homeless_hostel", exited="2025-11-30", reason="completed",
                  ethos_at_exit="housed")
    h.tenancy(b5, "2025-03-01", ended="2025-11-30", subsidy=("2025-03-01", "2027-02-28"))
    h.job(b5, "2025-04-01", wage=("2025-04-01", "2026-03-31"), insurance=("2026-04-01", "2027-03-31"))
    # B6: exited for another reason on the period's last day; her tenancy had ended on 31/10.
    b6 = h.person("2025-05-10", "roofless.emergency_accommodation", exited="2025-12-31", reason="other",
                  ethos_at_exit="houseless.homeless_hostel")
    h.tenancy(b6, "2025-06-01", ended="2025-10-31", subsidy=("2025-06-01", "2026-05-31"))
    # B7: enrolled on the period's last day; a home with subsidy dates but no amount: no subsidy.
    b7 = h.person("2025-12-31", "inadequate.overcrowding")
    h.tenancy(b7, "2025-12-31", subsidy=("2025-12-31", "2026-12-30"), cents=0)
    # B8: enrolled after the period: nowhere in it.
    b8 = h.person("2026-01-01", "roofless.public_space")
    h.session(b8, "2026-01-05", "psychosocial")
    # B9: completed the day before the period; a referral of 2024 answered in it; a job never ended
    # whose insurance subsidy stopped at her exit, on the eve of the period.
    b9 = h.person("2023-01-10", "houseless.womens_shelter", exited="2024-12-31", reason="completed",
                  ethos_at_exit="housed")
    h.job(b9, "2023-03-01", wage=("2023-03-01", "2024-02-29"), insurance=("2024-03-01", "2025-02-28"))
    h.referral(b9, "2024-11-01", "2025-01-15")
    # B10: moved home on 30/04/2025: one rent subsidy clock across both homes, running all year;
    # a job from February to August with its salary subsidy.
    b10 = h.person("2024-06-01", "insecure.eviction")
    h.tenancy(b10, "2024-07-01", ended="2025-04-30", subsidy=("2024-07-01", "2025-06-30"))
    h.tenancy(b10, "2025-04-30", subsidy=("2025-05-01", "2026-06-30"))
    h.job(b10, "2025-02-01", ended="2025-08-31", wage=("2025-02-01", "2026-01-31"))
    h.session(b10, "2025-07-07", "psychosocial")
    h.referral(b10, "2024-12-15")  # made before, never answered
    h.referral(b10, "2025-12-31", "2025-12-31")
    # B11: withdrew 15/09/2025; her job ended on the exit day, the day its salary subsidy began (one
    # day paid); the insurance subsidy was to follow in October: it never ran.
    b11 = h.person("2025-03-01", "insecure.eviction", exited="2025-09-15", reason="withdrawn",
                   ethos_at_exit="insecure.eviction")
    h.job(b11, "2025-04-01", ended="2025-09-15", wage=("2025-09-15", "2026-09-14"),
          insurance=("2025-10-01", "2026-09-30"))
    # B12: a home without a subsidy; a job whose salary subsidy ends on the period's last day.
    b12 = h.person("2025-07-01", "roofless.public_space")
    h.tenancy(b12, "2025-08-01")
    h.job(b12, "2025-09-01", wage=("2025-09-01", "2025-12-31"))
    # An-Oiko's beneficiary: every kind of record, none of it REINTEGRATION's.
    other = h.person("2025-02-01", "roofless.public_space", programme="anoiko", exited="2025-06-30",
                     reason="completed", ethos_at_exit="housed")
    h.tenancy(other, "2025-02-15", subsidy=("2025-02-15", "2026-02-14"))
    h.job(other, "2025-03-01", wage=("2025-03-01", "2026-02-28"), insurance=("2026-03-01", "2027-02-28"))
    h.session(other, "2025-03-01", "psychosocial")
    h.referral(other, "2025-03-01", "2025-04-01")
    db.session.flush()


@pytest.fixture
def reintegration(app):
    return programmes(app)["reintegration"]


@pytest.fixture
def tables(app_ctx, reintegration):
    hand_counted_history()
    return {table.key: table for table in build_programme_report(reintegration, YEAR_2025, {})}


def plain(rows):
    """Rows with their labels read in English."""
    return [tuple(str(value) if not isinstance(value, (int, float, type(None))) else value for value in row)
            for row in rows]


def test_caseload_at_the_start_and_end_enrolled_and_exited(tables):
    assert plain(tables["caseload"].rows) == [
        ("In the programme at the start", 4),  # B1, B2, B3, B10 (B9 left on the eve, B4 came on the first day)
        ("Enrolled in the period", 6),  # B4, B5, B6, B7, B11, B12
        ("Exited in the period", 5),  # B2, B3, B5, B6, B11
        ("In the programme at the end", 5),  # B1, B4, B7, B10, B12
        ("In the programme during the period", 10),  # all but B8 and B9
    ]
    assert tables["caseload"].note == ""  # 2025 is over


def test_a_period_not_yet_over_says_its_end_is_as_recorded_today(app_ctx, reintegration):
    hand_counted_history()
    tables = {t.key: t for t in build_programme_report(replace(reintegration, work_target_percent=90),
                                                       Period(date(2025, 1, 1), date(2099, 12, 31)), {})}
    pending = "The period has not ended yet: the figures at its end are those recorded today."
    assert {key: str(t.note) for key, t in tables.items()} == {
        "caseload": pending, "exits": "", "ethos": "", "subsidies": pending,
        "work": "Below the target of 90 % on the period's last day. " + pending, "sessions": "",
        "referrals": pending}


def test_exits_by_reason_with_housing_and_work_on_the_exit_day(tables):
    table = tables["exits"]
    assert plain(table.rows) == [
        ("Completed the programme", 2, 2, 1),  # B2 housed not working, B5 housed (tenancy ended that day) working
        ("Withdrew", 2, 1, 1),  # B3 housed (home since the day before), B11 working (job ended on the exit day)
        ("Other reason", 1, 0, 0),  # B6: her tenancy had ended before
    ]
    assert plain([table.total]) == [("Total", 5, 3, 2)]
    assert table.chart is not None and table.chart.kind == "bar" and table.chart.value_columns == ("exited",)


def test_ethos_at_entry_against_exit(tables):
    table = tables["ethos"]
    assert [str(c.label) for c in table.columns] == ["At entry", "Housed", "Roofless", "Houseless",
                                                     "Insecure housing", "Inadequate housing", "Total"]
    assert plain(table.rows) == [
        ("Roofless", 0, 0, 1, 0, 0, 1),  # B6 → hostel
        ("Houseless", 2, 0, 0, 0, 0, 2),  # B2, B5 → housed
        ("Insecure housing", 0, 0, 0, 2, 0, 2),  # B3, B11
        ("Inadequate housing", 0, 0, 0, 0, 0, 0),  # B7 has not exited
    ]
    assert plain([table.total]) == [("Total", 2, 0, 1, 2, 0, 5)]
    assert table.chart is not None and table.chart.kind == "stacked_bar"
    assert table.chart.value_columns == ("housed", "roofless", "houseless", "insecure", "inadequate")


def test_subsidies_running_started_ended_and_months_paid(tables):
    assert plain(tables["subsidies"].rows) == [
        # at start B1 B2 B3 B10; started B5 B6; ended B2 B3 B5 B6; at end B1 B10 (not B7: no amount);
        # days 365 (B1) + 69 (B2, to her exit) + 1 (B3) + 275 (B5) + 153 (B6) + 120 + 245 (B10's two
        # homes) = 1228 → 1228 ÷ 30.44 = 40.3
        ("Rent subsidy", 4, 2, 4, 2, 6, 1228, 40.3),
        # at start B1 B2; started B4 B5 B10 B11 B12; ended B1 B2 B5 B10 B11 B12 (on the last day); at end B4;
        # days 151 (B1) + 59 (B2, to her job's end) + 244 (B5, to her exit) + 212 (B10) + 1 (B4) + 1 (B11)
        # + 122 (B12) = 790 → 26.0
        ("Salary subsidy", 2, 5, 6, 1, 7, 790, 26.0),
        # paid: B1 B2 B3 B5 B6 B10 (rent); B1 B2 B4 B5 B10 B11 B12 (salary); B1 (insurance)
        # B1 from 01/06: 214 days → 7.0; B5's and B11's never ran, B9's stopped at her exit on the eve
        ("Insurance subsidy", 0, 1, 0, 1, 1, 214, 7.0),
    ]


def test_share_in_work_beside_the_target(tables):
    table = tables["work"]
    assert plain(table.rows) == [
        ("First day of the period", 5, 2, 0.4, 0.2),  # B1 B2 B3 B4 B10; in work B1 B2
        ("Last day of the period", 6, 3, 0.5, 0.2),  # B1 B4 B6 B7 B10 B12; in work B1 B4 B12
    ]
    assert table.note == ""


def test_a_share_below_the_target_is_pointed_out(app_ctx, reintegration):
    hand_counted_history()
    tables = {t.key: t for t in build_programme_report(replace(reintegration, work_target_percent=50), YEAR_2025, {})}
    assert tables["work"].rows[1][3:] == (0.5, 0.5)
    assert tables["work"].note == ""  # at the target is not below it
    tables = {t.key: t for t in build_programme_report(replace(reintegration, work_target_percent=51), YEAR_2025, {})}
    assert str(tables["work"].note) == "Below the target of 51 % on the period's last day."


def test_sessions_per_beneficiary_by_kind(tables):
    table = tables["sessions"]
    assert plain(table.rows) == [
        ("Psychosocial support", 4, 3, 0.4),  # B1 twice, B2, B10; ÷ 10 in the programme
        ("Counselling", 2, 2, 0.2),  # B1, B4
        ("Information", 0, 0, 0.0),  # B2's was before the period
        ("Referral", 1, 1, 0.1),  # B4
    ]
    assert plain([table.total]) == [("Total", 7, 4, 0.7)]  # B1, B2, B4, B10 each once


def test_referrals_by_outcome(tables):
    assert plain(tables["referrals"].rows) == [
        ("Made in the period", 5, 4),  # B1 twice, B3, B4, B10
        ("… with an outcome recorded by the period's end", 3, 3),  # B1 (01/03), B3 (01/01), B10 (31/12)
        ("… still waiting for an outcome at the period's end", 2, 2),  # B1 (20/11), B4 (answered in 2026)
        ("Made earlier, outcome recorded in the period", 1, 1),  # B9
    ]


def test_every_table_has_a_definition_and_greek_headings(tables):
    with force_locale("el"):
        for table in tables.values():
            assert str(table.definition).strip() and str(table.title).strip()
        assert str(tables["work"].title) == "Ποσοστό ωφελουμένων που εργάζονται"
        assert str(tables["caseload"].rows[0][0]) == "Στο πρόγραμμα στην αρχή"


def test_the_other_programme_counts_only_its_own(app_ctx):
    hand_counted_history()
    anoiko = parse_programme(ANOIKO)
    tables = {t.key: t for t in build_programme_report(anoiko, YEAR_2025, {})}
    assert [row[1] for row in tables["caseload"].rows] == [0, 1, 1, 0, 1]
    assert plain([tables["exits"].total]) == [("Total", 1, 1, 1)]
    assert [row[1:5] for row in tables["subsidies"].rows] == [(0, 1, 1, 0), (0, 1, 1, 0), (0, 0, 0, 0)]
    assert plain([tables["sessions"].total]) == [("Total", 1, 1, 1.0)]


def test_an_empty_period_gives_zeros_and_no_share(app_ctx, reintegration):
    hand_counted_history()
    tables = {t.key: t for t in build_programme_report(reintegration, Period(date(2010, 1, 1), date(2010, 12, 31)),
                                                       {})}
    assert [row[1] for row in tables["caseload"].rows] == [0, 0, 0, 0, 0]
    assert plain(tables["work"].rows)[0][1:4] == (0, 0, None)
    assert [row[1:] for row in tables["subsidies"].rows] == [(0, 0, 0, 0, 0, 0, 0.0)] * 3
    assert plain([tables["sessions"].total]) == [("Total", 0, 0, None)]


def test_one_report_per_programme_for_coordinators(app, two_programmes_app):
    # Each programme's report and its follow-up report ("<code>-follow-up": retention after the exit).
    report, follow_up = [r for r in registered_reports(app) if r.scope == "reintegration"]
    assert report.code == "programme-reintegration" and report.permission == Permission.VIEW_REPORTS
    assert follow_up.code == "reintegration-follow-up" and follow_up.permission == Permission.VIEW_REPORTS
    codes = {r.code: r.scope for r in registered_reports(two_programmes_app) if r.scope}
    assert codes == {"programme-reintegration": "reintegration", "programme-anoiko": "anoiko",
                     "reintegration-follow-up": "reintegration", "anoiko-follow-up": "anoiko"}
    with two_programmes_app.test_request_context(), force_locale("el"):
        titles = {r.code: str(r.title) for r in registered_reports(two_programmes_app) if r.scope}
    assert titles["programme-anoiko"] == "Έκθεση: Αν-Οίκω"


def add_more_history(copies: int) -> None:
    worker = make_user("reintegration_staff")
    h = History.__new__(History)
    h.worker = worker
    for _ in range(copies):
        person = h.person("2025-02-01", "insecure.eviction", exited="2025-10-01", ethos_at_exit="housed")
        h.tenancy(person, "2025-02-10", subsidy=("2025-02-10", "2026-02-09"))
        h.job(person, "2025-03-01", wage=("2025-03-01", "2026-02-28"), insurance=("2026-03-01", "2027-02-28"))
        h.session(person, "2025-04-01", "counselling")
        h.referral(person, "2025-05-01", "2025-06-01")
    db.session.flush()


def test_the_report_runs_seven_statements_whatever_the_history(app, app_ctx, reintegration):
    hand_counted_history()
    with QueryCounter(app) as small:
        build_programme_report(reintegration, YEAR_2025, {})
    add_more_history(40)
    with QueryCounter(app) as large:
        tables = {t.key: t for t in build_programme_report(reintegration, YEAR_2025, {})}
    assert small.count == 7, "\n".join(small.statements)
    assert large.count == 7, "\n".join(large.statements)
    assert tables["caseload"].rows[2][1] == 5 + 40  # the statements see the new exits
