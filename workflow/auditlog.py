"""Reviewing the audit log: filtered streaming queries, chain verification, checkpoints.

``verify`` recomputes every case's hash chain and names each break: which
case, which event, and what kind — ``content_changed``, ``event_removed``,
``event_inserted``, ``order_changed``, ``head_mismatch``.  A chain can be
rewritten consistently by someone with write access to the database; a
:class:`Checkpoint` kept outside the database (case heads and counts at a
moment) exposes that too: ``case_removed`` and ``case_rewritten``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
import sqlalchemy as sa

from workflow.audit import CONTENT_KEYS, GENESIS, chain_hash, moment_text
from workflow.errors import StorageError, WorkflowError
from workflow.model import AuditEvent
from workflow.store import queries
from workflow.store.tables import cases, events

__all__ = ["AuditLog", "Break", "BreakKind", "CaseRange", "Checkpoint", "Verification"]

BreakKind = Literal[
    "content_changed",
    "event_removed",
    "event_inserted",
    "order_changed",
    "head_mismatch",
    "case_removed",
    "case_rewritten",
]


@dataclass(frozen=True)
class Break:
    """One place where the log is not what was written."""

    case_id: str
    seq: int | None
    kind: BreakKind
    detail: str

    def __str__(self) -> str:
        where = f"case {self.case_id}" + (f" event {self.seq}" if self.seq is not None else "")
        return f"{where}: {self.kind.replace('_', ' ')} — {self.detail}"


@dataclass(frozen=True)
class Verification:
    """The outcome of :meth:`AuditLog.verify`."""

    cases: int
    events: int
    breaks: tuple[Break, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks

    @staticmethod
    def merge(parts: Iterable[Verification]) -> Verification:
        parts = list(parts)
        return Verification(
            sum(p.cases for p in parts), sum(p.events for p in parts), tuple(b for p in parts for b in p.breaks)
        )


CaseRange = tuple[str | None, str | None]
"""Case ids from the first (inclusive) to the second (exclusive); None: unbounded."""


@dataclass(frozen=True)
class _Scope:
    case_id: str | None
    case_range: CaseRange | None

    @property
    def low(self) -> str | None:
        return self.case_range[0] if self.case_range else None

    @property
    def high(self) -> str | None:
        return self.case_range[1] if self.case_range else None

    def sql(self, postgres: bool) -> tuple[list[str], dict[str, str]]:
        """Driver-level conditions and parameters on wf_events.case_id."""
        conditions: list[str] = []
        params: dict[str, str] = {}
        for name, op, value in (("case_id", "=", self.case_id), ("low", ">=", self.low), ("high", "<", self.high)):
            if value is not None:
                conditions.append(f"case_id {op} " + (f"%({name})s" if postgres else f":{name}"))
                params[name] = value
        return conditions, params


@dataclass(frozen=True)
class Checkpoint:
    """Every case's event count and head hash at a moment, with a digest over them all.

    Keep it outside the database (print it, mail it, store it elsewhere):
    verifying against it shows cases removed or rewritten since.
    """

    created_at: datetime
    heads: Mapping[str, tuple[int, str]]
    digest: str

    @staticmethod
    def compute_digest(created_at: datetime, heads: Mapping[str, tuple[int, str]]) -> str:
        sha = hashlib.sha256(created_at.isoformat(timespec="microseconds").encode())
        for case_id in sorted(heads):
            count, head = heads[case_id]
            sha.update(f"\n{case_id} {count} {head}".encode())
        return sha.hexdigest()

    def to_json(self) -> bytes:
        body = {
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "digest": self.digest,
            "cases": {case_id: list(pair) for case_id, pair in sorted(self.heads.items())},
        }
        return orjson.dumps(body, option=orjson.OPT_INDENT_2)

    @classmethod
    def from_json(cls, text: bytes | str) -> Checkpoint:
        """Read a checkpoint file; its digest must match its content."""
        try:
            body = orjson.loads(text)
            created = datetime.fromisoformat(body["created_at"])
            heads = {str(k): (int(v[0]), str(v[1])) for k, v in body["cases"].items()}
            digest = str(body["digest"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError) as exc:
            msg = f"not a workflow audit checkpoint ({exc}); expected the JSON written by `wf audit checkpoint -o`"
            raise WorkflowError(msg) from exc
        if cls.compute_digest(created, heads) != digest:
            msg = "the checkpoint file does not match its own digest: it was changed after it was written"
            raise WorkflowError(msg)
        return cls(created, heads, digest)


_EVENT_COLUMNS = [c for c in events.c if c.name != "request_hash"]


class AuditLog:
    """Read-only review of the audit log of one database."""

    def __init__(self, db: sa.Engine) -> None:
        self._db = db

    @classmethod
    def open(cls, url: str, **engine_options: Any) -> AuditLog:
        """An audit log on its own (no definitions needed), for reviewers; ``close()`` when done."""
        from workflow import store

        db = store.connect(url, **engine_options)
        store.migrate.check(db, upgrade_schema=False)
        return cls(db)

    def close(self) -> None:
        self._db.dispose()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> sa.Connection:
        try:
            return self._db.connect()
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(f"cannot reach the database: {exc}") from exc

    # ------------------------------------------------------------ queries
    def query(
        self,
        *,
        case_id: str | None = None,
        workflow: str | None = None,
        tenant: str | None = None,
        actor: str | None = None,
        role: str | None = None,
        transition: str | None = None,
        kind: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after: int | None = None,
        limit: int | None = None,
        by_case: bool = False,
        batch: int = 1000,
    ) -> Iterator[AuditEvent]:
        """Events matching every given filter, streamed in batches (constant memory).

        Ordered by position in the log (``event.id``; page on with
        ``after=last.id``), or with ``by_case`` by case and sequence number.
        ``since`` is inclusive, ``until`` exclusive.
        """
        query = sa.select(*_EVENT_COLUMNS)
        filters = {
            "case_id": case_id,
            "workflow": workflow,
            "tenant": tenant,
            "actor_id": actor,
            "role": role,
            "transition": transition,
            "kind": kind,
        }
        for column, value in filters.items():
            if value is not None:
                query = query.where(events.c[column] == value)
        if since is not None:
            query = query.where(events.c.at >= since)
        if until is not None:
            query = query.where(events.c.at < until)
        if after is not None:
            query = query.where(events.c.id > after)
        query = query.order_by(*((events.c.case_id, events.c.seq) if by_case else (events.c.id,)))
        if limit is not None:
            query = query.limit(limit)
        yield from self._stream(query, batch)

    def _stream(self, query: sa.Select[Any], batch: int) -> Iterator[AuditEvent]:
        with self._connect() as conn, conn.begin():
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
            for row in result:
                yield queries.event_from_row(row)

    # ------------------------------------------------------------ verification
    def verify(
        self, *, case_id: str | None = None, checkpoint: Checkpoint | None = None, case_range: CaseRange | None = None
    ) -> Verification:
        """Recompute every chain (or one case's, or a range's) and report each break.

        ``case_range`` (from :meth:`split`) lets several processes verify
        parts of a large log side by side; merge their results with
        :meth:`Verification.merge` and check a checkpoint once, in one of them.
        """
        scope = _Scope(case_id, case_range)
        breaks: list[Break] = []
        case_count = event_count = 0
        with self._connect() as conn, conn.begin():
            heads = self._heads(conn, scope)
            seen: set[str] = set()
            for cid, group in itertools.groupby(self._event_rows(conn, scope), key=lambda r: r.case_id):
                rows = list(group)
                seen.add(cid)
                event_count += len(rows)
                breaks += _verify_case(cid, rows, heads.get(cid))
            for cid, head in heads.items():
                case_count += 1
                if cid not in seen and head[0] > 0:
                    breaks.append(Break(cid, 1, "event_removed", f"the case records {head[0]} events; none found"))
            if checkpoint is not None:
                breaks += _against_checkpoint(conn, checkpoint, heads, case_id)
        return Verification(case_count, event_count, tuple(breaks))

    def against_checkpoint(self, checkpoint: Checkpoint) -> tuple[Break, ...]:
        """Only the checkpoint comparison: cases removed or rewritten since it was taken."""
        with self._connect() as conn, conn.begin():
            heads = self._heads(conn, _Scope(None, None))
            return tuple(_against_checkpoint(conn, checkpoint, heads, None))

    def split(self, parts: int) -> list[CaseRange]:
        """``parts`` ranges of case ids of about equal size, together covering every case."""
        with self._connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar() or 0
            bounds: list[str | None] = [None]
            for index in range(1, parts):
                query = sa.select(cases.c.id).order_by(cases.c.id).offset(total * index // parts).limit(1)
                bounds.append(conn.execute(query).scalar())
            bounds.append(None)
        return [(bounds[i], bounds[i + 1]) for i in range(parts)]

    @staticmethod
    def _heads(conn: sa.Connection, scope: _Scope) -> dict[str, tuple[int, str]]:
        query = sa.select(cases.c.id, cases.c.event_count, cases.c.head_hash)
        if scope.case_id is not None:
            query = query.where(cases.c.id == scope.case_id)
        if scope.low is not None:
            query = query.where(cases.c.id >= scope.low)
        if scope.high is not None:
            query = query.where(cases.c.id < scope.high)
        return {row[0]: (row[1], row[2]) for row in conn.execute(query)}

    @staticmethod
    def _event_rows(conn: sa.Connection, scope: _Scope) -> Iterator[_Stored]:
        """Stored events by case and sequence, read raw (no per-value type processing: this is the hot loop)."""
        postgres = conn.dialect.name == "postgresql"
        columns = [_POSTGRES_COLUMNS.get(name, name) if postgres else name for name in CONTENT_KEYS]
        conditions, params = scope.sql(postgres)
        where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
        statement = f"SELECT {', '.join(columns)}, hash FROM wf_events {where}ORDER BY case_id, seq"  # noqa: S608
        # straight to the driver: SQLAlchemy's row processing costs more than hashing here
        raw = conn.connection.driver_connection
        if raw is None:  # pragma: no cover - a pooled connection always has its driver connection
            raise StorageError("no driver connection for verification")
        cursor = raw.cursor(name="wf_verify") if postgres else raw.cursor()
        if postgres:
            cursor.itersize = 5000
        cursor.execute(statement, params)
        try:
            loads, moment = orjson.loads, _sqlite_moment if not postgres else str
            for row in cursor:
                values = list(row)
                for index in _JSON_INDEXES:
                    if values[index] is not None:
                        values[index] = loads(values[index])
                values[_AT] = moment(values[_AT])
                content = dict(zip(CONTENT_KEYS, values[:_HASH], strict=True))
                content["data_diff"] = content["data_diff"] or []
                content["blockers"] = content["blockers"] or []
                yield _Stored(content, values[_HASH])
        finally:
            cursor.close()

    def checkpoint(self, now: datetime) -> Checkpoint:
        """Every case's count and head hash now, and their digest."""
        with self._connect() as conn, conn.begin():
            heads = self._heads(conn, _Scope(None, None))
        return Checkpoint(now, heads, Checkpoint.compute_digest(now, heads))


