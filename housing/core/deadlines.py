"""A person's dated items (a court hearing, a residence permit's expiry, a benefit renewal, a
school enrolment, a medical appointment) and when they are to be recalled, as pure functions
that both the shelter and the programmes use.

The days before each kind from which a reminder is due are configuration (DEADLINE_REMINDER_DAYS);
every function takes `today` and the thresholds as arguments."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from flask_babel import LazyString
from housing.core.i18n import lazy_gettext as _l

from housing.core.errors import Violation
from housing.core.formatting import format_dmy

DEADLINE_KINDS = ("court_hearing", "residence_permit", "benefit_renewal", "school_enrolment", "medical_appointment")
# A date further ahead than this is a typing mistake (2062 for 2026), not a deadline.
MAX_YEARS_AHEAD = 5
# An item may be recorded after the fact (a hearing last month), not years after.
MAX_DAYS_BEHIND = 366
NOTE_LIMIT = 2000
RESPONSIBLE_LIMIT = 120

REMIND, TODAY, PASSED = "remind", "today", "passed"


def reminder_from(due_on: date, kind: str, reminder_days: Mapping[str, int]) -> date:
    """The first day the reminder shows: its kind's number of days before the date."""
    return due_on - timedelta(days=reminder_days[kind])


def reminder_state(due_on: date, kind: str, today: date, reminder_days: Mapping[str, int],
                   done: bool = False) -> str | None:
    """"remind" from the kind's number of days before the date up to the day before it, "today"
    on the day, "passed" after it while not marked done; None before the reminder and once done."""
    if done:
        return None
    if due_on < today:
        return PASSED
    if due_on == today:
        return TODAY
    if reminder_from(due_on, kind, reminder_days) <= today:
        return REMIND
    return None


def reminder_due(due_on: date, kind: str, today: date, reminder_days: Mapping[str, int], done: bool = False) -> bool:
    """The alert engine reminds from the kind's number of days before the date to the day itself,
    never after it (a passed item is shown on her page, marked passed, until someone marks it done)."""
    return reminder_state(due_on, kind, today, reminder_days, done) in (REMIND, TODAY)


def latest_allowed(today: date) -> date:
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def deadline_violations(kind: str, due_on: date | None, responsible: str, note: str, today: date,
                        case_open: bool = True) -> list[Violation]:
    """What a valid dated item is: a known kind, a date neither absurdly far ahead nor long past,
    who is responsible (optional) and a note, both of sensible length."""
    found: list[Violation] = []
    if not case_open:
        found.append(Violation("", _l("Deadlines are recorded while she is here; this case has ended.")))
    if kind not in DEADLINE_KINDS:
        found.append(Violation("kind", _l("Choose the kind of deadline.")))
    if due_on is None:
        found.append(Violation("due_on", _l("Enter the date.")))
    elif due_on > latest_allowed(today):
        found.append(Violation("due_on", _l("The date is more than %(years)d years ahead (after %(day)s): check "
                                            "the year.", years=MAX_YEARS_AHEAD, day=format_dmy(latest_allowed(today)))))
    elif due_on < today - timedelta(days=MAX_DAYS_BEHIND):
        found.append(Violation("due_on", _l("The date is more than a year ago: check the year.")))
    if len(responsible) > RESPONSIBLE_LIMIT:
        found.append(Violation("responsible", _l("At most %(max)d characters (this has %(length)d).",
                                                 max=RESPONSIBLE_LIMIT, length=len(responsible))))
    if len(note) > NOTE_LIMIT:
        found.append(Violation("note", _l("At most %(max)d characters (this has %(length)d).",
                                          max=NOTE_LIMIT, length=len(note))))
    return found


def completion_violations(already_done: bool) -> list[Violation]:
    if already_done:
        return [Violation("", _l("This deadline has already been marked done."))]
    return []


DEADLINE_KIND_LABELS = {"court_hearing": _l("Court hearing"), "residence_permit": _l("Residence permit expires"),
                        "benefit_renewal": _l("Benefit renewal"), "school_enrolment": _l("School enrolment"),
                        "medical_appointment": _l("Medical appointment")}


def kind_in_a_sentence(kind: str) -> LazyString:
    """The kind's label after the case code in an alert ("SH-2026-010: medical appointment on …"),
    in the reader's language when it is shown."""
    def lowered() -> str:
        label = str(DEADLINE_KIND_LABELS[kind])
        return label[:1].lower() + label[1:]

    return LazyString(lowered)
