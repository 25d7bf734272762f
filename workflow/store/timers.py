"""Reads and writes of deadline timers; no business rules here (see :mod:`workflow.timers`)."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from workflow.model import Case, Timer
from workflow.store import direct
from workflow.store.reads import case_from_row, timers_of
from workflow.store.reads import timer_from_row as _timer
from workflow.store.security import Seen, visible
from workflow.store.tables import cases, timers

__all__ = [
    "cases_with_timers",
    "end_timer",
    "extend_timer",
    "insert_timer",
    "next_due_timer",
    "pause_timer",
    "resume_timer",
    "row_id",
    "timers_of",
]


def row_id(timer: Timer) -> int:
    """The row of a timer read here; one an actor-scoped caller received has none (``id`` None) to act on."""
    assert timer.id is not None, "only a timer read from the store can be changed"
    return timer.id


def insert_timer(
    conn: sa.Connection,
    case_id: str,
    state: str,
    *,
    due_at: datetime,
    warn_at: datetime | None,
    started_at: datetime,
    working: bool,
    then: str | None,
    flag: str | None,
    term: str | None = None,
) -> None:
    """A pending timer for the case in ``state`` (or for its legal ``term``), falling due at ``due_at``."""
    row = {
        "case_id": case_id,
        "state": state,
        "status": "pending",
        "due_at": due_at,
        "warn_at": warn_at,
        "started_at": started_at,
        "paused_at": None,
        "working": working,
        "action_transition": then,
        "action_flag": flag,
        "extended": False,
        "updated_at": started_at,
        "term": term,
    }
    direct.insert(conn, "insert_timer", row)


def _update(conn: sa.Connection, timer_id: int, **values: Any) -> None:
    conn.execute(timers.update().where(timers.c.id == timer_id).values(**values))


def end_timer(conn: sa.Connection, timer_id: int, status: str, at: datetime) -> None:
    """Set the timer's status (``done``, ``refused``, ``cancelled``)."""
    direct.execute(conn, "end_timer", {"id": timer_id, "status": status, "updated_at": at})


def pause_timer(conn: sa.Connection, timer_id: int, at: datetime) -> None:
    """The clock stands still from ``at`` (opschorting)."""
    _update(conn, timer_id, status="paused", paused_at=at, updated_at=at)


def resume_timer(conn: sa.Connection, timer_id: int, due_at: datetime, warn_at: datetime | None, at: datetime) -> None:
    """The clock runs again, the due moment moved on by the time it stood still."""
    _update(conn, timer_id, status="pending", due_at=due_at, warn_at=warn_at, paused_at=None, updated_at=at)


def extend_timer(conn: sa.Connection, timer_id: int, due_at: datetime, warn_at: datetime | None, at: datetime) -> None:
    """The due moment moved once (a step with ``extends``)."""
    _update(conn, timer_id, due_at=due_at, warn_at=warn_at, extended=True, updated_at=at)


def next_due_timer(conn: sa.Connection, now: datetime) -> Timer | None:
    """The earliest pending timer due by ``now``, locked; timers other runners hold are skipped.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED``. SQLite has one writer at a time
    (``BEGIN IMMEDIATE``), so no two runners ever hold a transaction here together.
    """
    query = (
        sa.select(timers)
        .where(timers.c.status == "pending", timers.c.due_at <= now)
        .order_by(timers.c.due_at, timers.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    row = conn.execute(query).first()
    return None if row is None else _timer(row)


def cases_with_timers(
    conn: sa.Connection,
    *,
    due_before: datetime,
    limit: int,
    seen: Seen | None = None,
    filters: Mapping[str, str | None] | None = None,
) -> list[tuple[Case, Timer]]:
    """Cases with a pending or refused timer due before ``due_before``, soonest first;
    with ``seen``, only visible cases, with ``filters`` (``workflow``, ``state``,
    ``tenant``: None for any) only matching ones — both before the limit.

    One query per status, each a range of the (status, due_at, id) index read in
    order up to the limit, merged here: ``status IN (...)`` would sort every due timer.
    A case's visibility and filters are checked per due timer (by the case's key),
    so a rare filter reads the due timers before its ``limit`` matches.
    """
    equal = {name: value for name, value in (filters or {}).items() if value is not None}
    pages = []
    for status in ("pending", "refused"):
        query = (
            sa.select(timers)
            .where(timers.c.status == status, timers.c.due_at < due_before)
            .order_by(timers.c.due_at, timers.c.id)
            .limit(limit)
        )
        if seen is not None or equal:
            query = query.join(cases, cases.c.id == timers.c.case_id)
            query = query.where(*(cases.c[name] == value for name, value in equal.items()))
        if seen is not None:
            query = query.where(visible(cases, seen))
        pages.append([_timer(row) for row in conn.execute(query)])
    found = list(itertools.islice(heapq.merge(*pages, key=lambda t: (t.due_at, t.id)), limit))
    ids = {timer.case_id for timer in found}
    by_id = (
        {row.id: case_from_row(row) for row in conn.execute(sa.select(cases).where(cases.c.id.in_(ids)))} if ids else {}
    )
    return [(by_id[timer.case_id], timer) for timer in found]
