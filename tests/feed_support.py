"""Factories for the vacancy feed's tests: a partner token made by an admin."""
from __future__ import annotations

from housing.api import services
from housing.core.clock import now_utc
from tests.support import make_user


def make_token(partner: str = "SOS 15900") -> services.NewToken:
    return services.create_token(partner, make_user("admin"), now_utc())


def feed_sample() -> dict:
    return {"token_id": make_token().record.id}
