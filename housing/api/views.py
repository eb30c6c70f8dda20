"""The vacancy feed, its OpenAPI document, and the admin's pages for partner tokens."""
from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from housing.core.i18n import gettext as _
from housing.api import queries, services
from housing.api.blueprints import api, tokens
from housing.api.forms import RevokeForm, TokenForm
from housing.api.models import ApiToken
from housing.api.openapi import document
from housing.core.clock import now_utc, today
from housing.core.permissions import Access, Permission, requires
from housing.core.database import writes_on_read
from housing.core.requests import perform
from housing.extensions import db


@api.route("/vacancy", methods=["GET"])
@requires(Access.PARTNER_TOKEN)
@writes_on_read  # the token's last use and the rate limit's count are written with the answer
def vacancy():
    config = current_app.config
    response = jsonify(queries.vacancy(today(), now_utc(), config["SHELTER_CAPACITY"],
                                       dict(config["CHILD_AGE_LIMITS"])))
    response.headers["Cache-Control"] = "no-store"
    return response


@api.route("/openapi.json", methods=["GET"])
@requires(Access.PUBLIC)
def openapi():
    """Public, as API documents are: it says what the feed answers, nothing about anyone."""
    response = jsonify(document(request.host_url))
    response.headers["Cache-Control"] = "no-store"
    return response


def _tokens_page(form: TokenForm, created: services.NewToken | None = None, status: int = 200):
    listed = db.session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                                                          ApiToken.id.desc())).all()
    response = current_app.make_response((render_template(
        "api/tokens.html", form=form, tokens=listed, created=created, revoke_form=RevokeForm(formdata=None),
        per_minute=current_app.config["FEED_REQUESTS_PER_MINUTE"]), status))
    response.headers["Cache-Control"] = "no-store"  # the new token is on this page, once
    return response


@tokens.route("/", methods=["GET", "POST"])
@requires(Permission.MANAGE_API_TOKENS)
def index():
    form = TokenForm()
    if created := perform(form, lambda: services.create_token(form.partner.data or "", current_user, now_utc())):
        # Shown here, once: not in a message, not after a redirect, never stored.
        return _tokens_page(TokenForm(formdata=None), created.value, status=201)
    return _tokens_page(form, status=400 if request.method == "POST" else 200)


@tokens.route("/<int:token_id>/revoke", methods=["POST"])
@requires(Permission.MANAGE_API_TOKENS)
def revoke(token_id: int):
    record = db.get_or_404(ApiToken, token_id)
    if perform(RevokeForm(), lambda: services.revoke_token(record, current_user, now_utc())):
        flash(_("The token of %(partner)s is revoked: it no longer opens the feed.", partner=record.partner),
              "success")
    else:
        flash(_("The form had expired; please try again."), "error")
    return redirect(url_for("feed_tokens.index"))
