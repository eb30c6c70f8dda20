"""The register of requests turned away at once (a call when the shelter is full): anonymous,
one quick form for staff and the night shift, and the last 30 days beside it."""
