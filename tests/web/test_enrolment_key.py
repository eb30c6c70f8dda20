"""The REINTEGRATION enrolment form sent twice (a double click, a retry) enrols once: the form
carries a one-time key, and a repeat of it shows the record the first one made."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from housing.extensions import db
from housing.programmes.models import Beneficiary, EnrolmentSubmission
from tests.web.test_reintegration_pages import enrol_form, worker  # noqa: F401 - the fixture


def test_a_repeat_of_the_enrolment_form_shows_the_first_record(worker, app):  # noqa: F811
    client, ids = worker
    page = client.get("/reintegration/enrol").get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    data = enrol_form(ids["user_id"], submission_key=key)
    first = client.post("/reintegration/enrol", data=data)
    again = client.post("/reintegration/enrol", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    landing = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "This enrolment was already saved: here is the record (" in landing
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Beneficiary)
                                 .where(Beneficiary.last_name == "Χατζάκης")) == 1
        assert db.session.scalar(select(func.count()).select_from(EnrolmentSubmission)) == 1