_JSON_KEYS = ("input", "data_diff", "blockers")
_JSON_INDEXES = [CONTENT_KEYS.index(name) for name in _JSON_KEYS]
_AT = CONTENT_KEYS.index("at")
# PostgreSQL renders JSON as text (parsed by orjson) and the moment in exactly the hashed form
_POSTGRES_COLUMNS = {
    **{name: f"{name}::text" for name in _JSON_KEYS},
    "at": """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')""",
}
_HASH = len(CONTENT_KEYS)


def _sqlite_moment(stored: str) -> str:
    """SQLite keeps UTC moments as 'YYYY-MM-DD HH:MM:SS.ffffff': the hashed form without a parse."""
    if len(stored) == 26:
        return f"{stored[:10]}T{stored[11:]}+00:00"
    return moment_text(datetime.fromisoformat(stored).replace(tzinfo=UTC))  # pragma: no cover - other writers


class _Stored:
    """Just what verification needs of a stored event (a plain slotted class: this is the hot loop)."""

    __slots__ = ("case_id", "content", "hash", "intact", "prev_hash", "seq")

    def __init__(self, content: dict[str, Any], stored_hash: str) -> None:
        self.content = content
        self.hash = stored_hash
        self.case_id: str = content["case_id"]
        self.seq: int = content["seq"]
        self.prev_hash: str = content["prev_hash"]
        self.intact = chain_hash(content) == stored_hash


