"""Writes the audit trail. One mechanism the services cannot forget: a session event sees
every insert, update and delete of case data and accounts and writes its audit rows with
the same connection, in the same transaction — a change that rolls back leaves no row,
and no change commits without one. Events that change nothing (a login, opening a file,
an export) are recorded with `record()`.

Rows say what was done in the service's words: a service names its action with
`@audited("admit")`, and every row flushed while it runs carries that action (the
outermost named call wins: an admission's case-code counter is part of `admit`). Rows
flushed outside any named action keep create / update / delete.
"""
from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event, inspect, insert
from sqlalchemy.orm import Session

from housing.core.audit_areas import CASE_OWNERS, area_of
from housing.core.audit_entry import AuditEntry
from housing.core.clock import now_utc
from housing.extensions import db

# Records that are bookkeeping, not case data: their changes are not audited one by one.
NOT_AUDITED = {"audit_entry", "login_attempt", "case_code_counter", "admission_submission", "enrolment_submission",
               "user_session",  # sessions: their ends are end_session rows
               "form_draft",  # a copy, for an hour, of a form not yet sent: what it saves is audited when sent
               "api_request_count"}  # the feed's request counts: its rate limit's bookkeeping
# Fields whose values never enter the trail: only the fact that they changed.
SECRET_FIELDS = {"password_hash", "totp_secret", "token_hash"}
# Fields that change on every login; the login events record them.
# search_key is the name again, folded for search (core/people.py): the trail records the name
# itself; a second, Latin copy would escape the purge's scrubbing of her name from the trail.
# last_used_at: a feed token's last use, written at most once a minute, never a decision.
NOISE_FIELDS = {"last_login_at", "failed_logins", "locked_until", "totp_last_step", "search_key", "last_used_at"}

_system_actor: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_system_actor", default=None)
_redacting: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_redacting", default=False)
_action: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_action", default=None)

Service = TypeVar("Service", bound=Callable[..., Any])


def audited(action: str) -> Callable[[Service], Service]:
    """Name the action of a service: every audit row flushed while it runs says `action`.
    The changes still pending when it returns are flushed before the name is dropped, so
    a service that leaves its flush to the caller's commit is named too."""

    def name(service: Service) -> Service:
        @functools.wraps(service)
        def named(*args: Any, **kwargs: Any) -> Any:
            if _action.get() is not None:  # part of a larger action, which names the rows
                return service(*args, **kwargs)
            token = _action.set(action)
            try:
                result = service(*args, **kwargs)
                db.session.flush()
                return result
            finally:
                _action.reset(token)

        named.audit_action = action  # type: ignore[attr-defined]
        return named  # type: ignore[return-value]  # wraps keeps the signature

    return name


def current_action() -> str | None:
    return _action.get()


@contextmanager
def values_withheld() -> Iterator[None]:
    """While anonymising, the trail records which fields changed but not their old values
    (writing the name being erased into the trail would defeat the erasure)."""
    token = _redacting.set(True)
    try:
        yield
    finally:
        _redacting.reset(token)


