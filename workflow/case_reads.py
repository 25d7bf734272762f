"""The questions about one case: read it, its history and deadlines, explain what blocks a step.

:class:`CaseQuestions` is shared by the engine (:class:`workflow.engine.Engine`,
through :class:`workflow.engine_reads.Questions`) and the SQLite reader of
``wf case show`` (:class:`workflow.reader.Reader`): both answer from the
same code, each in its own read transaction (:meth:`CaseQuestions._transaction`:
SQLAlchemy's for the engine, a plain ``sqlite3`` one for the reader).
Nothing here imports SQLAlchemy: every read goes through
:mod:`workflow.store.reads` and :mod:`workflow.assessing`.  Nothing here
writes, but for the bounded security record of a question about a case the
asker may not see (written after the question, in its own transaction, by a
writable engine only).  The argument checks shared with the write methods
live here too.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

from workflow import chain, policy
from workflow import limits as bounds
from workflow.assessing import StepRequest, assess_on, history_for
from workflow.errors import InvalidInput, NotFound
from workflow.i18n import Language, as_language, say, speaking
from workflow.i18n.time import moment_text
from workflow.limits import Limits
from workflow.model import JSON, Actor, AuditEvent, Case, Definition, Explanation, Timer
from workflow.registry import Definitions, Registry, as_definition_set
from workflow.store import reads
from workflow.workdays import WorkCalendar

if TYPE_CHECKING:
    from workflow.store.direct import Connection
    from workflow.store.security import Pending

__all__ = ["CaseQuestions"]

_Method = TypeVar("_Method", bound=Callable[..., Any])


def utc_now() -> datetime:
    """The default clock: now, aware, UTC."""
    return datetime.now(UTC)


def _speaking(method: _Method) -> _Method:
    """Run an engine method in the engine's language, so every message it builds speaks it."""

    @functools.wraps(method)
    def wrapper(self: CaseQuestions, *args: Any, **kwargs: Any) -> Any:
        with speaking(self.language):
            return method(self, *args, **kwargs)

    return cast(_Method, wrapper)


