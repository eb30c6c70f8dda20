"""`flask --app wsgi alerts list [--json] [--as-of DATE]` and `alerts digest` (for cron)."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from housing.core.i18n import gettext as _
from housing.core.alerts import SEVERITY_LABELS, AlertContext, compute_alerts, kind_label
from housing.auth.models import User
from housing.core.clock import now_utc, today
from housing.core.mail import send_mail
from housing.extensions import db

alerts_cli = AppGroup("alerts", help="Alerts for expiring stays, subsidies and more.")


def context_as_of(as_of: date | None) -> AlertContext:
    real_today = today()
    day = as_of or real_today
    return AlertContext(today=day, now=now_utc() + timedelta(days=(day - real_today).days),
                        config=current_app.config)


def _parse_day(_ctx, _param, value):
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD") from error


@alerts_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="An array of objects instead of lines of text.")
@click.option("--as-of", callback=_parse_day, help="Another day than today (YYYY-MM-DD).")
def list_command(as_json: bool, as_of: date | None) -> None:
    """Every alert as of today, for every role."""
    with force_locale("en"):
        alerts = compute_alerts(context_as_of(as_of))
        if as_json:
            click.echo(json.dumps([a.as_json() for a in alerts], ensure_ascii=False, indent=2))
            return
        for alert in alerts:
            click.echo(f"{alert.severity:8} {alert.due.isoformat()} {alert.kind:24} {alert.subject:12} "
                       f"{alert.message} [{alert.permission.value}]")
        click.echo(f"{len(alerts)} alert(s)")


def digest_body(user: User, alerts) -> str:
    lines = [_("Good morning %(name)s,", name=user.full_name), "",
             _("These alerts need attention today (%(day)s):", day=today().strftime("%d/%m/%Y")), ""]
    # Mail leaves the service: case codes, kinds and dates only — no names, no notes.
    for alert in alerts:
        link = current_app.config["SERVICE_URL"].rstrip("/") + url_for(alert.endpoint, **dict(alert.endpoint_values))
        lines.append(f"- {SEVERITY_LABELS[alert.severity]}: {alert.subject} — {kind_label(alert.kind)} — "
                     f"{alert.due.strftime('%d/%m/%Y')}\n  {link}")
    lines += ["", _("Heraklion Housing")]
    return "\n".join(lines)


@alerts_cli.command("digest")
@click.option("--as-of", callback=_parse_day, help="Another day than today (YYYY-MM-DD).")
def digest_command(as_of: date | None) -> None:
    """Send each active user one e-mail with the alerts their permissions let them see (none when none)."""
    context = context_as_of(as_of)
    everything = compute_alerts(context)
    sent = skipped_no_address = 0
    users = db.session.scalars(select(User).options(selectinload(User.role_grants))
                               .where(User.active.is_(True)).order_by(User.username)).all()
    with current_app.test_request_context(base_url=current_app.config["SERVICE_URL"]):
        for user in users:
            scopes = getattr(user, "programme_scopes", None)
            mine = [a for a in everything if a.visible_to(user.permissions, user.id, scopes)]
            if not mine:
                continue
            if not user.email:
                skipped_no_address += 1
                continue
            with force_locale(user.locale):
                subject = _("Heraklion Housing: %(n)d alert(s) for %(day)s", n=len(mine),
                            day=context.today.strftime("%d/%m/%Y"))
                send_mail(current_app.config, user.email, subject, digest_body(user, mine))
            sent += 1
    click.echo(f"digest: {sent} e-mail(s) sent, {skipped_no_address} user(s) with alerts but no address")
