"""Home, health check and error pages."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, redirect, render_template, url_for
from flask_login import current_user

from housing.core.database import database_is_reachable
from housing.core.permissions import Access, Permission, guarded_blueprint, requires
from housing.core.registry import menu_for

bp = guarded_blueprint("core", __name__)


@bp.route("/")
@requires(Access.AUTHENTICATED)
def home() -> Any:
    """Each role starts where its work is: shelter staff and coordinators on their alerts,
    the night shift on the board, caseworkers on their caseload, the admin on the accounts."""
    if current_user.can(Permission.VIEW_SHELTER_CASES) and current_user.can(Permission.VIEW_ALERTS):
        return redirect(url_for("alerts.dashboard"))
    if current_user.can(Permission.VIEW_BOARD):
        return redirect(url_for("shelter.board"))
    caseloads = [entry.endpoint for entry in menu_for(current_user) if entry.endpoint.endswith(".caseload")]
    if current_user.can(Permission.VIEW_REINTEGRATION) and caseloads:  # her (first) programme's caseload
        return redirect(url_for(caseloads[0]))
    if current_user.can(Permission.MANAGE_USERS):
        return redirect(url_for("auth.users"))
    return render_template("core/home.html")


@bp.route("/healthz")
@requires(Access.PUBLIC)
def healthz() -> Any:
    if database_is_reachable():
        return jsonify(status="ok", db="ok")
    return jsonify(status="error", db="unreachable"), 503


def register_error_pages(app: Flask) -> None:
    from housing.extensions import db

    def page(code: int) -> Any:
        def handler(error: Exception) -> Any:
            return render_template("core/error.html", code=code), code
        return handler

    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, page(code))

    @app.errorhandler(500)
    def internal_error(error: Exception) -> Any:
        db.session.rollback()  # never leave a half-written change behind a 500
        return render_template("core/error.html", code=500), 500
