"""Reads of the audit log for review: filtered event streams, case heads, stored hashed content.

No business rules: :mod:`workflow.review` decides what a break in the
chain is.  The verification read goes straight to the driver (SQLAlchemy's
row processing costs more than the hashing it feeds) and returns each event's
content already in its hashed form: JSON as parsed values, the moment as
ISO 8601 UTC text with microseconds (PostgreSQL renders it so with
``to_char``; SQLite keeps it nearly so).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

from workflow.errors import StorageError
from workflow.model import HASHED_FIELDS, AuditEvent
from workflow.store.queries import event_from_row
from workflow.store.security import Seen, raw_clause, visible
from workflow.store.tables import cases, definitions, events, timers

__all__ = [
    "CaseScope",
    "EventFilter",
    "case_bounds",
    "case_heads",
    "case_rows",
    "event_hashes",
    "event_position",
    "hashed_contents",
    "log_high",
    "log_positions",
    "owned_heads",
    "stored_definitions",
    "stream_events",
    "timer_rows",
]


@dataclass(frozen=True)
class EventFilter:
    """Which events a review query returns (None: any); ``since`` inclusive, ``until`` exclusive."""

    case_id: str | None = None
    workflow: str | None = None
    tenant: str | None = None
    actor_id: str | None = None
    role: str | None = None
    transition: str | None = None
    kind: str | tuple[str, ...] | None = None
    since: datetime | None = None
    until: datetime | None = None
    after: int | None = None
    limit: int | None = None
    by_case: bool = False
    seen: Seen | None = None
    after_event: tuple[str, int] | None = None
    """With ``by_case``: only events after this (case id, sequence number)."""


_EVENT_COLUMNS = [c for c in events.c if c.name != "request_hash"]
_EQUALS = ("case_id", "workflow", "tenant", "actor_id", "role", "transition")


def stream_events(conn: sa.Connection, where: EventFilter, batch: int) -> Iterator[AuditEvent]:
    """Matching events in batches of ``batch`` rows, by log position (or by case and sequence number)."""
    query = sa.select(*_EVENT_COLUMNS)
    for column in _EQUALS:
        value = getattr(where, column)
        if value is not None:
            query = query.where(events.c[column] == value)
    if where.seen is not None:
        query = query.where(visible(events, where.seen))
    if where.kind is not None:
        kinds = (where.kind,) if isinstance(where.kind, str) else where.kind
        query = query.where(events.c.kind.in_(kinds))
    if where.since is not None:
        query = query.where(events.c.at >= where.since)
    if where.until is not None:
        query = query.where(events.c.at < where.until)
    if where.after is not None:
        query = query.where(events.c.id > where.after)
    if where.after_event is not None:
        case_id, seq = where.after_event
        later = sa.and_(events.c.case_id == case_id, events.c.seq > seq)
        query = query.where(sa.or_(events.c.case_id > case_id, later))
    query = query.order_by(*((events.c.case_id, events.c.seq) if where.by_case else (events.c.id,)))
    if where.limit is not None:
        query = query.limit(where.limit)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
    for row in result:
        yield event_from_row(row)


def event_position(conn: sa.Connection, case_id: str, seq: int, seen: Seen | None) -> int | None:
    """The log position of event ``seq`` of ``case_id`` (None: none, or not one ``seen`` covers)."""
    query = sa.select(events.c.id).where(events.c.case_id == case_id, events.c.seq == seq)
    if seen is not None:
        query = query.where(visible(events, seen))
    return conn.execute(query).scalar()


@dataclass(frozen=True)
class CaseScope:
    """One case, or case ids from ``low`` (inclusive) to ``high`` (exclusive); None: unbounded;
    ``seen``: only the cases a reviewer may see."""

    case_id: str | None = None
    low: str | None = None
    high: str | None = None
    seen: Seen | None = None

    def _sql(self, postgres: bool) -> tuple[list[str], dict[str, Any]]:
        """Driver-level conditions and parameters on wf_events."""
        conditions: list[str] = []
        params: dict[str, Any] = {}
        if self.seen is not None:
            clause, params = raw_clause(self.seen, postgres)
            conditions.append(clause)
        for name, op, value in (("case_id", "=", self.case_id), ("low", ">=", self.low), ("high", "<", self.high)):
            if value is not None:
                conditions.append(f"case_id {op} " + (f"%({name})s" if postgres else f":{name}"))
                params[name] = value
        return conditions, params


def case_heads(conn: sa.Connection, scope: CaseScope) -> dict[str, tuple[int, str]]:
    """Each case's recorded event count and head hash."""
    return {cid: (count, head) for cid, (count, head, _) in owned_heads(conn, scope).items()}


