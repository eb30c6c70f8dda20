"""Partner tokens created and revoked by the admin; a presented token checked and counted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from housing.core.i18n import lazy_gettext as _l
from housing.api import rules
from housing.api.models import ApiRequestCount, ApiToken
from housing.auth.models import User
from housing.core.audit import audited
from housing.core.errors import RuleViolation, Violation
from housing.extensions import db

PARTNER_LENGTH = 120
KEPT_MINUTES = 60  # request counts older than this are deleted: only the current minute decides


@dataclass(frozen=True)
class NewToken:
    record: ApiToken
    token: str  # shown once, never stored


@audited("create_api_token")
def create_token(partner: str, by: User, now: datetime) -> NewToken:
    partner = partner.strip()
    if not partner:
        raise RuleViolation(Violation("partner", _l("Enter the partner's name, e.g. SOS 15900 helpline.")))
    if len(partner) > PARTNER_LENGTH:
        raise RuleViolation(Violation("partner", _l("Write at most %(n)d characters.", n=PARTNER_LENGTH)))
    token = rules.new_token()
    record = ApiToken(partner=partner, token_hash=rules.token_digest(token),
                      token_hint=token[:rules.HINT_LENGTH], created_at=now, created_by_id=by.id)
    db.session.add(record)
    db.session.flush()
    return NewToken(record, token)


@audited("revoke_api_token")
def revoke_token(record: ApiToken, by: User, now: datetime) -> ApiToken:
    """Revoked at once: the next request with it gets 401. Revoking twice changes nothing."""
    if record.revoked_at is None:
        record.revoked_at, record.revoked_by_id = now, by.id
        db.session.flush()
    return record


def token_in_force(presented: str, now: datetime) -> ApiToken | None:
    """The active token presented, found by its digest; its last use noted at most once a minute."""
    found = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == rules.token_digest(presented),
                                                     ApiToken.revoked_at.is_(None)))
    if found is not None and rules.last_use_is_due(found.last_used_at, now):
        found.last_used_at = now
        db.session.flush()
    return found


def count_request(token: ApiToken, now: datetime) -> int:
    """This request counted for the token's current minute, in one atomic statement (an upsert: two
    app servers counting at once both count); returns the minute's count so far."""
    minute = rules.minute_of(now)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counted = insert(ApiRequestCount).values(token_id=token.id, minute=minute, count=1).on_conflict_do_update(
        index_elements=[ApiRequestCount.token_id, ApiRequestCount.minute],
        set_={"count": ApiRequestCount.count + 1}).returning(ApiRequestCount.count)
    count = int(db.session.execute(counted).scalar_one())
    if count == 1:  # the minute's first request clears the old minutes
        db.session.execute(delete(ApiRequestCount).where(ApiRequestCount.token_id == token.id,
                                                         ApiRequestCount.minute < minute - KEPT_MINUTES))
    return count
