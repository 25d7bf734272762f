"""The outbox relay: delivers outbox messages to subscribers' HTTP webhooks.

At least once, in order per case and subscriber: a delivery is leased (a
short committed transaction), sent, then marked delivered or failed; a relay
killed mid-send leaves a lease that runs out, and the message is sent again.
Each request carries ``Idempotency-Key: <case>:<seq>:<subscriber>`` so the
receiver can drop a repeat, and is signed: ``X-Workflow-Timestamp`` (Unix
seconds) and ``X-Workflow-Signature: sha256=<hex>``, the HMAC-SHA256 with the
subscriber's secret over ``"<timestamp>." + body``.  A failure is retried
after an exponential backoff with jitter; after ``max_attempts`` failures the
delivery is dead (later messages of that case wait) until ``retry``.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import sqlalchemy as sa

from workflow import store
from workflow._log import get_logger
from workflow.errors import StorageError
from workflow.outbox import notification
from workflow.store import outbox as queries
from workflow.subscribers import Subscriber

__all__ = ["RelayStats", "Settings", "backoff", "deliveries", "purge", "relay", "retry", "sign"]

Clock = Callable[[], datetime]
_log = get_logger().bind(component="relay")


@dataclass(frozen=True)
class Settings:
    """How the relay works; the defaults suit a webhook that answers within seconds."""

    batch: int = 100
    max_attempts: int = 10
    backoff_base: timedelta = timedelta(seconds=2)
    backoff_cap: timedelta = timedelta(hours=1)
    timeout: timedelta = timedelta(seconds=10)
    lease: timedelta = timedelta(seconds=60)
    """How long a claimed delivery is held; longer than ``timeout`` so no repeat overtakes a slow send."""
    poll_interval: timedelta = timedelta(seconds=1)


@dataclass
class RelayStats:
    """What a relay run did."""

    delivered: int = 0
    failed: int = 0
    dead: int = 0
    routed: int = 0
    dropped: int = 0
    """Pending deliveries the subscriber's filter no longer takes (routed before it had ``tenants:``), removed."""
    by_subscriber: dict[str, int] = field(default_factory=dict)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Workflow-Signature`` value: ``sha256=`` and the hex HMAC over ``b"<timestamp>." + body``."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff(attempts: int, settings: Settings, rng: random.Random) -> timedelta:
    """The wait after the ``attempts``-th failure: base·2^(n-1), capped, then a random half to full of it."""
    ceiling: timedelta = min(settings.backoff_cap, settings.backoff_base * (2 ** min(attempts - 1, 40)))
    return ceiling * (0.5 + rng.random() / 2)


def _open(database: str | sa.Engine) -> tuple[sa.Engine, bool]:
    if isinstance(database, sa.Engine):
        return database, False
    db = store.connect(database)
    try:
        store.migrate.check(db, upgrade_schema=None)
    except StorageError:
        db.dispose()
        raise
    return db, True


class _Relay:
    def __init__(
        self, db: sa.Engine, subscribers: Sequence[Subscriber], settings: Settings, client: httpx.Client, now: Clock
    ) -> None:
        self.db, self.settings, self.client, self.now = db, settings, client, now
        self.subscribers = {s.name: s for s in subscribers}
        self.writer = db.execution_options(**store.WRITE)
        self.rng = random.Random()  # noqa: S311 - jitter, not cryptography
        self.stats = RelayStats()

    def _moment(self) -> datetime:
        return self.now().astimezone(UTC)

    def step(self) -> bool:
        """Route new messages, then send one batch; False when nothing was due."""
        try:
            with self.writer.connect() as conn, conn.begin():
                routes = {name: (s.channels, s.tenants) for name, s in self.subscribers.items()}
                self.stats.routed += queries.route_messages(conn, routes, self._moment())
            with self.writer.connect() as conn, conn.begin():
                now = self._moment()
                lease_until = now + self.settings.lease
                claimed = queries.claim_deliveries(conn, self.subscribers, now, lease_until, limit=self.settings.batch)
                unwanted = [d for d in claimed if not self._wanted(d)]
                queries.drop_deliveries(conn, [d.id for d in unwanted])
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError.said("storage.relay_claim", reason=exc) from exc
        self._dropped(unwanted)
        # one delivery per case and subscriber per batch, so sending them in any order keeps each case's order;
        # the outcomes are written in one transaction (a crash before it repeats at most this batch)
        outcomes: list[tuple[queries.Delivery, str | None]] = []
        for delivery in claimed:
            if any(delivery.id == d.id for d in unwanted):
                continue
            if self._moment() > lease_until - self.settings.timeout:
                break  # a send now could outlive the lease and overtake a repeat: leave the rest to run out
            outcomes.append((delivery, self._send(delivery)))
        if outcomes:
            self._record(outcomes)
        return bool(claimed)

    def _wanted(self, delivery: queries.Delivery) -> bool:
        """Whether the subscriber's filter (now) takes the message: one routed before it had ``tenants:`` may not."""
        subscriber, message = self.subscribers[delivery.subscriber], delivery.message
        channel_ok = subscriber.channels is None or message["channel"] in subscriber.channels
        return channel_ok and (subscriber.tenants is None or message["attributes"].get("tenant") in subscriber.tenants)

    def _dropped(self, unwanted: list[queries.Delivery]) -> None:
        for delivery in unwanted:
            self.stats.dropped += 1
            _log.info(
                "delivery dropped: not for this subscriber", subscriber=delivery.subscriber, case_id=delivery.case_id
            )

    def _send(self, delivery: queries.Delivery) -> str | None:
        """POST the message; None when the subscriber took it (2xx), else why not."""
        subscriber = self.subscribers[delivery.subscriber]
        body = orjson.dumps(notification(delivery.message))
        stamp = int(self._moment().timestamp())
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": f"{delivery.case_id}:{delivery.seq}:{subscriber.name}",
            "X-Workflow-Timestamp": str(stamp),
            "X-Workflow-Signature": sign(subscriber.secret, stamp, body),
        }
        try:
            response = self.client.post(subscriber.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__} sending to {subscriber.url}: {exc}"
        return None if response.is_success else f"HTTP {response.status_code} from {subscriber.url}"

    def _record(self, outcomes: list[tuple[queries.Delivery, str | None]]) -> None:
        now = self._moment()
        try:
            with self.writer.connect() as conn, conn.begin():
                queries.mark_delivered(conn, [d.id for d, error in outcomes if error is None], now)
                for delivery, error in outcomes:
                    if error is not None:
                        dead = delivery.attempts >= self.settings.max_attempts
                        retry_at = now + backoff(delivery.attempts, self.settings, self.rng)
                        queries.mark_failed(conn, delivery.id, error, retry_at, dead=dead)
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError.said("storage.relay_record", reason=exc) from exc
        for delivery, error in outcomes:
            self._count(delivery, error)

    def _count(self, delivery: queries.Delivery, error: str | None) -> None:
        log = _log.bind(subscriber=delivery.subscriber, case_id=delivery.case_id, seq=delivery.seq)
        if error is None:
            self.stats.delivered += 1
            self.stats.by_subscriber[delivery.subscriber] = self.stats.by_subscriber.get(delivery.subscriber, 0) + 1
            log.debug("message delivered")
        elif delivery.attempts >= self.settings.max_attempts:
            self.stats.dead += 1
            log.warning("delivery dead", attempts=delivery.attempts, error=error)
        else:
            self.stats.failed += 1
            log.info("delivery failed", attempts=delivery.attempts, error=error)


