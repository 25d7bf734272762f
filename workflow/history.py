"""Recording a case's whole history at once: a start and its steps, each at its own moment, in one transaction.

What an import (:mod:`workflow.importlog`) writes for each case of an event
log.  Every step goes through the write path with its original moment and
actor (:func:`workflow.writepath.take_step`: roles, guards and schemas
checked, time order kept); a refused step refuses the whole case.  With
``trust=True`` the history is recorded as it is, without those checks, and
every event so written says so (:attr:`AuditEvent.imported`, hashed).

Idempotent: the start's key is the source's case id, each step's key comes
from its source event, and what is already recorded is not written again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from workflow import chain, timers
from workflow.checks import deep_merge, start_refusal
from workflow.errors import ConflictError, InvalidInput, WorkflowError
from workflow.model import JSON, Actor, AuditEvent, Case, Definition
from workflow.outbox import Recorder
from workflow.registry import Registry
from workflow.store import queries
from workflow.store.queries import StoredCase
from workflow.workdays import WorkCalendar
from workflow.writepath import Entry, StepRequest, append, check_time_order, event_for, new_case, start_case, take_step

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["CaseHistory", "HistoryRefused", "Recorded", "record"]


@dataclass(frozen=True)
class CaseHistory:
    """One case as another system recorded it: who started it when, and each step after, oldest first.

    ``key`` identifies the case in its source (the start's idempotency key);
    each step needs its own ``idempotency_key``.
    """

    workflow: str
    tenant: str
    key: str
    starter: Actor
    at: datetime
    steps: tuple[StepRequest, ...]
    reference: str | None = None
    data: Mapping[str, JSON] = field(default_factory=dict)


@dataclass(frozen=True)
class Recorded:
    """The case after its history was recorded, and how many events this call added (0: all were there)."""

    case: Case
    added: int
    started: bool = False
    """True when this call started the case (its start is one of ``added``)."""


class HistoryRefused(WorkflowError):
    """A case's history could not be recorded: ``step`` (0-based; None: its start) failed with ``cause``.

    Nothing of the case was kept.  An instance carries its cause's ``code`` and ``exit_code``.
    """

    code = "history_refused"
    exit_code = 1

    def __init__(self, key: str, step: int | None, cause: WorkflowError) -> None:
        self.key, self.step, self.cause = key, step, cause
        self.code, self.exit_code = cause.code, cause.exit_code
        where = "its start" if step is None else f"step {step + 1}"
        super().__init__(f"case {key!r} not recorded, nothing of it kept: {where} failed: {cause}")


def _imported(event: AuditEvent) -> AuditEvent:
    event = replace(event, imported=True)
    return replace(event, hash=chain.chain_hash(chain.event_content(event)))


def _start_request(history: CaseHistory) -> str:
    payload = {"workflow": history.workflow, "tenant": history.tenant, "data": dict(history.data)}
    return chain.request_hash("start", {**payload, "reference": history.reference})


def _start(
    conn: sa.Connection,
    definition: Definition,
    history: CaseHistory,
    *,
    trust: bool,
    calendar: WorkCalendar,
    outbox: Recorder,
) -> StoredCase:
    data = dict(history.data)
    if not trust:
        refused = start_refusal(definition, history.starter, history.tenant, data)
        if refused is not None:
            raise refused
    case = new_case(definition, history.tenant, data, history.reference, history.at)
    request = _start_request(history)
    if not trust:
        starter = history.starter
        event = start_case(
            conn, definition, case, starter, key=history.key, request_hash=request, calendar=calendar, outbox=outbox
        )
        return StoredCase(case, 1, event.hash)
    role = next((r for r in history.starter.roles if r in definition.roles), None)
    entry = Entry("started", history.starter.id, role, case.created_at, to_state=case.state, input=case.data)
    entry = replace(entry, data_diff=tuple(chain.data_diff({}, case.data)), idempotency_key=history.key)
    event = _imported(event_for(StoredCase(case, 0, chain.GENESIS), definition, entry))
    queries.insert_case(conn, case, history.key, 1, event.hash)
    event = replace(event, id=queries.insert_event(conn, event, request))
    outbox(conn, case, event)
    timers.on_start(conn, definition, case, case.created_at, calendar)
    return StoredCase(case, 1, event.hash)


def _trusted_step(
    conn: sa.Connection,
    stored: StoredCase,
    definition: Definition,
    request: StepRequest,
    calendar: WorkCalendar,
    outbox: Recorder,
) -> StoredCase:
    """Append the step as history, unchecked but for time order and a transition the definition knows."""
    case = stored.case
    check_time_order(case, request)
    transition = definition.transitions.get(request.transition)
    if transition is None:
        known = ", ".join(sorted(definition.transitions))
        raise InvalidInput.said(
            "import.no_transition", workflow=definition.workflow, transition=request.transition, known=known
        )
    target = transition.target or case.state
    data = deep_merge(case.data, request.input)
    roles = request.actor.roles
    role = next((r for r in roles if r in transition.roles), roles[0] if roles else None)
    after = replace(case, state=target, data=data, version=case.version + 1, updated_at=request.at)
    entry = Entry("fired", request.actor.id, role, request.at, request.transition, target, request.reason)
    entry = replace(
        entry,
        input=request.input,
        data_diff=tuple(chain.data_diff(case.data, data)),
        idempotency_key=request.idempotency_key,
    )
    event = _imported(event_for(stored, definition, entry))
    event = append(conn, stored, after, event, request.request_hash, outbox=outbox)
    timers.on_step(conn, definition, case, after, transition, now=request.at, calendar=calendar)
    return StoredCase(after, event.seq, event.hash)


def _already(conn: sa.Connection, case: Case, request: StepRequest) -> bool:
    """Whether this step was recorded before (its key is there); a different request under the key conflicts."""
    if request.idempotency_key is None:
        raise InvalidInput.said("import.no_key", case=case.id)
    prior = queries.event_by_key(conn, case.id, request.idempotency_key)
    if prior is None:
        return False
    if prior[1] != request.request_hash:
        key, seq, transition = request.idempotency_key, prior[0].seq, prior[0].transition
        raise ConflictError.said("import.changed", key=key, case=case.id, seq=seq, transition=transition)
    return True


def record(
    conn: sa.Connection,
    registry: Registry,
    history: CaseHistory,
    calendar: WorkCalendar,
    *,
    trust: bool,
    outbox: Recorder,
) -> Recorded:
    """Inside one transaction: start the case (unless its key is known) and append each step not yet there.

    Raises the refusal of the first step the checks refuse (nothing of the case is then kept).
    """
    existing = queries.case_by_start_key(conn, history.tenant, history.key)
    added = 0
    if existing is None:
        try:
            definition = registry.latest(history.workflow)
            stored = _start(conn, definition, history, trust=trust, calendar=calendar, outbox=outbox)
        except WorkflowError as exc:
            raise HistoryRefused(history.key, None, exc) from exc
        added = 1
    else:
        locked = queries.lock_case(conn, existing[0].id)
        if locked is None:  # pragma: no cover - a case is never deleted
            raise ConflictError.said("import.vanished", case=existing[0].id)
        stored = locked
        definition = registry.pinned(conn, stored.case.workflow, stored.case.definition_version)
        registry.check_acting(definition)
    for index, request in enumerate(history.steps):
        request = replace(request, request_hash=chain.request_hash(request.transition, dict(request.input)))
        try:
            if existing is not None and _already(conn, stored.case, request):
                continue
            stored = _step(conn, stored, definition, request, calendar, trust=trust, outbox=outbox)
        except WorkflowError as exc:
            raise HistoryRefused(history.key, index, exc) from exc
        added += 1
    return Recorded(stored.case, added, started=existing is None)


def _step(
    conn: sa.Connection,
    stored: StoredCase,
    definition: Definition,
    request: StepRequest,
    calendar: WorkCalendar,
    *,
    trust: bool,
    outbox: Recorder,
) -> StoredCase:
    if trust:
        return _trusted_step(conn, stored, definition, request, calendar, outbox)
    step = take_step(conn, stored, definition, request, calendar, outbox=outbox)
    if step.case is None:
        raise step.attempt.refusal()
    return StoredCase(step.case, step.event.seq, step.event.hash)
