"""Figures that leave the service (downloads, the vacancy feed): a count describing one or two
people could point at them, so it leaves as "<3". On screen coordinators see exact figures.

The secondary rule: in a table with totals, a suppressed count must not come back by subtraction.
When a line (a row against its row total, or a column against the total row) has exactly one
suppressed cell, a second cell of that line is withheld too — the next smallest count — and the
check runs again until every line with a suppressed cell has at least two.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from housing.core.reports import PEOPLE, SHARE, ReportTable

SMALL = "<3"
WITHHELD = "*"  # a cell withheld so that a total does not give back a small count


def outgoing_count(count: int) -> int | str:
    """A count of people as it may leave the service: 0 and 3 or more as they are, 1 and 2 as "<3"."""
    return SMALL if 0 < count < 3 else count


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def suppressed_cells(grid: Sequence[Sequence[Any]], people: Sequence[int], row_total: int | None,
                     has_total_row: bool) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Which cells of `grid` (the rows, then the total row last if `has_total_row`) leave as "<3"
    (primary: a count of 1 or 2 people) and which are withheld (secondary). `people` are the
    indices of the counts of people that a total sums (the row total's own column excluded);
    `row_total` the index of each line's total, if any."""
    counted = [*people, *([row_total] if row_total is not None else [])]
    primary = {(i, j) for i, line in enumerate(grid) for j in counted
               if _is_count(line[j]) and 0 < line[j] < 3}
    hidden = set(primary)
    lines: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []  # (every cell, cells one may withhold)
    if row_total is not None:
        for i in range(len(grid)):
            cells = [(i, j) for j in people]
            lines.append((cells + [(i, row_total)], cells))
    if has_total_row and len(grid) > 1:
        last = len(grid) - 1
        for j in counted:
            cells = [(i, j) for i in range(last)]
            lines.append((cells + [(last, j)], cells))
    changed = True
    while changed:
        changed = False
        for every, candidates in lines:
            if sum(1 for cell in every if cell in hidden) != 1:
                continue
            open_cells = [cell for cell in candidates if cell not in hidden and _is_count(grid[cell[0]][cell[1]])]
            if not open_cells:
                open_cells = [cell for cell in every if cell not in hidden and _is_count(grid[cell[0]][cell[1]])]
            if not open_cells:
                continue
            # The next smallest count, a zero last (withholding a zero protects nobody if it is read as one).
            open_cells.sort(key=lambda cell: (grid[cell[0]][cell[1]] == 0, grid[cell[0]][cell[1]], cell))
            hidden.add(open_cells[0])
            changed = True
    return primary, hidden - primary


def outgoing_table(table: ReportTable) -> tuple[list[list[Any]], list[Any] | None]:
    """The table's rows and total row as they may leave the service: small counts of people as
    "<3", the cells that would give them back as "*", every other figure as it is."""
    grid = [list(row) for row in table.rows] + ([list(table.total)] if table.total is not None else [])
    keys = [column.key for column in table.columns]
    row_total = keys.index(table.row_total) if table.row_total in keys else None
    people = [j for j, column in enumerate(table.columns) if column.kind == PEOPLE and j != row_total]
    primary, withheld = suppressed_cells(grid, people, row_total, table.total is not None)
    for i, j in primary:
        grid[i][j] = SMALL
    for i, j in withheld:
        grid[i][j] = WITHHELD
    # A share beside a hidden count would give it back ("<3" of 19 at 10.5 % is 2): withheld too.
    shares = [j for j, column in enumerate(table.columns) if column.kind == SHARE]
    for i in {i for i, _j in primary | withheld}:
        for j in shares:
            grid[i][j] = WITHHELD
    if table.total is not None:
        return grid[:-1], grid[-1]
    return grid, None
