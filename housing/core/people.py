"""Finding earlier records of a person in any area's model of people."""
from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import String, select, text
from sqlalchemy.orm import Mapped, mapped_column, validates

from housing.core.names import full_name_key, same_person
from housing.extensions import db

Person = TypeVar("Person")


class NameSearchKeyMixin:
    """A person's name as searched (`full_name_key`: ELOT 743, no case, accents or sigma),
    stored and indexed beside it so that a list is searched with LIKE on one column, on SQLite
    and PostgreSQL alike. Kept in step here, whenever the first or last name is set, by every
    write path; an anonymised name ("—") leaves an empty key, which no search finds."""

    search_key: Mapped[str] = mapped_column(String(400), default="", server_default=text("''"), index=True)

    @validates("first_name", "last_name")
    def _keep_search_key(self, field: str, value: str) -> str:
        first = value if field == "first_name" else (getattr(self, "first_name", None) or "")
        last = value if field == "last_name" else (getattr(self, "last_name", None) or "")
        self.search_key = full_name_key(first, last)
        return value


def possible_duplicates(model: type[Person], first_name: str, last_name: str, birth_date: date | None,
                        *options: Any) -> list[Person]:
    """Earlier records of the same person in one model with first_name, last_name, birth_date and
    the stored search key: same date of birth and the same name (`same_person`), "Eleni Papadaki"
    typed in Latin letters finding "Ελένη Παπαδάκη". Read afresh (populate_existing): under a
    lock the answer must include what another request committed a moment ago."""
    if not first_name.strip() or not last_name.strip() or birth_date is None:
        return []
    key = full_name_key(first_name, last_name)
    if not key:
        return []
    born_that_day = db.session.scalars(
        select(model).where(model.birth_date == birth_date,  # type: ignore[attr-defined]
                            model.search_key == key)  # type: ignore[attr-defined]
        .options(*options).order_by(model.id)  # type: ignore[attr-defined]
        .execution_options(populate_existing=True)).all()
    return [person for person in born_that_day
            if same_person(first_name, last_name, birth_date, person.first_name, person.last_name,  # type: ignore[attr-defined]
                           person.birth_date)]  # type: ignore[attr-defined]