def _verify_case(case_id: str, rows: Sequence[_Stored], head: tuple[int, str] | None) -> list[Break]:
    found: list[Break] = []
    if head is None:
        return [Break(case_id, rows[0].seq, "event_inserted", "events of a case that does not exist")]
    hashes = {row.hash: row.seq for row in rows}
    previous_hash, previous_seq, previous_moved = GENESIS, 0, False
    for row in rows:
        moved = False
        if not row.intact:
            found.append(_changed(case_id, row, row.content, len(rows) + 1))
            moved = found[-1].kind == "order_changed"
        elif row.prev_hash != previous_hash and not previous_moved:
            found.append(_broken_link(case_id, row, previous_seq, hashes))
        previous_hash, previous_seq, previous_moved = row.hash, row.seq, moved
    count, head_hash = head
    if len(rows) > count:
        extra = [r.seq for r in rows if r.seq > count]
        found.append(
            Break(
                case_id,
                extra[0] if extra else None,
                "event_inserted",
                f"{len(rows)} events found, the case records {count}",
            )
        )
    elif len(rows) < count and not any(b.kind == "event_removed" for b in found):
        found.append(
            Break(case_id, previous_seq + 1, "event_removed", f"{len(rows)} events found, the case records {count}")
        )
    elif len(rows) == count and previous_hash != head_hash:
        found.append(
            Break(case_id, previous_seq, "head_mismatch", "the case's head hash is not the hash of its last event")
        )
    return found


