"""Greek that reads as Greek: words a person met on the pages and stumbled on, written out as
they must now read."""
from __future__ import annotations

from datetime import UTC, date, datetime

import re

import pytest
from flask_babel import force_locale, gettext, pgettext

from housing.extensions import db
from housing.shelter import services
from housing.shelter.choices import REFERRAL_STATUS_LABELS
from tests.support import DEMO_PASSWORD, login, make_stay, make_user


def greek_client(app, *roles):
    with app.app_context():
        user = make_user(*roles, locale="el")
        db.session.commit()
        username = user.username
    client = app.test_client()
    login(client, username, DEMO_PASSWORD)
    return client


def test_the_past_checks_count_women_present_and_absent_in_the_plural(app):
    with app.test_request_context():
        stay = make_stay()
        services.save_night_check(date(2026, 12, 1), {stay.id: (True, "")}, make_user("night_shift"),
                                  datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
        db.session.commit()
    page = greek_client(app, "shelter_staff").get("/shelter/night-checks").get_data(as_text=True)
    assert "<th>Παρούσες</th><th>Απούσες</th>" in page


@pytest.mark.parametrize("say, reads", [
    (lambda: str(REFERRAL_STATUS_LABELS["admitted"]), "Έγινε εισαγωγή"),  # a referral's status, not the act
    (lambda: gettext("Received"), "Ημερομηνία λήψης"),
    (lambda: gettext("Held by"), "Υπεύθυνο στέλεχος"),
    (lambda: gettext("Enrol her"), "Ένταξη στο πρόγραμμα"),
    (lambda: gettext("She may have stayed here before"), "Ίσως έχει φιλοξενηθεί παλαιότερα στον Ξενώνα"),
    (lambda: gettext("Programme clocks"), "Προθεσμίες του προγράμματος"),
    (lambda: pgettext("alert group", "Urgent"), "Επείγοντα"),
    (lambda: gettext("Urgent"), "Επείγον"),  # one alert is urgent; the group heading is plural
    (lambda: pgettext("menu", "Admit"), "Νέα εισαγωγή"),  # "Εισαγωγή" alone reads as an import
    (lambda: pgettext("button", "Admit"), "Καταχώριση εισαγωγής"),
    (lambda: pgettext("a stay that ended", "Length"), "Διάρκεια"),  # not "so far" once she has left
    (lambda: gettext("discharged"), "ολοκληρωμένη"),  # the stay, beside its case code: not "the file left"
    (lambda: gettext("now"), "σε εξέλιξη"),  # an open placement's end
    (lambda: gettext("Restricted stay."), "Φιλοξενία με περιορισμό."),
    (lambda: gettext("Restricted record."), "Φάκελος με περιορισμό."),
    (lambda: gettext("Exit from the programme"), "Έξοδος από το πρόγραμμα"),  # not the shelter's discharge
    (lambda: gettext("Record the exit"), "Καταχώριση εξόδου από το πρόγραμμα"),
    (lambda: gettext("Discharge"), "Αποχώρηση"),
])
def test_greek_words(app, say, reads):
    with app.test_request_context(), force_locale("el"):
        assert say() == reads


def test_the_alerts_dashboard_heads_its_urgent_group_in_the_plural(app):
    with app.test_request_context():
        make_stay(admitted_on=date(2026, 1, 1))  # long past its planned end: an urgent alert
        db.session.commit()
    page = greek_client(app, "coordinator").get("/alerts/").get_data(as_text=True)
    assert "<h3>Επείγοντα <span" in page


def catalogue():
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).resolve().parents[2] / "housing/translations/el/LC_MESSAGES/messages.po"
    with path.open("rb") as po:
        return [m for m in read_po(po) if m.id]


def greek_of(message) -> str:
    return " ".join(message.string) if isinstance(message.string, tuple) else message.string


def english_of(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def test_one_term_for_one_thing():
    """Admission is "εισαγωγή" (never "εισδοχή"); a restricted stay is "με περιορισμό" (never
    "απόρρητη"); a programme's exit is "έξοδος", never the shelter's "αποχώρηση"."""
    messages = catalogue()
    assert [english_of(m) for m in messages if "εισδοχ" in greek_of(m).lower()] == []
    assert [english_of(m) for m in messages if "απόρρητ" in greek_of(m).lower()] == []
    exits = [m for m in messages if re.search(r"\bexit", english_of(m), re.I)]
    assert len(exits) > 20
    assert [english_of(m) for m in exits if "αποχώρ" in greek_of(m).lower()] == []
