"""The digest's STARTTLS verifies the SMTP server's certificate: a real aiosmtpd server on
loopback with a self-signed certificate is refused without its CA, and receives the mail
once MAIL_CA_FILE names it."""
from __future__ import annotations

import shutil
import socket
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller

from housing.core.mail import send_mail
from tests.conftest import missing_resource


class Inbox:
    def __init__(self):
        self.messages: list[tuple[str, bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos[0], envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, made for this test."""
    if shutil.which("openssl") is None:
        missing_resource("openssl is needed to make a test certificate")
    cert, key = tmp_path / "smtp-cert.pem", tmp_path / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=Heraklion test SMTP", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.fixture
def tls_server(certificate):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True)
    controller.start()
    try:
        yield controller.port, inbox, cert
    finally:
        controller.stop()


def mail_config(port: int, ca_file: str = "") -> dict:
    return {"MAIL_SENDER": "alerts@heraklion-housing.invalid", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_USE_TLS": True, "MAIL_USERNAME": "", "MAIL_PASSWORD": "", "MAIL_CA_FILE": ca_file}


def test_starttls_refuses_a_server_whose_certificate_it_cannot_verify(tls_server):
    port, inbox, _cert = tls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        send_mail(mail_config(port), "maria@example.org", "Alerts", "SH-2026-014: stay ends")
    assert inbox.messages == []


def test_starttls_delivers_once_the_private_ca_is_configured(tls_server):
    port, inbox, cert = tls_server
    send_mail(mail_config(port, ca_file=str(cert)), "maria@example.org", "Alerts", "SH-2026-014: stay ends")
    assert [to for to, _content in inbox.messages] == ["maria@example.org"]
    assert b"SH-2026-014: stay ends" in inbox.messages[0][1]
