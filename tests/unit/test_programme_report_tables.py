"""The programme report's tables from given figures (no database): the work target as config sets
it, the ETHOS folding into categories, shares with nobody to divide by."""
from __future__ import annotations

import pytest
from flask_babel import Babel
from flask import Flask

from config import ANOIKO, REINTEGRATION
from housing.programmes.programme import ProgrammeConfigError, parse_programme
from housing.programmes.report import ethos_category, ethos_table, share, work_table


@pytest.fixture(autouse=True)
def english():
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: "en")
    with app.test_request_context():
        yield


def test_the_work_target_is_twenty_percent_unless_the_programme_says_otherwise():
    assert parse_programme(REINTEGRATION).work_target_percent == 20
    assert parse_programme({k: v for k, v in ANOIKO.items() if k != "work_target_percent"}).work_target_percent == 20
    assert parse_programme({**ANOIKO, "work_target_percent": 35}).work_target_percent == 35
    assert parse_programme({**ANOIKO, "work_target_percent": 0}).work_target_percent == 0
    assert parse_programme({**ANOIKO, "work_target_percent": 100}).work_target_percent == 100


@pytest.mark.parametrize("target", [-1, 101, "20", 20.5, True])
def test_a_work_target_that_is_not_a_percentage_is_refused(target):
    with pytest.raises(ProgrammeConfigError) as refused:
        parse_programme({**ANOIKO, "work_target_percent": target})
    assert "'work_target_percent' must be a whole number from 0 to 100" in str(refused.value)


@pytest.mark.parametrize("code, category", [
    ("houseless.womens_shelter", "houseless"), ("roofless.public_space", "roofless"),
    ("insecure.violence", "insecure"), ("inadequate.overcrowding", "inadequate"), ("housed", "housed"),
])
def test_ethos_codes_fold_into_their_category(code, category):
    assert ethos_category(code) == category


def test_shares_with_nobody_to_divide_by_are_left_blank():
    assert share(1, 4) == 0.25
    assert share(0, 4) == 0.0
    assert share(0, 0) is None


def test_the_note_says_when_the_last_day_is_below_the_target():
    exactly = work_table((10, 1), (10, 2), 20)
    assert exactly.rows[1][3:] == (0.2, 0.2) and exactly.note == ""  # at the target is not below it
    below = work_table((10, 5), (10, 1), 20)
    assert str(below.note) == "Below the target of 20 % on the period's last day."
    nobody = work_table((0, 0), (0, 0), 20)
    assert nobody.rows[1][3] is None and nobody.note == ""


def test_an_exit_outside_ethos_is_left_out_and_said_so():
    table = ethos_table({("houseless.womens_shelter", "housed"): 3, ("houseless.womens_shelter", "nowhere"): 1,
                         ("unknown", "housed"): 2})
    assert table.rows[1][1:] == (3, 0, 0, 0, 0, 3)
    assert table.total[1:] == (3, 0, 0, 0, 0, 3)
    assert str(table.note) == "3 exits with a living situation outside ETHOS are left out."
