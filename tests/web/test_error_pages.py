"""Error pages say in words what happened, in the reader's language: the browser tab and the
heading read "You do not have access", never "403 ·"."""
from __future__ import annotations

import re

import pytest

from housing.extensions import db
from tests.support import DEMO_PASSWORD, login, make_user


def title_and_heading(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).strip()
    return title, heading


@pytest.mark.parametrize("locale, path, status, words", [
    ("en", "/rooms/", 403, "You do not have access"),
    ("el", "/rooms/", 403, "Δεν έχετε πρόσβαση"),
    ("en", "/no-such-page", 404, "There is no such page"),
    ("el", "/no-such-page", 404, "Η σελίδα δεν υπάρχει"),
])
def test_an_error_page_is_titled_in_words(app, locale, path, status, words):
    with app.app_context():
        user = make_user("night_shift", locale=locale)
        db.session.commit()
        username = user.username
    client = app.test_client()
    login(client, username, DEMO_PASSWORD)
    response = client.get(path)
    assert response.status_code == status
    title, heading = title_and_heading(response.get_data(as_text=True))
    assert heading == words
    assert title.startswith(words + " · ")
    assert str(status) not in title
