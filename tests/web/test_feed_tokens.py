"""The admin's pages for partner tokens: a token shown once and stored as its digest, revoked at
once, every change in the audit trail, bad input at its field."""
from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from housing.api.models import ApiToken
from housing.core.audit_entry import AuditEntry
from housing.extensions import db
from tests.support import field_errors, login, make_user


@pytest.fixture
def admin(app):
    with app.app_context():
        make_user("admin", username="it-contact")
        db.session.commit()
    client = app.test_client()
    login(client, "it-contact")
    return client


def _shown_token(page: str) -> str:
    match = re.search(r'<code class="token">([^<]+)</code>', page)
    assert match, "no token on the page"
    return match.group(1)


def test_a_new_token_is_shown_once_stored_as_its_sha256_and_opens_the_feed(app, admin):
    response = admin.post("/admin/feed-tokens/", data={"partner": "SOS 15900 helpline"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    token = _shown_token(response.get_data(as_text=True))
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).one()
        assert stored.partner == "SOS 15900 helpline"
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert stored.token_hint == token[:8]
        creation = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "api_token")).one()
        assert creation.action == "create_api_token" and creation.actor == "it-contact"
        assert token not in creation.changes and stored.token_hash not in creation.changes
    listing = admin.get("/admin/feed-tokens/").get_data(as_text=True)
    assert token not in listing and "SOS 15900 helpline" in listing and token[:8] in listing
    assert app.test_client().get("/api/v1/vacancy", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_revoked_token_is_refused_and_the_revocation_is_audited(app, admin):
    token = _shown_token(admin.post("/admin/feed-tokens/", data={"partner": "Αστυνομία"}).get_data(as_text=True))
    with app.app_context():
        token_id = db.session.scalars(select(ApiToken.id)).one()
    response = admin.post(f"/admin/feed-tokens/{token_id}/revoke", data={})
    assert response.status_code == 302
    page = admin.get("/admin/feed-tokens/").get_data(as_text=True)
    assert "The token of Αστυνομία is revoked: it no longer opens the feed." in page and "revoked on" in page
    assert app.test_client().get("/api/v1/vacancy", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    with app.app_context():
        record = db.session.get(ApiToken, token_id)
        assert record.revoked_at is not None
        revocation = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "revoke_api_token")).one()
        assert revocation.actor == "it-contact" and revocation.record_id == token_id


@pytest.mark.parametrize("partner, message", [
    ("", "Enter the partner's name, e.g. SOS 15900 helpline."),
    ("   ", "Enter the partner's name, e.g. SOS 15900 helpline."),
    ("x" * 10_000, "Write at most 120 characters."),
])
def test_bad_input_gets_its_message_and_makes_no_token(app, admin, partner, message):
    response = admin.post("/admin/feed-tokens/", data={"partner": partner})
    assert response.status_code == 400
    assert message in field_errors(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).all() == []


def test_a_partner_name_with_script_is_shown_as_text(admin):
    page = admin.post("/admin/feed-tokens/", data={"partner": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_revoking_an_unknown_token_is_404(admin):
    assert admin.post("/admin/feed-tokens/999999/revoke", data={}).status_code == 404


def test_the_admin_finds_the_pages_in_the_menu(admin):
    assert 'href="/admin/feed-tokens/"' in admin.get("/rooms/").get_data(as_text=True)
