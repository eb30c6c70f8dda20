from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from housing.core.models import Model
from housing.core.types import UTCDateTime


class AuditEntry(Model):
    """One line of the audit trail. Written in the same transaction as the change it records;
    never updated or deleted through the app (housing.core.audit refuses it)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor: Mapped[str] = mapped_column(String(80))  # the username, or "system:<command>" for the CLI
    action: Mapped[str] = mapped_column(String(32), index=True)  # the service's word: admit, decide_extension …
    # create / update / delete; "" for an event that changes nothing (a login, opening a file)
    operation: Mapped[str] = mapped_column(String(8), default="")
    # whose data the values are: shelter, reintegration, accounts, rooms; "" for login and the like
    area: Mapped[str] = mapped_column(String(16), default="", index=True)
    record_type: Mapped[str] = mapped_column(String(40), default="", index=True)
    record_id: Mapped[int | None] = mapped_column(Integer)
    case_code: Mapped[str] = mapped_column(String(20), default="", index=True)
    changes: Mapped[str] = mapped_column(Text, default="")  # JSON: {"field": [old, new]}
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")
