"""The engine: start cases, fire transitions, explain what blocks them, read history.

A façade over small modules, each with one job: :mod:`workflow.writepath`
(``fire`` is one transaction that locks the case, runs every check and
appends the new state with one audit event — all or nothing; a refused
attempt is itself recorded and then raised), :mod:`workflow.registry`
(definitions and the version each case is pinned to), :mod:`workflow.policy`
(who may see and act on which case) and :mod:`workflow.deadlines` (the
due-deadline runner).  ``explain`` and ``available`` run the same checks
without writing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from workflow import chain, deadlines, history, policy, store, writepath
from workflow._log import get_logger
from workflow.checks import schema_blockers
from workflow.deadlines import SYSTEM_ACTOR
from workflow.errors import Forbidden, GuardFailed, InvalidInput, NotFound
from workflow.history import CaseHistory, Recorded
from workflow.model import (
    JSON,
    Actor,
    AuditEvent,
    Case,
    Definition,
    DefinitionSet,
    Explanation,
    FireResult,
    Timer,
    TimerOutcome,
)
from workflow.outbox import Outbox, recorder
from workflow.registry import Definitions, Registry, as_definition_set
from workflow.review import AuditLog
from workflow.store import queries
from workflow.store import timers as stored_timers
from workflow.store.migrate import upgrade_database
from workflow.workdays import WorkCalendar
from workflow.writepath import StepRequest

__all__ = ["SYSTEM_ACTOR", "Clock", "Engine", "Listener", "upgrade_database"]

Clock = Callable[[], datetime]
"""Returns the current moment (aware, UTC); tests pass a fixed or stepping clock."""

Listener = Callable[[Case, AuditEvent], object]
"""Called after a case started or a transition committed; never inside the transaction."""

_log = get_logger()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise InvalidInput(f"naive datetime {moment!r}; pass an aware moment (with its UTC offset)")
    return moment.astimezone(UTC)


class Engine:
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
    False: no messages — choose False when no relay runs).  Safe to share between
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
        **engine_options: Any,
    ) -> None:
        self._registry = Registry(as_definition_set(definitions))
        self._clock = clock or _utc_now
        self._db = store.connect(url, durable=durable, **engine_options)
        self._writer = self._db.execution_options(**store.WRITE)
        self.calendar = WorkCalendar(closing_days)
        """Dutch working days less the organisation's ``closing_days``: guards and deadlines use it."""
        self.audit = AuditLog(self._db)
        """Review of the audit log: ``query``, ``verify``, ``checkpoint``."""
        self._listeners: list[Listener] = []
        self._outbox = recorder(outbox)
        self._lock = threading.Lock()
        store.migrate.check(self._db, upgrade_schema=upgrade)
        with store.transaction(self._writer) as conn:
            self._registry.register(conn, self.now())

    @property
    def definitions(self) -> DefinitionSet:
        """The loaded definitions (new cases start on the newest version of each)."""
        return self._registry.loaded

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Release the database connections."""
        self._db.dispose()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(case, event)`` after every committed start and fire."""
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.remove(listener)

    def _notify(self, case: Case, event: AuditEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(case, event)
            except Exception:  # a listener's failure must not hide a committed transition
                _log.exception("listener failed", case_id=case.id, seq=event.seq, listener=repr(listener))

    def now(self) -> datetime:
        """The engine's current moment (aware, UTC), from its clock."""
        now = self._clock()
        if now.tzinfo is None:
            msg = f"the engine's clock returned a naive datetime {now!r}; return an aware UTC moment"
            raise ValueError(msg)
        return now.astimezone(UTC)

    def clock(self) -> datetime:
        """Deprecated alias of :meth:`now` (kept for callers not yet moved)."""
        return self.now()

    # ------------------------------------------------------------ writes
    def start(
        self,
        workflow: str,
        *,
        actor: Actor,
        tenant: str,
        data: dict[str, JSON] | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
        at: datetime | None = None,
    ) -> Case:
        """Start a case of the newest version of ``workflow`` for ``tenant`` (``at``: its moment; default now)."""
        definition = self._registry.latest(workflow)
        blockers = policy.may_start(definition, actor, tenant)
        if blockers:
            raise Forbidden(f"start {workflow}", blockers)
        data = dict(data or {})
        blockers = schema_blockers(definition, "data", definition.data_schema, data, "invalid_data")
        if blockers:
            raise GuardFailed(f"start {workflow}", blockers)
        now = self.now() if at is None else _aware(at)
        request = chain.request_hash(
            "start", {"workflow": workflow, "tenant": tenant, "data": data, "reference": reference}
        )
        with store.transaction(self._writer) as conn:
            if idempotency_key is not None:
                existing = queries.case_by_start_key(conn, idempotency_key)
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
        _log.info("case started", case_id=case.id, workflow=workflow, actor=actor.id, tenant=tenant)
        self._notify(case, event)
        return case

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
        at: datetime | None = None,
    ) -> FireResult:
        """Take ``transition`` on the case, or raise why not (every blocker).

        ``at`` dates the step (default: now); a moment before the case's last
        change is refused with :class:`InvalidInput`.

        Raises :class:`NotFound`, :class:`Forbidden` (role, tenant),
        :class:`GuardFailed` (requirements, guards, schemas),
        :class:`TransitionRefused` (not from this state), :class:`ConflictError`.
        """
        payload = dict(input or {})
        request_hash = chain.request_hash(transition, payload) if idempotency_key is not None else None
        with store.transaction(self._writer) as conn:
            stored = queries.lock_case(conn, case_id)
            if stored is None:
                raise NotFound("case", case_id)
            case = stored.case
            definition = self._registry.pinned(conn, case.workflow, case.definition_version)
            replayed = writepath.replayed_fire(
                conn,
                stored,
                definition,
                actor=actor,
                key=idempotency_key,
                request_hash=request_hash,
                expected_version=expected_version,
            )
            if replayed is not None:
                return replayed
            moment = self.now() if at is None else _aware(at)
            request = StepRequest(transition, actor, payload, moment, reason, idempotency_key, request_hash)
            step = writepath.take_step(conn, stored, definition, request, self.calendar, outbox=self._outbox)
        log = _log.bind(case_id=case_id, transition=transition, actor=actor.id, workflow=case.workflow)
        if step.case is None:
            log.info("transition refused", blockers=[b.code for b in step.attempt.blockers])
            raise step.attempt.refusal()
        log.info("transition fired", from_state=case.state, to_state=step.case.state, version=step.case.version)
        self._notify(step.case, step.event)
        return FireResult(step.case, step.event)

    def import_case(self, case: CaseHistory, *, trust_history: bool = False) -> Recorded:
        """Record a case's whole history (start and steps, each at its own moment) in one transaction.

        Each step is checked as :meth:`fire` checks it, unless ``trust_history``:
        then recorded as imported history, each event marked ``imported``.
        Idempotent by the keys in ``case``; a refused step keeps nothing of the case.
        """
        with store.transaction(self._writer) as conn:
            recorded = history.record(
                conn, self._registry, case, self.calendar, trust=trust_history, outbox=self._outbox
            )
        if recorded.added:
            _log.info("case imported", case_id=recorded.case.id, events=recorded.added, trusted=trust_history)
        return recorded

    # ------------------------------------------------------------ deadlines
    def run_due_timers(self, now: datetime | None = None, *, limit: int = 10_000) -> list[TimerOutcome]:
        """Act on every deadline due by ``now`` (default: the engine's clock), oldest first.

        Each timer is handled in its own transaction (:mod:`workflow.deadlines`):
        its transition fired by the system actor (or its refusal recorded), or
        its flag raised — all or nothing.  Any number of runners may work side
        by side (PostgreSQL: ``FOR UPDATE SKIP LOCKED``).
        """
        moment = (now or self.now()).astimezone(UTC)
        outcomes: list[TimerOutcome] = []
        while len(outcomes) < limit:
            with store.transaction(self._writer) as conn:
                handled = deadlines.run_one(conn, moment, self._registry, self.calendar, outbox=self._outbox)
            if handled is None:
                break
            outcome, committed = handled
            _log.info("deadline handled", case_id=outcome.case_id, state=outcome.state, outcome=outcome.outcome)
            if committed is not None:
                self._notify(*committed)
            outcomes.append(outcome)
        return outcomes

    def timers(self, case_id: str, *, actor: Actor | None = None) -> list[Timer]:
        """The case's running, paused and refused deadlines."""
        with store.transaction(self._db) as conn:
            self._readable(conn, case_id, actor)
            return stored_timers.timers_of(conn, case_id, ["pending", "paused", "refused"])

    def due(
        self, *, within: timedelta = timedelta(0), actor: Actor | None = None, limit: int = 1000
    ) -> list[tuple[Case, Timer]]:
        """Cases whose deadline falls due within ``within`` from now (0: already overdue), soonest first."""
        with store.transaction(self._db) as conn:
            return deadlines.due_cases(conn, self.definitions.all_versions(), actor, self.now() + within, limit)

    # ------------------------------------------------------------ questions (no writes)
    def _readable(self, conn: sa.Connection, case_id: str, actor: Actor | None) -> tuple[Case, Definition]:
        stored = queries.read_case(conn, case_id)
        if stored is None:
            raise NotFound("case", case_id)
        definition = self._registry.pinned(conn, stored.case.workflow, stored.case.definition_version)
        blocker = policy.read_blocker(definition, actor, stored.case)
        if blocker is not None:
            raise Forbidden("read", [blocker])
        return stored.case, definition

    def explain(
        self, case_id: str, transition: str, *, actor: Actor, input: dict[str, JSON] | None = None
    ) -> Explanation:
        """Whether ``actor`` may fire ``transition`` now, and every blocker if not; writes nothing."""
        with store.transaction(self._db) as conn:
            case, definition = self._readable(conn, case_id, actor)
            request = StepRequest(transition, actor, input or {}, self.now())
            return writepath.assess_on(conn, definition, case, request, self.calendar).explanation(case)

    def available(self, case_id: str, *, actor: Actor) -> list[Explanation]:
        """Every transition leaving the case's state, each allowed or with its blockers."""
        with store.transaction(self._db) as conn:
            case, definition = self._readable(conn, case_id, actor)
            leaving = [t.id for t in definition.transitions_from(case.state)]
            history = writepath.history_for(conn, definition, case, leaving)
            now = self.now()
            ask = writepath.assess_on
            return [
                ask(conn, definition, case, StepRequest(t, actor, {}, now), self.calendar, history).explanation(case)
                for t in leaving
            ]

    def get(self, case_id: str, *, actor: Actor | None = None) -> Case:
        """The case now; with ``actor``, only if that actor may read it."""
        with store.transaction(self._db) as conn:
            return self._readable(conn, case_id, actor)[0]

    def history(self, case_id: str, *, actor: Actor | None = None) -> list[AuditEvent]:
        """The case's audit events, oldest first."""
        with store.transaction(self._db) as conn:
            self._readable(conn, case_id, actor)
            return list(queries.events_of(conn, case_id))

    def state_at(self, case_id: str, moment: datetime, *, actor: Actor | None = None) -> Case:
        """The case as it was at ``moment`` (state, data, version), rebuilt from its audit log."""
        if moment.tzinfo is None:
            raise ValueError(f"naive datetime {moment!r}; pass an aware moment")
        with store.transaction(self._db) as conn:
            case, _ = self._readable(conn, case_id, actor)
            history = [e for e in queries.events_of(conn, case_id) if e.at <= moment]
        if not history:
            raise NotFound(
                "case state",
                f"{case_id} at {moment.isoformat()}",
                f"the case was started at {case.created_at.isoformat()}",
            )
        return chain.replay(case, history)

    def definition_of(self, case: Case) -> Definition:
        """The definition version ``case`` is pinned to."""
        with store.transaction(self._db) as conn:
            return self._registry.pinned(conn, case.workflow, case.definition_version)

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
        ``actor`` whose roles are all client-side, only that actor's tenant.
        """
        if not 1 <= limit <= 10_000:
            raise ValueError(f"limit must be between 1 and 10000, found {limit}")
        tenants = policy.visible_tenants(self.definitions.all_versions(), actor, tenant)
        with store.transaction(self._db) as conn:
            anchor = None
            if after is not None:
                found = queries.read_case(conn, after)
                if found is None:
                    raise NotFound("case", after, "pass the id of the last case of the previous page")
                anchor = (found.case.created_at, found.case.id)
            return queries.list_cases(conn, workflow=workflow, state=state, tenants=tenants, limit=limit, after=anchor)
