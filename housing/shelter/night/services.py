"""The night check and the shift log."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from housing.core.i18n import lazy_gettext as _l
from housing.auth.models import User
from housing.core.audit import audited
from housing.core.database import lock
from housing.core.errors import RuleViolation, Violation
from housing.extensions import db
from housing.shelter.models import SHIFT_LOG_KINDS, NightCheck, NightCheckMark, ShiftLogEntry
from housing.shelter.night import queries, rules


@audited("night_check")
def save_night_check(night: date, marks: dict[int, tuple[bool | None, str]], by: User,
                     now: datetime) -> NightCheck:
    """One check per night. A second save the same night corrects it: changed marks are
    retired and new ones written, so who changed what is kept."""
    lock("night-check")
    expected = {h.stay.id for h in queries.households_by_room()}
    violations = rules.night_check_violations(marks, expected)
    if violations:
        raise RuleViolation(violations)
    check = db.session.scalar(select(NightCheck).where(NightCheck.night_of == night))
    if check is None:
        check = NightCheck(night_of=night, created_by_id=by.id, created_at=now, updated_at=now)
        db.session.add(check)
        db.session.flush()
    current = {m.stay_id: m for m in db.session.scalars(
        select(NightCheckMark).where(NightCheckMark.check_id == check.id, NightCheckMark.current.is_(True)))}
    for stay_id, (present, note) in sorted(marks.items()):
        note = note.strip() if not present else ""
        earlier = current.get(stay_id)
        if earlier is not None and earlier.present == present and earlier.note == note:
            continue
        if earlier is not None:
            earlier.current = False
        db.session.add(NightCheckMark(check=check, stay_id=stay_id, present=bool(present), note=note, current=True,
                                      marked_by_id=by.id, marked_at=now))
    check.updated_at = now
    db.session.flush()
    return check


# --- Shift log --------------------------------------------------------------------------

def _shift_text_violations(kind: str, text: str) -> list[Violation]:
    found = []
    if kind not in SHIFT_LOG_KINDS:
        found.append(Violation("kind", _l("Choose the kind of entry.")))
    if not text.strip():
        found.append(Violation("text", _l("Write the entry.")))
    return found


@audited("write_shift_entry")
def write_shift_entry(kind: str, text: str, by: User, now: datetime) -> ShiftLogEntry:
    violations = _shift_text_violations(kind, text)
    if violations:
        raise RuleViolation(violations)
    entry = ShiftLogEntry(kind=kind, text=text.strip(), author_id=by.id, written_at=now)
    db.session.add(entry)
    db.session.flush()
    return entry


@audited("edit_shift_entry")
def edit_shift_entry(entry: ShiftLogEntry, text: str, by: User, now: datetime) -> ShiftLogEntry:
    if not entry.can_edit(by, now):
        raise RuleViolation(Violation("text", _l(
            "Entries can be corrected by their author within %(n)d minutes; write a new entry instead.",
            n=rules.SHIFT_LOG_EDIT_MINUTES)))
    violations = _shift_text_violations(entry.kind, text)
    if violations:
        raise RuleViolation(violations)
    entry.text = text.strip()
    entry.edited_at = now
    db.session.flush()
    return entry
