"""The shelter's two blueprints: the shelter's pages (/shelter/…) and rooms and beds (/rooms/…).
Each area's views add their routes to them; each blueprint has its guard."""
from __future__ import annotations

from housing.core.permissions import guarded_blueprint

shelter = guarded_blueprint("shelter", __name__, url_prefix="/shelter")
rooms = guarded_blueprint("rooms", __name__, url_prefix="/rooms")
