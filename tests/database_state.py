"""What the database holds, read for tests that must prove a change was whole or absent.

- `snapshot()` reads every row of every table (the schema as it is in the database, so the
  migrations' own `alembic_version` too) into plain Python values, in an order that does not
  depend on the database; two snapshots compare equal exactly when the data is the same.
- `changed_tables()` names what differs between two snapshots, optionally ignoring tables or
  columns that an operation is allowed to touch even when it refuses (e.g. a failed login is
  counted).
- `broken_invariants()` lists the ways the shelter's records could be half-written: a stay
  without a room, a resident without a stay, a case number handed out without a stay, a room
  with more persons than beds in service…
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Mapping

import sqlalchemy as sa


@dataclass(frozen=True)
class TableRows:
    columns: tuple[str, ...]
    rows: Counter  # row tuples (values as the driver gives them) → how many times


Snapshot = dict[str, TableRows]


def _plain(value):
    """Values as both databases give them back (memoryview → bytes; the rest as they are)."""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def reflected_tables(connection: sa.Connection) -> list[sa.Table]:
    """The tables as the database has them (read once; pass them to `snapshot` when taking many)."""
    metadata = sa.MetaData()
    metadata.reflect(bind=connection)
    return sorted(metadata.tables.values(), key=lambda table: table.name)


def snapshot(connection: sa.Connection, tables: Iterable[sa.Table] | None = None) -> Snapshot:
    """Every row of every table, as a multiset of row tuples per table. Read with plain SQL
    (no type conversion; on PostgreSQL every table in one round trip), so it is quick enough to
    take around every request of a fuzz run."""
    preparer = connection.dialect.identifier_preparer
    queries = []
    for table in tables if tables is not None else reflected_tables(connection):
        columns = tuple(column.name for column in table.columns)
        listed = ", ".join(preparer.quote(name) for name in columns)
        queries.append((table.name, columns, f"SELECT {listed} FROM {preparer.quote(table.name)}"))
    if connection.dialect.name == "postgresql":
        return _in_one_round_trip(connection, queries)
    found: Snapshot = {}
    for name, columns, sql in queries:
        result = connection.exec_driver_sql(sql)
        found[name] = TableRows(columns, Counter(tuple(map(_plain, row)) for row in result))
    return found


def _in_one_round_trip(connection: sa.Connection, queries: list[tuple[str, tuple[str, ...], str]]) -> Snapshot:
    """psycopg sends statements without parameters as one query and gives one result per statement."""
    found: Snapshot = {}
    cursor = connection.connection.cursor()
    try:
        cursor.execute("; ".join(sql for _name, _columns, sql in queries))
        for number, (name, columns, _sql) in enumerate(queries):
            if number:
                assert cursor.nextset(), "fewer results than statements"
            found[name] = TableRows(columns, Counter(tuple(map(_plain, row)) for row in cursor.fetchall()))
    finally:
        cursor.close()
    return found


IgnoredRows = Mapping[str, Callable[[dict], bool]]


def _comparable(table: TableRows, columns: set[str], skip_row: Callable[[dict], bool] | None) -> Counter:
    if not columns and skip_row is None:
        return table.rows
    keep = [index for index, name in enumerate(table.columns) if name not in columns]
    found: Counter = Counter()
    for row, count in table.rows.items():
        if skip_row is not None and skip_row(dict(zip(table.columns, row, strict=True))):
            continue
        found[tuple(row[index] for index in keep)] += count
    return found


def changed_tables(before: Snapshot, after: Snapshot, ignore: Iterable[str] = (),
                   ignore_rows: IgnoredRows | None = None) -> dict[str, str]:
    """{table: what changed} between two snapshots. `ignore` holds table names, or
    "table.column" for one column of a table; `ignore_rows` maps a table to a test of the
    rows (as {column: value}) that may come and go."""
    ignored_tables = {name for name in ignore if "." not in name}
    ignored_columns: dict[str, set[str]] = {}
    for name in ignore:
        if "." in name:
            table, column = name.split(".", 1)
            ignored_columns.setdefault(table, set()).add(column)
    ignore_rows = ignore_rows or {}
    empty = TableRows((), Counter())
    changes = {}
    for table in sorted(set(before) | set(after)):
        if table in ignored_tables:
            continue
        columns, skip_row = ignored_columns.get(table, set()), ignore_rows.get(table)
        old = _comparable(before.get(table, empty), columns, skip_row)
        new = _comparable(after.get(table, empty), columns, skip_row)
        if old != new:
            added, removed = sum((new - old).values()), sum((old - new).values())
            changes[table] = f"{added} row(s) added or changed, {removed} row(s) removed or changed"
    return changes


def _count(connection: sa.Connection, sql: str, **params) -> int:
    return int(connection.execute(sa.text(sql), params).scalar_one())


def _rows(connection: sa.Connection, sql: str, **params) -> list:
    return list(connection.execute(sa.text(sql), params).all())


def broken_invariants(connection: sa.Connection, capacity: int | None = None) -> list[str]:
    """Every way the shelter's records could be half-written; empty when all is whole."""
    problems = []
    stays_without_room = _rows(connection, """
        SELECT s.case_code FROM stay s
        WHERE NOT EXISTS (SELECT 1 FROM placement p WHERE p.stay_id = s.id)""")
    if stays_without_room:
        problems.append(f"stays without any placement: {stays_without_room}")
    active_not_placed_once = _rows(connection, """
        SELECT s.case_code, (SELECT COUNT(*) FROM placement p WHERE p.stay_id = s.id AND p.ended_on IS NULL)
        FROM stay s WHERE s.discharged_on IS NULL""")
    wrong = [row for row in active_not_placed_once if row[1] != 1]
    if wrong:
        problems.append(f"active stays without exactly one current room: {wrong}")
    discharged_still_placed = _rows(connection, """
        SELECT s.case_code FROM stay s JOIN placement p ON p.stay_id = s.id
        WHERE s.discharged_on IS NOT NULL AND p.ended_on IS NULL""")
    if discharged_still_placed:
        problems.append(f"discharged stays still in a room: {discharged_still_placed}")
    residents_without_stay = _rows(connection, """
        SELECT r.id FROM resident r WHERE NOT EXISTS (SELECT 1 FROM stay s WHERE s.resident_id = r.id)""")
    if residents_without_stay:
        problems.append(f"residents without a stay: {residents_without_stay}")
    children_of_someone_else = _rows(connection, """
        SELECT s.case_code, c.id FROM stay_child sc JOIN stay s ON s.id = sc.stay_id JOIN child c ON c.id = sc.child_id
        WHERE c.mother_id <> s.resident_id""")
    if children_of_someone_else:
        problems.append(f"children on the stay of another mother: {children_of_someone_else}")
    overfull_rooms = _rows(connection, """
        SELECT r.name, persons.n, (SELECT COUNT(*) FROM bed b WHERE b.room_id = r.id AND b.in_service)
        FROM room r JOIN (
            SELECT p.room_id AS room_id,
                   SUM(1 + (SELECT COUNT(*) FROM stay_child sc WHERE sc.stay_id = s.id)) AS n
            FROM placement p JOIN stay s ON s.id = p.stay_id
            WHERE p.ended_on IS NULL AND s.discharged_on IS NULL GROUP BY p.room_id) persons
          ON persons.room_id = r.id""")
    overfull = [row for row in overfull_rooms if row[1] > row[2]]
    if overfull:
        problems.append(f"rooms with more persons than beds in service (room, persons, beds): {overfull}")
    if capacity is not None:
        active = _count(connection, "SELECT COUNT(*) FROM stay WHERE discharged_on IS NULL")
        if active > capacity:
            problems.append(f"{active} active stays for {capacity} places")
    for year, last_number in _rows(connection, "SELECT year, last_number FROM case_code_counter WHERE prefix = 'SH'"):
        codes = [row[0] for row in _rows(connection, "SELECT case_code FROM stay WHERE case_code LIKE :pattern",
                                         pattern=f"SH-{year}-%")]
        highest = max((int(code.rsplit("-", 1)[1]) for code in codes), default=0)
        if highest != last_number or len(codes) != last_number:
            problems.append(f"case numbers of {year}: counter at {last_number}, {len(codes)} stays, "
                            f"highest number {highest}")
    orphan_codes = _rows(connection, """
        SELECT s.case_code FROM stay s WHERE s.case_code LIKE 'SH-%' AND NOT EXISTS (
            SELECT 1 FROM case_code_counter c WHERE c.prefix = 'SH' AND s.case_code LIKE 'SH-' || c.year || '-%')""")
    if orphan_codes:
        problems.append(f"stays numbered without a counter: {orphan_codes}")
    marks = _rows(connection, """
        SELECT check_id, stay_id, COUNT(*) FROM night_check_mark WHERE current
        GROUP BY check_id, stay_id HAVING COUNT(*) > 1""")
    if marks:
        problems.append(f"women with more than one current night-check mark (check, stay, marks): {marks}")
    admitted_without_stay = _rows(connection, "SELECT id FROM referral WHERE status = 'admitted' AND stay_id IS NULL")
    if admitted_without_stay:
        problems.append(f"referrals closed as admitted without a stay: {admitted_without_stay}")
    decided_by_requester = _rows(connection, """
        SELECT id FROM extension_request WHERE status IN ('approved', 'rejected')
        AND (decided_by_id IS NULL OR decided_by_id = requested_by_id)""")
    if decided_by_requester:
        problems.append(f"extension decisions without a second person: {decided_by_requester}")
    return problems