def relay(
    database: str | sa.Engine,
    subscribers: Sequence[Subscriber],
    *,
    once: bool = False,
    settings: Settings | None = None,
    now: Clock | None = None,
    stop: threading.Event | None = None,
    client: httpx.Client | None = None,
) -> RelayStats:
    """Deliver outbox messages to ``subscribers`` until stopped; returns what was done.

    ``database``: a URL or a SQLAlchemy engine.  ``once``: return as soon as
    nothing is due (messages waiting for a backoff stay for a later run);
    otherwise run until ``stop`` is set, polling every ``poll_interval``.
    ``now``: the clock deciding what is due (tests pass a controllable one).
    Any number of relays may run side by side on one database.
    """
    settings = settings or Settings()
    db, owned = _open(database)
    timeout = settings.timeout.total_seconds()
    http = client or httpx.Client(timeout=timeout, follow_redirects=False)
    worker = _Relay(db, subscribers, settings, http, now or _utc_now)
    _log.info("relay started", subscribers=sorted(worker.subscribers), once=once)
    try:
        while not (stop is not None and stop.is_set()):
            if worker.step():
                continue
            if once:
                break
            (stop or threading.Event()).wait(settings.poll_interval.total_seconds())
    finally:
        if client is None:
            http.close()
        if owned:
            db.dispose()
    _log.info("relay stopped", delivered=worker.stats.delivered, failed=worker.stats.failed, dead=worker.stats.dead)
    return worker.stats


def retry(
    database: str | sa.Engine, *, subscriber: str | None = None, case_id: str | None = None, now: Clock | None = None
) -> int:
    """Revive dead deliveries (all, or one subscriber's, or one case's): due now, attempts reset."""
    db, owned = _open(database)
    try:
        with db.execution_options(**store.WRITE).begin() as conn:
            return queries.retry_dead(conn, (now or _utc_now)(), subscriber=subscriber, case_id=case_id)
    finally:
        if owned:
            db.dispose()


def purge(database: str | sa.Engine, older_than: timedelta, *, now: Clock | None = None) -> int:
    """Remove messages older than ``older_than`` that reached every subscriber; returns how many."""
    db, owned = _open(database)
    try:
        with db.execution_options(**store.WRITE).begin() as conn:
            return queries.purge_delivered(conn, (now or _utc_now)() - older_than)
    finally:
        if owned:
            db.dispose()


def unrouted(database: str | sa.Engine, *, case_id: str | None = None) -> int:
    """How many outbox messages no relay has routed yet (they have no deliveries until then)."""
    db, owned = _open(database)
    try:
        with db.connect() as conn:
            return queries.count_unrouted(conn, case_id=case_id)
    finally:
        if owned:
            db.dispose()


def deliveries(
    database: str | sa.Engine,
    *,
    status: str | None = None,
    subscriber: str | None = None,
    case_id: str | None = None,
    limit: int = 100,
) -> list[queries.Delivery]:
    """Deliveries with their messages, oldest message first, filtered."""
    db, owned = _open(database)
    try:
        with db.connect() as conn:
            return queries.list_deliveries(conn, status=status, subscriber=subscriber, case_id=case_id, limit=limit)
    finally:
        if owned:
            db.dispose()
