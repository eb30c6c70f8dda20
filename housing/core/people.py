"""Finding earlier records of a person in any area's model of people."""
from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select

from housing.core.names import same_person
from housing.extensions import db

Person = TypeVar("Person")


def possible_duplicates(model: type[Person], first_name: str, last_name: str, birth_date: date | None,
                        *options: Any) -> list[Person]:
    """Earlier records of the same person in one model with first_name, last_name and birth_date:
    same date of birth and the same name (`same_person`). Read afresh (populate_existing): under a
    lock the answer must include what another request committed a moment ago."""
    if not first_name.strip() or not last_name.strip() or birth_date is None:
        return []
    born_that_day = db.session.scalars(
        select(model).where(model.birth_date == birth_date)  # type: ignore[attr-defined]
        .options(*options).order_by(model.id)  # type: ignore[attr-defined]
        .execution_options(populate_existing=True)).all()
    return [person for person in born_that_day
            if same_person(first_name, last_name, birth_date, person.first_name, person.last_name,  # type: ignore[attr-defined]
                           person.birth_date)]  # type: ignore[attr-defined]
