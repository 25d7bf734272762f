"""The write path's statements, rendered once per dialect and run straight on the driver's connection.

Every step runs the same handful of statements (lock the case, insert its
event, update its row, count the fire in the history aggregates, insert the
outbox message, look at and move its timers).  Through SQLAlchemy Core each
costs more Python than the database's own work (compiled-cache look-up,
parameter processing, events, result objects), so they are rendered here
once per dialect from the tables in :mod:`workflow.store.tables` and run on
the DBAPI connection underneath the caller's :class:`sqlalchemy.Connection`
— in its transaction, the host's included.  SQLAlchemy stays for the
schema, migrations and every read outside the write path.

:data:`STATEMENTS` is the one list of them: a statement names its table and
SQL with ``:name`` parameters; an ``INSERT`` lists no columns and takes every
column of its table but the generated ``id`` (so a column added to the table
is written as soon as the row passed in has it).  Values are converted per
column type exactly as the SQLAlchemy types would (moments, JSON as text or
JSONB, booleans), and driver errors are raised as SQLAlchemy's, so callers
translate them as before.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

from workflow.store.database import json_text
from workflow.store.tables import (
    JSONText,
    JSONType,
    UTCDateTime,
    case_actors,
    case_history,
    cases,
    definitions,
    events,
    outbox,
    timers,
)

__all__ = ["STATEMENTS", "Row", "execute", "insert", "select"]

_TABLES = {t.name: t for t in (cases, events, case_history, case_actors, definitions, outbox, timers)}

STATEMENTS: dict[str, tuple[str, str]] = {
    # name: (table, SQL); "INSERT" alone: every column of the table but id; "FOR UPDATE" is PostgreSQL's only
    "lock_case": ("wf_cases", "SELECT * FROM wf_cases WHERE id = :id FOR UPDATE"),
    "insert_event": ("wf_events", "INSERT"),
    "update_case": (
        "wf_cases",
        "UPDATE wf_cases SET state = :state, data = :data, version = :version, updated_at = :updated_at, "
        "event_count = :event_count, head_hash = :head_hash, flags = :flags WHERE id = :id AND version = :expected",
    ),
    "bump_history": (
        "wf_case_history",
        "UPDATE wf_case_history SET fired = fired + 1, last_seq = :last_seq, last_actor = :last_actor "
        "WHERE case_id = :case_id AND transition = :transition",
    ),
    "insert_history": ("wf_case_history", "INSERT"),
    "known_actor": (
        "wf_case_actors",
        "SELECT first_seq FROM wf_case_actors WHERE case_id = :case_id AND transition = :transition "
        "AND actor_id = :actor_id",
    ),
    "insert_actor": ("wf_case_actors", "INSERT"),
    "insert_message": ("wf_outbox", "INSERT"),
    "timers_of": (
        "wf_timers",
        "SELECT * FROM wf_timers WHERE case_id = :case_id AND status IN ({statuses}) ORDER BY id",
    ),
    "end_timer": ("wf_timers", "UPDATE wf_timers SET status = :status, updated_at = :updated_at WHERE id = :id"),
    "insert_timer": ("wf_timers", "INSERT"),
    # the reads of a case's questions (``case show``): the case, the aggregates its guards read, the definitions
    "read_case": ("wf_cases", "SELECT * FROM wf_cases WHERE id = :id"),
    "case_history": (
        "wf_case_history",
        "SELECT transition, fired, last_actor FROM wf_case_history WHERE case_id = :case_id",
    ),
    "case_actors": (
        "wf_case_actors",
        "SELECT transition, actor_id FROM wf_case_actors WHERE case_id = :case_id ORDER BY first_seq",
    ),
    "stored_definition": (
        "wf_definitions",
        "SELECT * FROM wf_definitions WHERE workflow = :workflow AND version = :version",
    ),
    "stored_versions": ("wf_definitions", "SELECT workflow, version FROM wf_definitions ORDER BY workflow, version"),
}
"""Every statement the write path sends to the driver, by name: (table, SQL)."""

_GENERATED = ("id", "routed_at")
"""Columns an INSERT leaves to the database (the id) or to later steps (an outbox message's routing)."""


class Row(dict[str, Any]):
    """A row read here: its columns by name, also as attributes (like SQLAlchemy's rows)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


Convert = Callable[[Any], Any]


def _naive(value: datetime) -> str:
    if value.tzinfo is None:
        msg = f"naive datetime {value!r}; pass an aware UTC moment"
        raise ValueError(msg)
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        msg = f"naive datetime {value!r}; pass an aware UTC moment"
        raise ValueError(msg)
    return value.astimezone(UTC)


def _canonical(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _loads(value: Any) -> Any:
    if not isinstance(value, str | bytes):
        return value  # PostgreSQL's JSONB comes back decoded
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:  # integers beyond 64 bits
        return json.loads(value)


def _moment_read(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _optional(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


def _kind(column: sa.Column[Any]) -> str:
    if isinstance(column.type, UTCDateTime):
        return "moment"
    if isinstance(column.type, JSONText):
        return "json_text"
    if isinstance(column.type, JSONType | sa.JSON):  # JSONType: JSON, JSONB on PostgreSQL
        return "json"
    if isinstance(column.type, sa.Boolean):
        return "bool"
    return "plain"


_BIND: dict[str, dict[str, Convert]] = {
    # SQLite keeps JSON (both kinds) as orjson text, as the engine's json_serializer does: None becomes 'null'
    "sqlite": {"moment": _optional(_naive), "json_text": json_text, "json": json_text},
    "postgresql": {"moment": _optional(_aware), "json_text": _canonical, "json": json_text},
}
_READ: dict[str, Convert] = {"moment": _moment_read, "json_text": _optional(_loads), "json": _optional(_loads)}
_READ["bool"] = _optional(bool)


@dataclass(frozen=True)
class _Rendered:
    sql: str
    binds: tuple[tuple[str, Convert], ...]
    """Parameters whose values are converted before they reach the driver."""
    columns: tuple[tuple[str, Convert | None], ...]
    """A SELECT's result columns, with their converters."""
    returning: bool


_PARAM = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")


def _render(dialect: str, table: sa.Table, sql: str) -> _Rendered:
    returning = False
    if sql == "INSERT":
        names = [c.name for c in table.columns if c.name not in _GENERATED]
        # names from the schema in tables.py, never from input
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"  # noqa: S608
        returning = "id" in table.c and dialect == "postgresql"
        sql += " RETURNING id" if returning else ""
    if dialect != "postgresql":
        sql = sql.replace(" FOR UPDATE", "")
    binds = []
    for name in _PARAM.findall(sql):
        kind = _kind(table.c[name]) if name in table.c else "plain"
        if kind in _BIND[dialect]:
            binds.append((name, _BIND[dialect][kind]))
    if dialect == "postgresql":
        jsonb = {c.name for c in table.columns if _kind(c) == "json"}
        sql = _PARAM.sub(lambda m: f"CAST(%({m[1]})s AS JSONB)" if m[1] in jsonb else f"%({m[1]})s", sql)
    columns = _selected(table, sql)
    if sql.startswith("SELECT *"):
        sql = sql.replace("SELECT *", f"SELECT {', '.join(name for name, _ in columns)}", 1)
    return _Rendered(sql, tuple(binds), columns, returning)


def _selected(table: sa.Table, sql: str) -> tuple[tuple[str, Convert | None], ...]:
    """A SELECT's result columns with their converters: every column of ``table`` for ``SELECT *``, else those
    it names; none (a single value) when it selects anything but columns of its table."""
    if not sql.startswith("SELECT "):
        return ()
    if sql.startswith("SELECT *"):
        return tuple((c.name, _READ.get(_kind(c))) for c in table.columns)
    names = sql[len("SELECT ") : sql.index(" FROM ")].split(", ")
    if not all(name in table.c for name in names):
        return ()
    return tuple((name, _READ.get(_kind(table.c[name]))) for name in names)


_rendered: dict[tuple[str, str, str], _Rendered] = {}
_lock = threading.Lock()


def _statement(dialect: str, name: str, extra: str = "") -> _Rendered:
    key = (dialect, name, extra)
    found = _rendered.get(key)
    if found is None:
        table, sql = STATEMENTS[name]
        with _lock:
            found = _rendered.setdefault(key, _render(dialect, _TABLES[table], sql.replace("{statuses}", extra)))
    return found


def _run(conn: sa.Connection, name: str, values: Mapping[str, Any], extra: str = "") -> tuple[_Rendered, Any]:
    dialect = conn.dialect
    statement = _statement(dialect.name, name, extra)
    params = dict(values)
    try:
        for key, convert in statement.binds:
            params[key] = convert(params[key])
    except (ValueError, TypeError) as exc:
        raise sa.exc.StatementError(str(exc), statement.sql, params, exc) from exc
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement.sql, params)  # any DBAPI driver: sqlite3, psycopg 3 (or 2: pyformat too)
        return statement, cursor
    except dialect.loaded_dbapi.Error as exc:
        error = sa.exc.DBAPIError.instance(statement.sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)
        raise error from exc


