"""The benchmark's floor (benchmarks/run.py): a page that runs `SELECT 1` and renders a tiny
template behind the same guard, session check and request cycle as every page, so that each
page's time reads as a multiple of what any request costs on this server. Registered only with
BENCHMARK_FLOOR on (testing, or a benchmark run); the production configuration refuses it."""
from __future__ import annotations

from typing import Any

from flask import Flask, render_template_string
from sqlalchemy import text

from housing.core.permissions import Access, guarded_blueprint, requires
from housing.core.security import add_production_check
from housing.extensions import db

bp = guarded_blueprint("benchmark", __name__, url_prefix="/benchmark")

_FLOOR = "<!doctype html><title>floor</title><p>{{ value }}</p>"


@bp.route("/floor")
@requires(Access.AUTHENTICATED)
def floor() -> Any:
    return render_template_string(_FLOOR, value=db.session.scalar(text("SELECT 1")))


def _refuse_in_production(app: Flask) -> str:
    return "BENCHMARK_FLOOR must be off in production." if app.config.get("BENCHMARK_FLOOR") else ""


def init_app(app: Flask) -> None:
    add_production_check(app, _refuse_in_production)
    if app.config.get("BENCHMARK_FLOOR"):
        app.register_blueprint(bp)
