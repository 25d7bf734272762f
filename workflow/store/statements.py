"""The pre-rendered statements of the write path and of a case's questions, with no SQLAlchemy.

:data:`STATEMENTS` is the one list of them: a statement names its table and
SQL with ``:name`` parameters; an ``INSERT`` lists no columns and takes every
column of its table but the generated ``id`` (so a column added to the table
is written as soon as the row passed in has it).  :data:`COLUMNS` gives each
table's columns and how their values are converted (``moment``, ``json``,
``json_text``, ``bool``, ``plain``), as the column types in
:mod:`workflow.store.tables` convert them (a test checks the two agree).
:func:`rendered` gives a statement in a dialect's parameter style with its
converters; :mod:`workflow.store.direct` runs it under a SQLAlchemy
connection.  Nothing here imports SQLAlchemy, so a reader on the standard
library's ``sqlite3`` can share the same SQL.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

__all__ = ["COLUMNS", "STATEMENTS", "Rendered", "Row", "json_text", "rendered", "rows"]

STATEMENTS: dict[str, tuple[str, str]] = {
    # name: (table, SQL); "INSERT" alone: every column of the table but id; "FOR UPDATE [SKIP LOCKED]" is
    # PostgreSQL's only
    "lock_case": ("wf_cases", "SELECT * FROM wf_cases WHERE id = :id FOR UPDATE"),
    "lock_case_free": ("wf_cases", "SELECT * FROM wf_cases WHERE id = :id FOR UPDATE SKIP LOCKED"),
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
    "insert_definition": ("wf_definitions", "INSERT"),
    "case_events": ("wf_events", "SELECT * FROM wf_events WHERE case_id = :case_id ORDER BY seq"),
}
"""Every pre-rendered statement, by name: (table, SQL)."""


COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "wf_cases": (
        ("id", "plain"),
        ("workflow", "plain"),
        ("definition_version", "plain"),
        ("state", "plain"),
        ("data", "json_text"),
        ("tenant", "plain"),
        ("reference", "plain"),
        ("version", "plain"),
        ("created_at", "moment"),
        ("updated_at", "moment"),
        ("start_key", "plain"),
        ("event_count", "plain"),
        ("head_hash", "plain"),
        ("flags", "json"),
    ),
    "wf_events": (
        ("id", "plain"),
        ("case_id", "plain"),
        ("seq", "plain"),
        ("kind", "plain"),
        ("transition", "plain"),
        ("from_state", "plain"),
        ("to_state", "plain"),
        ("actor_id", "plain"),
        ("role", "plain"),
        ("tenant", "plain"),
        ("reason", "plain"),
        ("input", "json_text"),
        ("data_diff", "json_text"),
        ("blockers", "json_text"),
        ("workflow", "plain"),
        ("definition_version", "plain"),
        ("definition_checksum", "plain"),
        ("at", "moment"),
        ("idempotency_key", "plain"),
        ("request_hash", "plain"),
        ("prev_hash", "plain"),
        ("hash", "plain"),
        ("imported", "bool"),
    ),
    "wf_case_history": (
        ("case_id", "plain"),
        ("transition", "plain"),
        ("fired", "plain"),
        ("last_seq", "plain"),
        ("last_actor", "plain"),
    ),
    "wf_case_actors": (("case_id", "plain"), ("transition", "plain"), ("actor_id", "plain"), ("first_seq", "plain")),
    "wf_definitions": (
        ("workflow", "plain"),
        ("version", "plain"),
        ("checksum", "plain"),
        ("source", "plain"),
        ("first_seen", "moment"),
    ),
    "wf_outbox": (
        ("id", "plain"),
        ("case_id", "plain"),
        ("seq", "plain"),
        ("channel", "plain"),
        ("resource", "plain"),
        ("resource_url", "plain"),
        ("action", "plain"),
        ("main_object", "plain"),
        ("created_at", "moment"),
        ("attributes", "json"),
        ("routed_at", "moment"),
    ),
    "wf_timers": (
        ("id", "plain"),
        ("case_id", "plain"),
        ("state", "plain"),
        ("status", "plain"),
        ("due_at", "moment"),
        ("warn_at", "moment"),
        ("started_at", "moment"),
        ("paused_at", "moment"),
        ("working", "bool"),
        ("action_transition", "plain"),
        ("action_flag", "plain"),
        ("extended", "bool"),
        ("updated_at", "moment"),
        ("term", "plain"),
    ),
}
"""Each table's columns in order, with the kind of conversion of its type (tables.py; a test checks them)."""


