"""The primary rule of small-cell suppression, for every count that leaves the service."""
from __future__ import annotations

import pytest

from housing.core.disclosure import outgoing_count


@pytest.mark.parametrize("count, leaves_as", [(0, 0), (1, "<3"), (2, "<3"), (3, 3), (4, 4), (17, 17)])
def test_one_or_two_people_leave_as_fewer_than_three(count, leaves_as):
    assert outgoing_count(count) == leaves_as


# The secondary rule, on tables written out by hand. "<3" is a count of 1–2 people; "*" a cell
# withheld so that a total does not give it back.
from housing.core.disclosure import suppressed_cells, outgoing_table  # noqa: E402
from housing.core.reports import NUMBER, PEOPLE, TEXT, Column, ReportTable  # noqa: E402


def _table(rows, total=None, row_total="", kinds=(TEXT, PEOPLE, PEOPLE, PEOPLE)):
    keys = ("label", "girls", "boys", "total")
    return ReportTable("t", "T", "", tuple(Column(key, key, kind) for key, kind in zip(keys, kinds, strict=True)), tuple(rows),
                       total, row_total=row_total)


def test_a_row_with_one_small_count_and_its_total_loses_a_second_cell():
    rows, total = outgoing_table(_table([("0-4", 2, 7, 9), ("5-11", 5, 4, 9)], row_total="total"))
    # 0-4: girls 2 → "<3"; boys 7 would give it back from 9 → withheld
    assert rows == [["0-4", "<3", "*", 9], ["5-11", 5, 4, 9]]
    assert total is None


def test_a_column_with_one_small_count_against_the_total_row_loses_the_next_smallest():
    rows, total = outgoing_table(_table([("full", 3, 3, 0), ("no room", 1, 4, 0), ("other", 6, 5, 0)],
                                        total=("Total", 10, 12, 0), kinds=(TEXT, PEOPLE, PEOPLE, NUMBER)))
    # girls: 1 → "<3"; the next smallest, 3 (full), withheld; 6 and the total stay
    assert rows == [["full", "*", 3, 0], ["no room", "<3", 4, 0], ["other", 6, 5, 0]]
    assert total == ["Total", 10, 12, 0]


def test_two_small_counts_in_a_line_protect_each_other():
    rows, total = outgoing_table(_table([("a", 1, 4, 5), ("b", 2, 6, 8)], total=("Total", 3, 10, 13),
                                        row_total="total"))
    # a: girls 1, and b: girls 2 → "<3"; each row then has one hidden cell: boys withheld in each;
    # the boys' column then has two hidden cells and the girls' two: nothing more.
    assert rows == [["a", "<3", "*", 5], ["b", "<3", "*", 8]]
    assert total == ["Total", 3, 10, 13]


def test_withholding_cascades_until_every_line_is_safe():
    rows, total = outgoing_table(_table([("a", 1, 8, 9), ("b", 5, 7, 12), ("c", 6, 9, 15)],
                                        total=("Total", 12, 24, 36), row_total="total"))
    # a: 1 → "<3", boys 8 withheld (row a). Column girls: one hidden → next smallest 5 (b) withheld.
    # Column boys: one hidden (8) → next smallest 7 (b) withheld. Row b then has two hidden: safe.
    assert rows == [["a", "<3", "*", 9], ["b", "*", "*", 12], ["c", 6, 9, 15]]
    assert total == ["Total", 12, 24, 36]


def test_a_zero_is_withheld_only_when_nothing_else_is_left():
    rows, _ = outgoing_table(_table([("a", 2, 0, 2)], row_total="total"))
    # the total 2 is itself small; girls 2 small: two hidden cells, the zero stays
    assert rows == [["a", "<3", 0, "<3"]]
    rows, _ = outgoing_table(_table([("a", 0, 2, 5)], kinds=(TEXT, PEOPLE, PEOPLE, NUMBER), total=None))
    assert rows == [["a", 0, "<3", 5]]  # no total: nothing to give it back


def test_figures_that_are_not_people_leave_as_they_are():
    table = ReportTable("n", "N", "", (Column("month", "m", TEXT), Column("nights", "n", NUMBER)),
                        (("01/2025", 1), ("02/2025", 2)), ("Total", 3))
    assert outgoing_table(table) == ([["01/2025", 1], ["02/2025", 2]], ["Total", 3])


def test_suppressed_cells_names_primary_and_secondary_apart():
    grid = [[1, 9, 10], [4, 4, 8], [5, 13, 18]]
    primary, withheld = suppressed_cells(grid, people=[0, 1], row_total=2, has_total_row=True)
    assert primary == {(0, 0)}
    # row 0 → (0, 1) withheld (9); column 0 → (1, 0) withheld (4); column 1 now has 9 hidden alone
    # → (1, 1) withheld (4); row 1 then has two hidden: safe.
    assert withheld == {(0, 1), (1, 0), (1, 1)}


def test_a_share_beside_a_hidden_count_is_withheld_too():
    """2 of 19 in work leaves as "<3" — and its 10.5 % would give the 2 back, so it goes as well."""
    from housing.core.reports import PEOPLE, SHARE, TEXT, Column, ReportTable

    table = ReportTable(key="work", title="In work", definition="", rows=(("first day", 2, 19, 2 / 19),
                                                                           ("last day", 5, 20, 0.25)),
                        columns=(Column("day", "Day", TEXT), Column("in_work", "In work", PEOPLE),
                                 Column("active", "Active", PEOPLE), Column("share", "Share", SHARE)))
    rows, total = outgoing_table(table)
    assert rows == [["first day", "<3", 19, "*"], ["last day", 5, 20, 0.25]] and total is None
