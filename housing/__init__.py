"""Heraklion Housing: the Shelter for Women and the housing-and-work programmes."""
from __future__ import annotations

import os

from flask import Flask

from housing.core.requests import HousingApp
from housing.core.security import check_production_config

from config import CONFIGS


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """The core, then each area plugging itself in; the core knows none of them by name."""
    from housing import alerts, api, audit, auth, benchmark, core, demo, privacy, programmes, reports, shelter

    app = HousingApp(__name__, template_folder="../templates")
    config_name = config_name or os.environ.get("HOUSING_CONFIG", "development")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)

    core.init_app(app)  # extensions, the route guard, security headers, error pages
    auth.init_app(app)  # staff accounts, login, sessions
    shelter.init_app(app)  # stays, extensions, night, waiting list, rooms
    programmes.init_app(app)  # REINTEGRATION and every programme of its shape, from config
    alerts.init_app(app)  # the dashboard and the digest over every area's sources
    audit.init_app(app)  # the trail's pages
    api.init_app(app)  # the vacancy feed for referral partners, and its tokens
    privacy.init_app(app)  # retention purge and subject access over every area's providers
    reports.init_app(app)  # every area's registered reports: pages, charts, downloads
    demo.init_app(app)  # `flask demo load`
    benchmark.init_app(app)  # the benchmark's floor page, with BENCHMARK_FLOOR only
    if config_name == "production":
        check_production_config(app)  # the core's refusals and every area's
    return app
