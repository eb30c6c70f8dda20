"""Every shelter form page says where it sits (a breadcrumb) and lets whoever opened it go back
without saving (Cancel), as the programme's forms do."""
from __future__ import annotations

import re

import pytest

from housing.extensions import db
from housing.shelter import services
from housing.core.clock import now_utc, today
from tests.safety_support import safety_sample
from tests.support import login, make_room, make_stay, make_user


@pytest.fixture
def sample(app):
    with app.test_request_context():
        room = make_room(beds=3)
        stay = make_stay(room=room)
        staff = make_user("coordinator", "admin")  # who visits: a log entry is corrected by its author
        entry = services.write_shift_entry("handover", "Quiet night", staff, now_utc())
        referral = services.create_referral(services.ReferralInput(today(), "police", 1, "high"), staff, today(),
                                            now_utc())
        ids = {"username": staff.username, "stay": stay.id, "room": room.id, "entry": entry.id, "referral": referral.id, **safety_sample(stay)}
        db.session.commit()
        return ids


# page, the breadcrumb's links (in order), where Cancel leads — written out.
PAGES = [
    ("/shelter/admit", ["/shelter/board"], "/shelter/board"),
    ("/shelter/admit?referral={referral}", ["/shelter/waiting-list", "/shelter/referrals/{referral}"],
     "/shelter/referrals/{referral}"),
    ("/shelter/referrals/{referral}", ["/shelter/waiting-list"], "/shelter/waiting-list"),
    ("/shelter/holds", ["/shelter/board"], "/shelter/board"),
    ("/shelter/log/{entry}/edit", ["/shelter/log"], "/shelter/log"),
    ("/shelter/stays/{stay}/safety/assessment", ["/shelter/stays/{stay}#safety-plan"],
     "/shelter/stays/{stay}#safety-plan"),
    ("/shelter/stays/{stay}/safety/orders/new", ["/shelter/stays/{stay}#safety-plan"],
     "/shelter/stays/{stay}#safety-plan"),
    ("/shelter/stays/{stay}/safety/barred/new", ["/shelter/stays/{stay}#safety-plan"],
     "/shelter/stays/{stay}#safety-plan"),
    ("/shelter/safety/orders/{order_id}/end", ["/shelter/stays/{stay}#safety-plan"],
     "/shelter/stays/{stay}#safety-plan"),
    ("/shelter/turn-aways", ["/shelter/board"], "/shelter/board"),
    ("/rooms/{room}", ["/rooms/"], "/rooms/"),
]


@pytest.mark.parametrize("page, crumbs, cancel", PAGES)
def test_a_form_page_has_its_breadcrumb_and_cancel(app, sample, page, crumbs, cancel):
    client = app.test_client()
    login(client, sample["username"])
    response = client.get(page.format(**sample))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    breadcrumb = re.search(r'<p class="breadcrumb">(.*?)</p>', html, re.S)
    assert breadcrumb is not None
    assert re.findall(r'href="([^"]+)"', breadcrumb.group(1)) == [c.format(**sample) for c in crumbs]
    assert f'<a class="button" href="{cancel.format(**sample)}">Cancel</a>' in html
