"""The reads of a case's questions, with no SQLAlchemy: the case, its aggregates, events, timers, definitions.

Each runs a pre-rendered statement of :data:`workflow.store.statements.STATEMENTS`
through :mod:`workflow.store.direct`, on the driver under a SQLAlchemy
connection (the engine) or on a plain ``sqlite3`` connection
(:class:`workflow.store.plain.Plain`, the SQLite reader of ``wf case show``),
so both answer from the same SQL and the same conversions.  Nothing here
imports SQLAlchemy: a short-lived reader need not pay for it.
:mod:`workflow.store.queries` and :mod:`workflow.store.timers` re-export
these names beside the writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workflow.errors import Blocker
from workflow.model import AuditEvent, Case, Timer
from workflow.store import direct

if TYPE_CHECKING:
    from workflow.store.direct import Connection

__all__ = [
    "FiredHistory",
    "StoredCase",
    "case_from_row",
    "event_from_row",
    "events_of",
    "fired_history",
    "read_case",
    "stored_definition",
    "stored_versions",
    "timer_from_row",
    "timers_of",
]


@dataclass(frozen=True)
class StoredCase:
    """A case as stored: with the number of its audit events and the hash of the last one (its chain's head)."""

    case: Case
    count: int
    head: str


def case_from_row(row: Any) -> Case:
    """A case from a row of ``wf_cases`` (a :class:`direct.Row`, or SQLAlchemy's)."""
    if isinstance(row, direct.Row):  # the write path's rows: by key, not through __getattr__
        return Case(
            row["id"], row["workflow"], row["definition_version"], row["state"], row["data"], row["tenant"],
            row["reference"], row["version"], row["created_at"], row["updated_at"], tuple(row["flags"] or ()),
        )  # fmt: skip
    return Case(
        row.id,
        row.workflow,
        row.definition_version,
        row.state,
        row.data,
        row.tenant,
        row.reference,
        row.version,
        row.created_at,
        row.updated_at,
        tuple(row.flags or ()),
    )


def read_case(conn: Connection, case_id: str) -> StoredCase | None:
    """The case with its event count and head hash, or None."""
    found = direct.select(conn, "read_case", {"id": case_id})
    if not found:
        return None
    row = found[0]
    return StoredCase(case_from_row(row), row["event_count"], row["head_hash"])


def stored_definition(conn: Connection, workflow: str, version: int) -> direct.Row | None:
    """The stored row (source, checksum, first seen) of a definition version, or None."""
    found = direct.select(conn, "stored_definition", {"workflow": workflow, "version": version})
    return found[0] if found else None


def stored_versions(conn: Connection) -> list[tuple[str, int]]:
    """(workflow, version) of every definition the database holds."""
    return [(row["workflow"], row["version"]) for row in direct.select(conn, "stored_versions", {})]


@dataclass(frozen=True)
class FiredHistory:
    """A case's per-transition aggregates: times fired, last actor, distinct actors in order of first firing."""

    counts: dict[str, int]
    last_actors: dict[str, str]
    actors: dict[str, tuple[str, ...]]


def fired_history(conn: Connection, case_id: str) -> FiredHistory:
    """What guards know of the case's past, read from its aggregates (not from its whole log)."""
    counts: dict[str, int] = {}
    last: dict[str, str] = {}
    for row in direct.select(conn, "case_history", {"case_id": case_id}):
        counts[row["transition"]], last[row["transition"]] = row["fired"], row["last_actor"]
    actors: dict[str, list[str]] = {}
    for row in direct.select(conn, "case_actors", {"case_id": case_id}):
        actors.setdefault(row["transition"], []).append(row["actor_id"])
    return FiredHistory(counts, last, {t: tuple(a) for t, a in actors.items()})


def event_from_row(row: Any) -> AuditEvent:
    """An audit event from a row of ``wf_events`` (a :class:`direct.Row`, or SQLAlchemy's)."""
    return AuditEvent(
        case_id=row.case_id,
        seq=row.seq,
        kind=row.kind,
        transition=row.transition,
        from_state=row.from_state,
        to_state=row.to_state,
        actor_id=row.actor_id,
        role=row.role,
        tenant=row.tenant,
        reason=row.reason,
        input=row.input,
        data_diff=tuple(row.data_diff or ()),
        blockers=tuple(Blocker(b["code"], b["message"], b.get("detail")) for b in row.blockers or ()),
        workflow=row.workflow,
        definition_version=row.definition_version,
        definition_checksum=row.definition_checksum,
        at=row.at,
        idempotency_key=row.idempotency_key,
        prev_hash=row.prev_hash,
        hash=row.hash,
        id=row.id,
        imported=bool(row.imported),
    )


def events_of(conn: Connection, case_id: str) -> Iterator[AuditEvent]:
    """The case's audit events, oldest first."""
    for row in direct.select(conn, "case_events", {"case_id": case_id}):
        yield event_from_row(row)


def timer_from_row(row: Any) -> Timer:
    """A timer from a row of ``wf_timers`` (a :class:`direct.Row`, or SQLAlchemy's)."""
    return Timer(
        row.id,
        row.case_id,
        row.state,
        row.status,
        row.due_at,
        row.warn_at,
        row.started_at,
        row.paused_at,
        row.working,
        row.action_transition,
        row.action_flag,
        row.extended,
        row.term,
    )


def timers_of(conn: Connection, case_id: str, statuses: Sequence[str]) -> list[Timer]:
    """The case's timers with one of ``statuses`` (one indexed query: case_id, status), oldest first."""
    return [timer_from_row(row) for row in direct.select(conn, "timers_of", {"case_id": case_id}, tuple(statuses))]
