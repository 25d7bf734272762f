"""The write path: every change to a case is one append, inside the transaction that holds its lock.

A step (a fire, its refusal, a deadline's flag) writes its audit event,
built once with its hash, and then the case's new row — version-checked
against the row read under the lock (the database refuses a case row's
change without the event that explains it).  :func:`take_step` runs every check
(:func:`workflow.checks.assess`) and then appends either the fired or the
refused event; :func:`append` is the one place that writes a step.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workflow import case_terms, chain, policy, timers
from workflow.assessing import StepRequest, assess_on, history_for
from workflow.checks import Attempt
from workflow.errors import Blocker, ConflictError, InvalidInput
from workflow.i18n import say
from workflow.model import JSON, TERMS_KEY, Actor, AuditEvent, Case, Definition, FireResult
from workflow.outbox import Recorder
from workflow.store import queries
from workflow.store.queries import StoredCase
from workflow.workdays import WorkCalendar

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = [
    "Entry",
    "Step",
    "StepRequest",
    "append",
    "assess_on",
    "check_time_order",
    "event_for",
    "history_for",
    "new_case",
    "replayed_fire",
    "replayed_start",
    "start_case",
    "take_step",
]


@dataclass(frozen=True)
class Step:
    """The outcome of a step: the checks' verdict, the case after it (None when refused), the event written."""

    attempt: Attempt
    case: Case | None
    event: AuditEvent


@dataclass(frozen=True)
class Entry:
    """What one audit event records beyond the case it is appended to and its definition."""

    kind: str
    actor_id: str
    role: str | None
    at: datetime
    transition: str | None = None
    to_state: str | None = None
    reason: str | None = None
    input: Mapping[str, JSON] | None = None
    data_diff: tuple[Mapping[str, JSON], ...] = ()
    blockers: tuple[Blocker, ...] = ()
    idempotency_key: str | None = None


def event_for(stored: StoredCase, definition: Definition, entry: Entry) -> AuditEvent:
    """The next event of the case's chain (number ``count + 1``, linked to ``head``), built once with its hash.

    The hash covers the event's record (:func:`workflow.chain.event_content`), built here from the fields.
    """
    case = stored.case
    fields: dict[str, Any] = {
        "case_id": case.id,
        "seq": stored.count + 1,
        "kind": entry.kind,
        "transition": entry.transition,
        "from_state": case.state if entry.kind != "started" else None,
        "to_state": entry.to_state,
        "actor_id": entry.actor_id,
        "role": entry.role,
        "tenant": case.tenant,
        "reason": entry.reason,
        "input": entry.input,
        "data_diff": entry.data_diff,
        "blockers": entry.blockers,
        "workflow": definition.workflow,
        "definition_version": definition.version,
        "definition_checksum": definition.checksum,
        "at": entry.at,
        "idempotency_key": entry.idempotency_key,
        "prev_hash": stored.head,
    }
    record = {
        **fields,
        "input": dict(entry.input) if entry.input is not None else None,
        "data_diff": [dict(change) for change in entry.data_diff],
        "blockers": [{"code": b.code, "message": b.message, "detail": b.detail} for b in entry.blockers],
        "at": chain.moment_text(entry.at),
    }
    return AuditEvent(**fields, hash=chain.chain_hash(record))


def append(
    conn: sa.Connection,
    stored: StoredCase,
    after: Case,
    event: AuditEvent,
    request_hash: str | None = None,
    *,
    outbox: Recorder,
) -> AuditEvent:
    """Write one step: the case's row (only if its version is still the one read), its event, its outbox message.

    Returns the event with its position in the log (``id``).
    """
    case = stored.case
    # the event first: the database accepts a case row's change only with the event that explains it
    event = AuditEvent(**{**vars(event), "id": queries.insert_event(conn, event, request_hash)})
    if not queries.update_case(conn, after, expected_version=case.version, event_count=event.seq, head_hash=event.hash):
        fired = event.kind == "fired"
        what = (
            say("conflict.firing", transition=event.transition) if fired else say("conflict.recording", kind=event.kind)
        )
        raise ConflictError.said("conflict.changed", case=case.id, what=what)
    if event.kind == "fired" and event.transition is not None:  # what history guards read, kept per case
        queries.record_fired(conn, case.id, event.transition, event.actor_id, event.seq)
    outbox(conn, after, event)
    return event


def start_case(
    conn: sa.Connection,
    definition: Definition,
    case: Case,
    actor: Actor,
    *,
    key: str | None,
    request_hash: str,
    calendar: WorkCalendar,
    outbox: Recorder,
) -> AuditEvent:
    """Insert a new case with its first event (``started``) and outbox message, and start its first deadline."""
    role = next(r for r in actor.roles if r in definition.roles and not definition.roles[r].read_only)
    entry = Entry(
        "started",
        actor.id,
        role,
        case.created_at,
        to_state=case.state,
        input={k: v for k, v in case.data.items() if k != TERMS_KEY} if definition.terms else case.data,
        data_diff=tuple(chain.data_diff({}, case.data)),
        idempotency_key=key,
    )
    event = event_for(StoredCase(case, 0, chain.GENESIS), definition, entry)
    queries.insert_case(conn, case, key, 1, event.hash)
    event = replace(event, id=queries.insert_event(conn, event, request_hash))
    outbox(conn, case, event)
    timers.on_start(conn, definition, case, case.created_at, calendar)
    timers.sync_terms(conn, definition, case, {}, case.created_at, calendar)
    return event


