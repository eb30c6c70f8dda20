"""What each programme adds to the menu and to the account forms, under its own name."""
from __future__ import annotations

from flask import Flask
from flask_babel import LazyString, gettext as _, lazy_gettext as _l

from housing.core.permissions import Permission
from housing.core.registry import MenuEntry, register_menu_entry
from housing.programmes.programme import Programme


def register_programme_menu(app: Flask, programme: Programme, several: bool) -> None:
    """With one programme the menu reads "Caseload" and "Beneficiaries"; with several, each
    programme's caseload is a link under its name (its list of beneficiaries is one click away)."""

    def visible(user) -> bool:
        return user.can(Permission.VIEW_REINTEGRATION) and user.works_in(programme.code)

    order = 40 + 2 * programme.order
    if several:
        label = LazyString(lambda: programme.name)
        register_menu_entry(app, MenuEntry(order, label, f"{programme.code}.caseload", visible))
        return
    register_menu_entry(app, MenuEntry(order, _l("Caseload"), f"{programme.code}.caseload", visible))
    register_menu_entry(app, MenuEntry(order + 1, _l("Beneficiaries"), f"{programme.code}.beneficiaries", visible))


def staff_role_label(programme: Programme) -> LazyString:
    """"REINTEGRATION caseworker", in the reader's language."""
    return LazyString(lambda: _("%(programme)s caseworker", programme=programme.name))
