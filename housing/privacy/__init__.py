"""Retention and subject access over every area's personal records."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.backup import backup_command
    from housing.core.registry import register_area
    from housing.privacy.cli import retention_cli

    register_area(app, "privacy")
    app.cli.add_command(retention_cli)
    app.cli.add_command(backup_command)
