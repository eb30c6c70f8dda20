"""The turn-away register (/shelter/turn-aways): the quick form and the last 30 days."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from housing.core.i18n import gettext as _
from housing.core.clock import now_utc, today
from housing.core.formatting import format_dmy
from housing.core.permissions import Permission, requires
from housing.core.requests import perform
from housing.shelter.blueprints import shelter as bp
from housing.shelter.turnaways import queries, services
from housing.shelter.turnaways.forms import TurnAwayForm
from housing.shelter.turnaways.rules import RECENT_DAYS


def _entry(form: TurnAwayForm) -> services.TurnAwayInput:
    return services.TurnAwayInput(form.occurred_on.data, form.source.data or "", form.children.data,
                                  form.oldest_child_age.data, form.reason.data or "", form.referred_to.data or "")


@bp.route("/turn-aways", methods=["GET", "POST"])
@requires(Permission.RECORD_TURN_AWAY)
def turn_aways():
    form = TurnAwayForm()
    if request.method == "GET":
        form.occurred_on.data = today()
    if recorded := perform(form, lambda: services.record_turn_away(_entry(form), current_user, today(), now_utc())):
        flash(_("Turn-away recorded on %(day)s.", day=format_dmy(recorded.value.occurred_on)), "success")
        return redirect(url_for("shelter.turn_aways"))
    status = 400 if request.method == "POST" else 200
    return render_template("shelter/turn_aways.html", form=form, entries=queries.recent_turn_aways(today()),
                           by_reason=queries.recent_by_reason(today()), recent_days=RECENT_DAYS), status
