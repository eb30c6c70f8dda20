"""Follow-up after a person leaves, with her consent, as pure functions both the shelter and the
programmes use: when each follow-up falls due, whether it is still open, and what a valid attempt is.

A follow-up falls due a number of calendar months after the day she left (FOLLOW_UP_MONTHS, by
default 3, 6 and 12 for the shelter; 6 and 12 for a programme's exits), a day the target month
lacks clamped to its last day (31 January + 6 months = 31 July; 31 August + 6 months = 28 or 29
February). It stays open until she is reached, until three attempts have gone unanswered (she is
not called a fourth time), or until the next follow-up falls due."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from housing.core.i18n import lazy_gettext as _l
from housing.core.i18n import lazy_pgettext

from housing.core.calendar import add_months
from housing.core.errors import Violation
from housing.core.formatting import format_dmy

CHANNELS = ("phone", "service")  # how she agreed to be contacted
ATTEMPT_CHANNELS = ("call", "through_service", "in_person", "message")
HOUSING_OUTCOMES = ("stably_housed", "housed_at_risk", "other_shelter", "returned_home", "unknown")
WORK_OUTCOMES = ("in_work", "not_in_work", "unknown")
MAX_UNANSWERED = 3
# The last follow-up stays open this long after it falls due (the others until the next one).
LAST_WINDOW_DAYS = 90
# An attempt may be made this many days before the follow-up falls due (she may be away then).
EARLY_DAYS = 14
NOTE_LIMIT = 2000
CONTACT_LIMIT = 120

NOT_YET, DUE, REACHED, UNREACHABLE, MISSED = "not_yet", "due", "reached", "unreachable", "missed"


@dataclass(frozen=True)
class Attempt:
    attempted_on: date
    reached: bool


def due_dates(left_on: date, months: Sequence[int]) -> list[tuple[int, date]]:
    """Each follow-up's month and the day it falls due, in order."""
    return [(month, add_months(left_on, month)) for month in sorted(months)]


def window_end(left_on: date, month: int, months: Sequence[int]) -> date:
    """The last day a follow-up is open: the day before the next one falls due, or LAST_WINDOW_DAYS
    after the last one."""
    later = [m for m in sorted(months) if m > month]
    if later:
        return add_months(left_on, later[0]) - timedelta(days=1)
    return add_months(left_on, month) + timedelta(days=LAST_WINDOW_DAYS)


def follow_up_state(left_on: date, month: int, months: Sequence[int], attempts: Iterable[Attempt],
                    today: date) -> str:
    """"reached" once an attempt reached her; "unreachable" after three unanswered attempts (no
    alert, no fourth call); otherwise "not_yet" before it falls due, "due" while open, "missed"
    after its window."""
    attempts = list(attempts)
    if any(a.reached for a in attempts):
        return REACHED
    if len(attempts) >= MAX_UNANSWERED:
        return UNREACHABLE
    if today < add_months(left_on, month):
        return NOT_YET
    if today > window_end(left_on, month, months):
        return MISSED
    return DUE


def may_attempt(left_on: date, month: int, months: Sequence[int], attempts: Iterable[Attempt], today: date) -> bool:
    """An attempt may be recorded while the follow-up is open, and from two weeks before it falls due."""
    state = follow_up_state(left_on, month, months, attempts, today)
    return state == DUE or (state == NOT_YET and today >= add_months(left_on, month) - timedelta(days=EARLY_DAYS))


def alert_due(left_on: date, month: int, months: Sequence[int], attempts: Iterable[Attempt], today: date,
              consents: bool) -> bool:
    """An alert while a follow-up she consented to is open; none after three unanswered attempts."""
    return consents and follow_up_state(left_on, month, months, attempts, today) == DUE


@dataclass(frozen=True)
class ConsentInput:
    """Her answer at discharge or exit: whether she may be contacted afterwards, and how."""

    consents: bool
    channel: str = ""
    phone: str = ""
    service: str = ""

    def violations(self) -> list[Violation]:
        return consent_violations(self.consents, self.channel, self.phone, self.service)


def kept_contact(data: ConsentInput) -> tuple[str, str, str]:
    """The way to reach her that is kept (channel, phone, service): without consent, none; with
    it, only the one she chose, its spaces tidied."""
    if not data.consents:
        return "", "", ""
    return (data.channel, " ".join(data.phone.split()) if data.channel == "phone" else "",
            " ".join(data.service.split()) if data.channel == "service" else "")


def consent_violations(consents: bool, channel: str, phone: str, service: str) -> list[Violation]:
    """With consent, how: by phone (a number) or through a named service."""
    if not consents:
        return []
    found: list[Violation] = []
    if channel not in CHANNELS:
        found.append(Violation("contact_channel", _l("Choose how she agreed to be contacted.")))
    elif channel == "phone" and not phone.strip():
        found.append(Violation("contact_phone", _l("Enter the phone number she agreed to be called on.")))
    elif channel == "service" and not service.strip():
        found.append(Violation("contact_service", _l("Name the service through which she may be contacted.")))
    for name, value in (("contact_phone", phone), ("contact_service", service)):
        if len(value) > CONTACT_LIMIT:
            found.append(Violation(name, _l("At most %(max)d characters (this has %(length)d).",
                                            max=CONTACT_LIMIT, length=len(value))))
    return found


