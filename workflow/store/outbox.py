"""Named queries of the transactional outbox: messages, and their delivery per subscriber.

A message is written in the transaction of the step it tells about
(:func:`insert_message`).  A relay *routes* new messages (one delivery row per
matching subscriber, :func:`route_messages`), *claims* deliverable ones
(:func:`claim_deliveries`), and marks each delivered, failed or dead.

Claiming is safe for relays side by side: on PostgreSQL rows are taken with
``FOR UPDATE SKIP LOCKED``; SQLite has one writer at a time (``BEGIN
IMMEDIATE``).  A claim leases the delivery (``next_attempt_at`` moves past the
lease) and commits at once, so no transaction stays open during an HTTP call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from workflow.store import direct
from workflow.store.tables import deliveries, outbox

__all__ = [
    "STATUSES",
    "Delivery",
    "claim_deliveries",
    "drop_deliveries",
    "insert_message",
    "list_deliveries",
    "mark_delivered",
    "mark_failed",
    "purge_delivered",
    "retry_dead",
    "route_messages",
]

Route = tuple[Sequence[str] | None, Sequence[str] | None]
"""A subscriber's filter for :func:`route_messages`: (channels, tenants); None in either place: all."""

STATUSES = ("pending", "delivered", "dead")
"""A delivery's states: pending (waiting or being retried), delivered, dead (gave up; ``retry`` revives)."""


@dataclass(frozen=True)
class Delivery:
    """One message on its way to one subscriber."""

    id: int
    message_id: int
    subscriber: str
    case_id: str
    seq: int
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    delivered_at: datetime | None
    message: Mapping[str, Any]
    """The message's columns: channel, resource, resource_url, action, main_object, created_at, attributes."""


_MESSAGE_COLUMNS = ("channel", "resource", "resource_url", "action", "main_object", "created_at", "attributes")


def insert_message(conn: sa.Connection, message: Mapping[str, Any]) -> None:
    """Write one message (the columns of :data:`workflow.store.tables.outbox` but ``id``/``routed_at``).

    On the write path, in every step's transaction: straight to the driver (:mod:`workflow.store.direct`).
    """
    direct.insert(conn, "insert_message", message)


