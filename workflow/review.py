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

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa

from workflow import limits as bounds
from workflow import policy
from workflow._speech import say
from workflow.checkpoint import Checkpoint, LogMark, log_digest
from workflow.errors import DefinitionError, InvalidInput, NotFound, StorageError
from workflow.exports import CaseFacts, ExportContext
from workflow.model import Actor, AuditEvent, Definition, DefinitionSet
from workflow.registry import Registry
from workflow.review_checkpoint import against_checkpoint
from workflow.review_checks import (
    Break,
    BreakKind,
    CaseRange,
    Verification,
    _definitions,
    verify_cases,
)
from workflow.store import queries, review, security
from workflow.store.database import reason
from workflow.store.security import SecurityEvent, Seen
from workflow.timer_audit import TimerCheck
from workflow.workdays import WorkCalendar

__all__ = ["AuditLog", "Break", "BreakKind", "CaseRange", "Checkpoint", "Verification"]


def _paged(conn: sa.Connection, where: review.EventFilter, after: int | tuple[str, int] | None) -> review.EventFilter:
    """``where`` starting after ``after``: a log position, or (case id, seq) of an event ``where.seen`` covers."""
    if after is None or isinstance(after, int):
        return replace(where, after=after)
    case_id, seq = after
    bounds.identifier("after", case_id)
    if where.by_case:
        return replace(where, after_event=(case_id, seq))
    position = review.event_position(conn, case_id, seq, where.seen)
    if position is None:  # none, or hidden from the reviewer: the same answer
        raise NotFound("event", f"{case_id}:{seq}", say("error.hint.event_page"))
    return replace(where, after=position)


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
        return policy.seen(self._registry.every_stored(conn), actor)

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
        after: int | tuple[str, int] | None = None,
        limit: int | None = None,
        by_case: bool = False,
        batch: int = 1000,
    ) -> Iterator[AuditEvent]:
        """Events matching every given filter, streamed in batches (constant memory).

        Ordered by position in the log, or with ``by_case`` by case and
        sequence number; page on with ``after=(last.case_id, last.seq)`` (the
        operator also with ``after=last.id``).  ``since`` is inclusive,
        ``until`` exclusive.  ``actor``: an :class:`Actor` is the reviewer
        (only the events it may see, without their position in the whole log:
        ``event.id`` is None, since it would count other organisations'
        events); a string filters by acting actor id, like ``actor_id`` (kept
        for older callers).  ``kind``: one kind or several.
        """
        reviewer = actor if isinstance(actor, Actor) else None
        if reviewer is not None and isinstance(after, int):
            raise InvalidInput.said("audit.after_position", after=after)
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
                case_id, workflow, tenant, actor_id, role, transition, kinds, since, until, None, limit, by_case
            )
            where = _paged(conn, replace(where, seen=self._seen(conn, reviewer)), after)
            if where.seen is None:
                yield from review.stream_events(conn, where, batch)
            else:
                yield from (replace(event, id=None) for event in review.stream_events(conn, where, batch))

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

    def definition(self, workflow: str, version: int) -> Definition | None:
        """The stored definition version ``workflow`` v``version`` (its labels name an event's states, transitions
        and roles); None when it is not stored or its text changed (``verify`` names that)."""
        return self._stored_definition(workflow, version)

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
        tenants: Sequence[str] | None = None,
        versions: Sequence[tuple[str, int]] = (),
    ) -> Verification:
        """Recompute every chain (or one case's, or a range's) and report each break.

        With ``actor``, only the chains of cases it may see (a case it may not
        see is verified like an unknown id: not at all).  With ``tenants``, only
        the cases of those organisations pinned to one of ``versions`` ((workflow,
        version) pairs): what a report for those clients covers.

        ``case_range`` (from :meth:`split`) lets several processes verify
        parts of a large log side by side; merge their results with
        :meth:`Verification.merge` and check a checkpoint once, in one of them.
        """
        with self._connect() as conn, conn.begin():
            seen = self._seen(conn, actor)
            seens = [seen] if tenants is None else [_narrowed(seen, t, versions) for t in tenants]
            checksums, changed = _definitions(review.stored_definitions(conn))
            whole = case_id is None and case_range in (None, (None, None))
            # a changed stored text is named to the operator only: its roles cannot be trusted, so no actor
            # is judged to see that version (nor its cases), and another organisation must not learn of it
            parts = [Verification(0, 0, tuple(changed) if whole and actor is None else ())]
            for one in seens:
                scope = review.CaseScope(case_id, *(case_range or (None, None)), seen=one)
                parts.append(self._verify_scope(conn, scope, checksums, checkpoint))
        return Verification.merge(parts)

    def _verify_scope(
        self, conn: sa.Connection, scope: review.CaseScope, checksums: Any, checkpoint: Checkpoint | None
    ) -> Verification:
        """The chains of the cases in ``scope`` (and against ``checkpoint``): :meth:`verify` for one scope."""
        heads = review.case_heads(conn, scope)
        rows_of = review.case_rows(conn, scope)
        timers = TimerCheck(
            lambda w, v: self._registry.pinned(conn, w, v), self.calendar, review.timer_rows(conn, scope)
        )
        stored = review.hashed_contents(conn, scope)
        breaks, seen, event_count, imported = verify_cases(stored, heads, rows_of, checksums, timers)
        timers.close()
        orphans = timers.orphans(seen) if scope.seen is None else []
        breaks += [Break(cid, None, "timer_changed", "timer_orphans") for cid in orphans]
        for cid, head in heads.items():
            if cid not in seen and head[0] > 0:
                breaks.append(Break(cid, 1, "event_removed", "none_found", (("count", ("event", head[0])),)))
        if checkpoint is not None:
            breaks += against_checkpoint(conn, checkpoint, heads, scope.case_id, seen=scope.seen)
        return Verification(len(heads), event_count, tuple(breaks), imported)

    def against_checkpoint(self, checkpoint: Checkpoint, *, actor: Actor | None = None) -> tuple[Break, ...]:
        """Only the checkpoint comparison: cases removed or rewritten since it was taken (with ``actor``:
        of the cases it may see, as :meth:`verify`)."""
        with self._connect() as conn, conn.begin():
            seen = self._seen(conn, actor)
            heads = review.case_heads(conn, review.CaseScope(seen=seen))
            return tuple(against_checkpoint(conn, checkpoint, heads, None, seen=seen))

    def split(self, parts: int) -> list[CaseRange]:
        """``parts`` ranges of case ids of about equal size, together covering every case."""
        with self._connect() as conn:
            bounds = review.case_bounds(conn, parts)
        return [(bounds[i], bounds[i + 1]) for i in range(parts)]

    def checkpoint(
        self, now: datetime, *, actor: Actor | None = None, previous: Checkpoint | None = None
    ) -> Checkpoint:
        """Every case's count, head hash and owner now (with ``actor``: of the cases it may see), and their digest.

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
                owned = review.owned_heads(conn, review.CaseScope(seen=self._seen(conn, actor)))
                if high is not None:
                    count, digest = log_digest((p[0], p[3]) for p in review.log_positions(conn, high))
                    mark = LogMark(high, count, digest)
        heads = {cid: (count, head) for cid, (count, head, _) in owned.items()}
        owners = {cid: owner for cid, (_, _, owner) in owned.items()}
        return Checkpoint.make(now, heads, mark, None if previous is None else previous.digest, owners)


def _narrowed(seen: Seen | None, tenant: str, versions: Sequence[tuple[str, int]]) -> Seen:
    """What ``seen`` (None: everything) shows of ``tenant``'s cases pinned to one of ``versions``."""
    if seen is None:
        return tenant, list(versions), []
    own, mine, everywhere = seen
    return tenant, [p for p in versions if p in everywhere or (tenant == own and p in mine)], []
