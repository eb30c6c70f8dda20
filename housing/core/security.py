"""What every response goes through (security headers) and the production configuration's
refusals; areas add refusals of their own (add_production_check)."""
from __future__ import annotations


from collections.abc import Callable

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                           "base-uri 'none'; object-src 'none'")


class UnsafeConfiguration(RuntimeError):
    """The production configuration refuses to start."""


def check_production_config(app: Flask) -> None:
    from config import DEV_SECRET_KEY

    key = app.config.get("SECRET_KEY") or ""
    if not key or key == DEV_SECRET_KEY or len(key) < 32:
        raise UnsafeConfiguration("SECRET_KEY must be set to a random value of at least 32 characters "
                                  "(e.g. python -c 'import secrets; print(secrets.token_hex(32))').")
    if app.debug or app.config.get("DEBUG"):
        raise UnsafeConfiguration("Debug mode must be off in production.")
    for check in app.extensions.get("housing.production_checks", ()):
        refusal = check(app)
        if refusal:
            raise UnsafeConfiguration(refusal)


def add_production_check(app: Flask, check: Callable[[Flask], str]) -> None:
    """An area's own refusal to start in production: check(app) returns a reason or ""."""
    app.extensions.setdefault("housing.production_checks", []).append(check)


def register_security(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if app.config.get("STRICT_TRANSPORT_SECURITY"):
            response.headers["Strict-Transport-Security"] = app.config["STRICT_TRANSPORT_SECURITY"]
        if request.endpoint != "static":
            # Pages carry personal data: never kept by the browser or a proxy.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
