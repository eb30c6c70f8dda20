"""A programme is data in config: each definition is read and checked at start-up, and one
that cannot run stops the start with a message naming what is wrong."""
from __future__ import annotations

import pytest

from config import ANOIKO, REINTEGRATION
from housing.programmes.programme import ProgrammeConfigError, parse_programme, parse_programmes


def test_reintegration_is_read_from_the_existing_figures():
    programme = parse_programme(REINTEGRATION)
    assert (programme.code, programme.case_prefix, programme.capacity, programme.programme_months) == \
        ("reintegration", "RE", 60, 24)
    assert (programme.rent_months, programme.wage_months, programme.insurance_months) == (24, 12, 12)
    assert programme.rent_caps == {1: 300, 2: 400, 3: 450, 4: 500, 5: 550}
    assert (programme.alert_days, programme.no_session_days) == (30, 30)
    assert (programme.staff_role, programme.from_shelter) == ("reintegration_staff", True)
    assert programme.names == {"en": "REINTEGRATION", "el": "ΕΠΑΝΕΝΤΑΞΗ"}


def changed(**changes) -> dict:
    definition = dict(REINTEGRATION)
    for key, value in changes.items():
        if value is ...:
            definition.pop(key)
        else:
            definition[key] = value
    return definition


@pytest.mark.parametrize("definition, message", [
    (changed(code="Reintegration"), "'code' must be lower-case letters"),
    (changed(code="shelter"), "and not an area's name"),
    (changed(code=...), "'code' must be lower-case letters"),
    (changed(name={"en": "X"}), "'name' must give the name in English and Greek"),
    (changed(name={"en": "X", "el": " "}), "'name' must give the name in English and Greek"),
    (changed(case_prefix="re"), "'case_prefix' must be 2 to 4 capital letters"),
    (changed(case_prefix="REINT"), "'case_prefix' must be 2 to 4 capital letters"),
    (changed(capacity=0), "'capacity' must be a whole number of at least 1, not 0"),
    (changed(capacity="60"), "'capacity' must be a whole number of at least 1, not '60'"),
    (changed(capacity=True), "'capacity' must be a whole number"),
    (changed(months=...), "'months' must be a whole number of at least 1, not None"),
    (changed(subsidy_months={"rent": 24, "wage": 12}), "'subsidy_months' must give 'rent', 'wage' and 'insurance'"),
    (changed(subsidy_months={"rent": -1, "wage": 12, "insurance": 12}), "'rent' must be a whole number of at least 0"),
    (changed(rent_caps={2: 400}), "'rent_caps' must map household sizes (from 1) to euros a month"),
    (changed(rent_caps={}), "'rent_caps' must map household sizes"),
    (changed(staff_role="coordinator"), "'staff_role' must be a role name of its own"),
    (changed(from_shelter="yes"), "'from_shelter' must be True or False"),
    ("reintegration", "a definition is a dict"),
])
def test_a_definition_that_cannot_run_is_refused_with_its_reason(definition, message):
    with pytest.raises(ProgrammeConfigError) as refused:
        parse_programme(definition)
    assert message in str(refused.value)


def test_a_subsidy_may_be_configured_off():
    programme = parse_programme(changed(subsidy_months={"rent": 24, "wage": 0, "insurance": 0}))
    assert (programme.wage_months, programme.insurance_months) == (0, 0)


@pytest.mark.parametrize("definitions, message", [
    ([REINTEGRATION, dict(ANOIKO, code="reintegration")], "have the same code 'reintegration'"),
    ([REINTEGRATION, dict(ANOIKO, case_prefix="RE")], "have the same case_prefix 'RE'"),
    ([REINTEGRATION, dict(ANOIKO, staff_role="reintegration_staff")], "have the same staff_role"),
    ([dict(ANOIKO, case_prefix="SH")], "the prefix 'SH' is the shelter's"),
    ([], "PROGRAMMES lists no programme"),
])
def test_programmes_do_not_share_a_code_a_prefix_or_a_role(definitions, message):
    with pytest.raises(ProgrammeConfigError) as refused:
        parse_programmes(definitions)
    assert message in str(refused.value)


def test_programmes_keep_the_order_of_config():
    assert list(parse_programmes([REINTEGRATION, ANOIKO])) == ["reintegration", "anoiko"]


def test_a_bad_definition_stops_the_application_at_start_up():
    from housing import create_app

    with pytest.raises(ProgrammeConfigError, match="programme 'anoiko': 'capacity' must be a whole number"):
        create_app("testing", PROGRAMMES=[REINTEGRATION, dict(ANOIKO, capacity=-3)])