_GENERATED = ("id", "routed_at")
"""Columns an INSERT leaves to the database (the id) or to later steps (an outbox message's routing)."""


def json_text(value: Any) -> str:
    """JSON text as the engine stores it (orjson; integers beyond 64 bits through the standard library)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # integers beyond 64 bits
        return json.dumps(value, ensure_ascii=False)


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


_BIND: dict[str, dict[str, Convert]] = {
    # SQLite keeps JSON (both kinds) as orjson text, as the engine's json_serializer does: None becomes 'null'
    "sqlite": {"moment": _optional(_naive), "json_text": json_text, "json": json_text},
    "postgresql": {"moment": _optional(_aware), "json_text": _canonical, "json": json_text},
}
_READ: dict[str, Convert] = {"moment": _moment_read, "json_text": _optional(_loads), "json": _optional(_loads)}
_READ["bool"] = _optional(bool)


@dataclass(frozen=True)
class Rendered:
    """A statement in one dialect's parameter style."""

    sql: str
    binds: tuple[tuple[str, Convert], ...]
    """Parameters whose values are converted before they reach the driver."""
    columns: tuple[tuple[str, Convert | None], ...]
    """A SELECT's result columns, with their converters."""
    returning: bool


_PARAM = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")


def _render(dialect: str, table: str, sql: str) -> Rendered:
    kinds = dict(COLUMNS[table])
    returning = False
    if sql == "INSERT":
        names = [name for name in kinds if name not in _GENERATED]
        # names from the schema in COLUMNS, never from input
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"  # noqa: S608
        returning = "id" in kinds and dialect == "postgresql"
        sql += " RETURNING id" if returning else ""
    if dialect != "postgresql":
        sql = sql.replace(" FOR UPDATE SKIP LOCKED", "").replace(" FOR UPDATE", "")
    binds = []
    for name in _PARAM.findall(sql):
        kind = kinds.get(name, "plain")
        if kind in _BIND[dialect]:
            binds.append((name, _BIND[dialect][kind]))
    if dialect == "postgresql":
        jsonb = {name for name, kind in kinds.items() if kind == "json"}
        sql = _PARAM.sub(lambda m: f"CAST(%({m[1]})s AS JSONB)" if m[1] in jsonb else f"%({m[1]})s", sql)
    columns = _selected(kinds, sql)
    if sql.startswith("SELECT *"):
        sql = sql.replace("SELECT *", f"SELECT {', '.join(name for name, _ in columns)}", 1)
    return Rendered(sql, tuple(binds), columns, returning)


def _selected(kinds: dict[str, str], sql: str) -> tuple[tuple[str, Convert | None], ...]:
    """A SELECT's result columns with their converters: every column of the table for ``SELECT *``, else those
    it names; none (a single value) when it selects anything but columns of its table."""
    if not sql.startswith("SELECT "):
        return ()
    if sql.startswith("SELECT *"):
        return tuple((name, _READ.get(kind)) for name, kind in kinds.items())
    names = sql[len("SELECT ") : sql.index(" FROM ")].split(", ")
    if not all(name in kinds for name in names):
        return ()
    return tuple((name, _READ.get(kinds[name])) for name in names)


_rendered: dict[tuple[str, str, str], Rendered] = {}
_lock = threading.Lock()


def rendered(dialect: str, name: str, extra: str = "") -> Rendered:
    """Statement ``name`` of :data:`STATEMENTS` for ``dialect`` (``sqlite``, ``postgresql``); ``extra`` fills
    its ``{statuses}`` (the parameters of an ``IN`` list)."""
    key = (dialect, name, extra)
    found = _rendered.get(key)
    if found is None:
        table, sql = STATEMENTS[name]
        with _lock:
            found = _rendered.setdefault(key, _render(dialect, table, sql.replace("{statuses}", extra)))
    return found


def rows(statement: Rendered, fetched: list[Any]) -> list[Row]:
    """The driver's rows of a SELECT as :class:`Row` s, each value converted as its column's type does."""
    if not statement.columns:  # a single value
        return [Row(value=row[0]) for row in fetched]
    columns = statement.columns
    return [
        Row(
            [
                (n, v) if convert is None or v is None else (n, convert(v))
                for (n, convert), v in zip(columns, row, strict=True)
            ]
        )
        for row in fetched
    ]
