"""The engine: start cases, fire transitions, explain what blocks them, read history.

A façade over small modules, each with one job: :mod:`workflow.writepath`
(``fire`` is one transaction that locks the case, runs every check and
appends the new state with one audit event — all or nothing; a refused
attempt is itself recorded and then raised), :mod:`workflow.registry`
(definitions and the version each case is pinned to), :mod:`workflow.policy`
(who may see and act on which case), :mod:`workflow.deadlines` (the
due-deadline runner) and :mod:`workflow.joining` (steps in the host's
transaction, and the listeners that hear of them after its commit).
``explain`` and ``available`` run the same checks without writing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from workflow import chain, deadlines, history, joining, store, writepath
from workflow import limits as bounds
from workflow._log import get_logger
from workflow.case_reads import _moment, _name_and_transition, _speaking, _whole
from workflow.checks import start_refusal
from workflow.deadlines import SYSTEM_ACTOR
from workflow.engine_reads import Questions
from workflow.errors import InvalidInput, NotFound, StorageError
from workflow.history import CaseHistory, Recorded
from workflow.i18n import DEFAULT_LANGUAGE, as_language, say, speaking
from workflow.joining import Listener, Listeners
from workflow.limits import Limits
from workflow.model import (
    JSON,
    Actor,
    Case,
    Definition,
    FireResult,
    TimerOutcome,
)
from workflow.outbox import Outbox, recorder
from workflow.registry import Definitions
from workflow.store import queries, security
from workflow.store.migrate import upgrade_database
from workflow.writepath import StepRequest

if TYPE_CHECKING:
    pass

__all__ = ["SYSTEM_ACTOR", "Clock", "Engine", "Listener", "upgrade_database"]

Clock = Callable[[], datetime]
"""Returns the current moment (aware, UTC); tests pass a fixed or stepping clock."""

_log = get_logger()


class Engine(Questions):
    """A persistent workflow engine over one database.

    ``url`` is a SQLAlchemy URL (default ``sqlite:///workflow.db``, created and
    migrated on first use); ``definitions`` a path, a loaded
    :class:`DefinitionSet`, or definitions.  ``upgrade``: True migrates an
    older schema; None (default) migrates only a brand-new SQLite file; a
    schema older or newer than the code is otherwise refused
    (:class:`StorageError` naming ``wf db upgrade``).  ``outbox``: every
    committed step also writes a message to the transactional outbox, in the
    same transaction (True: :data:`workflow.outbox.DEFAULT`; an
    :class:`~workflow.outbox.Outbox` to set channel, case URLs, refusals;
    False: no messages — choose False when no relay runs).  ``limits``: the
    sizes and depth a request may carry (:class:`~workflow.limits.Limits`);
    anything beyond, or not JSON, or text with NUL or lone surrogates, is
    refused with :class:`InvalidInput` before any write.  ``language``: the
    engine's own messages (blockers it finds itself) in ``nl`` (default) or ``en``.  ``read_only``: open the
    database read-only (a reviewer's copy, a read-only file or folder; see :func:`workflow.store.connect`),
    register no definitions, migrate nothing; every write (start, fire, import, timers, transaction) is
    refused with :class:`StorageError`, and refused probes are not recorded.  Safe to share between
    the threads of one process; any number of processes may share a database.
    """

    def __init__(
        self,
        url: str = "sqlite:///workflow.db",
        definitions: Definitions = None,
        *,
        clock: Clock | None = None,
        durable: bool = True,
        upgrade: bool | None = None,
        closing_days: Iterable[date] = (),
        outbox: Outbox | bool = True,
        limits: Limits = bounds.DEFAULT,
        language: str = DEFAULT_LANGUAGE,
        read_only: bool = False,
        **engine_options: Any,
    ) -> None:
        with speaking(as_language(language)):  # what opening refuses speaks the engine's language too
            self._open(definitions, clock, closing_days, limits, language)
            self.read_only = read_only
            self._db = store.connect(url, durable=durable, read_only=read_only, **engine_options)
            self._writer = self._db.execution_options(**store.WRITE)
            self._steps = store.Writer(self._db)  # the engine's own steps: a kept connection per thread on SQLite
            self._listeners = Listeners()
            self._security = security.Pending(self._db)
            self._outbox = recorder(outbox)
            store.migrate.check(self._db, upgrade_schema=False if read_only else upgrade)
            with store.transaction(self._db if read_only else self._writer) as conn:
                self._registry.register(conn, self.now(), store=not read_only)

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Write the security records still waiting (if the database lets us at once); release the connections."""
        if not self.read_only:
            self._security.flush()
        self._steps.close()
        self._db.dispose()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(case, event)`` after every committed start, fire and deadline step.

        A step taken in a host's transaction is heard only when that
        transaction came from :meth:`transaction`, after it committed
        (see :mod:`workflow.joining`).
        """
        if not callable(listener):
            raise InvalidInput.said(
                "input.argument_type", name="listener", expected="function(case, event)", kind=type(listener).__name__
            )
        self._listeners.add(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``; one that was never added is no error (nothing to stop)."""
        self._listeners.remove(listener)

    # ------------------------------------------------------------ the host's transaction
    def transaction(self) -> AbstractContextManager[sa.Connection]:
        """A write transaction on the engine's database for the host's own writes and the engine's steps.

        ``with engine.transaction() as conn:`` — write your own tables with
        ``conn`` and pass ``connection=conn`` to :meth:`start`, :meth:`fire`
        and :meth:`run_due_timers`: all of it commits when the block ends, or
        none of it (an exception rolls it back).  The listeners are called
        after the commit.  On SQLite it begins with ``BEGIN IMMEDIATE``: the
        database's write lock is held for the whole block, so keep it short.
        """
        return self._hosting()

    def _writable(self, operation: str, **params: object) -> None:
        """Refuse a write in read-only mode; ``operation``: a ``storage.op.*`` text key and its parameters."""
        if self.read_only:
            operation_text = say(f"storage.op.{operation}", **params)
            raise StorageError.said(
                "storage.read_only", operation=operation_text, option="read_only=True", flag="--read-only"
            )

    @contextmanager
    def _hosting(self) -> Iterator[sa.Connection]:
        """:meth:`transaction`; the security records of refused probes in it written after it, committed or not."""
        self._writable("transaction")
        try:
            with self._listeners.transaction(self._writer) as conn:
                yield conn
        finally:
            self._security.flush()

    @contextmanager
    def _writing(self, connection: sa.Connection | None) -> Iterator[sa.Connection]:
        """The engine's own write transaction, or the host's ``connection`` (neither begun nor committed here)."""
        if connection is None:
            with self._steps.transaction() as conn:
                yield conn
            return
        joining.check_joinable(self._db, connection)
        with store.translated(hosted=True):
            yield connection

    # ------------------------------------------------------------ writes
    @_speaking
    def start(
        self,
        workflow: str,
        *,
        actor: Actor,
        tenant: str,
        data: dict[str, JSON] | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
        connection: sa.Connection | None = None,
        at: datetime | None = None,
    ) -> Case:
        """Start a case of the newest version of ``workflow`` for ``tenant`` (``at``: its moment; default now).

        ``connection``: take the step in the host's transaction (see :meth:`transaction`).
        """
        self._writable("start", workflow=workflow)
        bounds.identifier("workflow", workflow)
        self.limits.check_start(actor, tenant, {} if data is None else data, reference, idempotency_key)
        definition = self._registry.latest(workflow)
        data = dict(data or {})
        refused = start_refusal(definition, actor, tenant, data)
        if refused is not None:
            raise refused
        now = bounds.dated(at, self.now())
        request = chain.request_hash(
            "start", {"workflow": workflow, "tenant": tenant, "data": data, "reference": reference}
        )
        with self._writing(connection) as conn:
            if idempotency_key is not None:
                existing = queries.case_by_start_key(conn, tenant, idempotency_key)
                if existing is not None:
                    return writepath.replayed_start(existing, request, idempotency_key)
            case = writepath.new_case(definition, tenant, data, reference, now)
            event = writepath.start_case(
                conn,
                definition,
                case,
                actor,
                key=idempotency_key,
                request_hash=request,
                calendar=self.calendar,
                outbox=self._outbox,
            )
        dated = {"dated_at": now.isoformat()} if at is not None else {}  # the log line's own time is the real one
        _log.info("case started", case_id=case.id, workflow=workflow, actor=actor.id, tenant=tenant, **dated)
        self._listeners.committed(connection, case, event)
        if len(self._security):  # records a busy moment left waiting: another chance, never a wait
            self._security.flush()
        return case

    @_speaking
    def fire(
        self,
        case_id: str,
        transition: str,
        *,
        actor: Actor,
        input: dict[str, JSON] | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
        connection: sa.Connection | None = None,
        at: datetime | None = None,
    ) -> FireResult:
        """Take ``transition`` on the case, or raise why not (every blocker).

        ``at`` dates the step (default: now; before the case's last change: :class:`InvalidInput`).
        ``connection``: the host's transaction (:meth:`transaction`); a refusal is written there too and gone
        if the host rolls back (a security record never is: :class:`~workflow.store.security.Pending`).
        Raises :class:`NotFound` (also for a case ``actor`` may not see: the unknown id's message, recorded as a
        security event), :class:`Forbidden` (role, tenant), :class:`GuardFailed` (requirements, guards,
        schemas), :class:`TransitionRefused` (not from this state), :class:`ConflictError`, :class:`InvalidInput`.
        """
        _name_and_transition(case_id, transition)
        self._writable("fire", transition=transition)
        self.limits.check_fire(actor, {} if input is None else input, reason, idempotency_key)
        _whole("expected_version", expected_version, optional=True)
        payload = dict(input or {})
        request_hash = chain.request_hash(transition, payload) if idempotency_key is not None else None
        with self._writing(connection) as conn:
            found = self._locked_for(conn, case_id, actor, "fire")
            if found is not None:
                stored, definition = found
                request = StepRequest(
                    transition,
                    actor,
                    payload,
                    bounds.dated(at, self.now()),
                    reason,
                    idempotency_key,
                    request_hash,
                    self.limits,
                )
                replayed = writepath.replayed_fire(conn, stored, definition, request, expected_version)
                if replayed is not None:
                    return replayed
                step = writepath.take_step(conn, stored, definition, request, self.calendar, outbox=self._outbox)
        if found is None:
            self._security.flush()
            raise NotFound("case", case_id)
        return self._fired(step, stored.case, actor, connection, dated=at is not None)

    def _locked_for(
        self, conn: sa.Connection, case_id: str, actor: Actor, operation: str
    ) -> tuple[queries.StoredCase, Definition] | None:
        """The case locked for a step and its definition; None (recorded) when ``actor`` may not see it.

        Tenant first: before any transition lookup, replay or guard, an unseen case does not exist; an
        unknown id and an unseen case are recorded alike, outside the caller's transaction.
        """
        self._registry.warm(conn)  # every stored version rebuilt first: a hidden case pays no parse of its own
        stored = queries.lock_case(conn, case_id, wait=False)
        if stored is None:  # no such case, or (PostgreSQL) another transaction holds it: judged before waiting
            seen = queries.read_case(conn, case_id)
            if seen is None or self._registry.readable(conn, seen.case, actor) is None:
                self._record_hidden(actor, case_id, operation, "unknown_case" if seen is None else "other_tenant")
                return None  # a stranger never waits for the owner's lock: an unknown id does not either
            stored = queries.lock_case(conn, case_id)
            if stored is None:  # pragma: no cover - a case is never deleted
                return None
        definition = self._registry.readable(conn, stored.case, actor)
        if definition is None:
            self._record_hidden(actor, case_id, operation, "other_tenant")
            return None
        self._registry.check_acting(definition)
        return stored, definition

    def _fired(
        self, step: writepath.Step, case: Case, actor: Actor, connection: sa.Connection | None, *, dated: bool
    ) -> FireResult:
        """After a fire's transaction: log it (``dated``: with the moment ``at`` gave it, beside the log line's
        own real time), raise a refusal, or tell the listeners."""
        log = _log.bind(case_id=case.id, transition=step.attempt.transition.id, actor=actor.id, workflow=case.workflow)
        if dated:
            log = log.bind(dated_at=step.event.at.isoformat())
        if step.case is None:
            log.info("transition refused", blockers=[b.code for b in step.attempt.blockers])
            raise step.attempt.refusal()
        log.info("transition fired", from_state=case.state, to_state=step.case.state, version=step.case.version)
        self._listeners.committed(connection, step.case, step.event)
        if len(self._security):  # records a busy moment left waiting: another chance, never a wait
            self._security.flush()
        return FireResult(step.case, replace(step.event, id=None))  # no log position: it counts everyone's events

    def import_case(self, case: CaseHistory, *, trust_history: bool = False) -> Recorded:
        """Record a case's whole history (start and steps, each at its own moment) in one transaction.

        Each step is checked as :meth:`fire` checks it, unless ``trust_history``:
        then recorded as imported history, each event marked ``imported``.
        Idempotent by the keys in ``case``; a refused step keeps nothing of the case.
        """
        self._writable("import")
        bounds.instance("case", case, CaseHistory, "workflow.CaseHistory")
        with store.transaction(self._writer) as conn:
            recorded = history.record(
                conn, self._registry, case, self.calendar, trust=trust_history, outbox=self._outbox
            )
        if recorded.added:
            _log.info("case imported", case_id=recorded.case.id, events=recorded.added, trusted=trust_history)
        return recorded

    # ------------------------------------------------------------ deadlines
    @_speaking
    def run_due_timers(
        self, now: datetime | None = None, *, limit: int = 10_000, connection: sa.Connection | None = None
    ) -> list[TimerOutcome]:
        """Act on every deadline due by ``now`` (default: the engine's clock), oldest first.

        Each timer is handled in its own transaction (:mod:`workflow.deadlines`):
        its transition fired by the system actor (or its refusal recorded), or
        its flag raised — all or nothing.  Any number of runners may work side
        by side (PostgreSQL: ``FOR UPDATE SKIP LOCKED``).  With ``connection``
        every timer is handled in the host's transaction (see :meth:`transaction`).
        """
        _moment("now", now, optional=True)
        _whole("limit", limit)
        self._writable("timers")
        moment = (now or self.now()).astimezone(UTC)
        outcomes: list[TimerOutcome] = []
        while len(outcomes) < limit:
            with self._writing(connection) as conn:
                handled = deadlines.run_one(conn, moment, self._registry, self.calendar, outbox=self._outbox)
            if handled is None:
                break
            outcome, committed = handled
            _log.info("deadline handled", case_id=outcome.case_id, state=outcome.state, outcome=outcome.outcome)
            if committed is not None:
                self._listeners.committed(connection, *committed)
            outcomes.append(outcome)
        return outcomes
