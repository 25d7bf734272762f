"""Reviewing the audit log: filtered streaming queries, chain verification, checkpoints.

``verify`` recomputes every case's hash chain and names each break: which
case, which event, and what kind — ``content_changed``, ``event_removed``,
``event_inserted``, ``order_changed``, ``head_mismatch``; it rebuilds each
case row (state, data, version, flags) from its events (``case_row_changed``)
and checks every stored definition text against its checksum and the checksum
its events name (``definition_changed``).  A chain can be
rewritten consistently by someone with write access to the database; a
:class:`Checkpoint` kept outside the database (case heads and counts at a
moment) exposes that too: ``case_removed`` and ``case_rewritten``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa

from workflow import limits as bounds
from workflow import policy
from workflow.chain import GENESIS, canonical, chain_hash, request_hash
from workflow.checkpoint import Checkpoint, LogMark, log_digest
from workflow.errors import DefinitionError, StorageError
from workflow.exports import CaseFacts, ExportContext
from workflow.model import TERMS_KEY, Actor, AuditEvent, Definition, DefinitionSet
from workflow.registry import Registry
from workflow.store import queries, review, security
from workflow.store.database import reason
from workflow.store.security import SecurityEvent, Seen
from workflow.timer_audit import TimerCheck
from workflow.workdays import WorkCalendar

__all__ = ["AuditLog", "Break", "BreakKind", "CaseRange", "Checkpoint", "Verification"]

BreakKind = Literal[
    "content_changed",
    "event_removed",
    "event_inserted",
    "order_changed",
    "head_mismatch",
    "case_removed",
    "case_rewritten",
    "case_row_changed",
    "definition_changed",
    "case_inserted",
    "log_rewritten",
    "timer_changed",
    "request_changed",
]


@dataclass(frozen=True)
class Break:
    """One place where the log is not what was written."""

    case_id: str
    seq: int | None
    kind: BreakKind
    detail: str

    def __str__(self) -> str:
        if self.kind == "log_rewritten":
            return f"log: log rewritten — {self.detail}"
        if self.kind == "definition_changed" and self.seq is None:
            return f"definition {self.case_id}: definition changed — {self.detail}"
        where = f"case {self.case_id}" + (f" event {self.seq}" if self.seq is not None else "")
        return f"{where}: {self.kind.replace('_', ' ')} — {self.detail}"


@dataclass(frozen=True)
class Verification:
    """The outcome of :meth:`AuditLog.verify`."""

    cases: int
    events: int
    breaks: tuple[Break, ...]
    imported: int = 0
    """Events recorded as imported history, without the engine's checks (``wf import --trust-history``)."""

    @property
    def intact(self) -> bool:
        return not self.breaks

    @staticmethod
    def merge(parts: Iterable[Verification]) -> Verification:
        parts = list(parts)
        return Verification(
            sum(p.cases for p in parts),
            sum(p.events for p in parts),
            tuple(b for p in parts for b in p.breaks),
            sum(p.imported for p in parts),
        )


CaseRange = tuple[str | None, str | None]
"""Case ids from the first (inclusive) to the second (exclusive); None: unbounded."""