def _changed(case_id: str, row: _Stored, content: dict[str, Any], limit: int) -> Break:
    """Content changed — unless the event is intact but moved to another place in the sequence."""
    for seq in range(1, min(limit, 10_000)):
        if seq != row.seq and chain_hash({**content, "seq": seq}) == row.hash:
            return Break(case_id, row.seq, "order_changed", f"the event written as number {seq} stands at {row.seq}")
    return Break(case_id, row.seq, "content_changed", "the event's content does not match its hash")


def _broken_link(case_id: str, row: _Stored, previous_seq: int, hashes: Mapping[str, int]) -> Break:
    if row.seq > previous_seq + 1:
        missing = ", ".join(str(s) for s in range(previous_seq + 1, row.seq))
        return Break(case_id, previous_seq + 1, "event_removed", f"events {missing} are missing")
    if row.prev_hash in hashes:
        return Break(
            case_id,
            previous_seq,
            "event_inserted",
            f"event {previous_seq} was not in the chain: event {row.seq} follows event {hashes[row.prev_hash]}",
        )
    return Break(
        case_id,
        previous_seq,
        "content_changed",
        f"the event was replaced and re-hashed: event {row.seq} was chained to another one",
    )


def _against_checkpoint(
    conn: sa.Connection, checkpoint: Checkpoint, heads: Mapping[str, tuple[int, str]], case_id: str | None
) -> list[Break]:
    found: list[Break] = []
    wanted: Iterable[str] = [case_id] if case_id is not None else sorted(checkpoint.heads)
    when = checkpoint.created_at.isoformat(timespec="seconds")
    for cid in wanted:
        if cid not in checkpoint.heads:
            continue
        count, head = checkpoint.heads[cid]
        if cid not in heads:
            found.append(Break(cid, None, "case_removed", f"the case existed at the checkpoint of {when}"))
            continue
        stored = conn.execute(sa.select(events.c.hash).where(events.c.case_id == cid, events.c.seq == count)).scalar()
        if stored != head:
            found.append(
                Break(cid, count, "case_rewritten", f"event {count} is not the one the checkpoint of {when} recorded")
            )
    return found
