"""Staff accounts: login, logout, own password and language, and the admin's pages."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from housing.auth.models import User
from housing.extensions import db
from tests.support import DEMO_PASSWORD, field_errors, form_errors, login, make_user


@pytest.fixture
def night_user(app):
    with app.app_context():
        make_user("night_shift", username="night")
        db.session.commit()


def user_named(app, username) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).options(selectinload(User.role_grants))
                                 .where(User.username == username))
        db.session.expunge_all()
        return user


def test_wrong_password_and_unknown_user_get_the_same_message(client, night_user):
    wrong = client.post("/login", data={"username": "night", "password": "wrong-password!"})
    unknown = client.post("/login", data={"username": "nobody", "password": "wrong-password!"})
    assert wrong.status_code == unknown.status_code == 200
    assert form_errors(wrong.get_data(as_text=True)) == form_errors(unknown.get_data(as_text=True))
    assert form_errors(wrong.get_data(as_text=True))  # in Greek by default, but there


def test_login_keeps_the_username_typed(client, night_user):
    page = client.post("/login", data={"username": "night", "password": "nope"}).get_data(as_text=True)
    assert 'value="night"' in page and "nope" not in page  # passwords are never echoed


@pytest.mark.parametrize("target, lands_on", [("/shelter/board", "/shelter/board"), ("//evil.example/x", "/"),
                                              ("https://evil.example/", "/"), ("/\\evil.example", "/"),
                                              ("javascript:alert(1)", "/")])
def test_next_goes_only_to_this_site(client, night_user, target, lands_on):
    response = client.post("/login", query_string={"next": target},
                           data={"username": "night", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == lands_on


def test_logout_needs_a_post_and_ends_the_session(client, night_user):
    login(client, "night")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/shelter/board").headers["Location"].startswith("/login")


def test_session_is_renewed_at_login(client, night_user):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client, "night")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_admin_creates_an_account_with_two_roles(client_as, app):
    admin = client_as("admin")
    response = admin.post("/admin/users/new", data={"username": "eleni", "full_name": "Ελένη Μ.",
                                                    "password": "a-long-enough-password", "roles": ["coordinator",
                                                                                                     "night_shift"]})
    assert response.status_code == 302
    assert user_named(app, "eleni").roles == {"coordinator", "night_shift"}
    fresh = app.test_client()
    login(fresh, "eleni", "a-long-enough-password")
    assert fresh.get("/shelter/residents").status_code == 200


@pytest.mark.parametrize("changes, field, message", [
    ({"password": "short"}, "password", "at least 12 characters"),
    ({"password": "newcolleague"}, "password", "must not be the username"),
    ({"username": ""}, "username", "Enter a username."),
    ({"username": "night"}, "username", "is taken"),
    ({"roles": ["superuser"]}, "roles", "is not a valid choice"),
])
def test_admin_form_errors_keep_what_was_typed(client_as, night_user, changes, field, message):
    data = {"username": "newcolleague", "full_name": "Νέα Συνάδελφος", "password": "a-long-enough-password",
            "roles": ["shelter_staff"]}
    data.update(changes)
    response = client_as("admin").post("/admin/users/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(page)), field_errors(page)
    assert "Νέα Συνάδελφος" in page


def test_admin_deactivates_and_changes_roles(client_as, app, night_user):
    night_id = user_named(app, "night").id
    admin = client_as("admin")
    response = admin.post(f"/admin/users/{night_id}", data={"full_name": "Άννα", "roles": ["shelter_staff"]})
    assert response.status_code == 302
    user = user_named(app, "night")
    assert user.active is False and user.roles == {"shelter_staff"}
    refused = app.test_client().post("/login", data={"username": "night", "password": DEMO_PASSWORD})
    assert refused.status_code == 200  # a deactivated account cannot log in


def test_admin_cannot_lock_themselves_out(client_as, app):
    admin = client_as("admin")
    with app.app_context():
        me = db.session.scalar(select(User).where(User.username.like("admin-%")))
        my_id = me.id
    page = admin.post(f"/admin/users/{my_id}", data={"full_name": "Me", "roles": ["night_shift"], "active": "y"})
    assert "cannot remove your own admin role" in " ".join(field_errors(page.get_data(as_text=True)))


def test_admin_resets_a_password(client_as, app, night_user):
    night_id = user_named(app, "night").id
    admin = client_as("admin")
    bad = admin.post(f"/admin/users/{night_id}/password", data={"reset-new_password": "short"})
    assert bad.status_code == 400 and "at least 12" in " ".join(field_errors(bad.get_data(as_text=True)))
    good = admin.post(f"/admin/users/{night_id}/password", data={"reset-new_password": "another-good-password"})
    assert good.status_code == 302
    login(app.test_client(), "night", "another-good-password")


def test_everyone_changes_their_own_password(client, night_user, app):
    login(client, "night")
    wrong = client.post("/account", data={"pw-current_password": "not-it", "pw-new_password": "brand-new-password",
                                          "pw-submit": "1"})
    assert wrong.status_code == 200
    assert client.post("/account", data={"pw-current_password": DEMO_PASSWORD,
                                         "pw-new_password": "brand-new-password", "pw-submit": "1"}).status_code == 302
    login(app.test_client(), "night", "brand-new-password")


def test_language_is_greek_by_default_and_chosen_per_user(client, night_user, app):
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "night")).locale = "el"
        db.session.commit()
    login(client, "night")
    assert 'lang="el"' in client.get("/shelter/board").get_data(as_text=True)
    assert client.post("/account", data={"lang-locale": "en", "lang-submit_language": "1"}).status_code == 302
    page = client.get("/shelter/board").get_data(as_text=True)
    assert 'lang="en"' in page and "Occupancy board" in page
    assert user_named(app, "night").locale == "en"


def test_login_page_language_switch(client):
    assert 'lang="el"' in client.get("/login").get_data(as_text=True)
    client.get("/language/en")
    assert "Log in" in client.get("/login").get_data(as_text=True)


def test_a_password_kept_with_the_former_method_is_hashed_again_at_login(client, app, night_user):
    from werkzeug.security import generate_password_hash

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "night"))
        user.password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
        db.session.commit()
    wrong = client.post("/login", data={"username": "night", "password": "wrong-password!"})
    assert wrong.status_code == 200
    assert user_named(app, "night").password_hash.startswith("scrypt:")  # a failed login changes nothing
    assert login(client, "night").status_code == 302
    stored = user_named(app, "night").password_hash
    assert stored.startswith("pbkdf2:sha256:1000$")  # the tests' configured method
    client.post("/logout")
    assert login(client, "night").status_code == 302  # and the new hash lets her in
