"""Outgoing mail through the SMTP server named in the configuration (MAIL_*)."""
from __future__ import annotations

from typing import Any

import smtplib
import ssl
from email.message import EmailMessage
from collections.abc import Mapping


def send_mail(config: Mapping[str, Any], to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            # The server's certificate is verified (name and chain) before the password and the
            # alerts go over; MAIL_CA_FILE names a private CA if the server's is not public.
            smtp.starttls(context=ssl.create_default_context(cafile=config.get("MAIL_CA_FILE") or None))
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
