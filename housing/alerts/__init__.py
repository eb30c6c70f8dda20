"""The one alert engine of the service.

Each kind of alert is a small source registered with `@alert_source`: it reads what it
needs through the queries of its programme and returns Alert values. Alerts are
computed when asked (dashboard, menu count, CLI, digest) and never stored, so they
cannot go stale. Each alert names the roles that may see it, and optionally one user
(e.g. a beneficiary's caseworker) who sees it as well.
"""
from housing.alerts.engine import Alert, AlertContext, alert_source, alerts_for, compute_alerts, registered_kinds

__all__ = ["Alert", "AlertContext", "alert_source", "alerts_for", "compute_alerts", "registered_kinds"]
