"""Forms that arrive after the session ended: kept for their author, offered back once she has
logged in again (a confirmation page that sends them where they were going), never for anyone
else, and gone after use or after an hour."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select

from housing.auth.models import FormDraft, User
from housing.auth.rules import DRAFT_KEPT_FOR, draft_fields, draft_is_fresh
from housing.core.permissions import safe_next
from housing.extensions import db

# A hidden field of the confirmation page: sending it uses up the draft it names.
DRAFT_FIELD = "_kept_draft"


def keep(user: User, path: str, pairs: list[tuple[str, str]], now: datetime) -> FormDraft | None:
    """Keep what she sent (see rules.draft_fields for what is left out); her older drafts go."""
    fields, target = draft_fields(pairs), safe_next(path[:500])
    if fields is None or target is None:  # the page sends it back here only: never to another site
        return None
    db.session.execute(delete(FormDraft).where(FormDraft.user_id == user.id))
    draft = FormDraft(user_id=user.id, path=target, fields=json.dumps(fields, ensure_ascii=False), saved_at=now)
    db.session.add(draft)
    return draft


def forget_old(now: datetime) -> None:
    """Drafts older than an hour are deleted, whoever they belong to."""
    db.session.execute(delete(FormDraft).where(FormDraft.saved_at < now - DRAFT_KEPT_FOR))


def waiting_for(user: User, now: datetime) -> FormDraft | None:
    """Her draft, if one is still fresh."""
    draft = db.session.scalar(select(FormDraft).where(FormDraft.user_id == user.id)
                              .order_by(FormDraft.saved_at.desc(), FormDraft.id.desc()).limit(1))
    return draft if draft is not None and draft_is_fresh(draft.saved_at, now) else None


def fields_of(draft: FormDraft) -> list[tuple[str, str]]:
    try:
        loaded = json.loads(draft.fields)
    except ValueError:
        return []
    return [(str(name), str(value)) for name, value in loaded if isinstance(name, str)]


def use_up(user: User, draft_id: int | None) -> None:
    """Sent again or discarded: only her own draft is touched."""
    if draft_id is not None:
        db.session.execute(delete(FormDraft).where(FormDraft.id == draft_id, FormDraft.user_id == user.id))
