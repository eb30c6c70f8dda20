"""A subject-access page a woman can read: labels in her language, dates as dd/mm/yyyy, yes/no,
codes as their labels, one card per stay headed by its case code. The JSON file keeps the codes."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from housing.extensions import db
from tests.support import DEMO_PASSWORD, child, login, make_room, make_stay, make_user


@pytest.fixture
def her(app):
    with app.test_request_context():
        stay = make_stay(room=make_room(beds=2, name="Κνωσός"), first_name="Amira", last_name="Haddad",
                         birth_date=date(1990, 4, 2), referral_source="social_services",
                         children=[child("Layla", 1500, "F")])
        db.session.commit()
        return {"resident": stay.resident_id, "code": stay.case_code}


def page_for(app, her, locale):
    with app.app_context():
        user = make_user("coordinator", locale=locale)
        db.session.commit()
        username = user.username
    client = app.test_client()
    login(client, username, DEMO_PASSWORD)
    return client, client.get(f"/shelter/residents/{her['resident']}/data").get_data(as_text=True)


def test_the_page_reads_in_greek(app, her):
    _client, page = page_for(app, her, "el")
    assert "<dt>Ημερομηνία γέννησης</dt><dd class=\"prose\">02/04/1990</dd>" in page
    assert "Κοινωνικές υπηρεσίες" in page and "social_services" not in page
    body = re.split(r"<main[^>]*>", page, maxsplit=1)[1]
    for stored in (">True<", ">False<", ">None<", "1990-04-02", ">admit<"):
        assert stored not in body, stored
    assert re.search(rf"<h3>{her['code']}</h3>", page)  # one card per stay, headed by its case code


def test_the_page_reads_in_english_and_the_file_keeps_the_codes(app, her):
    client, page = page_for(app, her, "en")
    assert "<dt>Referral source</dt><dd class=\"prose\">Social services</dd>" in page
    assert "<dt>Restricted</dt><dd class=\"prose\">no</dd>" in page
    assert "<dt>Action</dt><dd class=\"prose\">Admission</dd>" in page and "<dt>Operation</dt><dd class=\"prose\">created</dd>" in page
    data = json.loads(client.get(f"/shelter/residents/{her['resident']}/data.json").get_data(as_text=True))
    assert data["resident"]["referral_source"] == "social_services" and data["resident"]["birth_date"] == "1990-04-02"
    assert data["stays"][0]["restricted"] is False