def owned_heads(conn: sa.Connection, scope: CaseScope) -> dict[str, tuple[int, str, tuple[str, str, int]]]:
    """Each case's recorded event count and head hash, and whose it is: (tenant, workflow, version), in one read."""
    query = sa.select(
        cases.c.id, cases.c.event_count, cases.c.head_hash, cases.c.tenant, cases.c.workflow, cases.c.definition_version
    )
    if scope.case_id is not None:
        query = query.where(cases.c.id == scope.case_id)
    if scope.low is not None:
        query = query.where(cases.c.id >= scope.low)
    if scope.high is not None:
        query = query.where(cases.c.id < scope.high)
    if scope.seen is not None:
        query = query.where(visible(cases, scope.seen))
    return {row[0]: (row[1], row[2], (row[3], row[4], row[5])) for row in conn.execute(query)}


def case_rows(conn: sa.Connection, scope: CaseScope) -> dict[str, tuple[str, Any, int, list[str], str | None]]:
    """Each case's stored state, data, version, flags and reference (what its events must explain)."""
    query = sa.select(cases.c.id, cases.c.state, cases.c.data, cases.c.version, cases.c.flags, cases.c.reference)
    for column, op, value in (
        (cases.c.id, "=", scope.case_id),
        (cases.c.id, ">=", scope.low),
        (cases.c.id, "<", scope.high),
    ):
        if value is not None:
            query = query.where(column == value if op == "=" else column >= value if op == ">=" else column < value)
    return {row[0]: (row[1], row[2], row[3], sorted(row[4] or ()), row[5]) for row in conn.execute(query)}


def stored_definitions(conn: sa.Connection) -> list[tuple[str, int, str, str]]:
    """Every stored definition version: (workflow, version, checksum, source)."""
    query = sa.select(definitions.c.workflow, definitions.c.version, definitions.c.checksum, definitions.c.source)
    return [(row[0], row[1], row[2], row[3]) for row in conn.execute(query)]


def case_bounds(conn: sa.Connection, parts: int) -> list[str | None]:
    """``parts + 1`` case ids splitting all cases into parts of about equal size (None at both ends)."""
    total = conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar() or 0
    bounds: list[str | None] = [None]
    for index in range(1, parts):
        query = sa.select(cases.c.id).order_by(cases.c.id).offset(total * index // parts).limit(1)
        bounds.append(conn.execute(query).scalar())
    bounds.append(None)
    return bounds


def _streamed(conn: sa.Connection, name: str, batch: int) -> Any:
    """A driver cursor that streams a large read: on PostgreSQL a named (server-side) cursor fetching
    ``batch`` rows a round trip, on SQLite the plain cursor (its rows come as they are stepped)."""
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a pooled connection always has its driver connection
        raise StorageError("no driver connection for verification")
    if conn.dialect.name != "postgresql":
        return raw.cursor()
    cursor = raw.cursor(name=name)
    cursor.itersize = batch
    return cursor


def event_hashes(conn: sa.Connection, case_id: str | None = None) -> Iterator[tuple[str, int, str]]:
    """Every event's (case id, sequence number, stored hash), or one case's: one streamed read, in no order."""
    postgres = conn.dialect.name == "postgresql"
    cursor = _streamed(conn, "wf_heads", 10000)
    where = "" if case_id is None else " WHERE case_id = " + ("%(case)s" if postgres else ":case")
    cursor.execute(f"SELECT case_id, seq, hash FROM wf_events{where}", {"case": case_id})  # noqa: S608
    try:
        yield from cursor
    finally:
        cursor.close()


_JSON_KEYS = ("input", "data_diff", "blockers")
_JSON_INDEXES = tuple(HASHED_FIELDS.index(name) for name in _JSON_KEYS)
_AT = HASHED_FIELDS.index("at")
_CASE = HASHED_FIELDS.index("case_id")
_HASH = len(HASHED_FIELDS)
# PostgreSQL renders JSON as text (parsed by orjson) and the moment in exactly the hashed form
_POSTGRES_COLUMNS = {
    **{name: f"{name}::text" for name in _JSON_KEYS},
    "at": """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')""",
}


def _sqlite_moment(stored: str) -> str:
    """SQLite keeps UTC moments as 'YYYY-MM-DD HH:MM:SS.ffffff': the hashed form without a parse."""
    if len(stored) == 26:
        return f"{stored[:10]}T{stored[11:]}+00:00"
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)  # pragma: no cover - other writers
    return moment.isoformat(timespec="microseconds")  # pragma: no cover


def hashed_contents(
    conn: sa.Connection, scope: CaseScope
) -> Iterator[tuple[str, list[tuple[dict[str, Any], str, str | None]]]]:
    """Each case's stored events, in order: (case id, [(hashed content, stored hash, request hash)]).

    Hashed content has the keys :data:`~workflow.model.HASHED_FIELDS`.  Ordered by case and sequence number;
    read raw and handed over a case at a time (this is verification's hot loop).
    """
    postgres = conn.dialect.name == "postgresql"
    columns = [_POSTGRES_COLUMNS.get(name, name) if postgres else name for name in HASHED_FIELDS]
    conditions, params = scope._sql(postgres)
    where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    statement = f"SELECT {', '.join(columns)}, hash, imported, request_hash FROM wf_events {where}ORDER BY case_id, seq"  # noqa: S608
    cursor = _streamed(conn, "wf_verify", 5000)
    cursor.execute(statement, params)
    try:
        yield from _grouped(cursor, postgres)
    finally:
        cursor.close()