class AuditTamperingError(RuntimeError):
    """Raised when something tries to change or delete an audit entry."""


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Name the actor for changes made outside a request (a CLI command, the demo loader)."""
    token = _system_actor.set(actor)
    try:
        yield
    finally:
        _system_actor.reset(token)


def _actor() -> tuple[int | None, str, str]:
    system = _system_actor.get()
    if system:
        return None, system, ""
    if has_request_context():
        address = (request.remote_addr or "")[:64]  # the column's length: a forwarded address can be longer
        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.username, address
        return None, "anonymous", address
    return None, "system", ""


def case_code_of(record: Any) -> str:
    """The case code a record belongs to: its own, or its stay's or beneficiary's."""
    code = getattr(record, "case_code", None)
    if isinstance(code, str):
        return code
    relationships = inspect(record).mapper.relationships
    for parent in CASE_OWNERS:
        owner = getattr(record, parent, None) if parent in relationships else None
        if owner is not None and isinstance(getattr(owner, "case_code", None), str):
            return str(owner.case_code)
    return ""


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _changes(record: Any, creating: bool, deleting: bool) -> dict[str, list[Any]]:
    state = inspect(record)
    found: dict[str, list[Any]] = {}
    for column in state.mapper.column_attrs:
        key = column.key
        if key in NOISE_FIELDS:
            continue
        history = state.attrs[key].history
        if creating:
            value = getattr(record, key)
            if value in (None, "") or key == "id":
                continue
            found[key] = [None, "***" if key in SECRET_FIELDS else _plain(value)]
        elif deleting:
            found[key] = [_plain(getattr(record, key)), None]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            if key in SECRET_FIELDS:
                found[key] = ["***", "***"]
            elif _redacting.get():
                found[key] = ["[withheld]", _plain(new)]
            else:
                found[key] = [_plain(old), _plain(new)]
    return found


def _record_id(record: Any) -> int | None:
    """The record's id (after the insert, for a new one); for a two-part key, its first number."""
    key = inspect(record).mapper.primary_key_from_instance(record)
    return next((value for value in key if isinstance(value, int)), None)


def _deleted(session: Session, flush_context: Any) -> list[Any]:
    """What this flush deletes: the records marked for deletion and the orphans a cascade
    removes (a role taken from a staff account is deleted that way, never marked)."""
    found = list(session.deleted)
    for state, (is_delete, list_only) in getattr(flush_context, "states", {}).items():
        record = state.obj()
        if is_delete and not list_only and record is not None and record not in found:
            found.append(record)
    return found


def _rows_for_flush(session: Session, flush_context: Any = None) -> list[dict[str, Any]]:
    user_id, actor, address = _actor()
    at = now_utc()
    named = _action.get()
    rows = []
    for records, operation in ((session.new, "create"), (session.dirty, "update"),
                               (_deleted(session, flush_context), "delete")):
        for record in records:
            table = getattr(record, "__tablename__", "")
            if not table or table in NOT_AUDITED:
                continue
            changes = _changes(record, operation == "create", operation == "delete")
            if operation == "update" and not changes:
                continue
            rows.append({"at": at, "user_id": user_id, "actor": actor, "action": named or operation,
                         "operation": operation, "area": area_of(table), "record_type": table,
                         "record_id": _record_id(record),
                         "case_code": case_code_of(record), "detail": "", "address": address,
                         "changes": json.dumps(changes, ensure_ascii=False, default=str)})
    return rows


def _refuse_tampering(session: Session, _context: Any, _instances: Any) -> None:
    for record in list(session.dirty) + list(session.deleted):
        if isinstance(record, AuditEntry) and (record in session.deleted or session.is_modified(record)):
            raise AuditTamperingError("audit entries are never changed or deleted")


def _write_rows(session: Session, flush_context: Any) -> None:
    rows = _rows_for_flush(session, flush_context)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def record(action: str, target: Any = None, detail: str = "", user: Any = None) -> None:
    """An event that changes no case data: login, logout, opening a file, an export.
    Written with the current transaction; the caller commits."""
    user_id, actor, address = _actor()
    if user is not None:
        user_id, actor = user.id, user.username
    record_type = getattr(target, "__tablename__", "") if target is not None else ""
    db.session.add(AuditEntry(
        at=now_utc(), user_id=user_id, actor=actor[:80], action=action, detail=detail, address=address[:64],
        operation="", area=area_of(record_type), record_type=record_type,
        record_id=getattr(target, "id", None) if target is not None else None,
        case_code=case_code_of(target) if target is not None else "", changes=""))


def install() -> None:
    """Listen on the sessions of Flask-SQLAlchemy (every session the app makes)."""
    from flask_sqlalchemy.session import Session as AppSession

    if not event.contains(AppSession, "after_flush", _write_rows):
        event.listen(AppSession, "before_flush", _refuse_tampering)
        event.listen(AppSession, "after_flush", _write_rows)