def attempt_violations(left_on: date | None, consents: bool, month: int | None, months: Sequence[int],
                       earlier: Iterable[Attempt], attempted_on: date | None, channel: str, reached: bool | None,
                       outcomes: dict[str, str], allowed: dict[str, Sequence[str]], note: str,
                       today: date) -> list[Violation]:
    """An attempt belongs to a follow-up she consented to, that is open; it is dated between the
    day she left (and no earlier than two weeks before the follow-up falls due) and today; when she
    was reached, each outcome is given; when not, none is."""
    found: list[Violation] = []
    if left_on is None:
        return [Violation("", _l("A follow-up begins when she has left."))]
    if not consents:
        return [Violation("", _l("She did not consent to be contacted after leaving."))]
    if month is None or month not in months:
        return [Violation("month", _l("Choose the follow-up."))]
    earlier = list(earlier)
    state = follow_up_state(left_on, month, months, earlier, today)
    if state == REACHED:
        found.append(Violation("month", _l("This follow-up is done: she was reached.")))
    elif state == UNREACHABLE:
        found.append(Violation("month", _l("Three attempts went unanswered; she is not to be called again for "
                                           "this follow-up.")))
    falls_due = add_months(left_on, month)
    if attempted_on is None:
        found.append(Violation("attempted_on", _l("Enter the date of the attempt.")))
    elif attempted_on < left_on:
        found.append(Violation("attempted_on", _l("The attempt cannot come before she left (%(day)s).",
                                                  day=format_dmy(left_on))))
    elif attempted_on > today:
        found.append(Violation("attempted_on", _l("An attempt cannot be in the future.")))
    elif attempted_on < falls_due - timedelta(days=EARLY_DAYS):
        found.append(Violation("attempted_on", _l("This follow-up falls due on %(day)s; an attempt may be made at "
                                                  "most two weeks before.", day=format_dmy(falls_due))))
    elif attempted_on > window_end(left_on, month, months):
        found.append(Violation("attempted_on", _l("This follow-up was open until %(day)s; a later attempt belongs to "
                                                  "the next one.", day=format_dmy(window_end(left_on, month, months)))))
    if channel not in ATTEMPT_CHANNELS:
        found.append(Violation("channel", _l("Choose how the attempt was made.")))
    if reached is None:
        found.append(Violation("reached", _l("Answer whether she was reached.")))
    for name, values in allowed.items():
        value = outcomes.get(name, "")
        if reached and value not in values:
            found.append(Violation(name, _l("She was reached: choose the outcome.")))
        elif reached is False and value:
            found.append(Violation(name, _l("An outcome is recorded only when she was reached.")))
    if len(note) > NOTE_LIMIT:
        found.append(Violation("note", _l("At most %(max)d characters (this has %(length)d).",
                                          max=NOTE_LIMIT, length=len(note))))
    return found


CHANNEL_LABELS = {"phone": _l("By phone"), "service": _l("Through a named service")}
ATTEMPT_CHANNEL_LABELS = {"call": _l("Phone call"), "through_service": _l("Through the service"),
                          "in_person": _l("In person"), "message": _l("Text message")}
HOUSING_OUTCOME_LABELS = {"stably_housed": _l("Stably housed"), "housed_at_risk": _l("Housed but at risk"),
                          "other_shelter": _l("In another shelter"),
                          "returned_home": _l("Returned to the home she fled"), "unknown": _l("Unknown")}
WORK_OUTCOME_LABELS = {"in_work": lazy_pgettext("work outcome", "In work"),
                       "not_in_work": lazy_pgettext("work outcome", "Not in work"),
                       "unknown": lazy_pgettext("work outcome", "Unknown")}
STATE_LABELS = {NOT_YET: _l("not yet due"), DUE: _l("due"), REACHED: _l("reached"),
                UNREACHABLE: _l("not reached after three attempts"), MISSED: _l("not done in time")}


HOUSED = ("stably_housed", "housed_at_risk")  # still in a home of her own (or rented) when reached


@dataclass(frozen=True)
class Retention:
    """One follow-up's figures over the people who left in a period: how many left, consented,
    were due by today, were reached, and were still housed (and, for a programme, in work)."""

    month: int
    left: int
    consented: int
    due: int
    reached: int
    housed: int
    in_work: int = 0

    @property
    def share_reached(self) -> float | None:
        return self.reached / self.due if self.due else None

    @property
    def housing_retention(self) -> float | None:
        return self.housed / self.reached if self.reached else None

    @property
    def work_retention(self) -> float | None:
        return self.in_work / self.reached if self.reached else None


def retention(month: int, people: Sequence[tuple[date, bool, dict[int, tuple[str, str]]]], today: date) -> Retention:
    """`people`: for each person who left, (the day, whether she consented, month → (housing, work)
    outcome when reached). Due: consented, and the follow-up fell due by today. Housed: stably housed
    or housed but at risk. In work: "in_work"."""
    consented = [(left_on, reached) for left_on, consents, reached in people if consents]
    due = [reached for left_on, reached in consented if add_months(left_on, month) <= today]
    reached = [outcomes[month] for outcomes in due if month in outcomes]
    return Retention(month, len(people), len(consented), len(due), len(reached),
                     sum(1 for housing, _ in reached if housing in HOUSED),
                     sum(1 for _, work in reached if work == "in_work"))