def new_case(
    definition: Definition, tenant: str, data: Mapping[str, JSON], reference: str | None, at: datetime
) -> Case:
    """A case of ``definition``'s newest version in its initial state, not yet stored.

    Its legal terms that start with the case are counted into its data (``termijnen``).
    """
    initial = definition.initial_state.id
    if definition.terms:
        if TERMS_KEY in data:
            raise InvalidInput.said("input.terms_key", key=TERMS_KEY)
        today = WorkCalendar.local_date(at)
        data = {**data, TERMS_KEY: case_terms.updated_terms(definition, data, initial, None, today)}
    return Case(uuid.uuid4().hex, definition.workflow, definition.version, initial, data, tenant, reference, 0, at, at)


def _with_terms(definition: Definition, attempt: Attempt, at: datetime) -> Mapping[str, JSON]:
    """The step's data with the case's legal terms as the step leaves them."""
    if not definition.terms:
        return attempt.data
    today = WorkCalendar.local_date(at)
    terms = case_terms.updated_terms(definition, attempt.data, attempt.target, attempt.transition, today)
    return {**attempt.data, TERMS_KEY: terms}


def take_step(
    conn: sa.Connection,
    stored: StoredCase,
    definition: Definition,
    request: StepRequest,
    calendar: WorkCalendar,
    *,
    outbox: Recorder,
) -> Step:
    """Inside a transaction holding the case's lock: check, then append the fired or the refused event.

    A step dated before the case's last change is refused with :class:`InvalidInput`, nothing written.
    """
    case = stored.case
    check_time_order(case, request)
    attempt = assess_on(conn, definition, case, request, calendar)
    if attempt.verdict != "allowed":
        entry = Entry(
            "refused", request.actor.id, attempt.role, request.at, transition=request.transition,
            reason=request.reason, input=request.input, blockers=attempt.blockers,
        )  # fmt: skip
        event = append(conn, stored, case, event_for(stored, definition, entry), outbox=outbox)
        return Step(attempt, None, event)
    data = _with_terms(definition, attempt, request.at)
    if data != case.data:  # data grown past its limit: refused, nothing written (unchanged data was checked)
        request.limits.check_data(data)
    after = Case(
        case.id, case.workflow, case.definition_version, attempt.target, data, case.tenant, case.reference,
        case.version + 1, case.created_at, request.at, case.flags,
    )  # fmt: skip
    entry = Entry(
        "fired", request.actor.id, attempt.role, request.at, transition=request.transition, to_state=attempt.target,
        reason=request.reason, input=request.input, data_diff=tuple(chain.data_diff(case.data, data)),
        idempotency_key=request.idempotency_key,
    )  # fmt: skip
    event = append(conn, stored, after, event_for(stored, definition, entry), request.request_hash, outbox=outbox)
    timers.on_step(conn, definition, case, after, attempt.transition, now=request.at, calendar=calendar)
    timers.sync_terms(conn, definition, after, case.data, request.at, calendar)
    return Step(attempt, after, event)


def check_time_order(case: Case, request: StepRequest) -> None:
    """Refuse a step whose moment lies before the case's last change (its start or its last step)."""
    if request.at < case.updated_at:
        moment, last = request.at.isoformat(), case.updated_at.isoformat()
        raise InvalidInput.said(
            "input.before_last", transition=request.transition, case=case.id, moment=moment, last=last
        )


def replayed_start(existing: tuple[Case, str | None], request_hash: str, key: str) -> Case:
    """The case a repeated start with ``key`` started, if it asked the same; else a conflict."""
    case, first_request = existing
    if first_request != request_hash:
        raise ConflictError.said("conflict.start_key", key=key)
    return case


def replayed_fire(
    conn: sa.Connection, stored: StoredCase, definition: Definition, request: StepRequest, expected_version: int | None
) -> FireResult | None:
    """The answer to a repeated request (same idempotency key), or None to go on with the step.

    Raises :class:`ConflictError` when the key was used for another request,
    or when the case is no longer at ``expected_version``.
    """
    case, actor, key, request_hash = stored.case, request.actor, request.idempotency_key, request.request_hash
    # a repeat is answered only to someone who may see the case; anyone else meets the checks of the step
    if key is not None and policy.can_read(definition, actor, case):
        prior = queries.event_by_key(conn, case.id, key)
        if prior is not None:
            event, first_request = prior
            if first_request != request_hash:
                seq, transition = event.seq, event.transition
                raise ConflictError.said("conflict.step_key", key=key, case=case.id, seq=seq, transition=transition)
            return FireResult(case, replace(event, id=None), replayed=True)
    if expected_version is not None and expected_version != case.version:
        key = "conflict.version_ahead" if expected_version > case.version else "conflict.version"
        raise ConflictError.said(key, case=case.id, version=case.version, expected=expected_version)
    return None
