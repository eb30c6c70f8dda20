"""The alerts dashboard and the count in the menu."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, render_template
from flask_login import current_user

from housing.core.alerts import Alert, AlertContext, actions_for, alerts_for, first_names, grouped
from housing.core.clock import now_utc, today
from housing.core.permissions import Permission, guarded_blueprint, requires

bp = guarded_blueprint("alerts", __name__, url_prefix="/alerts")


@dataclass(frozen=True)
class AlertLine:
    """One alert as the dashboard shows it: whom it is about (where the reader may see her named)
    and the buttons the reader may press."""

    alert: Alert
    first_name: str
    actions: list[tuple[str, str]]


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
    names = dict(zip(map(id, alerts), first_names(alerts, current_user), strict=True))  # one statement
    groups = [(group, [(severity, [AlertLine(a, names[id(a)], actions_for(a, current_user)) for a in found])
                       for severity, found in severities])
              for group, severities in grouped(alerts)]
    return render_template("alerts/dashboard.html", groups=groups, total=len(alerts))
