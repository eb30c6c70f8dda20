"""The shelter's alert rules as pure functions: thresholds at their boundaries."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

import pytest

from housing.core.permissions import Permission, permissions_for
from housing.shelter import alerts as alert_rules
from housing.shelter.night.queries import AbsenceFact
from housing.shelter.stays.queries import ChildFact, StayFact

TODAY = date(2026, 11, 26)
LIMITS = {"F": 18, "M": 12}


def stay(end: date, *children: ChildFact, code="SH-2026-001") -> StayFact:
    return StayFact(1, code, end, tuple(children))


@pytest.mark.parametrize("days_to_end, kinds", [
    (15, []), (14, ["stay_ending"]), (0, ["stay_ending"]), (-1, ["stay_overdue"])])
def test_stay_ending_and_overdue(days_to_end, kinds):
    stays = [stay(TODAY + timedelta(days=days_to_end))]
    found = alert_rules.stays_ending(stays, TODAY, 14) + alert_rules.stays_overdue(stays, TODAY)
    assert [a.kind for a in found] == kinds


def test_overdue_is_urgent_and_seen_by_staff_and_coordinators():
    alert = alert_rules.stays_overdue([stay(TODAY - timedelta(days=3))], TODAY)[0]
    assert alert.severity == "urgent" and alert.permission == Permission.VIEW_SHELTER_CASES
    assert not alert.visible_to(permissions_for({"night_shift"}), 99)
    assert alert.visible_to(permissions_for({"coordinator"}), 99)
    assert alert.visible_to(permissions_for({"shelter_staff"}), 99)


def boy(birth: date) -> ChildFact:
    return ChildFact("Νίκος", "M", birth)


@pytest.mark.parametrize("birth, end, alerted", [
    (date(2015, 3, 1), date(2027, 2, 28), False),   # 12 on 01/03/2027, the day after the planned end
    (date(2015, 2, 28), date(2027, 2, 28), True),   # 12 on the planned end day
    (date(2015, 1, 25), date(2026, 12, 1), True),   # 12 within 60 days (25/01/2027), after the end
    (date(2015, 1, 26), date(2026, 12, 1), False),  # 61 days away and after the end
])
def test_child_reaching_the_limit_before_the_end_or_within_60_days(birth, end, alerted):
    found = alert_rules.children_reaching_limit([stay(end, boy(birth))], TODAY, LIMITS, 60)
    assert bool(found) is alerted


def test_a_child_already_over_the_limit_is_urgent():
    found = alert_rules.children_reaching_limit([stay(TODAY + timedelta(days=30), boy(date(2014, 11, 1)))],
                                                TODAY, LIMITS, 60)
    assert found[0].severity == "urgent" and "Νίκος" in str(found[0].message)


NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("hours, alerted", [(47, False), (48, False), (48.1, True), (100, True)])
def test_extension_pending_more_than_48_hours(hours, alerted):
    facts = [(1, "SH-2026-001", NOW - timedelta(hours=hours), 1)]
    found = alert_rules.extensions_waiting(facts, NOW, 48, TODAY)
    assert bool(found) is alerted
    if found:
        assert found[0].permission == Permission.DECIDE_EXTENSION


def test_absence_without_a_note_is_urgent():
    found = alert_rules.absences([AbsenceFact(1, "SH-2026-001", TODAY, ""), AbsenceFact(2, "SH-2026-002", TODAY,
                                                                                        "at her sister's")])
    assert [a.severity for a in found] == ["urgent", "warning"]


@pytest.mark.parametrize("taken, alerted", [(17, False), (18, True), (20, True)])
def test_nearly_full_at_90_percent(taken, alerted):
    assert bool(alert_rules.nearly_full(taken, 20, 90, TODAY)) is alerted


def test_the_dashboard_groups_by_area_then_severity(app):
    """The shelter first, then each programme in its order; urgent before soon in each; a kind
    with no group (here: none registered) last, under "Other alerts"."""
    from datetime import date

    from flask_babel import force_locale

    from housing.core.alerts import Alert, grouped
    from housing.core.permissions import Permission

    def alert(kind, severity, scope=""):
        return Alert(kind, "X-1", date(2026, 12, 3), severity, Permission.VIEW_ALERTS, "m", "core.home", scope=scope)

    with app.test_request_context(), force_locale("en"):
        groups = grouped([alert("lease_ending", "warning", "reintegration"), alert("test_ungrouped", "info"),
                          alert("stay_ending", "warning"), alert("stay_overdue", "urgent"),
                          alert("programme_ending", "urgent", "reintegration")])
        assert [(group.key, str(group.label), [(severity, [a.kind for a in found]) for severity, found in parts])
                for group, parts in groups] == [
            ("shelter", "Shelter", [("urgent", ["stay_overdue"]), ("warning", ["stay_ending"])]),
            ("reintegration", "REINTEGRATION", [("urgent", ["programme_ending"]), ("warning", ["lease_ending"])]),
            ("other", "Other alerts", [("info", ["test_ungrouped"])])]
def test_every_fact_has_the_one_shape_and_an_unknown_column_is_refused():
    from housing.core.alerts import FACT_COLUMNS, fact_columns

    columns = fact_columns("some.fact", code="X", day1=None)
    assert [column.key for column in columns] == list(FACT_COLUMNS)
    with pytest.raises(ValueError, match="not fact columns"):
        fact_columns("some.fact", case_code="X")
