from datetime import date

import pytest

from housing.core.forms import parse_dmy
from housing.core.formatting import format_dmy


@pytest.mark.parametrize("text, expected", [("05/03/2026", date(2026, 3, 5)), ("5/3/2026", date(2026, 3, 5)),
                                            ("29/02/2028", date(2028, 2, 29)), ("2026-03-05", date(2026, 3, 5)),
                                            (" 05.03.2026 ", date(2026, 3, 5)),
                                            ("05032026", date(2026, 3, 5)),  # a phone's number pad: 8 digits
                                            ("29022028", date(2028, 2, 29))])
def test_parses_day_month_year(text, expected):
    assert parse_dmy(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2027", "00/01/2026", "1/13/2026", "yesterday", "05/03/26",
                                  "01/01/0001", "'; DROP TABLE stay; --", "٠٥/٠٣/٢٠٢٦", "9" * 10000,
                                  "5032026", "050326", "29022027", "32012026", "050320260"])
def test_refuses_impossible_dates(text):
    with pytest.raises(ValueError):
        parse_dmy(text)


def test_shows_dates_day_first():
    assert format_dmy(date(2026, 3, 5)) == "05/03/2026"