def _insert_ignoring_duplicates(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql  # each dialect only where it is used

        conn.execute(postgresql.insert(deliveries).on_conflict_do_nothing(), rows)
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        conn.execute(sqlite.insert(deliveries).on_conflict_do_nothing(), rows)
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
        conn.execute(deliveries.insert(), rows)


def route_messages(conn: sa.Connection, subscribers: Mapping[str, Route], now: datetime, *, limit: int = 500) -> int:
    """Give unrouted messages one pending delivery per subscriber whose filter matches; returns how many.

    ``subscribers`` maps a name to its (channels, tenants) (None: every
    channel, every tenant); a message's tenant is its ``tenant`` attribute.  A
    subscriber added later receives messages from then on.
    """
    query = (
        sa.select(outbox.c.id, outbox.c.case_id, outbox.c.seq, outbox.c.channel, outbox.c.attributes)
        .where(outbox.c.routed_at.is_(None))
        .order_by(outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    messages = conn.execute(query).all()
    if not messages:
        return 0
    rows = [
        {
            "message_id": m.id,
            "subscriber": name,
            "case_id": m.case_id,
            "seq": m.seq,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
        }
        for m in messages
        for name, (channels, tenants) in subscribers.items()
        if (channels is None or m.channel in channels) and (tenants is None or m.attributes.get("tenant") in tenants)
    ]
    if rows:
        _insert_ignoring_duplicates(conn, rows)
    conn.execute(outbox.update().where(outbox.c.id.in_([m.id for m in messages])).values(routed_at=now))
    return len(messages)


def claim_deliveries(
    conn: sa.Connection, subscribers: Iterable[str], now: datetime, lease_until: datetime, *, limit: int = 100
) -> list[Delivery]:
    """Lease up to ``limit`` deliveries due by ``now``: at most one per case and subscriber, the lowest seq.

    A delivery waits while an earlier message of its case is not delivered to
    that subscriber (pending, dead, or not yet routed), so a case's messages
    arrive in order.  The lease counts as an attempt.
    """
    blocked_by_delivery, blocked_by_routing = _earlier_undelivered(), _earlier_unrouted()
    query = (
        sa.select(deliveries)
        .where(
            deliveries.c.subscriber.in_(list(subscribers)),
            deliveries.c.status == "pending",
            deliveries.c.next_attempt_at <= now,
            ~blocked_by_delivery,
            ~blocked_by_routing,
        )
        .order_by(deliveries.c.message_id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = conn.execute(query).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    conn.execute(
        deliveries.update()
        .where(deliveries.c.id.in_(ids))
        .values(attempts=deliveries.c.attempts + 1, next_attempt_at=lease_until)
    )
    messages = _messages(conn, {row.message_id for row in rows})
    return [_delivery(row, messages[row.message_id], attempts=row.attempts + 1) for row in rows]


def _earlier_undelivered() -> sa.Exists:
    """An earlier message of the same case is not yet delivered to the same subscriber."""
    earlier = deliveries.alias("earlier")
    return (
        sa.select(earlier.c.id)
        .where(
            earlier.c.subscriber == deliveries.c.subscriber,
            earlier.c.case_id == deliveries.c.case_id,
            earlier.c.seq < deliveries.c.seq,
            earlier.c.status != "delivered",
        )
        .exists()
    )


def _earlier_unrouted() -> sa.Exists:
    """An earlier message of the same case has not been routed to its subscribers yet."""
    unrouted = outbox.alias("unrouted")
    return (
        sa.select(unrouted.c.id)
        .where(
            unrouted.c.case_id == deliveries.c.case_id,
            unrouted.c.seq < deliveries.c.seq,
            unrouted.c.routed_at.is_(None),
        )
        .exists()
    )


def _messages(conn: sa.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    query = sa.select(outbox.c.id, *(outbox.c[name] for name in _MESSAGE_COLUMNS)).where(outbox.c.id.in_(list(ids)))
    return {row.id: {name: getattr(row, name) for name in _MESSAGE_COLUMNS} for row in conn.execute(query)}


def _delivery(row: Any, message: Mapping[str, Any], *, attempts: int | None = None) -> Delivery:
    return Delivery(
        row.id,
        row.message_id,
        row.subscriber,
        row.case_id,
        row.seq,
        row.status,
        row.attempts if attempts is None else attempts,
        row.next_attempt_at,
        row.last_error,
        row.delivered_at,
        message,
    )


def mark_delivered(conn: sa.Connection, delivery_ids: Sequence[int], now: datetime) -> None:
    """Record that these deliveries reached their subscriber."""
    if delivery_ids:
        conn.execute(
            deliveries.update()
            .where(deliveries.c.id.in_(list(delivery_ids)))
            .values(status="delivered", delivered_at=now, next_attempt_at=now, last_error=None)
        )


def drop_deliveries(conn: sa.Connection, delivery_ids: Sequence[int]) -> None:
    """Remove pending deliveries a subscriber's filter no longer takes (routed before its ``tenants:``)."""
    if delivery_ids:
        conn.execute(
            deliveries.delete().where(deliveries.c.id.in_(list(delivery_ids)), deliveries.c.status == "pending")
        )


def mark_failed(conn: sa.Connection, delivery_id: int, error: str, next_attempt_at: datetime, *, dead: bool) -> None:
    """Record a failed attempt: try again at ``next_attempt_at``, or give up (``dead``)."""
    conn.execute(
        deliveries.update()
        .where(deliveries.c.id == delivery_id, deliveries.c.status == "pending")
        .values(status="dead" if dead else "pending", last_error=error[:2000], next_attempt_at=next_attempt_at)
    )


def count_unrouted(conn: sa.Connection, *, case_id: str | None = None) -> int:
    """How many messages wait for a relay to route them (``routed_at`` not set), of one case or all."""
    query = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.routed_at.is_(None))
    if case_id is not None:
        query = query.where(outbox.c.case_id == case_id)
    return int(conn.execute(query).scalar_one())


def list_deliveries(
    conn: sa.Connection,
    *,
    status: str | None = None,
    subscriber: str | None = None,
    case_id: str | None = None,
    limit: int = 100,
) -> list[Delivery]:
    """Deliveries oldest message first, filtered."""
    query = sa.select(deliveries).order_by(deliveries.c.message_id, deliveries.c.subscriber).limit(limit)
    if status is not None:
        query = query.where(deliveries.c.status == status)
    if subscriber is not None:
        query = query.where(deliveries.c.subscriber == subscriber)
    if case_id is not None:
        query = query.where(deliveries.c.case_id == case_id)
    rows = conn.execute(query).all()
    messages = _messages(conn, {row.message_id for row in rows}) if rows else {}
    return [_delivery(row, messages[row.message_id]) for row in rows]


def retry_dead(conn: sa.Connection, now: datetime, *, subscriber: str | None = None, case_id: str | None = None) -> int:
    """Give dead deliveries a fresh set of attempts, due now; returns how many."""
    query = (
        deliveries.update()
        .where(deliveries.c.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=now)
    )
    if subscriber is not None:
        query = query.where(deliveries.c.subscriber == subscriber)
    if case_id is not None:
        query = query.where(deliveries.c.case_id == case_id)
    return conn.execute(query).rowcount


def purge_delivered(conn: sa.Connection, before: datetime) -> int:
    """Remove routed messages created before ``before`` whose every delivery is delivered; returns how many.

    Messages not yet routed, and any with a pending or dead delivery, stay.
    """
    open_delivery = (
        sa.select(deliveries.c.id)
        .where(deliveries.c.message_id == outbox.c.id, deliveries.c.status != "delivered")
        .exists()
    )
    done = sa.select(outbox.c.id).where(outbox.c.created_at < before, outbox.c.routed_at.is_not(None), ~open_delivery)
    ids = list(conn.execute(done).scalars())
    removed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(deliveries.delete().where(deliveries.c.message_id.in_(chunk)))
        removed += conn.execute(outbox.delete().where(outbox.c.id.in_(chunk))).rowcount
    return removed
