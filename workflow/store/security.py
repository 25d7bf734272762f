"""The security record (attempts on cases an actor may not see) and the visibility clause of listings.

No business rules: :mod:`workflow.policy` decides who sees what; here that
decision becomes SQL.  A :data:`Seen` is ``(tenant, own, everywhere)``: the
cases of ``tenant`` pinned to a (workflow, version) in ``own``, plus those of
any tenant pinned to a (workflow, version) in ``everywhere``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from workflow.store.plain import BUSY_TIMEOUT_MS
from workflow.store.tables import security_events

__all__ = ["Pending", "SecurityEvent", "Seen", "raw_clause", "record", "security_log", "visible"]

Seen = tuple[str | None, Sequence[tuple[str, int]], Sequence[tuple[str, int]]]
"""What an actor sees: its own tenant's cases of the first (workflow, version) pairs, and every tenant's
of the second."""


@dataclass(frozen=True)
class SecurityEvent:
    """One refused call on a case its actor may not see; never the input or reason."""

    id: int
    at: datetime
    actor_id: str
    actor_tenant: str | None
    case_id: str
    operation: str
    code: str


def _bounded(text: str | None, size: int) -> str | None:
    """Cut to ``size``; NUL made visible (PostgreSQL text cannot hold it, and an unseen case must not fail)."""
    return None if text is None else text.replace("\x00", "\\x00")[:size]


def record(
    conn: sa.Connection,
    *,
    at: datetime,
    actor_id: str,
    actor_tenant: str | None,
    case_id: str,
    operation: str,
    code: str = "other_tenant",
) -> None:
    """Append one security event (``other_tenant``: a case the actor may not see; ``unknown_case``: an id
    that does not exist); every text is cut to its column's size."""
    conn.execute(
        security_events.insert().values(
            at=at,
            actor_id=_bounded(actor_id, 256),
            actor_tenant=_bounded(actor_tenant, 128),
            case_id=case_id[:36],
            operation=operation[:32],
            code=code[:32],
        )
    )


@dataclass(frozen=True)
class _Record:
    at: datetime
    actor_id: str
    actor_tenant: str | None
    case_id: str
    operation: str
    code: str


class Pending:
    """Security records waiting to be written, each batch in its own short transaction — never the caller's.

    A refused probe must answer exactly like an unknown id, so its record is
    never written on the caller's connection (a host that rolls back would lose
    it; a host's SQLite lock would make the write wait, then fail) and never
    waits for a lock: :meth:`flush` tries once without waiting (SQLite
    ``busy_timeout`` 0, PostgreSQL ``lock_timeout``) and on any failure keeps
    the records for the next flush (after the next call, the host's
    ``engine.transaction()`` block, ``close()``).  At most ``limit`` records
    wait; beyond that the oldest are dropped (memory stays bounded).
    """

    def __init__(self, db: sa.Engine, limit: int = 10_000) -> None:
        self._db = db
        self._queue: deque[_Record] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def add(
        self, *, at: datetime, actor_id: str, actor_tenant: str | None, case_id: str, operation: str, code: str
    ) -> None:
        with self._lock:
            self._queue.append(_Record(at, actor_id, actor_tenant, case_id, operation, code))

    def __len__(self) -> int:
        return len(self._queue)

    def flush(self) -> bool:
        """Write every waiting record now if the database lets us at once; True when none is left waiting."""
        with self._lock:
            batch = list(self._queue)
            self._queue.clear()
        if not batch:
            return True
        try:
            self._write(batch)
        except (sa.exc.SQLAlchemyError, OSError, self._db.dialect.loaded_dbapi.Error):  # locked, read-only, gone
            # kept for the next flush; never raised: the answer must stay the unknown id's
            with self._lock:
                self._queue.extendleft(reversed(batch))
            return False
        return True

    def _write(self, batch: list[_Record]) -> None:
        sqlite = self._db.dialect.name == "sqlite"
        with self._db.connect() as conn:
            raw: Any = conn.connection.driver_connection
            if sqlite:  # straight to the driver, outside any transaction: only this connection stops waiting
                raw.execute("PRAGMA busy_timeout = 0")
            try:
                with conn.execution_options(wf_write=True).begin():
                    if not sqlite:
                        conn.exec_driver_sql("SET LOCAL lock_timeout = '100ms'")
                    for item in batch:
                        record(conn, **asdict(item))
            finally:
                if sqlite:
                    raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def security_log(conn: sa.Connection, *, case_id: str | None = None, limit: int = 1000) -> list[SecurityEvent]:
    """Security events, oldest first (one case's, or all)."""
    query = sa.select(security_events).order_by(security_events.c.id).limit(limit)
    if case_id is not None:
        query = query.where(security_events.c.case_id == case_id)
    return [
        SecurityEvent(r.id, r.at, r.actor_id, r.actor_tenant, r.case_id, r.operation, r.code)
        for r in conn.execute(query)
    ]


def visible(table: sa.Table, seen: Seen) -> sa.ColumnElement[bool]:
    """The rows of ``table`` (with tenant, workflow and a definition version column) ``seen`` covers."""
    tenant, mine, everywhere = seen
    version = table.c.definition_version
    pinned = [sa.and_(table.c.workflow == w, version == v) for w, v in everywhere]
    if tenant is not None and mine:
        in_own = sa.or_(*(sa.and_(table.c.workflow == w, version == v) for w, v in mine))
        pinned.append(sa.and_(table.c.tenant == tenant, in_own))
    return sa.or_(sa.false(), *pinned)


def raw_clause(seen: Seen, postgres: bool) -> tuple[str, dict[str, Any]]:
    """:func:`visible` as driver-level SQL on wf_events (verification reads raw)."""
    tenant, mine, everywhere = seen

    def slot(name: str) -> str:
        return f"%({name})s" if postgres else f":{name}"

    params: dict[str, Any] = {}

    def pairs(prefix: str, found: Sequence[tuple[str, int]]) -> list[str]:
        parts = []
        for index, (workflow, version) in enumerate(found):
            params[f"{prefix}w{index}"], params[f"{prefix}v{index}"] = workflow, version
            w, v = slot(f"{prefix}w{index}"), slot(f"{prefix}v{index}")
            parts.append(f"(workflow = {w} AND definition_version = {v})")
        return parts

    parts = pairs("seen_", everywhere)
    if tenant is not None and mine:
        params["seen_tenant"] = tenant
        parts.append(f"(tenant = {slot('seen_tenant')} AND (" + " OR ".join(pairs("own_", mine)) + "))")
    return "(" + (" OR ".join(parts) or "1 = 0") + ")", params
