"""Read models of extension requests."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from housing.extensions import db
from housing.shelter.models import ExtensionRequest, Stay


def pending_extension_requests() -> list[ExtensionRequest]:
    """Oldest first, with the stay and who asked."""
    return list(db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.status == "pending")
        .options(selectinload(ExtensionRequest.stay).selectinload(Stay.resident),
                 selectinload(ExtensionRequest.requested_by))
        .order_by(ExtensionRequest.requested_at, ExtensionRequest.id)).all())
