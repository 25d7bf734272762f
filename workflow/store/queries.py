"""Reads and writes of cases, events and definitions on the write path; no business rules here.

The reads of a case's questions are in :mod:`workflow.store.reads` (no SQLAlchemy), re-exported here.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from workflow.errors import StorageError
from workflow.model import AuditEvent, Case
from workflow.store import direct
from workflow.store.reads import (
    FiredHistory,
    StoredCase,
    case_from_row,
    event_from_row,
    events_of,
    fired_history,
    read_case,
    stored_definition,
    stored_versions,
)
from workflow.store.security import Seen
from workflow.store.tables import cases, events

__all__ = [
    "FiredHistory",
    "StoredCase",
    "case_by_start_key",
    "case_from_row",
    "event_by_key",
    "event_from_row",
    "events_of",
    "fired_history",
    "insert_case",
    "insert_event",
    "list_cases",
    "lock_case",
    "read_case",
    "record_fired",
    "store_definition",
    "stored_definition",
    "stored_versions",
    "update_case",
]


def store_definition(
    conn: direct.Connection, workflow: str, version: int, checksum: str, source: str, now: datetime
) -> None:
    row = {"workflow": workflow, "version": version, "checksum": checksum, "source": source, "first_seen": now}
    direct.insert(conn, "insert_definition", row)


# The write path's statements and the reads of a case's questions are in workflow.store.direct.
_INSERT_CASE = cases.insert()


def lock_case(conn: sa.Connection, case_id: str, *, wait: bool = True) -> StoredCase | None:
    """Like :func:`read_case`, holding the row lock until the transaction ends (the write path's first read).

    PostgreSQL takes ``FOR UPDATE`` (``wait=False``: ``SKIP LOCKED``, None while another transaction
    holds the row); SQLite already holds the write lock (``BEGIN IMMEDIATE``) and leaves the clause out.
    """
    found = direct.select(conn, "lock_case" if wait else "lock_case_free", {"id": case_id})
    if not found:
        return None
    row = found[0]
    return StoredCase(case_from_row(row), row["event_count"], row["head_hash"])


def case_by_start_key(conn: sa.Connection, tenant: str, key: str) -> tuple[Case, str | None] | None:
    """The case ``tenant`` started with ``key`` (keys are unique per tenant) and its start's request hash."""
    row = conn.execute(sa.select(cases).where(cases.c.tenant == tenant, cases.c.start_key == key)).first()
    if row is None:
        return None
    first = conn.execute(sa.select(events.c.request_hash).where(events.c.case_id == row.id, events.c.seq == 1))
    return case_from_row(row), first.scalar()


def insert_case(conn: sa.Connection, case: Case, start_key: str | None, event_count: int, head_hash: str) -> None:
    row = {
        "id": case.id,
        "workflow": case.workflow,
        "definition_version": case.definition_version,
        "state": case.state,
        "data": dict(case.data),
        "tenant": case.tenant,
        "reference": case.reference,
        "version": case.version,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "start_key": start_key,
        "event_count": event_count,
        "head_hash": head_hash,
        "flags": list(case.flags),
    }
    conn.execute(_INSERT_CASE, row)


def update_case(conn: sa.Connection, case: Case, *, expected_version: int, event_count: int, head_hash: str) -> bool:
    """Write the case's new state; False when its version moved on meanwhile."""
    values = {
        "id": case.id,
        "expected": expected_version,
        "state": case.state,
        "data": case.data,
        "version": case.version,
        "updated_at": case.updated_at,
        "event_count": event_count,
        "head_hash": head_hash,
        "flags": list(case.flags),
    }
    return direct.execute(conn, "update_case", values) == 1


def insert_event(conn: sa.Connection, event: AuditEvent, request_hash: str | None) -> int:
    """Append the event; returns its id (its position in the whole log)."""
    key = direct.insert(conn, "insert_event", {**event_row(event), "request_hash": request_hash})
    if key is None:  # pragma: no cover - every supported driver returns the new id
        raise StorageError("the database did not return the new audit event's id")
    return key


def event_row(event: AuditEvent) -> dict[str, Any]:
    """The event as column values (the database assigns ``id``)."""
    row = event.to_dict()
    del row["id"]
    return row


def event_by_key(conn: sa.Connection, case_id: str, key: str) -> tuple[AuditEvent, str | None] | None:
    row = conn.execute(sa.select(events).where(events.c.case_id == case_id, events.c.idempotency_key == key)).first()
    return None if row is None else (event_from_row(row), row.request_hash)


def record_fired(conn: sa.Connection, case_id: str, transition: str, actor_id: str, seq: int) -> None:
    """Count a fired transition in the case's aggregates (inside the step's transaction, under its lock)."""
    bump = {"case_id": case_id, "transition": transition, "last_seq": seq, "last_actor": actor_id}
    if direct.execute(conn, "bump_history", bump) == 0:
        direct.insert(conn, "insert_history", {**bump, "fired": 1})
    known = {"case_id": case_id, "transition": transition, "actor_id": actor_id}
    if not direct.select(conn, "known_actor", known):
        direct.insert(conn, "insert_actor", {**known, "first_seq": seq})


def list_cases(
    conn: sa.Connection,
    *,
    workflow: str | None,
    state: str | None,
    tenant: str | None,
    seen: Seen | None,
    limit: int,
    after: tuple[datetime, str] | None,
) -> list[Case]:
    """Cases oldest first, filtered (``seen``: only those visible, before the limit);
    ``after`` is (created_at, id) of the previous page's last case.

    Each part of the visibility (the actor's own tenant; each workflow it sees
    everywhere) is its own query with only equality filters, so every one is a
    range of one index of ``wf_cases`` read in (created_at, id) order up to the
    limit (migration 0009_listing); their pages are merged here.  An OR of the
    parts in one query would make the database read every visible case.
    """
    filters = {"workflow": workflow, "state": state, "tenant": tenant}
    pages = [
        _page(conn, equal, extra, limit, after)
        for equal, extra in _listing_parts(conn, {k: v for k, v in filters.items() if v is not None}, seen)
    ]
    if len(pages) == 1:
        return pages[0]
    merged: dict[str, Case] = {}
    for case in heapq.merge(*pages, key=lambda c: (c.created_at, c.id)):
        merged.setdefault(case.id, case)  # a case of the own tenant may also be in a workflow seen everywhere
        if len(merged) == limit:
            break
    return list(merged.values())


_Part = tuple[dict[str, Any], "sa.ColumnElement[bool] | None"]


def _listing_parts(conn: sa.Connection, filters: dict[str, Any], seen: Seen | None) -> list[_Part]:
    """(equality filters, other condition) of each query a listing needs; none when nothing is visible."""
    if seen is None:
        return [(filters, None)]
    own_tenant, mine, everywhere = seen
    stored: dict[str, set[int]] = {}
    if mine or everywhere:
        for name, version in stored_versions(conn):
            stored.setdefault(name, set()).add(version)
    parts: list[_Part] = []
    if own_tenant is not None and filters.get("tenant", own_tenant) == own_tenant:
        parts += _workflow_parts({**filters, "tenant": own_tenant}, mine, stored)
    parts += _workflow_parts(filters, everywhere, stored)
    return parts


def _workflow_parts(
    filters: dict[str, Any], pairs: Sequence[tuple[str, int]], stored: dict[str, set[int]]
) -> list[_Part]:
    """One part per workflow of ``pairs`` (that ``filters`` allow), limited to its versions in ``pairs``."""
    versions: dict[str, set[int]] = {}
    for name, version in pairs:
        versions.setdefault(name, set()).add(version)
    parts: list[_Part] = []
    for name, seen_versions in sorted(versions.items()):
        if filters.get("workflow", name) != name:
            continue
        # every stored version seen: no version condition, the workflow's index range holds only visible cases
        extra = None if stored.get(name, set()) <= seen_versions else cases.c.definition_version.in_(seen_versions)
        parts.append(({**filters, "workflow": name}, extra))
    return parts


def _page(
    conn: sa.Connection,
    equal: Mapping[str, Any],
    extra: sa.ColumnElement[bool] | None,
    limit: int,
    after: tuple[datetime, str] | None,
) -> list[Case]:
    query = sa.select(cases).where(*(cases.c[column] == value for column, value in equal.items()))
    if extra is not None:
        query = query.where(extra)
    if after is not None:
        query = query.where(sa.tuple_(cases.c.created_at, cases.c.id) > sa.tuple_(*after))
    query = query.order_by(cases.c.created_at, cases.c.id).limit(limit)
    return [case_from_row(row) for row in conn.execute(query)]
