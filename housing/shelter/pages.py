"""What several of the shelter's pages share: the settings, the board behind a room choice, and
the repeated group of children (a "remove" button takes one out, everything typed is kept)."""
from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import MultiDict

from housing.core.i18n import gettext as _
from housing.core.clock import now_utc, today
from housing.core.forms import choices
from housing.shelter.rooms import queries as room_queries
from housing.shelter.stays import queries
from housing.shelter.stays.services import ShelterSettings


def settings() -> ShelterSettings:
    return ShelterSettings.from_config(current_app.config)


def board() -> queries.Board:
    return queries.occupancy_board(today(), now_utc(), settings().capacity,
                                   current_app.config["DEPARTURES_WINDOW_DAYS"])


def room_choices(persons: int | None = None, board: queries.Board | None = None):
    """The rooms with their free beds in service: the board's if the page has it, else one
    statement. Given the household's size (an admission), the rooms it fits in come first and the
    others are marked as too small."""
    lines: list = list(board.rooms) if board is not None else room_queries.room_choices(now_utc())
    if persons is not None:
        lines.sort(key=lambda line: line.free_beds < persons)  # stable: by name within each group
    return choices([("", _("— choose —"))] + [
        (line.room_id, _("%(room)s — %(free)d free bed(s) of %(beds)d",
                         room=line.name, free=line.free_beds, beds=line.beds_in_service)
         + ("" if persons is None or line.free_beds >= persons
            else " — " + _("too small for %(n)d persons", n=persons)))
        for line in lines])


def removed_entry(formdata: MultiDict, list_name: str) -> int | None:
    """The index of the entry whose "remove" button was pressed, if any."""
    for key in formdata:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == list_name and parts[2] == "remove" and parts[1].isdecimal():
            return int(parts[1])
    return None


def without_entry(formdata: MultiDict, list_name: str, index: int) -> MultiDict:
    """The submitted form minus entry `index` of a repeated group (a child), later entries
    renumbered, everything typed kept."""
    kept: MultiDict[str, str] = MultiDict()
    for key, values in formdata.lists():
        if key.startswith(f"{list_name}-"):
            parts = key.split("-", 2)
            if len(parts) != 3 or not parts[1].isdecimal():  # "children-1" alone, or "²" (isdigit() lets it by)
                continue
            _, number, name = parts
            number = int(number)
            if number == index or name == "remove":
                continue
            if number > index:
                key = f"{list_name}-{number - 1}-{name}"
        kept.setlist(key, values)
    return kept
