"""The feed under /api/v1 (partner tokens; its document public) and the admin's token pages
under /admin/feed-tokens. Each blueprint has its guard."""
from __future__ import annotations

from housing.core.permissions import guarded_blueprint

api = guarded_blueprint("api", __name__, url_prefix="/api/v1")
tokens = guarded_blueprint("feed_tokens", __name__, url_prefix="/admin/feed-tokens")
