"""The shelter's alerts: small pure rules over facts from the areas' queries.

Thresholds come from config (ALERT_STAY_ENDING_DAYS, ALERT_EXTENSION_PENDING_HOURS,
ALERT_CHILD_LIMIT_DAYS, ALERT_NEARLY_FULL_PERCENT)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select

from housing.core.i18n import lazy_gettext as _l
from housing.core.alerts import FACT_NOW, Alert, AlertAction, AlertContext, alert_source, fact_columns
from housing.core.clock import to_athens
from housing.core.permissions import Permission
from housing.shelter.models import Child, ExtensionRequest, Stay, StayChild
from housing.shelter.night.queries import AbsenceFact, absences_query
from housing.shelter.rooms.queries import active_women_query, holds_query
from housing.shelter.rooms.rules import places_taken
from housing.shelter.stays import queries
from housing.shelter.stays.queries import ChildFact, StayFact
from housing.shelter.stays.rules import child_limit_date, limit_reached_during_stay

# Who sees each kind: whoever sees the shelter's cases, or whoever decides (the coordinators).
SHELTER_TEAM = Permission.VIEW_SHELTER_CASES


def _stay_link(stay_id: int) -> tuple[str, tuple]:
    return "shelter.stay", (("stay_id", stay_id),)


# --- Pure rules ---------------------------------------------------------------------------

def stays_ending(stays: list[StayFact], today: date, within_days: int) -> list[Alert]:
    """Stays whose planned end falls within the next N days (today included)."""
    horizon = today + timedelta(days=within_days)
    return [Alert("stay_ending", s.case_code, s.planned_end, "warning", SHELTER_TEAM,
                  _l("%(code)s: the stay ends on %(day)s.", code=s.case_code, day=s.planned_end.strftime("%d/%m/%Y")),
                  *_stay_link(s.stay_id))
            for s in stays if today <= s.planned_end <= horizon]


def stays_overdue(stays: list[StayFact], today: date) -> list[Alert]:
    """Stays past their planned end and not discharged: discharge or extend."""
    return [Alert("stay_overdue", s.case_code, s.planned_end, "urgent", SHELTER_TEAM,
                  _l("%(code)s: the planned end (%(day)s) has passed; discharge her or request an extension.",
                     code=s.case_code, day=s.planned_end.strftime("%d/%m/%Y")), *_stay_link(s.stay_id))
            for s in stays if s.planned_end < today]


def children_reaching_limit(stays: list[StayFact], today: date, limits, within_days: int) -> list[Alert]:
    """A child reaching the age limit for their sex before the planned end, or within N days."""
    found = []
    horizon = today + timedelta(days=within_days)
    for stay in stays:
        for child in stay.children:
            limit_day = child_limit_date(child.sex, child.birth_date, limits)
            during_stay = limit_reached_during_stay(child.sex, child.birth_date, stay.planned_end, limits)
            if during_stay or limit_day <= horizon:
                severity = "urgent" if limit_day <= today else "warning"
                # A restricted stay's alerts carry its case code only: never her child's name.
                message = (_l("%(code)s: a child reaches the age limit (%(limit)d) on %(day)s.", code=stay.case_code,
                              limit=limits[child.sex], day=limit_day.strftime("%d/%m/%Y")) if stay.restricted
                           else _l("%(code)s: %(name)s reaches the age limit (%(limit)d) on %(day)s.",
                                   code=stay.case_code, name=child.first_name, limit=limits[child.sex],
                                   day=limit_day.strftime("%d/%m/%Y")))
                found.append(Alert("child_age_limit", stay.case_code, limit_day, severity, SHELTER_TEAM, message,
                                   *_stay_link(stay.stay_id)))
    return found


def extensions_waiting(requests: list[tuple[int, str, datetime, int]], now: datetime, after_hours: int,
                       today: date) -> list[Alert]:
    """Extension requests waiting for a decision longer than N hours. Facts: (request id,
    case code, requested at, stay id)."""
    return [Alert("extension_pending", code, today, "warning", Permission.DECIDE_EXTENSION,
                  _l("%(code)s: an extension request has waited %(hours)d hours for a decision.", code=code,
                     hours=int((now - asked).total_seconds() // 3600)),
                  "shelter.extensions", details=(("request_id", request_id),), person=("stay_id", stay_id))
            for request_id, code, asked, stay_id in requests if now - asked > timedelta(hours=after_hours)]


def absences(facts: list[AbsenceFact]) -> list[Alert]:
    """Absent at the last night check; without a note it is urgent (unexplained)."""
    return [Alert("absent_at_night_check", a.case_code, a.night_of, "warning" if a.note else "urgent", SHELTER_TEAM,
                  _l("%(code)s was absent at the night check of %(day)s: %(note)s", code=a.case_code,
                     day=a.night_of.strftime("%d/%m/%Y"), note=a.note) if a.note and not a.restricted else
                  _l("%(code)s was absent at the night check of %(day)s, with no explanation.", code=a.case_code,
                     day=a.night_of.strftime("%d/%m/%Y")),
                  *_stay_link(a.stay_id))
            for a in facts]


def restrictions_to_confirm(stays: list[tuple[int, str, date]]) -> list[Alert]:
    """Stays restricted at intake by staff: hidden already, waiting for a coordinator to confirm
    or lift the restriction. Facts: (stay id, case code, day requested)."""
    return [Alert("restriction_to_confirm", code, day, "urgent", Permission.RESTRICT_STAY,
                  _l("%(code)s: a restriction requested at admission waits for a coordinator's confirmation.",
                     code=code), *_stay_link(stay_id))
            for stay_id, code, day in stays]


def nearly_full(taken: int, capacity: int, percent: int, today: date) -> list[Alert]:
    """The shelter at or above N% of its places (holds count as taken)."""
    if capacity and taken * 100 >= percent * capacity:
        return [Alert("shelter_nearly_full", "SHELTER", today, "info", SHELTER_TEAM,
                      _l("The shelter is %(pct)d%% full: %(taken)d of %(capacity)d places.",
                         pct=taken * 100 // capacity, taken=taken, capacity=capacity), "shelter.board")]
    return []


# --- What settles each kind: the buttons beside its alerts, for whoever may press them -----

REQUEST_EXTENSION = AlertAction(_l("Request an extension"), Permission.REQUEST_EXTENSION, anchor="extensions")
RECORD_DISCHARGE = AlertAction(_l("Record the discharge"), Permission.DISCHARGE_STAY, anchor="discharge")
OPEN_STAY = AlertAction(_l("Open her stay"), Permission.VIEW_SHELTER_CASES)
DECIDE_EXTENSION = AlertAction(_l("Decide the request"), Permission.DECIDE_EXTENSION)
OPEN_NIGHT_CHECK = AlertAction(_l("Open the night check"), Permission.NIGHT_CHECK, "shelter.night_check_detail",
                               lambda alert: {"night": alert.due.isoformat()})
CONFIRM_RESTRICTION = AlertAction(_l("Confirm or lift the restriction"), Permission.RESTRICT_STAY,
                                  anchor="restriction")
OPEN_BOARD = AlertAction(_l("Open the board"), Permission.VIEW_BOARD)
OPEN_WAITING_LIST = AlertAction(_l("Open the waiting list"), Permission.WAITING_LIST, "shelter.waiting_list",
                                lambda alert: {})


# --- Facts: one SELECT each, all read in one statement (housing.core.alerts) ---------------

def _active_stays_with_children() -> Select:
    """A row per child of each active stay (one with no child for a stay without children)."""
    return (select(*fact_columns("shelter.active_stays", record_id=Stay.id, code=Stay.case_code,
                                 restricted=Stay.restricted, day1=Stay.planned_end, number1=Child.id,
                                 text1=Child.first_name, text2=Child.sex, day2=Child.birth_date))
            .outerjoin(StayChild, StayChild.stay_id == Stay.id).outerjoin(Child, Child.id == StayChild.child_id)
            .where(Stay.discharged_on.is_(None)))


def _pending_extensions() -> Select:
    return (select(*fact_columns("shelter.pending_extensions", record_id=ExtensionRequest.id, subject_id=Stay.id,
                                 code=Stay.case_code, at=ExtensionRequest.requested_at))
            .join(Stay, Stay.id == ExtensionRequest.stay_id).where(ExtensionRequest.status == "pending"))


def _absences() -> Select:
    facts = absences_query().subquery()
    return select(*fact_columns("shelter.absences", record_id=facts.c.id, code=facts.c.case_code,
                                restricted=facts.c.restricted, day1=facts.c.night_of, text1=facts.c.note))


def _restrictions() -> Select:
    return (select(*fact_columns("shelter.restrictions_to_confirm", record_id=Stay.id, code=Stay.case_code,
                                 at=Stay.restriction_requested_at))
            .where(*queries.RESTRICTION_TO_CONFIRM))


def _places() -> Select:
    return select(*fact_columns("shelter.places", number1=active_women_query().scalar_subquery(),
                                number2=holds_query(FACT_NOW).scalar_subquery()))


FACTS = {"shelter.active_stays": _active_stays_with_children, "shelter.pending_extensions": _pending_extensions,
         "shelter.absences": _absences, "shelter.restrictions_to_confirm": _restrictions,
         "shelter.places": _places}


def _stays(context: AlertContext) -> list[StayFact]:
    def grouped() -> list[StayFact]:
        stays: dict[int, tuple[Any, list[ChildFact]]] = {}
        for row in context.facts("shelter.active_stays"):
            children = stays.setdefault(row.record_id, (row, []))[1]
            if row.number1 is not None:
                children.append(ChildFact(row.text1, row.text2, row.day2))
        return [StayFact(row.record_id, row.code, row.day1, tuple(children), bool(row.restricted))
                for row, children in stays.values()]

    return context.once("shelter.active_stays", grouped)


# --- Sources: facts from the queries, thresholds from config ------------------------------

@alert_source("stay_ending", SHELTER_TEAM, label=_l("Stay ending soon"),
              actions=(REQUEST_EXTENSION, RECORD_DISCHARGE), facts=("shelter.active_stays",))
def _stay_ending(context: AlertContext) -> list[Alert]:
    return stays_ending(_stays(context), context.today, context.config["ALERT_STAY_ENDING_DAYS"])


@alert_source("stay_overdue", SHELTER_TEAM, label=_l("Stay past its planned end"),
              actions=(REQUEST_EXTENSION, RECORD_DISCHARGE), facts=("shelter.active_stays",))
def _stay_overdue(context: AlertContext) -> list[Alert]:
    return stays_overdue(_stays(context), context.today)


@alert_source("child_age_limit", SHELTER_TEAM, label=_l("Child reaching the age limit"),
              actions=(OPEN_STAY,), facts=("shelter.active_stays",))
def _child_age_limit(context: AlertContext) -> list[Alert]:
    return children_reaching_limit(_stays(context), context.today, context.config["CHILD_AGE_LIMITS"],
                                   context.config["ALERT_CHILD_LIMIT_DAYS"])


@alert_source("extension_pending", Permission.DECIDE_EXTENSION, label=_l("Extension waiting for a decision"),
              actions=(DECIDE_EXTENSION,),
              facts=("shelter.pending_extensions",))
def _extension_pending(context: AlertContext) -> list[Alert]:
    facts = [(row.record_id, row.code, row.at, row.subject_id) for row in context.facts("shelter.pending_extensions")]
    return extensions_waiting(facts, context.now, context.config["ALERT_EXTENSION_PENDING_HOURS"], context.today)


@alert_source("absent_at_night_check", SHELTER_TEAM, label=_l("Absent at the night check"),
              actions=(OPEN_NIGHT_CHECK,),
              facts=("shelter.absences",))
def _absent(context: AlertContext) -> list[Alert]:
    return absences([AbsenceFact(row.record_id, row.code, row.day1, row.text1, bool(row.restricted))
                     for row in context.facts("shelter.absences")])


@alert_source("restriction_to_confirm", Permission.RESTRICT_STAY, label=_l("Restriction to confirm"),
              actions=(CONFIRM_RESTRICTION,),
              facts=("shelter.restrictions_to_confirm",))
def _restriction_to_confirm(context: AlertContext) -> list[Alert]:
    rows = sorted(context.facts("shelter.restrictions_to_confirm"), key=lambda row: row.at)
    return restrictions_to_confirm([(row.record_id, row.code, to_athens(row.at).date()) for row in rows])


@alert_source("shelter_nearly_full", SHELTER_TEAM, label=_l("Shelter nearly full"),
              actions=(OPEN_BOARD, OPEN_WAITING_LIST), facts=("shelter.places",))
def _nearly_full(context: AlertContext) -> list[Alert]:
    (row,) = context.facts("shelter.places")
    taken = places_taken(row.number1 or 0, row.number2 or 0)
    return nearly_full(taken, context.config["SHELTER_CAPACITY"], context.config["ALERT_NEARLY_FULL_PERCENT"],
                       context.today)
