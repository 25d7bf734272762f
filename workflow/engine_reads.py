"""The engine's questions: read a case, its history and deadlines, explain what blocks a step, list cases.

A mixin of :class:`workflow.engine.Engine` (the façade): nothing here writes,
but for the bounded security record of a question about a case the asker may
not see (written after the question, in its own transaction).  The argument
checks shared with the write methods live here too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from workflow import chain, deadlines, policy, store, writepath
from workflow import limits as bounds
from workflow.errors import DefinitionError, InvalidInput, NotFound
from workflow.i18n import Language, say, speaking
from workflow.limits import Limits
from workflow.model import (
    JSON,
    Actor,
    AuditEvent,
    Case,
    Definition,
    DefinitionSet,
    Explanation,
    Timer,
)
from workflow.registry import Registry
from workflow.store import queries, security
from workflow.store import timers as stored_timers
from workflow.workdays import WorkCalendar
from workflow.writepath import StepRequest

if TYPE_CHECKING:
    import sqlalchemy as sa

    from workflow.reporting.build import ReportRequest
    from workflow.review import AuditLog, Checkpoint

__all__ = ["Questions"]

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _speaking(method: _Method) -> _Method:
    """Run an engine method in the engine's language, so every message it builds speaks it."""

    @functools.wraps(method)
    def wrapper(self: Questions, *args: Any, **kwargs: Any) -> Any:
        with speaking(self.language):
            return method(self, *args, **kwargs)

    return cast(_Method, wrapper)


