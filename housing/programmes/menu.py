"""What each programme adds to the menu, to the account forms and to a shelter stay's page
(the enrolment of a woman who left for it), under its own name."""
from __future__ import annotations

from flask import Flask
from flask_babel import LazyString
from housing.core.i18n import gettext as _, lazy_gettext as _l

from housing.core.permissions import Permission
from housing.core.registry import Enrolment, MenuEntry, Onward, SearchTarget, register_menu_entry
from housing.programmes.programme import Programme


def register_programme_menu(app: Flask, programme: Programme, configured: tuple[str, ...]) -> None:
    """Whoever works in one programme reads "Caseload" and "Beneficiaries"; whoever works in
    several (coordinators, when more than one is configured) reads each programme's caseload as a
    link under its name (its list of beneficiaries is one click away)."""

    def programmes_of(user) -> int:
        return sum(1 for code in configured if user.works_in(code))

    def works_here(user) -> bool:
        return user.can(Permission.VIEW_REINTEGRATION) and user.works_in(programme.code)

    order = 40 + 2 * programme.order
    register_menu_entry(app, MenuEntry(order, LazyString(lambda: programme.name), f"{programme.code}.caseload",
                                       lambda user: works_here(user) and programmes_of(user) > 1))
    alone = lambda user: works_here(user) and programmes_of(user) == 1  # noqa: E731
    register_menu_entry(app, MenuEntry(order, _l("Caseload"), f"{programme.code}.caseload", alone))
    register_menu_entry(app, MenuEntry(order + 1, _l("Beneficiaries"), f"{programme.code}.beneficiaries", alone))


def staff_role_label(programme: Programme) -> LazyString:
    """"REINTEGRATION caseworker", in the reader's language."""
    return LazyString(lambda: _("%(programme)s caseworker", programme=programme.name))


def onward_from_shelter(programme: Programme) -> Onward:
    """A stay discharged to this programme's code leads to its enrolment from the shelter."""

    def enrolment_of(stay_id: int) -> Enrolment | None:
        from flask import url_for

        from housing.programmes.queries import enrolled_from_stay

        person = enrolled_from_stay(stay_id, programme.code)
        if person is None:
            return None
        return Enrolment(person.case_code, url_for(f"{programme.code}.beneficiary", beneficiary_id=person.id))

    return Onward(programme.code, LazyString(lambda: programme.name), f"{programme.code}.enrol_from_shelter",
                  enrolment_of)


def search_target(programme: Programme) -> SearchTarget:
    """The header's search box finds the programme's beneficiaries for whoever works in it."""
    return SearchTarget(20 + programme.order, LazyString(lambda: programme.name),
                        LazyString(lambda: _("Search %(programme)s beneficiaries by case code or name",
                                             programme=programme.name)),
                        f"{programme.code}.beneficiaries",
                        lambda user: user.can(Permission.VIEW_REINTEGRATION) and user.works_in(programme.code))
