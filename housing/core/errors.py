"""Domain errors. A violation names the form field it concerns, so a view can show it there."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One broken rule: the field it concerns (a form field name, or "" for the form) and a message."""

    field: str
    message: str


class DomainError(Exception):
    """A request the rules refuse. Carries every violation found, not only the first."""

    def __init__(self, violations: list[Violation] | Violation):
        if isinstance(violations, Violation):
            violations = [violations]
        self.violations = list(violations)
        super().__init__("; ".join(str(v.message) for v in self.violations))


class RuleViolation(DomainError):
    pass


class NotFound(DomainError):
    pass