def execute(conn: sa.Connection, name: str, values: Mapping[str, Any]) -> int:
    """Run an UPDATE (or INSERT) of :data:`STATEMENTS`; returns the number of rows it changed."""
    return int(_run(conn, name, values)[1].rowcount)


def insert(conn: sa.Connection, name: str, row: Mapping[str, Any]) -> int | None:
    """Run an INSERT of :data:`STATEMENTS` with ``row`` (every column but the generated); returns the new id."""
    statement, cursor = _run(conn, name, row)
    if statement.returning:
        return int(cursor.fetchone()[0])
    return getattr(cursor, "lastrowid", None)  # SQLite's new rowid; PostgreSQL: a table without an id


def select(conn: sa.Connection, name: str, values: Mapping[str, Any], statuses: tuple[str, ...] = ()) -> list[Row]:
    """Run a SELECT of :data:`STATEMENTS`; ``statuses`` are the values of its ``IN`` list (one parameter each)."""
    extra = ", ".join(f":status_{i}" for i in range(len(statuses)))
    if statuses:
        values = {**values, **{f"status_{i}": status for i, status in enumerate(statuses)}}
    statement, cursor = _run(conn, name, values, extra)
    rows = cursor.fetchall()
    if not statement.columns:  # a single value
        return [Row(value=row[0]) for row in rows]
    columns = statement.columns
    return [
        Row((n, v if convert is None else convert(v)) for (n, convert), v in zip(columns, row, strict=True))
        for row in rows
    ]
