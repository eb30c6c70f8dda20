"""Extensions, night checks, the shift log, holds and the waiting list through the services."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from housing.core.clock import now_utc, today
from housing.core.errors import RuleViolation
from housing.extensions import db
from housing.shelter import services
from housing.shelter.extensions.queries import pending_extension_requests
from housing.shelter.night.queries import absences_at_last_check, shift_log
from housing.shelter.waiting.queries import latest_closed_referrals, waiting_referrals
from housing.shelter.models import ExtensionRequest, NightCheckMark, ShiftLogEntry
from tests.support import admission, child, make_room, make_stay, make_user, settings

pytestmark = pytest.mark.usefixtures("app_ctx")


def test_request_approve_moves_the_planned_end_and_keeps_the_original():
    staff, coordinator = make_user("shelter_staff"), make_user("coordinator")
    stay = make_stay(admitted_on=today() - timedelta(days=80))
    original = stay.planned_end
    request = services.request_extension(stay, original + timedelta(days=60), "Waiting for a flat", staff, now_utc())
    services.decide_extension(request, True, original + timedelta(days=45), "Approved for 45 days", coordinator,
                              now_utc())
    assert stay.planned_end == original + timedelta(days=45) and stay.original_end == original
    assert request.status == "approved" and request.decided_by_id == coordinator.id


def test_a_coordinator_cannot_decide_her_own_request():
    coordinator = make_user("coordinator")
    stay = make_stay()
    request = services.request_extension(stay, stay.planned_end + timedelta(days=10), "x", coordinator, now_utc())
    with pytest.raises(PermissionError):
        services.decide_extension(request, True, stay.planned_end + timedelta(days=10), "ok", coordinator, now_utc())
    assert request.status == "pending"


def test_a_request_is_decided_once():
    staff, first, second = make_user("shelter_staff"), make_user("coordinator"), make_user("coordinator")
    stay = make_stay()
    request = services.request_extension(stay, stay.planned_end + timedelta(days=10), "x", staff, now_utc())
    services.decide_extension(request, False, None, "Not needed", first, now_utc())
    with pytest.raises(RuleViolation):
        services.decide_extension(request, True, stay.planned_end + timedelta(days=10), "yes", second, now_utc())
    assert request.status == "rejected" and stay.planned_end == stay.original_end


def test_one_pending_request_per_stay():
    staff = make_user("shelter_staff")
    stay = make_stay()
    services.request_extension(stay, stay.planned_end + timedelta(days=10), "x", staff, now_utc())
    with pytest.raises(RuleViolation):
        services.request_extension(stay, stay.planned_end + timedelta(days=20), "y", staff, now_utc())


def test_discharge_closes_a_pending_request_with_the_reason():
    staff = make_user("shelter_staff")
    stay = make_stay(admitted_on=today() - timedelta(days=5))
    request = services.request_extension(stay, stay.planned_end + timedelta(days=10), "x", staff, now_utc())
    services.discharge(stay, today(), "left", "relatives", staff, today())
    # The reason is the status, shown in the reader's language: no sentence is stored in the row.
    assert request.status == "closed" and request.decision_note == ""
    with pytest.raises(RuleViolation):
        services.request_extension(stay, stay.planned_end + timedelta(days=10), "x", staff, now_utc())


def test_night_check_once_a_night_and_corrections_keep_who_changed_what():
    night_user, other = make_user("night_shift"), make_user("night_shift")
    first, second = make_stay(), make_stay()
    night = today()
    services.save_night_check(night, {first.id: (True, ""), second.id: (False, "")}, night_user, now_utc())
    services.save_night_check(night, {first.id: (True, ""), second.id: (False, "At her mother's, called 23:10")},
                              other, now_utc())
    marks = db.session.scalars(select(NightCheckMark).where(NightCheckMark.stay_id == second.id)
                               .order_by(NightCheckMark.id)).all()
    assert [(m.note, m.current, m.marked_by_id) for m in marks] == [
        ("", False, night_user.id), ("At her mother's, called 23:10", True, other.id)]
    assert db.session.scalar(select(func.count()).select_from(NightCheckMark)
                             .where(NightCheckMark.stay_id == first.id)) == 1  # unchanged: not rewritten
    assert [a.case_code for a in absences_at_last_check()] == [second.case_code]


def test_night_check_refuses_an_unmarked_woman():
    stay = make_stay()
    with pytest.raises(RuleViolation) as refused:
        services.save_night_check(today(), {stay.id: (None, "")}, make_user("night_shift"), now_utc())
    assert refused.value.violations[0].field == f"stay-{stay.id}"


def test_shift_log_entries_can_be_corrected_for_15_minutes_only():
    author = make_user("night_shift")
    written = now_utc() - timedelta(minutes=10)
    entry = services.write_shift_entry("incident", "Noise at the gate", author, written)
    services.edit_shift_entry(entry, "Noise at the gate; police called", author, now_utc())
    late = services.write_shift_entry("handover", "All quiet", author, now_utc() - timedelta(minutes=16))
    with pytest.raises(RuleViolation):
        services.edit_shift_entry(late, "changed", author, now_utc())
    with pytest.raises(RuleViolation):
        services.edit_shift_entry(entry, "someone else", make_user("night_shift"), now_utc())
    assert db.session.scalar(select(func.count()).select_from(ShiftLogEntry)) == 2
    assert [e.id for e in shift_log()] == [entry.id, late.id]  # newest first


def test_held_beds_count_as_taken_until_the_hold_expires():
    staff = make_user("shelter_staff")
    room = make_room(beds=2)
    now = now_utc()
    services.hold_beds(room, 2, now + timedelta(hours=3), "arrives tonight", staff, now, 20)
    with pytest.raises(RuleViolation) as refused:
        services.admit(admission(room), staff, today(), settings(), now=now)
    assert refused.value.violations[0].field == "room_id"
    later = now + timedelta(hours=3, seconds=1)  # nobody releases it: it frees itself
    assert services.admit(admission(room), staff, today(), settings(), now=later).current_placement.room_id == room.id


def test_a_hold_keeps_a_place_in_the_shelter_too():
    staff = make_user("shelter_staff")
    room = make_room(beds=4)
    now = now_utc()
    services.admit(admission(room), staff, today(), settings(capacity=2), now=now)
    services.hold_beds(room, 1, now + timedelta(hours=3), "", staff, now, 2)
    with pytest.raises(RuleViolation) as refused:
        services.admit(admission(room), staff, today(), settings(capacity=2), now=now)
    assert "2 of 2" in str(refused.value)


def test_admit_from_a_referral_uses_its_hold_and_closes_it():
    staff = make_user("shelter_staff")
    room = make_room(beds=2)
    now = now_utc()
    referral = services.create_referral(services.ReferralInput(today(), "sos_15900", 2, "emergency",
                                                               children=[(4, "F")]), staff, today(), now)
    hold = services.hold_beds(room, 2, now + timedelta(hours=6), "", staff, now, 20, referral)
    data = admission(room, children=[child("Σοφία", 4 * 365 + 30, "F")])
    data.referral_id = referral.id
    stay = services.admit(data, staff, today(), settings(), now=now)
    assert referral.status == "admitted" and referral.stay_id == stay.id and hold.released_at is not None


def test_referrals_are_checked_and_closed_never_deleted():
    staff = make_user("shelter_staff")
    with pytest.raises(RuleViolation) as refused:
        services.create_referral(services.ReferralInput(today(), "police", 3, "high", children=[(13, "M")]), staff,
                                 today(), now_utc())
    assert refused.value.violations[0].field == "household_size"
    referral = services.create_referral(services.ReferralInput(today(), "police", 2, "high", children=[(13, "M")]),
                                        staff, today(), now_utc())
    services.close_referral(referral, "placed_elsewhere", "Shelter in Chania", staff, today(), now_utc())
    assert waiting_referrals() == [] and latest_closed_referrals() == [referral]
    with pytest.raises(RuleViolation):
        services.close_referral(referral, "withdrawn", "", staff, today(), now_utc())


def test_waiting_list_orders_by_urgency_then_date():
    staff = make_user("shelter_staff")
    made = {}
    for urgency, days in (("low", 1), ("emergency", 0), ("normal", 5), ("emergency", 3)):
        made[(urgency, days)] = services.create_referral(services.ReferralInput(
            today() - timedelta(days=days), "self", 1, urgency), staff, today(), now_utc())
    order = [(r.urgency, (today() - r.received_on).days) for r in waiting_referrals()]
    assert order == [("emergency", 3), ("emergency", 0), ("normal", 5), ("low", 1)]


def test_pending_requests_are_listed_oldest_first():
    staff = make_user("shelter_staff")
    later, earlier = make_stay(), make_stay()
    services.request_extension(later, later.planned_end + timedelta(days=9), "b", staff, now_utc())
    services.request_extension(earlier, earlier.planned_end + timedelta(days=9), "a", staff,
                               now_utc() - timedelta(days=3))
    assert [r.stay_id for r in pending_extension_requests()] == [earlier.id, later.id]
    assert db.session.scalar(select(func.count()).select_from(ExtensionRequest)) == 2
