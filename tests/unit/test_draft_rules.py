"""Which typed fields are kept across an idle logout, and for how long."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from housing.auth.rules import DRAFT_MAX_CHARACTERS, draft_fields, draft_is_fresh

SENT = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("later, fresh", [(timedelta(0), True), (timedelta(minutes=59), True),
                                          (timedelta(minutes=60), True), (timedelta(minutes=60, seconds=1), False),
                                          (timedelta(days=1), False)])
def test_a_kept_form_is_offered_for_an_hour(later, fresh):
    assert draft_is_fresh(SENT, SENT + later) is fresh


def test_the_csrf_token_passwords_and_codes_are_left_out():
    sent = [("csrf_token", "t"), ("first_name", "Ελένη"), ("password-new_password", "secret words"),
            ("current_password", "x"), ("code", "123456"), ("children-0-first_name", "Νίκος"), ("notes", "")]
    assert draft_fields(sent) == [("first_name", "Ελένη"), ("children-0-first_name", "Νίκος"), ("notes", "")]


def test_nothing_left_or_too_much_keeps_nothing():
    assert draft_fields([("csrf_token", "t")]) is None
    assert draft_fields([("notes", "x" * (DRAFT_MAX_CHARACTERS - 5))]) is not None
    assert draft_fields([("notes", "x" * DRAFT_MAX_CHARACTERS)]) is None
