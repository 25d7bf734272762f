"""The checks of a step against the database: its history and running deadline read as needed; no writes.

:func:`assess_on` is what ``explain``, ``available`` and every fire ask
(through :func:`workflow.checks.assess`, which does no I/O): the case's fired
history when a guard needs it, the running deadline when the step extends
it, the legal terms it suspends, resumes or extends.  Everything it reads
goes through :mod:`workflow.store.reads`, so the SQLite reader of ``wf case
show`` (:mod:`workflow.reader`) asks exactly what the engine asks, without
SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from workflow import case_terms
from workflow.checks import Ask, Attempt, assess
from workflow.errors import Blocker
from workflow.evaluation import History
from workflow.i18n import text
from workflow.i18n.time import deadline_text
from workflow.limits import DEFAULT, Limits
from workflow.model import JSON, Actor, Case, Definition, Timer
from workflow.store import reads
from workflow.workdays import WorkCalendar

if TYPE_CHECKING:
    from workflow.store.direct import Connection

__all__ = ["StepRequest", "assess_on", "history_for", "running_timer"]


@dataclass(frozen=True)
class StepRequest:
    """What an actor asks of a case: one transition, with its input, at a moment."""

    transition: str
    actor: Actor
    input: Mapping[str, JSON]
    at: datetime
    reason: str | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    limits: Limits = DEFAULT


def history_for(conn: Connection, definition: Definition, case: Case, transitions: Iterable[str]) -> History:
    """The case's fired history (its per-case aggregates), read only when a guard of these transitions needs it."""
    needed = any(t in definition.transitions and definition.transitions[t].uses_history for t in transitions)
    if not needed:
        return History()
    found = reads.fired_history(conn, case.id)
    return History(found.actors, found.counts, found.last_actors)


def assess_on(
    conn: Connection,
    definition: Definition,
    case: Case,
    request: StepRequest,
    calendar: WorkCalendar,
    history: History | None = None,
) -> Attempt:
    """Every check of a step, with the case's history and its running deadline read as needed."""
    if history is None:
        history = history_for(conn, definition, case, [request.transition])
    ask = Ask(request.transition, request.actor, request.input, request.at)
    attempt = assess(definition, case, ask, history, calendar)
    return _check_terms(definition, case, request, _check_extension(conn, case, attempt))


def _check_terms(definition: Definition, case: Case, request: StepRequest, attempt: Attempt) -> Attempt:
    """A step that suspends, resumes or extends a legal term may do so now (running, before its end, mandate)."""
    step = attempt.transition
    if attempt.verdict != "allowed" or not (step.suspends or step.resumes or step.extends_term):
        return attempt
    today = WorkCalendar.local_date(request.at)
    found = case_terms.term_blockers(definition, case.data, step, attempt.role, today)
    if not found:
        return attempt
    return replace(attempt, verdict="blocked", blockers=(*attempt.blockers, *found))


def running_timer(conn: Connection, case: Case) -> Timer | None:
    """The pending timer of the case's current state, if any."""
    found = reads.timers_of(conn, case.id, ["pending"])
    return next((t for t in found if t.state == case.state and t.term is None), None)


def _check_extension(conn: Connection, case: Case, attempt: Attempt) -> Attempt:
    """A deadline is extended once, and only while it runs."""
    if attempt.verdict != "allowed" or attempt.transition.extends is None:
        return attempt
    timer = running_timer(conn, case)
    if timer is None:
        blocker = Blocker("no_running_deadline", text("no_running_deadline"))
    elif timer.extended:
        blocker = Blocker(
            "deadline_already_extended", text("deadline_already_extended", due=deadline_text(timer.due_at))
        )
    else:
        return attempt
    return replace(attempt, verdict="blocked", blockers=(*attempt.blockers, blocker))
