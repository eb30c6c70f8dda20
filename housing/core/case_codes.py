"""Case codes (SH-2026-014, RE-2026-003): one counter per prefix and year, for every area."""
from __future__ import annotations

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from housing.core.audit import audited
from housing.core.models import Model
from housing.extensions import db


class CaseCodeCounter(Model):
    """The last case number handed out per prefix and year; numbers only go up, never reused."""

    __tablename__ = "case_code_counter"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


def format_case_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:03d}"


@audited("assign_case_code")
def next_case_code(prefix: str, year: int) -> str:
    """Numbers run per year and are never handed out twice. Call under lock()."""
    counter = db.session.scalar(select(CaseCodeCounter).where(CaseCodeCounter.prefix == prefix,
                                                              CaseCodeCounter.year == year).with_for_update())
    if counter is None:
        counter = CaseCodeCounter(prefix=prefix, year=year, last_number=0)
        db.session.add(counter)
    counter.last_number += 1
    db.session.flush()
    return format_case_code(prefix, year, counter.last_number)
