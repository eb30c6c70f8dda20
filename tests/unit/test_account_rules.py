"""Truth tables for sessions, the second factor, the address limit and passwords."""
from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest

from housing.auth import rules

LOGIN = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("since_login, since_last_seen, reason", [
    (timedelta(minutes=5), timedelta(minutes=1), None),
    (timedelta(minutes=30), timedelta(minutes=20), None),              # exactly 20 minutes idle: still open
    (timedelta(minutes=30), timedelta(minutes=20, seconds=1), "idle"),
    (timedelta(hours=11, minutes=59), timedelta(0), None),
    (timedelta(hours=12), timedelta(0), "expired"),                    # 12 hours after login, however busy
    (timedelta(hours=13), timedelta(hours=1), "expired"),              # both: the lifetime is named
])
def test_session_end_reason(since_login, since_last_seen, reason):
    now = LOGIN + since_login
    assert rules.session_end_reason(LOGIN, now - since_last_seen, now, idle_minutes=20, lifetime_hours=12) == reason


@pytest.mark.parametrize("since_last_seen, due", [(timedelta(seconds=0), False), (timedelta(seconds=59), False),
                                                  (timedelta(seconds=60), True), (timedelta(minutes=5), True)])
def test_activity_is_written_at_most_once_a_minute(since_last_seen, due):
    assert rules.last_seen_is_due(LOGIN, LOGIN + since_last_seen) is due


@pytest.mark.parametrize("from_address, for_name, limited", [
    (0, 0, False),
    (29, 29, False),   # under the address limit nothing is refused
    (30, 0, False),    # a flood from the address: somebody else's name still tries
    (30, 2, False),
    (30, 3, True),     # the name the flood was trying is refused
    (500, 3, True),
])
def test_address_limit(from_address, for_name, limited):
    assert rules.address_is_limited(from_address, for_name, limit=30) is limited


@pytest.mark.parametrize("wrong_codes, gives_up", [(0, False), (4, False), (5, True), (6, True)])
def test_five_wrong_codes_end_the_password_step(wrong_codes, gives_up):
    assert rules.second_factor_gives_up(wrong_codes) is gives_up


@pytest.mark.parametrize("since, open_", [(timedelta(0), True), (timedelta(minutes=5), True),
                                          (timedelta(minutes=5, seconds=1), False)])
def test_a_right_password_waits_five_minutes_for_its_code(since, open_):
    assert rules.password_step_is_open(LOGIN, LOGIN + since) is open_


CODES = {100: "111111", 101: "222222", 102: "333333"}  # the steps before, of and after now


@pytest.mark.parametrize("code, last_accepted, step", [
    ("222222", None, 101),
    ("111111", None, 100),     # the phone's clock a little behind
    ("333333", 99, 102),
    ("222222", 101, None),     # that very code was accepted already
    ("111111", 100, None),
    ("111111", 101, None),     # an older code after a newer one
    ("333333", 101, 102),
    ("444444", None, None),    # wrong
    ("", None, None),
])
def test_a_code_is_accepted_once_only(code, last_accepted, step):
    assert rules.accepted_code_step(code, CODES, last_accepted) == step


def test_an_unknown_username_is_masked_the_same_way_each_time_and_cannot_be_read_back():
    mask = rules.masked_username("Kr1ti-Secret-Passphrase", "key-1")
    assert mask == rules.masked_username("  kr1ti-secret-passphrase ", "key-1")
    assert mask != rules.masked_username("Kr1ti-Secret-Passphrase", "key-2")
    assert mask.startswith("unknown-") and len(mask) == len("unknown-") + 12
    assert "kr1ti" not in mask.lower() and "secret" not in mask.lower()


@pytest.mark.parametrize("password, username, full_name, refused, messages", [
    ("a few unrelated words", "nurse", "Maria Papadaki", (), []),
    ("short", "nurse", "", (), ["The password must be at least 12 characters long."]),
    ("nurse-station", "nurse-station", "", (), ["The password must not be the username."]),
    ("staffstaffstaff", "staff", "", (), ["The password must not be the username repeated."]),
    ("password1234", "nurse", "", (), ["This password is too easy to guess (a common word, a name, a date or a "
                                       "keyboard pattern). Try a few unrelated words."]),
    ("mariapapadaki", "nurse", "Maria Papadaki", (), ["This password is too easy to guess (a common word, a name, "
                                                      "a date or a keyboard pattern). Try a few unrelated words."]),
    ("heraklion-demo", "nurse", "", (), []),    # allowed where the demo data is
    ("heraklion-demo", "nurse", "", ("heraklion-demo",),
     ["This password is known to everyone who saw the demo; choose another."]),
])
def test_password_policy(password, username, full_name, refused, messages):
    found = rules.password_violations(password, username, full_name, refused=refused)
    assert [str(v.message) for v in found] == messages and all(v.field == "password" for v in found)


@pytest.mark.parametrize("stored, method, current", [
    ("pbkdf2:sha256:600000$salt$hash", "pbkdf2:sha256:600000", True),
    ("pbkdf2:sha256:1000$salt$hash", "pbkdf2:sha256:600000", False),   # fewer iterations: made again
    ("scrypt:32768:8:1$salt$hash", "pbkdf2:sha256:600000", False),     # the former method
    ("scrypt:32768:8:1$salt$hash", "scrypt", True),                    # "scrypt" names its defaults
    ("pbkdf2:sha256:600000$salt$hash", "pbkdf2:sha256", True),
    ("pbkdf2:sha2560$salt$hash", "pbkdf2:sha256", False),              # a prefix only up to a colon
])
def test_a_hash_is_made_again_unless_it_is_the_configured_method(stored, method, current):
    assert rules.hash_is_current(stored, method) is current
