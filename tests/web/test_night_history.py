"""The night shift sees tonight's and last night's checks only; the names and absence notes of
older nights stay with the staff and the coordinators."""
from __future__ import annotations

from datetime import date, datetime, UTC

import pytest

from housing.extensions import db
from housing.shelter import services
from housing.shelter.night import views as night_views
from tests.support import make_stay, make_user

# 03:00 in Athens on 2 December 2026: still the night of 1 December.
NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
NIGHTS = {date(2026, 12, 1): "NOTE-OF-1-DECEMBER", date(2026, 11, 30): "NOTE-OF-30-NOVEMBER",
          date(2026, 11, 29): "NOTE-OF-29-NOVEMBER", date(2025, 6, 3): "NOTE-OF-JUNE-2025"}


@pytest.fixture
def three_nights(app, monkeypatch):
    monkeypatch.setattr(night_views, "now_utc", lambda: NOW)
    with app.test_request_context():
        stay = make_stay(first_name="Ευαγγελία")
        night_shift = make_user("night_shift")
        for night, note in NIGHTS.items():
            services.save_night_check(night, {stay.id: (False, note)}, night_shift,
                                      datetime(night.year, night.month, night.day, 20, 0, tzinfo=UTC))
        db.session.commit()


@pytest.mark.usefixtures("three_nights")
def test_night_shift_lists_tonight_and_last_night_only(client_as):
    page = client_as("night_shift").get("/shelter/night-checks").get_data(as_text=True)
    assert "01/12/2026" in page and "30/11/2026" in page
    assert "29/11/2026" not in page and "03/06/2025" not in page
    assert "/shelter/night-checks/2026-11-29" not in page
    assert "The night shift sees the checks of tonight and last night (since 30/11/2026)" in page


@pytest.mark.usefixtures("three_nights")
@pytest.mark.parametrize("night, status, note", [
    ("2026-12-01", 200, "NOTE-OF-1-DECEMBER"),
    ("2026-11-30", 200, "NOTE-OF-30-NOVEMBER"),
    ("2026-11-29", 404, "NOTE-OF-29-NOVEMBER"),
    ("2025-06-03", 404, "NOTE-OF-JUNE-2025"),
])
def test_night_shift_opens_tonight_and_last_night_only(client_as, night, status, note):
    response = client_as("night_shift").get(f"/shelter/night-checks/{night}")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert (note in page) is (status == 200)
    assert ("Ευαγγελία" in page) is (status == 200)


@pytest.mark.usefixtures("three_nights")
@pytest.mark.parametrize("role", ["shelter_staff", "coordinator"])
def test_staff_and_coordinators_keep_the_history(client_as, role):
    client = client_as(role)
    listing = client.get("/shelter/night-checks").get_data(as_text=True)
    for shown in ("01/12/2026", "30/11/2026", "29/11/2026", "03/06/2025"):
        assert shown in listing, shown
    assert "The night shift sees" not in listing
    old = client.get("/shelter/night-checks/2026-11-29")
    assert old.status_code == 200 and "NOTE-OF-29-NOVEMBER" in old.get_data(as_text=True)
    assert client.get("/shelter/night-checks/2025-06-03").status_code == 200


@pytest.mark.usefixtures("three_nights")
def test_a_night_shift_member_who_is_also_staff_keeps_the_history(client_as):
    client = client_as("night_shift", "shelter_staff")
    assert client.get("/shelter/night-checks/2026-11-29").status_code == 200