def _grouped(cursor: Any, postgres: bool) -> Iterator[tuple[str, list[tuple[dict[str, Any], str, str | None]]]]:
    loads, fields = orjson.loads, HASHED_FIELDS
    input_at, diff_at, blockers_at = _JSON_INDEXES
    case: str | None = None
    rows: list[tuple[dict[str, Any], str, str | None]] = []
    for row in cursor:
        values = list(row)
        if values[input_at] is not None:
            values[input_at] = loads(values[input_at])
        values[diff_at] = loads(values[diff_at]) if values[diff_at] is not None else []
        values[blockers_at] = loads(values[blockers_at]) if values[blockers_at] is not None else []
        if not postgres:
            at = values[_AT]
            values[_AT] = f"{at[:10]}T{at[11:]}+00:00" if len(at) == 26 else _sqlite_moment(at)
        content = dict(zip(fields, values, strict=False))  # the first len(fields) values: the hashed content
        if values[_HASH + 1]:
            content["imported"] = True
        if values[_CASE] != case:
            if case is not None:
                yield case, rows
            case, rows = values[_CASE], []
        rows.append((content, values[_HASH], values[_HASH + 2]))
    if case is not None:
        yield case, rows


_WRITERS = """l.locktype = 'relation' AND l.relation = 'wf_events'::regclass AND l.mode = 'RowExclusiveLock'
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"""
_HIGH_AND_WRITERS = f"""SELECT coalesce(max(id), 0), ARRAY(
    SELECT DISTINCT l.virtualtransaction FROM pg_locks l WHERE {_WRITERS} AND l.pid <> pg_backend_pid()
) FROM wf_events"""  # noqa: S608 - constant text
_STILL_WRITING = f"SELECT count(*) FROM pg_locks l WHERE {_WRITERS} AND l.virtualtransaction = ANY(:writers)"  # noqa: S608


def log_high(conn: sa.Connection, wait: float = 60.0) -> int:
    """The highest log position every event up to which is committed (0: an empty log).

    Call outside a transaction (it begins and ends its own).  PostgreSQL
    hands out positions (a sequence) before commit: a transaction writing
    events when the highest position was read may still commit a lower one.
    Every such writer holds its lock on ``wf_events`` from before it took its
    position until it ends, so wait (at most ``wait`` seconds) until the
    transactions that held one then have ended.  Writers are never blocked.
    SQLite has one writer at a time.
    """
    if conn.dialect.name != "postgresql":
        with conn.begin():
            return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0))).scalar() or 0)
    with conn.begin():
        high, writers = conn.execute(sa.text(_HIGH_AND_WRITERS)).one()
    deadline = time.monotonic() + wait
    while writers:
        with conn.begin():
            left = conn.execute(sa.text(_STILL_WRITING), {"writers": list(writers)}).scalar()
        if not left:
            break
        if time.monotonic() > deadline:
            msg = f"{left} transaction(s) writing the log did not end within {wait:.0f} s; try the checkpoint again"
            raise StorageError(msg)
        time.sleep(0.005)
    return int(high)


def log_positions(conn: sa.Connection, high: int) -> Iterator[tuple[int, str, int, str]]:
    """Every event up to log position ``high`` in log order: (position, case id, sequence number, stored hash)."""
    postgres = conn.dialect.name == "postgresql"
    cursor = _streamed(conn, "wf_log", 10000)
    bound = "%(high)s" if postgres else ":high"
    cursor.execute(f"SELECT id, case_id, seq, hash FROM wf_events WHERE id <= {bound} ORDER BY id", {"high": high})  # noqa: S608
    try:
        yield from cursor
    finally:
        cursor.close()


TimerRow = tuple[Any, ...]
TIMER_FIELDS: tuple[str, ...] = ("state", "term", "status", "due_at", "warn_at", "started_at", "paused_at", "working")
TIMER_FIELDS += ("action_transition", "action_flag", "extended")
"""What verification compares of a timer row (not its id or ``updated_at``)."""


def timer_rows(conn: sa.Connection, scope: CaseScope) -> dict[str, list[TimerRow]]:
    """The stored timer rows of the cases in ``scope`` (not its reviewer filter), per case in the order made."""
    query = sa.select(timers.c.case_id, *(timers.c[name] for name in TIMER_FIELDS))
    column = timers.c.case_id
    if scope.case_id is not None:
        query = query.where(column == scope.case_id)
    if scope.low is not None:
        query = query.where(column >= scope.low)
    if scope.high is not None:
        query = query.where(column < scope.high)
    found: dict[str, list[TimerRow]] = {}
    for row in conn.execute(query.order_by(timers.c.case_id, timers.c.id)):
        found.setdefault(row[0], []).append(tuple(row[1:]))
    return found
