"""One request, one transaction: load → authorise → act, then commit once, here.

In the spirit of indico's `RH.process`: the guard has authorised before the view runs
(housing.core.permissions); the view loads what it needs and calls one service through
`perform`, which puts a refusal's violations back onto the form; the application commits
once the view has answered and rolls back on any exception, so nothing a failing request
began is ever saved. No view, service or helper commits (a test reads the source for it);
the CLI commands own their transactions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast
from collections.abc import Callable

from flask import Flask, g, session
from werkzeug.exceptions import HTTPException

from housing.core.errors import DomainError
from housing.core.forms import apply_domain_error
from housing.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `perform` did: true when the service accepted; `value` is what it returned."""

    accepted: bool
    result: T | None = None

    def __bool__(self) -> bool:
        return self.accepted

    @property
    def value(self) -> T:
        """What the service returned; a refusal returned nothing."""
        if not self.accepted:
            raise ValueError("a refused action has no value")
        return cast(T, self.result)


REFUSED: Outcome[Any] = Outcome(False)


def perform(form: Any, action: Callable[[], T], validate: bool = True) -> Outcome[T]:
    """Validate the submitted form (unless told not to), then act. A refusal of the rules rolls
    back what the service began and shows each violation on the field it names; the form keeps
    what the user typed."""
    if validate and not form.validate_on_submit():
        return REFUSED
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        apply_domain_error(form, error)
        return REFUSED
    return Outcome(True, value)


def rehearse(form: Any, action: Callable[[], T]) -> Outcome[T]:
    """What `perform` would answer, with nothing kept: the change is tried under the same rules and
    locks, then rolled back whole. A confirmation page is shown only for a change the rules accept;
    the confirm step then performs it for real (and is checked again: a moment has passed)."""
    outcome = perform(form, action)
    db.session.rollback()
    return outcome


_SAVE_BEFORE_VIEW = "housing_save_before_view"


def save_before_view() -> None:
    """What a check before the view wrote (a session's last activity, the end of a session that
    ran out) is saved whatever the view then does: committed before the view runs."""
    g.setdefault(_SAVE_BEFORE_VIEW, True)


def commit_request() -> None:
    """The one commit of a request. If it fails, nothing was saved: the messages that said
    otherwise are taken back before the error page is shown."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        session.pop("_flashes", None)
        raise


class HousingApp(Flask):
    """A Flask application whose every request is one unit of work."""

    def preprocess_request(self) -> Any:
        from housing.core.database import mark_request

        mark_request(self)  # before the first statement: a reading request never waits for a writer
        try:
            answer = super().preprocess_request()
        except HTTPException:
            commit_request()  # a guard refused (403): what the session check wrote stays
            raise
        except BaseException:
            db.session.rollback()
            raise
        if answer is not None or g.pop(_SAVE_BEFORE_VIEW, False):
            # A guard answered (to the login page after an idle logout), or asked to keep what it wrote.
            commit_request()
        return answer

    def dispatch_request(self) -> Any:
        try:
            answer = super().dispatch_request()
        except BaseException:
            db.session.rollback()
            raise
        commit_request()
        return answer