class AuditLog:
    """Read-only review of the audit log of one database.

    Every review call takes an optional ``actor`` (the reviewer): a
    client-side actor sees only its own tenant's events and chains; a role
    that is agency-side or read-only (``auditor``) in a case's definition sees
    that definition's cases in every tenant.  Without an actor the caller is
    the trusted operator and sees everything.  Role sides come from the
    definitions stored in the database, so no definition files are needed.
    """

    def __init__(self, db: sa.Engine, calendar: WorkCalendar | None = None) -> None:
        self._db = db
        self._registry = Registry(DefinitionSet([]))
        self.calendar = calendar or WorkCalendar()
        """The working days timers were computed with (the engine's closing days); verify replays them so."""

    def _seen(self, conn: sa.Connection, actor: Actor | None) -> Seen | None:
        """What ``actor`` may review, judged per stored definition version; None: everything."""
        if actor is None:
            return None
        stored = [self._registry.pinned(conn, w, v) for w, v in queries.stored_versions(conn)]
        return policy.seen(stored, actor)

    @classmethod
    def open(
        cls, url: str, calendar: WorkCalendar | None = None, *, read_only: bool = True, **engine_options: Any
    ) -> AuditLog:
        """An audit log on its own (no definitions needed), for reviewers; ``close()`` when done.

        Opened read-only (``read_only=False`` to open it as any connection): a review works on a
        copy in a read-only folder too (see :func:`workflow.store.connect`).  ``calendar``: the
        engine's working days (its closing days), to check timers against the events.
        """
        from workflow import store

        db = store.connect(url, read_only=read_only, **engine_options)
        store.migrate.check(db, upgrade_schema=False)
        return cls(db, calendar)

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
            raise StorageError.said("audit.unreachable", reason=reason(exc)) from exc

    # ------------------------------------------------------------ queries
    def query(
        self,
        *,
        case_id: str | None = None,
        workflow: str | None = None,
        tenant: str | None = None,
        actor: Actor | str | None = None,
        actor_id: str | None = None,
        role: str | None = None,
        transition: str | None = None,
        kind: str | Sequence[str] | None = None,
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
        ``since`` is inclusive, ``until`` exclusive.  ``actor``: an
        :class:`Actor` is the reviewer (only the events it may see); a string
        filters by acting actor id, like ``actor_id`` (kept for older callers).
        ``kind``: one kind or several.
        """
        reviewer = actor if isinstance(actor, Actor) else None
        if isinstance(actor, str):
            actor_id = actor
        for name, value in (("case_id", case_id), ("workflow", workflow), ("tenant", tenant), ("actor", actor_id)):
            bounds.optional_text(name, value, bounds.MAX_NAME)
        kinds = kind if kind is None or isinstance(kind, str) else tuple(kind)
        for name, value in (("role", role), ("transition", transition)):
            bounds.optional_text(name, value, bounds.MAX_NAME)
        for value in (kinds,) if kinds is None or isinstance(kinds, str) else kinds:
            bounds.optional_text("kind", value, bounds.MAX_NAME)
        with self._connect() as conn, conn.begin():
            where = review.EventFilter(
                case_id, workflow, tenant, actor_id, role, transition, kinds, since, until, after, limit, by_case
            )
            where = replace(where, seen=self._seen(conn, reviewer))
            yield from review.stream_events(conn, where, batch)

    def security_events(self, *, case_id: str | None = None, limit: int = 1000) -> list[SecurityEvent]:
        """Calls on cases their actors may not see (operator only): actor, its tenant, case, call, code, time."""
        with self._connect() as conn, conn.begin():
            return security.security_log(conn, case_id=case_id, limit=limit)

    def export_context(
        self, *, case_fields: Sequence[str] = (), start: bool = True, activity: Literal["id", "label"] = "id"
    ) -> ExportContext:
        """What an export adds from this database: case references and data, labels of stored definitions."""
        return ExportContext(self._case_facts, self._stored_definition, tuple(case_fields), start, activity)

    def _case_facts(self, case_id: str) -> CaseFacts | None:
        with self._connect() as conn:
            stored = queries.read_case(conn, case_id)
        return None if stored is None else CaseFacts(stored.case.reference, stored.case.data)

    def _stored_definition(self, workflow: str, version: int) -> Definition | None:
        """The stored version (a retired one too: its labels are still its labels); None when not stored."""
        with self._connect() as conn:
            if queries.stored_definition(conn, workflow, version) is None:
                return None
            try:
                return self._registry.pinned(conn, workflow, version)
            except DefinitionError:  # a text changed in the database: no labels (verify names the change)
                return None

    # ------------------------------------------------------------ verification
    def verify(
        self,
        *,
        case_id: str | None = None,
        checkpoint: Checkpoint | None = None,
        case_range: CaseRange | None = None,
        actor: Actor | None = None,
    ) -> Verification:
        """Recompute every chain (or one case's, or a range's) and report each break.

        With ``actor``, only the chains of cases it may see (a case it may not
        see is verified like an unknown id: not at all).

        ``case_range`` (from :meth:`split`) lets several processes verify
        parts of a large log side by side; merge their results with
        :meth:`Verification.merge` and check a checkpoint once, in one of them.
        """
        breaks: list[Break] = []
        case_count = event_count = imported = 0
        with self._connect() as conn, conn.begin():
            scope = review.CaseScope(case_id, *(case_range or (None, None)), seen=self._seen(conn, actor))
            heads = review.case_heads(conn, scope)
            rows_of = review.case_rows(conn, scope)
            checksums, changed = _definitions(review.stored_definitions(conn))
            breaks += changed if case_id is None and case_range in (None, (None, None)) else []
            timers = TimerCheck(
                lambda w, v: self._registry.pinned(conn, w, v), self.calendar, review.timer_rows(conn, scope)
            )
            seen: set[str] = set()
            for cid, group in itertools.groupby(
                (_Stored(*stored) for stored in review.hashed_contents(conn, scope)),
                key=lambda r: r.case_id,
            ):
                rows = list(group)
                seen.add(cid)
                event_count += len(rows)
                imported += sum(1 for row in rows if "imported" in row.content)
                found = _verify_case(cid, rows, heads.get(cid))
                timer_breaks = _timer_break(cid, timers.check([r.content for r in rows], cid, broken=bool(found)))
                row_of = rows_of.get(cid)
                found = found or _explained(cid, rows, row_of, checksums)
                found = found or _requests(cid, rows, None if row_of is None else row_of[4])
                breaks += found or timer_breaks
            timers.close()
            orphans = timers.orphans(seen) if scope.seen is None else []
            breaks += [Break(cid, None, "timer_changed", "timer rows of a case that has no events") for cid in orphans]
            for cid, head in heads.items():
                case_count += 1
                if cid not in seen and head[0] > 0:
                    breaks.append(Break(cid, 1, "event_removed", f"the case records {head[0]} events; none found"))
            if checkpoint is not None:
                breaks += _against_checkpoint(conn, checkpoint, heads, case_id)
        return Verification(case_count, event_count, tuple(breaks), imported)

    def against_checkpoint(self, checkpoint: Checkpoint) -> tuple[Break, ...]:
        """Only the checkpoint comparison: cases removed or rewritten since it was taken."""
        with self._connect() as conn, conn.begin():
            heads = review.case_heads(conn, review.CaseScope())
            return tuple(_against_checkpoint(conn, checkpoint, heads, None))

    def split(self, parts: int) -> list[CaseRange]:
        """``parts`` ranges of case ids of about equal size, together covering every case."""
        with self._connect() as conn:
            bounds = review.case_bounds(conn, parts)
        return [(bounds[i], bounds[i + 1]) for i in range(parts)]

    def checkpoint(
        self, now: datetime, *, actor: Actor | None = None, previous: Checkpoint | None = None
    ) -> Checkpoint:
        """Every case's count and head hash now (with ``actor``: of the cases it may see), and their digest.

        For the operator (no ``actor``) it also pins the whole log: every event
        up to the highest committed position, chained in log order (a reviewer
        who sees only some cases cannot pin the others).  ``previous``: the
        checkpoint before it, which this one names.  Sign it with
        :meth:`Checkpoint.signed`.
        """
        mark: LogMark | None = None
        with self._connect() as conn:
            high = review.log_high(conn) if actor is None else None
            with conn.begin():
                heads = review.case_heads(conn, review.CaseScope(seen=self._seen(conn, actor)))
                if high is not None:
                    count, digest = log_digest((p[0], p[3]) for p in review.log_positions(conn, high))
                    mark = LogMark(high, count, digest)
        return Checkpoint.make(now, heads, mark, None if previous is None else previous.digest)


def _timer_break(case_id: str, detail: str | None) -> list[Break]:
    """Checked before :func:`_explained`, which reuses the parsed contents."""
    return [] if detail is None else [Break(case_id, None, "timer_changed", detail)]


class _Stored:
    """Just what verification needs of a stored event (a plain slotted class: this is the hot loop)."""

    __slots__ = ("case_id", "content", "hash", "intact", "prev_hash", "request", "seq")

    def __init__(self, content: dict[str, Any], stored_hash: str, request: str | None = None) -> None:
        self.content = content
        self.hash = stored_hash
        self.request = request
        self.case_id: str = content["case_id"]
        self.seq: int = content["seq"]
        self.prev_hash: str = content["prev_hash"]
        self.intact = chain_hash(content) == stored_hash


def _verify_case(case_id: str, rows: Sequence[_Stored], head: tuple[int, str] | None) -> list[Break]:
    found: list[Break] = []
    if head is None:
        return [Break(case_id, rows[0].seq, "event_inserted", "events of a case that does not exist")]
    hashes = {row.hash: row.seq for row in rows}
    written: dict[str, int] | None = None
    previous_hash, previous_seq, previous_moved = GENESIS, 0, False
    for row in rows:
        moved = False
        if not row.intact:
            written = _written_positions(rows) if written is None else written
            found.append(_changed(case_id, row, written))
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


def _written_positions(rows: Sequence[_Stored]) -> dict[str, int]:
    """Each event's number as written: its place on the chain of links followed from the genesis."""
    following = {row.prev_hash: row for row in rows}
    positions: dict[str, int] = {}
    link = GENESIS
    while link in following and len(positions) < len(rows):
        link = following[link].hash
        positions[link] = len(positions) + 1
    return positions


def _changed(case_id: str, row: _Stored, positions: Mapping[str, int]) -> Break:
    """Content changed — unless the event is intact but moved: then it hashes right at the place its link names.

    One hash at most per changed event (the place after the event its ``prev_hash`` names), never a search.
    """
    written = 1 if row.prev_hash == GENESIS else positions.get(row.prev_hash, -1) + 1
    if written > 0 and written != row.seq and chain_hash({**row.content, "seq": written}) == row.hash:
        return Break(case_id, row.seq, "order_changed", f"the event written as number {written} stands at {row.seq}")
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
        stored = review.event_hash(conn, cid, count)
        if stored != head:
            found.append(
                Break(cid, count, "case_rewritten", f"event {count} is not the one the checkpoint of {when} recorded")
            )
    if checkpoint.log is not None and case_id is None:
        found += _against_log(conn, checkpoint, checkpoint.log, when, explained=bool(found))
    return found


def _against_log(
    conn: sa.Connection, checkpoint: Checkpoint, mark: LogMark, when: str, *, explained: bool
) -> list[Break]:
    """The log up to the checkpoint's position, chained again in log order: one pass, named where it can be.

    An event up to that position of a case the checkpoint does not know is a
    case inserted before it; one past its case's checkpointed count, an
    event inserted before it; anything else that changes the log-wide digest
    (events removed, moved, renumbered) and is not ``explained`` by a case
    removed or rewritten is the log rewritten.
    """
    found: list[Break] = []
    inserted: set[str] = set()
    heads = checkpoint.heads

    def positions() -> Iterator[tuple[int, str]]:
        for position, cid, seq, stored in review.log_positions(conn, mark.high):
            head = heads.get(cid)
            if head is None:
                if cid not in inserted:
                    inserted.add(cid)
                    detail = (
                        f"its events stand in the log before the checkpoint of {when}, which does not know the case"
                    )
                    found.append(Break(cid, seq, "case_inserted", detail))
            elif seq > head[0]:
                detail = f"event {seq} stands in the log before the checkpoint of {when}, which recorded {head[0]}"
                found.append(Break(cid, seq, "event_inserted", detail))
            yield position, stored

    count, digest = log_digest(positions())
    if (count, digest) != (mark.events, mark.digest) and not found and not explained:
        detail = (
            f"the log up to position {mark.high} is not the one the checkpoint of {when} recorded "
            f"({count} events, the checkpoint recorded {mark.events}): events removed, moved or renumbered"
        )
        found.append(Break("log", None, "log_rewritten", detail))
    return found


Checksums = Mapping[tuple[str, int], str]


def _definitions(stored: Iterable[tuple[str, int, str, str]]) -> tuple[Checksums, list[Break]]:
    """Each stored definition's checksum, and a break for each whose text no longer hashes to it."""
    checksums: dict[tuple[str, int], str] = {}
    found: list[Break] = []
    for workflow, version, checksum, source in stored:
        checksums[(workflow, version)] = checksum
        if hashlib.sha256(source.encode()).hexdigest() != checksum:
            detail = "its stored text no longer hashes to the checksum its cases' events name"
            found.append(Break(f"{workflow} v{version}", None, "definition_changed", detail))
    return checksums, found


def _explained(
    case_id: str,
    rows: Sequence[_Stored],
    stored: tuple[str, Any, int, list[str], str | None] | None,
    checksums: Checksums,
) -> list[Break]:
    """An intact chain must explain its case row, under the definition its events name."""
    state: str | None = None
    data: dict[str, Any] = {}
    version = 0
    flags: set[str] = set()
    named: tuple[str, int, str] | None = None
    for row in rows:  # one pass: the definition each event names, and the row the events leave
        content = row.content
        pinned = (content["workflow"], content["definition_version"], content["definition_checksum"])
        if pinned != named:
            if checksums.get(pinned[:2]) != pinned[2]:
                detail = f"{pinned[0]} v{pinned[1]} is not the definition the event names"
                return [Break(case_id, row.seq, "definition_changed", detail)]
            named = pinned
        for change in content["data_diff"]:
            data = _apply(data, change)
        kind = content["kind"]
        if kind in ("started", "fired"):
            state = content["to_state"] or state
            version += kind == "fired"
        elif kind == "flagged" and isinstance(content["input"], dict):
            flags.add(str(content["input"].get("flag")))
    if stored is None:
        return []
    differ = [
        name
        for name, was, now in (
            ("state", state, stored[0]),
            ("version", version, stored[2]),
            ("flags", sorted(flags), stored[3]),
        )
        if was != now
    ]
    if canonical({"d": data}) != canonical({"d": stored[1]}):  # strict: 1, 1.0 and true differ
        differ.append("data")
    if not differ:
        return []
    detail = f"the case row's {', '.join(sorted(differ))} differ from what its events record"
    return [Break(case_id, rows[-1].seq, "case_row_changed", detail)]


def _requests(case_id: str, rows: Sequence[_Stored], reference: str | None) -> list[Break]:
    """Each stored request hash (what an idempotent repeat is compared with) is the one its event's request had.

    A start's covers its workflow, tenant, data and the case's reference; a step's its transition and input
    (kept when it came with an idempotency key, or was imported).
    """
    for row in rows:
        content = row.content
        if content["kind"] == "started":
            data = content["input"] if isinstance(content["input"], dict) else {}
            asked = {"workflow": content["workflow"], "tenant": content["tenant"], "reference": reference}
            matches = row.request == request_hash("start", {**asked, "data": data}) or (
                TERMS_KEY in data  # a definition with legal terms: the start asked without them
                and row.request
                == request_hash("start", {**asked, "data": {k: v for k, v in data.items() if k != TERMS_KEY}})
            )
        elif row.request is None and (content["idempotency_key"] is None or content["kind"] != "fired"):
            continue
        else:
            matches = row.request == request_hash(content["transition"], content["input"])
        if not matches:
            detail = "its stored request hash is not the hash of the request it records"
            return [Break(case_id, row.seq, "request_changed", detail)]
    return []


def _apply(data: dict[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """One change of a diff, applied in place (the parsed values are not shared with anything else)."""
    path = list(change["path"])
    if not path:
        value = change.get("new", {})
        return value if isinstance(value, dict) else {}
    target = data
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    if "new" in change:
        target[path[-1]] = change["new"]
    else:
        target.pop(path[-1], None)
    return data