class Questions:
    """The read methods of :class:`~workflow.engine.Engine`; it provides the attributes declared here."""

    _db: sa.Engine
    _clock: Callable[[], datetime]
    _registry: Registry
    _security: security.Pending
    limits: Limits
    language: Language
    read_only: bool
    calendar: WorkCalendar

    @property
    def definitions(self) -> DefinitionSet:
        """The loaded definitions (new cases start on the newest version of each)."""
        return self._registry.loaded

    @functools.cached_property
    def audit(self) -> AuditLog:
        """Review of the audit log: ``query``, ``verify``, ``checkpoint`` (imported on first use)."""
        from workflow.review import AuditLog

        return AuditLog(self._db, self.calendar)

    def now(self) -> datetime:
        """The engine's current moment (aware, UTC), from its clock."""
        now = self._clock()
        if now.tzinfo is None:
            raise InvalidInput.said("input.naive_clock", found=repr(now))
        return now.astimezone(UTC)

    @_speaking
    def timers(self, case_id: str, *, actor: Actor | None = None) -> list[Timer]:
        """The case's running, paused and refused deadlines."""
        self._reader(case_id, actor)
        with self._reading(actor, case_id, "timers") as conn:
            self._readable(conn, case_id, actor)
            return stored_timers.timers_of(conn, case_id, ["pending", "paused", "refused"])

    @_speaking
    def due(
        self,
        *,
        within: timedelta = timedelta(0),
        actor: Actor | None = None,
        limit: int = 1000,
        workflow: str | None = None,
        state: str | None = None,
        tenant: str | None = None,
    ) -> list[tuple[Case, Timer]]:
        """Cases whose deadline falls due within ``within`` from now (0: already overdue), soonest first;
        only those of ``workflow``, in ``state``, of ``tenant`` when given (before ``limit``)."""
        self._reader(None, actor)
        if not isinstance(within, timedelta):
            raise InvalidInput.said("input.timedelta", kind=type(within).__name__)
        _whole("limit", limit)
        filters = {"workflow": workflow, "state": state, "tenant": tenant}
        for name, value in filters.items():
            bounds.optional_text(name, value, bounds.MAX_NAME)
        try:
            until = self.now() + within
        except OverflowError:
            raise InvalidInput.said("input.within_range", found=repr(within)) from None
        with store.transaction(self._db) as conn:
            judged = self._registry.every_stored(conn) if actor is not None else []
            return deadlines.due_cases(conn, judged, actor, until, limit, filters=filters)

    # ------------------------------------------------------------ questions (no writes)
    def _record_hidden(self, actor: Actor, case_id: str, operation: str, code: str) -> None:
        """The bounded security record of a call on a case ``actor`` may not see, or on an unknown id
        (``code``: ``other_tenant``, ``unknown_case``; no input, no reason) — the same write for both, so
        both answers take the same time.

        Queued, written by :meth:`Pending.flush` in its own transaction without waiting for a lock, so the
        answer is the unknown id's in class and timing.  Not logged: a log line on the caller's terminal
        would tell an unseen case from an unknown one.
        """
        if self.read_only:  # it cannot write; the answer stays the unknown id's
            return
        self._security.add(
            at=self.now(),
            actor_id=actor.id,
            actor_tenant=actor.tenant,
            case_id=case_id,
            operation=operation,
            code=code,
        )

    @contextmanager
    def _reading(self, actor: Actor | None, case_id: str, operation: str) -> Iterator[sa.Connection]:
        """A read transaction; a case ``actor`` may not see ends it as :class:`NotFound` (recorded, after it)."""
        try:
            with store.transaction(self._db) as conn:
                yield conn
        except _Hidden as hidden:
            code = hidden.code
        else:
            return
        if actor is not None:
            self._record_hidden(actor, case_id, operation, code)
            self._security.flush()
        raise NotFound("case", case_id)

    def _reader(self, case_id: object, actor: object) -> None:
        """Refuse a malformed case id or actor of a question before it reaches the database."""
        if case_id is not None:
            bounds.identifier("case id", case_id)
        if actor is not None:
            bounds.actor(actor, self.limits)

    def _readable(self, conn: sa.Connection, case_id: str, actor: Actor | None) -> tuple[Case, Definition]:
        stored = queries.read_case(conn, case_id)
        if stored is None:
            raise _Hidden("unknown_case")  # answered and recorded exactly like a case the actor may not see
        try:
            definition = self._registry.pinned(conn, stored.case.workflow, stored.case.definition_version)
        except DefinitionError:  # a damaged stored text: no roles to judge by; another tenant's stays hidden
            if actor is not None and actor.tenant != stored.case.tenant:
                raise _Hidden("other_tenant") from None
            raise
        if actor is not None and not policy.can_read(definition, actor, stored.case):
            raise _Hidden("other_tenant")
        return stored.case, definition

    @_speaking
    def explain(
        self, case_id: str, transition: str, *, actor: Actor, input: dict[str, JSON] | None = None
    ) -> Explanation:
        """Whether ``actor`` may fire ``transition`` now, and every blocker if not; writes nothing."""
        _name_and_transition(case_id, transition)
        bounds.actor(actor, self.limits)
        bounds.json_value(
            "input", {} if input is None else input, self.limits.max_input_bytes, "max_input_bytes", self.limits
        )
        with self._reading(actor, case_id, "explain") as conn:
            case, definition = self._readable(conn, case_id, actor)
            self._registry.check_acting(definition)
            request = StepRequest(transition, actor, input or {}, self.now())
            return writepath.assess_on(conn, definition, case, request, self.calendar).explanation(case)

    @_speaking
    def available(self, case_id: str, *, actor: Actor | None) -> list[Explanation]:
        """Every transition leaving the case's state, each allowed or with its blockers.

        ``actor=None`` (the trusted operator): as for someone holding every role of the
        definition that may write, in the case's organisation (:func:`policy.stand_in`).
        """
        self._reader(case_id, actor)
        if actor is not None:
            bounds.actor(actor, self.limits)
        with self._reading(actor, case_id, "available") as conn:
            case, definition = self._readable(conn, case_id, actor)
            self._registry.check_acting(definition)
            asking = actor or policy.stand_in(definition, case)
            leaving = [t.id for t in definition.transitions_from(case.state)]
            history = writepath.history_for(conn, definition, case, leaving)
            now = self.now()
            ask = writepath.assess_on
            return [
                ask(conn, definition, case, StepRequest(t, asking, {}, now), self.calendar, history).explanation(case)
                for t in leaving
            ]

    @_speaking
    def get(self, case_id: str, *, actor: Actor | None = None) -> Case:
        """The case now; with ``actor``, only if that actor may read it."""
        self._reader(case_id, actor)
        with self._reading(actor, case_id, "get") as conn:
            return self._readable(conn, case_id, actor)[0]

    @_speaking
    def history(self, case_id: str, *, actor: Actor | None = None) -> list[AuditEvent]:
        """The case's audit events, oldest first (with ``actor``: without their position in the whole log,
        ``event.id`` None — it would count other organisations' events)."""
        self._reader(case_id, actor)
        with self._reading(actor, case_id, "history") as conn:
            self._readable(conn, case_id, actor)
            found = list(queries.events_of(conn, case_id))
        return found if actor is None else [replace(event, id=None) for event in found]

    @_speaking
    def state_at(self, case_id: str, moment: datetime, *, actor: Actor | None = None) -> Case:
        """The case as it was at ``moment`` (state, data, version), rebuilt from its audit log."""
        self._reader(case_id, actor)
        _moment("moment", moment)
        with self._reading(actor, case_id, "state_at") as conn:
            case, _ = self._readable(conn, case_id, actor)
            history = [e for e in queries.events_of(conn, case_id) if e.at <= moment]
        if not history:
            hint = say("error.hint.started", moment=case.created_at.isoformat())
            raise NotFound("case state", f"{case_id} at {moment.isoformat()}", hint)
        return chain.replay(case, history)

    def report(
        self, request: ReportRequest, *, verify: bool = True, checkpoint: Checkpoint | None = None
    ) -> dict[str, Any]:
        """The monitoring report (docs/reports.md) as plain data, computed from the audit log by SQL aggregation.

        ``request.actor`` sees what it may read (a client only its own tenant);
        ``verify`` recomputes the chains it covers first and the result says so.
        """
        from workflow.reporting import build

        found = build.report(self._db, self._registry.loaded.all_versions(), request, self.now())
        status = build.log_status(self.audit, request.actor, verify=verify, checkpoint=checkpoint, report=found)
        return {**found, "log": status}

    def definition_of(self, case: Case) -> Definition:
        """The definition version ``case`` is pinned to."""
        with store.transaction(self._db) as conn:
            return self._registry.pinned(conn, case.workflow, case.definition_version)

    @_speaking
    def cases(
        self,
        *,
        workflow: str | None = None,
        state: str | None = None,
        tenant: str | None = None,
        actor: Actor | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> list[Case]:
        """Cases oldest first, filtered, one page of at most ``limit``.

        For the next page pass the last case's id as ``after``.  With an
        ``actor``: its own tenant's cases, plus every tenant's of the workflow
        versions in which one of its roles is agency-side or read-only (judged
        per definition, in the query: ``limit`` counts visible cases only).
        """
        self._reader(None, actor)
        for name, value in (("workflow", workflow), ("state", state), ("tenant", tenant), ("after", after)):
            bounds.optional_text(name, value, bounds.MAX_NAME)
        _whole("limit", limit)
        if not 1 <= limit <= 10_000:
            raise InvalidInput.said("input.page_limit", found=limit)
        with store.transaction(self._db) as conn:
            seen = policy.seen(self._registry.every_stored(conn), actor) if actor is not None else None
            anchor = None
            if after is not None:
                found = queries.read_case(conn, after)
                if found is not None and actor is not None:
                    pinned = self._registry.pinned(conn, found.case.workflow, found.case.definition_version)
                    found = found if policy.can_read(pinned, actor, found.case) else None
                if found is None:  # an id the actor may not see answers like an unknown one
                    raise NotFound("case", after, say("error.hint.page"))
                anchor = (found.case.created_at, found.case.id)
            return queries.list_cases(
                conn, workflow=workflow, state=state, tenant=tenant, seen=seen, limit=limit, after=anchor
            )


class _Hidden(Exception):
    """Internal: no such case, or one the actor may not see (ends a read as NotFound, outside it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _name_and_transition(case_id: object, transition: object) -> None:
    bounds.identifier("case id", case_id)
    bounds.identifier("transition", transition)


def _whole(name: str, value: object, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if type(value) is not int:
        raise InvalidInput.said("input.whole", name=name, kind=type(value).__name__)


def _moment(name: str, value: object, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, datetime):
        raise InvalidInput.said("input.datetime", name=name, kind=type(value).__name__)
    if value.tzinfo is None:
        raise InvalidInput.said("input.naive", name=name, found=repr(value))