class CaseQuestions(abc.ABC):
    """The questions about one case; a subclass provides the attributes declared here and :meth:`_transaction`."""

    _clock: Callable[[], datetime]
    _registry: Registry
    _security: Pending
    limits: Limits
    language: Language
    read_only: bool
    calendar: WorkCalendar

    def _open(
        self,
        definitions: Definitions,
        clock: Callable[[], datetime] | None,
        closing_days: Iterable[date],
        limits: Limits,
        language: str,
    ) -> None:
        """The settings both the engine and the reader start with (before the database is opened)."""
        if not isinstance(limits, Limits):
            raise InvalidInput.said("input.limits_type", kind=type(limits).__name__)
        if clock is not None and not callable(clock):
            raise InvalidInput.said("input.clock_type", kind=type(clock).__name__)
        self.limits = limits
        """What one request may carry (sizes, depth); checked before anything is written."""
        self.language = as_language(language)
        """The language of the engine's own messages (blockers, refusals): ``nl`` (default) or ``en``."""
        with speaking(self.language):
            self._registry = Registry(as_definition_set(definitions))
        self._clock = clock or utc_now
        self.calendar = WorkCalendar(closing_days)
        """Dutch working days less the organisation's ``closing_days``: guards and deadlines use it."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[Connection]:
        """One read transaction on the database (a driver error in it a :class:`StorageError`)."""

    def now(self) -> datetime:
        """The engine's current moment (aware, UTC), from its clock."""
        now = self._clock()
        if now.tzinfo is None:
            raise InvalidInput.said("input.naive_clock", found=repr(now))
        return now.astimezone(UTC)

    @_speaking
    def timers(self, case_id: str, *, actor: Actor | None = None) -> list[Timer]:
        """The case's running, paused and refused deadlines (with ``actor``: without their row number over
        every organisation's deadlines, ``timer.id`` None — it would count other organisations' deadlines)."""
        self._reader(case_id, actor)
        with self._transaction() as conn:
            found = self._readable(conn, case_id, actor, "timers")
            timers = reads.timers_of(conn, case_id, ["pending", "paused", "refused"]) if found else []
        if found is None:
            self._unseen(case_id)
        return timers if actor is None else [replace(timer, id=None) for timer in timers]

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

    def _unseen(self, case_id: str) -> NoReturn:
        """After the read transaction of a case the asker may not see (or that does not exist): its record
        written, then the unknown id's :class:`NotFound`.

        Raised outside any exception and outside the frames that read the case: nothing chained to it,
        and no frame of its traceback holds anything of the case (its data, its definition, why it is
        hidden) — a debug page or error tracker showing every local shows the unknown id's.
        """
        if not self.read_only:
            self._security.flush()
        _unknown(case_id)

    def _reader(self, case_id: object, actor: object) -> None:
        """Refuse a malformed case id (None included) or actor of a question before it reaches the database."""
        bounds.identifier("case_id", case_id)
        self._asker(actor)

    def _asker(self, actor: object) -> None:
        """Refuse a malformed actor of a question (None: the trusted operator)."""
        if actor is not None:
            bounds.actor(actor, self.limits)

    def _readable(
        self, conn: Connection, case_id: str, actor: Actor | None, operation: str
    ) -> tuple[Case, Definition] | None:
        """The case and its pinned definition; None (its record queued) when ``actor`` may not see it or
        there is no such case — the caller ends its transaction and calls :meth:`_unseen`."""
        if actor is not None:  # every stored version rebuilt before the first answer: none is slower for it
            self._registry.warm(conn)
        stored = reads.read_case(conn, case_id)
        if stored is None:
            self._hidden(actor, case_id, operation, "unknown_case")
            return None
        definition = self._registry.readable(conn, stored.case, actor)
        if definition is None:
            self._hidden(actor, case_id, operation, "other_tenant")
            return None
        return stored.case, definition

    def _hidden(self, actor: Actor | None, case_id: str, operation: str, code: str) -> None:
        if actor is not None:  # answered and recorded alike: an unknown id and a case the actor may not see
            self._record_hidden(actor, case_id, operation, code)

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
        with self._transaction() as conn:
            found = self._readable(conn, case_id, actor, "explain")
            if found is not None:
                case, definition = found
                self._registry.check_acting(definition)
                request = StepRequest(transition, actor, input or {}, self.now())
                return assess_on(conn, definition, case, request, self.calendar).explanation(case)
        self._unseen(case_id)

    @_speaking
    def available(self, case_id: str, *, actor: Actor | None) -> list[Explanation]:
        """Every transition leaving the case's state, each allowed or with its blockers.

        ``actor=None`` (the trusted operator): as for someone holding every role of the
        definition that may write, in the case's organisation (:func:`policy.stand_in`).
        """
        self._reader(case_id, actor)
        with self._transaction() as conn:
            found = self._readable(conn, case_id, actor, "available")
            if found is not None:
                case, definition = found
                self._registry.check_acting(definition)
                asking = actor or policy.stand_in(definition, case)
                leaving = [t.id for t in definition.transitions_from(case.state)]
                history = history_for(conn, definition, case, leaving)
                now, calendar = self.now(), self.calendar
                return [
                    assess_on(conn, definition, case, StepRequest(t, asking, {}, now), calendar, history).explanation(
                        case
                    )
                    for t in leaving
                ]
        self._unseen(case_id)

    @_speaking
    def get(self, case_id: str, *, actor: Actor | None = None) -> Case:
        """The case now; with ``actor``, only if that actor may read it."""
        self._reader(case_id, actor)
        with self._transaction() as conn:
            found = self._readable(conn, case_id, actor, "get")
        if found is None:
            self._unseen(case_id)
        return found[0]

    @_speaking
    def history(self, case_id: str, *, actor: Actor | None = None) -> list[AuditEvent]:
        """The case's audit events, oldest first (with ``actor``: without their position in the whole log,
        ``event.id`` None — it would count other organisations' events)."""
        self._reader(case_id, actor)
        with self._transaction() as conn:
            found = self._readable(conn, case_id, actor, "history")
            events = list(reads.events_of(conn, case_id)) if found else []
        if found is None:
            self._unseen(case_id)
        return events if actor is None else [replace(event, id=None) for event in events]

    @_speaking
    def state_at(self, case_id: str, moment: datetime, *, actor: Actor | None = None) -> Case:
        """The case as it was at ``moment`` (state, data, version), rebuilt from its audit log."""
        self._reader(case_id, actor)
        _moment("moment", moment)
        with self._transaction() as conn:
            found = self._readable(conn, case_id, actor, "state_at")
            events = [e for e in reads.events_of(conn, case_id) if e.at <= moment] if found else []
        if found is None:
            self._unseen(case_id)
        case = found[0]
        if not events:
            hint = say("error.hint.started", moment=moment_text(case.created_at))
            message = say("error.not_yet", case=repr(case_id), moment=moment_text(moment))
            raise NotFound("case state", f"{case_id} at {moment.isoformat()}", hint, message=message)
        return chain.replay(case, events)

    @_speaking
    def definition_of(self, case: Case) -> Definition:
        """The definition version ``case`` is pinned to."""
        if not isinstance(case, Case):
            raise InvalidInput.said("input.case_type", expected="workflow.Case", kind=type(case).__name__)
        with self._transaction() as conn:
            return self._registry.pinned(conn, case.workflow, case.definition_version)


def _unknown(case_id: str) -> NoReturn:
    """Raise the unknown id's :class:`NotFound` (nothing chained to it, even if raised while handling)."""
    error = NotFound("case", case_id)
    try:
        raise error
    finally:
        error.__context__ = None
        error.__suppress_context__ = True


def _name_and_transition(case_id: object, transition: object) -> None:
    bounds.identifier("case_id", case_id)
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
