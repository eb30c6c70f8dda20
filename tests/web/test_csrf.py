"""CSRF protection is on for every form outside the test configuration."""
from __future__ import annotations

from housing import create_app
from tests.support import close_database


def test_a_post_without_the_token_is_refused(database_url):
    app = create_app("development", SQLALCHEMY_DATABASE_URI=database_url)
    client = app.test_client()
    response = client.post("/login", data={"username": "staff", "password": "heraklion-demo"})
    assert response.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    with app.app_context():
        close_database()
