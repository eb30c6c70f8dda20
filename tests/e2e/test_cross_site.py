"""SameSite=Strict, proved in Chromium: a page of another site (http://localhost:<port>,
another site than http://127.0.0.1:<port>) that links or submits to an audited GET of the
service — opening a resident's file, the audit CSV — while the coordinator is logged in
gets the login page, and no audit row is written in her name. The cost, also shown: she
logs in again and ?next= brings her to the page she was sent to."""
from __future__ import annotations

import http.server
import re
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from tests.live import DEMO_PASSWORD, app_context_on, fresh_database, gunicorn_server, seeding

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def service():
    """gunicorn on a database of its own: a coordinator (English UI) and one stay."""
    with fresh_database("cross-site") as url:
        with seeding(url) as seed:
            coordinator = seed.user("coord", "coordinator", locale="en", full_name="Eleni Coordinator")
            stay = seed.stay(seed.room("Knossos", beds=2), coordinator, "Ariadne")
            stay_id, case_code = stay.id, stay.case_code
        with gunicorn_server(url, workers=1, threads=4) as base_url:
            yield {"url": url, "base": base_url, "stay_id": stay_id, "case_code": case_code}


@contextmanager
def other_site(html: str):
    """A tiny site on http://localhost:<port> serving one page."""
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's hook name
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def audit_rows(database_url: str, action: str, case_code: str = "") -> int:
    from housing.core.audit_entry import AuditEntry
    from housing.extensions import db

    with app_context_on(database_url):
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action,
                                                                   AuditEntry.actor == "coord")
        if case_code:
            query = query.where(AuditEntry.case_code == case_code)
        return db.session.scalar(query)


def log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/language/en?next=/login")
    page.get_by_label("Username").fill("coord")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main menu").wait_for()


def test_another_site_cannot_open_a_file_or_an_export_in_her_name(page, service, artifacts_dir):
    from playwright.sync_api import expect

    base, stay_url = service["base"], f"{service['base']}/shelter/stays/{service['stay_id']}"
    log_in(page, base)
    views_before = audit_rows(service["url"], "open_file", service["case_code"])
    exports_before = audit_rows(service["url"], "export_audit")
    attack = (f'<a id="file" href="{stay_url}">a harmless link</a>'
              f'<a id="export" href="{base}/audit/export.csv">another</a>'
              f'<form id="form" method="get" action="{stay_url}"><button>go</button></form>')
    with other_site(attack) as elsewhere:
        for target in ("#file", "#form button", "#export"):
            page.goto(elsewhere)
            page.click(target)
            expect(page).to_have_url(re.compile(r"/login\?next="))
            expect(page.get_by_role("button", name=re.compile("Log in|Σύνδεση"))).to_be_visible()
        page.screenshot(path=artifacts_dir / "cross-site-login.png", full_page=True)
    assert audit_rows(service["url"], "open_file", service["case_code"]) == views_before
    assert audit_rows(service["url"], "export_audit") == exports_before

    # The cost: a link from elsewhere (the digest mail) opens the login page first;
    # after logging in, ?next= brings her to the page.
    with other_site(f'<a id="file" href="{stay_url}">from the digest</a>') as elsewhere:
        page.goto(elsewhere)
        page.click("#file")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label(re.compile("Username|Όνομα χρήστη")).fill("coord")
    page.get_by_label(re.compile("Password|Κωδικός")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Log in|Σύνδεση")).click()
    expect(page).to_have_url(stay_url)
    expect(page.get_by_text(service["case_code"]).first).to_be_visible()
    assert audit_rows(service["url"], "open_file", service["case_code"]) == views_before + 1


def test_the_same_link_on_her_own_service_opens_the_file(page, service, artifacts_dir):
    """The control: logged in, a navigation from the service itself carries the cookie."""
    from playwright.sync_api import expect

    log_in(page, service["base"])
    before = audit_rows(service["url"], "open_file", service["case_code"])
    page.goto(f"{service['base']}/shelter/stays/{service['stay_id']}")
    expect(page).to_have_url(re.compile(r"/shelter/stays/\d+$"))
    assert audit_rows(service["url"], "open_file", service["case_code"]) == before + 1
    page.goto(f"{service['base']}/account")
    expect(page.get_by_role("heading", name="Where you are logged in")).to_be_visible()
    expect(page.get_by_text("this session")).to_be_visible()
    page.screenshot(path=artifacts_dir / "account-sessions.png", full_page=True)
