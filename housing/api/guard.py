"""The check of every route declared Access.PARTNER_TOKEN: a token in force, within its limit.
A refusal is JSON (401 with WWW-Authenticate: Bearer, or 429 with Retry-After), never a login
page; no staff session is opened and no cookie set."""
from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify, request

from housing.api import rules, services
from housing.core.clock import now_utc


def refusal(status: int, error: str, message: str, headers: dict[str, str]) -> Any:
    response = jsonify(error=error, message=message)
    response.status_code = status
    response.headers.update(headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def unauthorized() -> Any:
    return refusal(401, "unauthorized", "Send a valid partner token: Authorization: Bearer <token>.",
                   {"WWW-Authenticate": 'Bearer realm="vacancy feed"'})


def check_partner_token() -> Any:
    presented = rules.bearer_token(request.headers.get("Authorization"))
    if request.method == "OPTIONS" or presented is None:  # a preflight carries no token: no permission
        return unauthorized()
    now = now_utc()
    token = services.token_in_force(presented, now)
    if token is None:
        return unauthorized()
    if rules.over_limit(services.count_request(token, now), current_app.config["FEED_REQUESTS_PER_MINUTE"]):
        return refusal(429, "rate_limited", "Too many requests for this token this minute.",
                       {"Retry-After": str(rules.retry_after(now))})
    g.partner_token_id = token.id
    return None
