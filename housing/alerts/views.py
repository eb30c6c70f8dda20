"""The alerts dashboard and the count in the menu."""
from __future__ import annotations

from flask import current_app, g, render_template
from flask_login import current_user

from housing.core.alerts import SEVERITIES, AlertContext, alerts_for
from housing.core.clock import now_utc, today
from housing.core.permissions import Permission, guarded_blueprint, requires

bp = guarded_blueprint("alerts", __name__, url_prefix="/alerts")


def current_context() -> AlertContext:
    return AlertContext(today=today(), now=now_utc(), config=current_app.config)


def my_alerts():
    """The signed-in user's alerts, computed once per request."""
    if "my_alerts" not in g:
        g.my_alerts = alerts_for(current_user, current_context()) if current_user.can(Permission.VIEW_ALERTS) else []
    return g.my_alerts


@bp.route("/")
@requires(Permission.VIEW_ALERTS)
def dashboard():
    alerts = my_alerts()
    groups = [(severity, [a for a in alerts if a.severity == severity]) for severity in SEVERITIES]
    return render_template("alerts/dashboard.html", groups=groups, total=len(alerts))
