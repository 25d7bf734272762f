"""Deadlines that fell due: the runner that acts on them, and the listings of timers and due cases.

Each due timer is handled in its own transaction: the deadline's transition
is fired by the system actor (or its refusal recorded), or its flag is
raised on the case, and the timer is marked done — all or nothing, so a
runner killed midway loses no timer and handles none twice.  The steps go
through the one write path (:mod:`workflow.writepath`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from workflow import policy
from workflow.errors import NotFound
from workflow.model import SYSTEM_ROLE, Actor, AuditEvent, Case, Definition, Timer, TimerOutcome
from workflow.outbox import Recorder
from workflow.registry import Registry
from workflow.store import queries
from workflow.store import timers as stored_timers
from workflow.store.queries import StoredCase
from workflow.workdays import WorkCalendar
from workflow.writepath import Entry, StepRequest, append, event_for, take_step

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["SYSTEM_ACTOR", "Committed", "due_cases", "run_one"]

SYSTEM_ACTOR = Actor._system()
"""The engine's own actor: deadlines fire their transitions as it."""

Committed = tuple[Case, AuditEvent] | None
"""The case and event a handled timer wrote (for the listeners), or None when nothing was committed."""


def run_one(
    conn: sa.Connection, moment: datetime, registry: Registry, calendar: WorkCalendar, *, outbox: Recorder
) -> tuple[TimerOutcome, Committed] | None:
    """Handle the earliest timer due by ``moment`` (locked); None when none is due."""
    timer = stored_timers.next_due_timer(conn, moment)
    if timer is None:
        return None
    stored = queries.lock_case(conn, timer.case_id)
    if stored is None:  # pragma: no cover - timers reference existing cases
        raise NotFound("case", timer.case_id)
    case, row = stored.case, stored_timers.row_id(timer)
    if case.state != timer.state and timer.term is None:  # a legal term runs across states; its steps end it
        stored_timers.end_timer(conn, row, "cancelled", moment)
        return TimerOutcome(row, case.id, timer.state, "stale"), None
    definition = registry.pinned(conn, case.workflow, case.definition_version)
    if definition.retired:  # a version that no longer loads is not acted on, by the system either
        stored_timers.end_timer(conn, row, "refused", moment)
        return TimerOutcome(row, case.id, timer.state, "refused", transition=timer.then), None
    stored_timers.end_timer(conn, row, "done", moment)
    reason = f"deadline of {timer.state} passed (due {timer.due_at.isoformat(timespec='minutes')})"
    if timer.term is not None:
        reason = f"termijn {timer.term} verstreken (uiterlijk {timer.due_at.isoformat(timespec='minutes')})"
    if timer.then is None:
        return _flag(conn, stored, definition, timer, reason, moment, outbox=outbox)
    request = StepRequest(timer.then, SYSTEM_ACTOR, {}, moment, reason)
    step = take_step(conn, stored, definition, request, calendar, outbox=outbox)
    if step.case is None:
        stored_timers.end_timer(conn, row, "refused", moment)
        return TimerOutcome(row, case.id, timer.state, "refused", transition=timer.then), None
    return TimerOutcome(row, case.id, timer.state, "fired", transition=timer.then), (step.case, step.event)


def _flag(
    conn: sa.Connection,
    stored: StoredCase,
    definition: Definition,
    timer: Timer,
    reason: str,
    moment: datetime,
    *,
    outbox: Recorder,
) -> tuple[TimerOutcome, Committed]:
    """Raise the deadline's flag on the case (one ``flagged`` event; state and version stay)."""
    case = stored.case
    flag = timer.flag or (f"{timer.term}_verstreken" if timer.term else f"{timer.state}_overdue")
    flagged = replace(case, flags=tuple(sorted({*case.flags, flag})), updated_at=moment)
    entry = Entry("flagged", SYSTEM_ACTOR.id, SYSTEM_ROLE, moment, reason=reason, input={"flag": flag})
    event = append(conn, stored, flagged, event_for(stored, definition, entry), outbox=outbox)
    return TimerOutcome(stored_timers.row_id(timer), case.id, timer.state, "flagged", flag=flag), (flagged, event)


def due_cases(
    conn: sa.Connection,
    definitions: Iterable[Definition],
    actor: Actor | None,
    due_before: datetime,
    limit: int,
    *,
    filters: Mapping[str, str | None] | None = None,
) -> list[tuple[Case, Timer]]:
    """Cases whose deadline falls due before ``due_before``, soonest first, those ``actor`` may see
    (and that match ``filters``: ``workflow``, ``state``, ``tenant``).

    Visibility and filters are part of the query, so ``limit`` counts only cases the actor sees that match.
    """
    seen = policy.seen(definitions, actor)
    return stored_timers.cases_with_timers(conn, due_before=due_before, limit=limit, seen=seen, filters=filters)
