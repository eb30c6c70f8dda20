"""The audit trail's pages: who did what, when, to which record, old → new (the recorder
itself is in housing.core.audit)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from housing.core.i18n import lazy_gettext as _l

    from housing.audit.views import bp
    from housing.core.permissions import Permission
    from housing.core.registry import MenuEntry, register_area, register_menu_entry

    register_area(app, "audit")
    app.register_blueprint(bp)
    register_menu_entry(app, MenuEntry(70, _l("Audit trail"), "audit.trail",
                                       lambda user: user.can(Permission.VIEW_AUDIT)))
    register_subject_access_reading(app)


def register_subject_access_reading(app: Flask) -> None:
    """The subject-access page reads fields and codes with the labels the audit trail uses."""
    from housing.audit.sentences import code_label, field_label_or_none
    from housing.core.reading import Reading, register_reading

    register_reading(app, Reading(field_label=field_label_or_none, code_label=code_label))

