"""The engine: start cases, fire transitions, explain what blocks them, read history.

``fire`` is the one write path for state changes: one database transaction
that locks the case, runs every check (:func:`workflow.checks.assess`), and
writes the new state, data, version + 1 and one audit event — all or
nothing.  A refused attempt is itself recorded (kind ``refused``, with its
blockers) and then raised.  ``explain`` and ``available`` run the same checks
without writing.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from workflow import audit, store, timers
from workflow import outbox as outbox_
from workflow._log import get_logger
from workflow.auditlog import AuditLog
from workflow.checks import Attempt, assess, can_read, history_of, may_start, schema_blockers
from workflow.errors import (
    Blocker,
    ConflictError,
    DefinitionError,
    Forbidden,
    GuardFailed,
    NotFound,
    Problem,
    StorageError,
    TransitionRefused,
)
from workflow.evaluation import History
from workflow.loader import load_definitions, parse_definition
from workflow.model import (
    JSON,
    SYSTEM_ROLE,
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
from workflow.resources import bundled_definitions_path
from workflow.store import queries
from workflow.workdays import WorkCalendar

__all__ = ["SYSTEM_ACTOR", "Clock", "Engine", "Listener", "upgrade_database"]

Clock = Callable[[], datetime]
"""Returns the current moment (aware, UTC); tests pass a fixed or stepping clock."""

Listener = Callable[[Case, AuditEvent], object]
"""Called after a case started or a transition committed; never inside the transaction."""

Definitions = str | Path | DefinitionSet | Definition | Iterable[Definition] | None

_log = get_logger()


def upgrade_database(url: str, **engine_options: Any) -> tuple[str | None, str]:
    """Migrate the database at ``url`` to the code's schema; returns (revision before, after)."""
    db = store.connect(url, **engine_options)
    try:
        return store.migrate.upgrade(db)
    finally:
        db.dispose()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _as_set(definitions: Definitions) -> DefinitionSet:
    if definitions is None:
        return load_definitions(bundled_definitions_path())
    if isinstance(definitions, DefinitionSet):
        return definitions
    if isinstance(definitions, Definition):
        return DefinitionSet([definitions])
    if isinstance(definitions, str | Path):
        return load_definitions(definitions)
    return DefinitionSet(definitions)


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
        outbox: outbox_.Outbox | bool = True,
        **engine_options: Any,
    ) -> None:
        self.definitions = _as_set(definitions)
        self._clock = clock or _utc_now
        self._db = store.connect(url, durable=durable, **engine_options)
        self._writer = self._db.execution_options(**store.WRITE)
        self.calendar = WorkCalendar(closing_days)
        """Dutch working days less the organisation's ``closing_days``: guards and deadlines use it."""
        self.audit = AuditLog(self._db)
        """Review of the audit log: ``query``, ``verify``, ``checkpoint``."""
        self._listeners: list[Listener] = []
        self._outbox = outbox_.recorder(outbox)
        self._stored: dict[tuple[str, int], Definition] = {}
        self._lock = threading.Lock()
        store.migrate.check(self._db, upgrade_schema=upgrade)
        self._register_definitions()

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

    # ------------------------------------------------------------ transactions
    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sa.Connection]:
        try:
            connection = (self._writer if write else self._db).connect()
            with connection, connection.begin():
                yield connection
        except sa.exc.IntegrityError as exc:
            msg = f"a concurrent change got there first ({exc.orig}); read the case again and retry"
            raise ConflictError(msg) from exc
        except sa.exc.SQLAlchemyError as exc:
            msg = f"database error: {exc}; nothing was written"
            raise StorageError(msg) from exc

    def clock(self) -> datetime:
        """The engine's current moment (aware, UTC)."""
        return self._now()

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            msg = f"the engine's clock returned a naive datetime {now!r}; return an aware UTC moment"
            raise ValueError(msg)
        return now.astimezone(UTC)

    # ------------------------------------------------------------ definitions
    def _register_definitions(self) -> None:
        """Store each loaded definition's source; refuse changed text under an old version number."""
        now, problems = self._now(), []
        with self._transaction(write=True) as conn:
            for definition in self.definitions.all_versions():
                row = queries.stored_definition(conn, definition.workflow, definition.version)
                if row is None:
                    queries.store_definition(
                        conn, definition.workflow, definition.version, definition.checksum, definition.source, now
                    )
                elif row.checksum != definition.checksum:
                    msg = (
                        f"{definition.workflow} version {definition.version} changed since this database first "
                        f"used it (stored checksum {row.checksum[:12]}…, file {definition.checksum[:12]}…); "
                        f"cases are pinned to the old text: bump 'version' to {definition.version + 1} and "
                        "keep the old file if cases still use the old version"
                    )
                    problems.append(Problem(definition.file, 1, 1, msg))
        if problems:
            raise DefinitionError(problems)

    def _definition(self, conn: sa.Connection, workflow: str, version: int) -> Definition:
        """The exact version a case is pinned to: loaded, or rebuilt from the stored source."""
        found = self.definitions.get_version(workflow, version) or self._stored.get((workflow, version))
        if found is not None:
            return found
        row = queries.stored_definition(conn, workflow, version)
        if row is None:
            raise NotFound("definition", f"{workflow} v{version}", "load the definition file of that version")
        definition = parse_definition(row.source, f"<stored {workflow} v{version}>")
        with self._lock:
            self._stored[(workflow, version)] = definition
        return definition

    def _latest(self, workflow: str) -> Definition:
        if workflow not in self.definitions:
            known = ", ".join(sorted(self.definitions)) or "none"
            raise NotFound("workflow", workflow, f"loaded workflows: {known}")
        return self.definitions[workflow]

    @staticmethod
    def _history(conn: sa.Connection, definition: Definition, case: Case, transitions: list[str]) -> History:
        """The case's fired history, read only when a guard of these transitions needs it."""
        needed = any(t in definition.transitions and definition.transitions[t].uses_history for t in transitions)
        return history_of(queries.fired_pairs(conn, case.id)) if needed else History()

    # ------------------------------------------------------------ events
    def _event(
        self,
        *,
        case: Case,
        seq: int,
        prev_hash: str,
        kind: str,
        actor: Actor,
        role: str | None,
        definition: Definition,
        at: datetime,
        transition: str | None = None,
        to_state: str | None = None,
        reason: str | None = None,
        payload: JSON = None,
        diff: list[dict[str, Any]] | None = None,
        blockers: tuple[Blocker, ...] = (),
        key: str | None = None,
    ) -> AuditEvent:
        event = AuditEvent(
            case_id=case.id,
            seq=seq,
            kind=kind,
            transition=transition,
            from_state=case.state if kind != "started" else None,
            to_state=to_state,
            actor_id=actor.id,
            role=role,
            tenant=case.tenant,
            reason=reason,
            input=payload,
            data_diff=tuple(diff or ()),
            blockers=blockers,
            workflow=definition.workflow,
            definition_version=definition.version,
            definition_checksum=definition.checksum,
            at=at,
            idempotency_key=key,
            prev_hash=prev_hash,
            hash="",
        )
        return replace(event, hash=audit.chain_hash(audit.event_content(event)))

    def _notify(self, case: Case, event: AuditEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(case, event)
            except Exception:  # a listener's failure must not hide a committed transition
                _log.exception("listener failed", case_id=case.id, seq=event.seq, listener=repr(listener))

    # ------------------------------------------------------------ start
    def start(
        self,
        workflow: str,
        *,
        actor: Actor,
        tenant: str,
        data: dict[str, JSON] | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> Case:
        """Start a case of the newest version of ``workflow`` for ``tenant``."""
        definition = self._latest(workflow)
        blockers = may_start(definition, actor, tenant)
        if blockers:
            raise Forbidden(f"start {workflow}", blockers)
        data = dict(data or {})
        blockers = schema_blockers(definition, "data", definition.data_schema, data, "invalid_data")
        if blockers:
            raise GuardFailed(f"start {workflow}", blockers)
        now = self._now()
        request = audit.request_hash(
            "start", {"workflow": workflow, "tenant": tenant, "data": data, "reference": reference}
        )
        with self._transaction(write=True) as conn:
            if idempotency_key is not None:
                existing = queries.case_by_start_key(conn, idempotency_key)
                if existing is not None:
                    return self._replayed_start(existing, request, idempotency_key)
            case = Case(
                uuid.uuid4().hex,
                workflow,
                definition.version,
                definition.initial_state.id,
                data,
                tenant,
                reference,
                0,
                now,
                now,
            )
            role = next(r for r in actor.roles if r in definition.roles and not definition.roles[r].read_only)
            event = self._event(
                case=case,
                seq=1,
                prev_hash=audit.GENESIS,
                kind="started",
                actor=actor,
                role=role,
                definition=definition,
                at=now,
                to_state=case.state,
                payload=data,
                diff=audit.data_diff({}, data),
                key=idempotency_key,
            )
            queries.insert_case(conn, case, idempotency_key, 1, event.hash)
            event = replace(event, id=queries.insert_event(conn, event, request))
            self._outbox(conn, case, event)  # outbox seam
            timers.on_start(conn, definition, case, now, self.calendar)
        _log.info("case started", case_id=case.id, workflow=workflow, actor=actor.id, tenant=tenant)
        self._notify(case, event)
        return case

    @staticmethod
    def _replayed_start(existing: tuple[Case, str | None], request: str, key: str) -> Case:
        case, first_request = existing
        if first_request != request:
            msg = f"idempotency key {key!r} was already used for a different start; use a new key"
            raise ConflictError(msg)
        return case

    # ------------------------------------------------------------ fire
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
    ) -> FireResult:
        """Take ``transition`` on the case, or raise why not (every blocker).

        Raises :class:`NotFound`, :class:`Forbidden` (role, tenant),
        :class:`GuardFailed` (requirements, guards, schemas),
        :class:`TransitionRefused` (not from this state), :class:`ConflictError`.
        """
        payload = dict(input or {})
        log = _log.bind(case_id=case_id, transition=transition, actor=actor.id)
        request = audit.request_hash(transition, payload) if idempotency_key is not None else None
        with self._transaction(write=True) as conn:
            found = queries.lock_case(conn, case_id)
            if found is None:
                raise NotFound("case", case_id)
            case, count, head = found
            definition = self._definition(conn, case.workflow, case.definition_version)
            # a repeat is answered only to someone who may see the case; anyone else meets the checks below
            if idempotency_key is not None and can_read(definition, actor, case):
                prior = queries.event_by_key(conn, case_id, idempotency_key)
                if prior is not None:
                    return self._replayed_fire(case, prior, request, idempotency_key)
            if expected_version is not None and expected_version != case.version:
                msg = (
                    f"case {case_id} is at version {case.version}, not the expected {expected_version}; "
                    "someone changed it meanwhile: read it again and decide anew"
                )
                raise ConflictError(msg)
            attempt, after, event = self._step(
                conn,
                case,
                count,
                head,
                definition,
                transition,
                actor,
                payload,
                reason,
                idempotency_key,
                request,
                self._now(),
            )
        log = log.bind(workflow=case.workflow)
        if after is None:
            log.info("transition refused", blockers=[b.code for b in attempt.blockers])
            raise _refusal(attempt)
        log.info("transition fired", from_state=case.state, to_state=after.state, version=after.version)
        self._notify(after, event)
        return FireResult(after, event)

    def _step(
        self,
        conn: sa.Connection,
        case: Case,
        count: int,
        head: str,
        definition: Definition,
        transition: str,
        actor: Actor,
        payload: dict[str, JSON],
        reason: str | None,
        key: str | None,
        request: str | None,
        now: datetime,
    ) -> tuple[Attempt, Case | None, AuditEvent]:
        """The write path inside a transaction holding the case's lock: check, then write or record the refusal.

        Returns the attempt, the case after the step (None when refused) and the event written.
        """
        attempt = assess(
            definition,
            case,
            transition,
            actor,
            payload,
            now,
            self._history(conn, definition, case, [transition]),
            self.calendar,
        )
        attempt = self._check_extension(conn, case, attempt)
        common: dict[str, Any] = {
            "seq": count + 1,
            "prev_hash": head,
            "actor": actor,
            "role": attempt.role,
            "definition": definition,
            "at": now,
            "transition": transition,
            "reason": reason,
            "payload": payload,
        }
        if attempt.verdict != "allowed":
            event = self._event(case=case, kind="refused", blockers=attempt.blockers, **common)
            event = replace(event, id=queries.insert_event(conn, event, None))
            self._outbox(conn, case, event)  # outbox seam (writes a refusal only if configured)
            queries.update_case(conn, case, expected_version=case.version, event_count=count + 1, head_hash=event.hash)
            return attempt, None, event
        after = replace(case, state=attempt.target, data=attempt.data, version=case.version + 1, updated_at=now)
        event = self._event(
            case=case,
            kind="fired",
            to_state=attempt.target,
            key=key,
            diff=audit.data_diff(case.data, attempt.data),
            **common,
        )
        if not queries.update_case(
            conn, after, expected_version=case.version, event_count=count + 1, head_hash=event.hash
        ):
            raise ConflictError(f"case {case.id} changed while firing {transition!r}; retry")
        event = replace(event, id=queries.insert_event(conn, event, request))
        self._outbox(conn, after, event)  # outbox seam
        timers.on_step(conn, definition, case, after, attempt.transition, now, self.calendar)
        return attempt, after, event

    @staticmethod
    def _check_extension(conn: sa.Connection, case: Case, attempt: Attempt) -> Attempt:
        """A deadline is extended once, and only while it runs."""
        if attempt.verdict != "allowed" or attempt.transition.extends is None:
            return attempt
        timer = timers.running_timer(conn, case)
        if timer is None:
            blocker = Blocker("no_running_deadline", "There is no running deadline here to extend.")
        elif timer.extended:
            blocker = Blocker(
                "deadline_already_extended",
                f"The deadline of this step was already extended once (now {timer.due_at:%Y-%m-%d}); "
                "a term may be extended only once.",
            )
        else:
            return attempt
        return replace(attempt, verdict="blocked", blockers=(*attempt.blockers, blocker))

    @staticmethod
    def _replayed_fire(case: Case, prior: tuple[AuditEvent, str | None], request: str | None, key: str) -> FireResult:
        event, first_request = prior
        if first_request != request:
            msg = (
                f"idempotency key {key!r} was used for a different request on case {case.id} "
                f"(event {event.seq}, {event.transition!r}); use a new key"
            )
            raise ConflictError(msg)
        return FireResult(case, event, replayed=True)

    # ------------------------------------------------------------ deadlines
    def run_due_timers(self, now: datetime | None = None, *, limit: int = 10_000) -> list[TimerOutcome]:
        """Act on every deadline due by ``now`` (default: the engine's clock), oldest first.

        Each timer is handled in its own transaction: the deadline's transition
        is fired by the system actor (or its refusal recorded), or its flag is
        raised on the case, and the timer is marked done — all or nothing, so a
        runner killed midway loses no timer and handles none twice. Any number
        of runners may work side by side (PostgreSQL: ``FOR UPDATE SKIP LOCKED``).
        """
        moment = (now or self._now()).astimezone(UTC)
        outcomes: list[TimerOutcome] = []
        while len(outcomes) < limit:
            outcome = self._run_one_timer(moment)
            if outcome is None:
                break
            outcomes.append(outcome)
        return outcomes

    def _run_one_timer(self, moment: datetime) -> TimerOutcome | None:
        committed: tuple[Case, AuditEvent] | None = None
        with self._transaction(write=True) as conn:
            timer = queries.next_due_timer(conn, moment)
            if timer is None:
                return None
            case, count, head = queries.lock_case(conn, timer.case_id) or _missing(timer.case_id)
            if case.state != timer.state:
                queries.update_timer(conn, timer.id, status="cancelled", updated_at=moment)
                return TimerOutcome(timer.id, case.id, timer.state, "stale")
            definition = self._definition(conn, case.workflow, case.definition_version)
            queries.update_timer(conn, timer.id, status="done", updated_at=moment)
            reason = f"deadline of {timer.state} passed (due {timer.due_at.isoformat(timespec='minutes')})"
            if timer.then is not None:
                _, after, event = self._step(
                    conn, case, count, head, definition, timer.then, SYSTEM_ACTOR, {}, reason, None, None, moment
                )
                if after is None:
                    queries.update_timer(conn, timer.id, status="refused", updated_at=moment)
                    outcome = TimerOutcome(timer.id, case.id, timer.state, "refused", transition=timer.then)
                else:
                    outcome = TimerOutcome(timer.id, case.id, timer.state, "fired", transition=timer.then)
                    committed = (after, event)
            else:
                flag = timer.flag or f"{timer.state}_overdue"
                flagged = replace(case, flags=tuple(sorted({*case.flags, flag})), updated_at=moment)
                event = self._event(
                    case=case,
                    seq=count + 1,
                    prev_hash=head,
                    kind="flagged",
                    actor=SYSTEM_ACTOR,
                    role=SYSTEM_ROLE,
                    definition=definition,
                    at=moment,
                    reason=reason,
                    payload={"flag": flag},
                )
                event = replace(event, id=queries.insert_event(conn, event, None))
                self._outbox(conn, flagged, event)  # outbox seam
                queries.update_case(
                    conn, flagged, expected_version=case.version, event_count=count + 1, head_hash=event.hash
                )
                outcome = TimerOutcome(timer.id, case.id, timer.state, "flagged", flag=flag)
                committed = (flagged, event)
        _log.info("deadline handled", case_id=outcome.case_id, state=outcome.state, outcome=outcome.outcome)
        if committed is not None:
            self._notify(*committed)
        return outcome

    def timers(self, case_id: str, *, actor: Actor | None = None) -> list[Timer]:
        """The case's running, paused and refused deadlines."""
        with self._transaction(write=False) as conn:
            self._readable(conn, case_id, actor)
            return queries.timers_of(conn, case_id, ["pending", "paused", "refused"])

    def due(
        self, *, within: timedelta = timedelta(0), actor: Actor | None = None, limit: int = 1000
    ) -> list[tuple[Case, Timer]]:
        """Cases whose deadline falls due within ``within`` from now (0: already overdue), soonest first."""
        tenants = None if actor is None or self._sees_all_tenants(actor) else [actor.tenant]
        with self._transaction(write=False) as conn:
            found = queries.cases_with_timers(conn, due_before=self._now() + within, limit=limit)
        return [(case, timer) for case, timer in found if tenants is None or case.tenant in tenants]

    # ------------------------------------------------------------ questions (no writes)
    def _readable(self, conn: sa.Connection, case_id: str, actor: Actor | None) -> tuple[Case, Definition]:
        found = queries.read_case(conn, case_id)
        if found is None:
            raise NotFound("case", case_id)
        case = found[0]
        definition = self._definition(conn, case.workflow, case.definition_version)
        if actor is not None and not can_read(definition, actor, case):
            blocker = Blocker("other_tenant", "This case belongs to another organisation.")
            raise Forbidden("read", [blocker])
        return case, definition

    def explain(
        self, case_id: str, transition: str, *, actor: Actor, input: dict[str, JSON] | None = None
    ) -> Explanation:
        """Whether ``actor`` may fire ``transition`` now, and every blocker if not; writes nothing."""
        with self._transaction(write=False) as conn:
            case, definition = self._readable(conn, case_id, actor)
            attempt = assess(
                definition,
                case,
                transition,
                actor,
                input or {},
                self._now(),
                self._history(conn, definition, case, [transition]),
                self.calendar,
            )
            attempt = self._check_extension(conn, case, attempt)
        return _explanation(case, attempt)

    def available(self, case_id: str, *, actor: Actor) -> list[Explanation]:
        """Every transition leaving the case's state, each allowed or with its blockers."""
        with self._transaction(write=False) as conn:
            case, definition = self._readable(conn, case_id, actor)
            leaving = definition.transitions_from(case.state)
            history = self._history(conn, definition, case, [t.id for t in leaving])
            now = self._now()
            return [
                _explanation(
                    case,
                    self._check_extension(
                        conn, case, assess(definition, case, t.id, actor, {}, now, history, self.calendar)
                    ),
                )
                for t in definition.transitions_from(case.state)
            ]

    def get(self, case_id: str, *, actor: Actor | None = None) -> Case:
        """The case now; with ``actor``, only if that actor may read it."""
        with self._transaction(write=False) as conn:
            return self._readable(conn, case_id, actor)[0]

    def history(self, case_id: str, *, actor: Actor | None = None) -> list[AuditEvent]:
        """The case's audit events, oldest first."""
        with self._transaction(write=False) as conn:
            self._readable(conn, case_id, actor)
            return list(queries.events_of(conn, case_id))

    def state_at(self, case_id: str, moment: datetime, *, actor: Actor | None = None) -> Case:
        """The case as it was at ``moment`` (state, data, version), rebuilt from its audit log."""
        if moment.tzinfo is None:
            raise ValueError(f"naive datetime {moment!r}; pass an aware moment")
        with self._transaction(write=False) as conn:
            case, _ = self._readable(conn, case_id, actor)
            history = [e for e in queries.events_of(conn, case_id) if e.at <= moment]
        if not history:
            raise NotFound(
                "case state",
                f"{case_id} at {moment.isoformat()}",
                f"the case was started at {case.created_at.isoformat()}",
            )
        data: dict[str, Any] = {}
        state, version = case.state, 0
        for event in history:
            data = audit.apply_diff(data, event.data_diff)
            if event.kind in ("started", "fired"):
                state = event.to_state or state
                version += event.kind == "fired"
        return replace(case, state=state, data=data, version=version, updated_at=history[-1].at)

    def definition_of(self, case: Case) -> Definition:
        """The definition version ``case`` is pinned to."""
        with self._transaction(write=False) as conn:
            return self._definition(conn, case.workflow, case.definition_version)

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
        tenants = None if tenant is None else [tenant]
        if actor is not None and not self._sees_all_tenants(actor):
            tenants = [actor.tenant or ""] if tenant in (None, actor.tenant) else []
        with self._transaction(write=False) as conn:
            anchor = None
            if after is not None:
                found = queries.read_case(conn, after)
                if found is None:
                    raise NotFound("case", after, "pass the id of the last case of the previous page")
                anchor = (found[0].created_at, found[0].id)
            return queries.list_cases(conn, workflow=workflow, state=state, tenants=tenants, limit=limit, after=anchor)

    def _sees_all_tenants(self, actor: Actor) -> bool:
        return any(
            role in d.roles and (d.roles[role].side == "agency" or d.roles[role].read_only)
            for d in self.definitions.all_versions()
            for role in actor.roles
        )


SYSTEM_ACTOR = Actor("system", (SYSTEM_ROLE,))
"""The engine's own actor: deadlines fire their transitions as it."""


def _missing(case_id: str) -> tuple[Case, int, str]:  # pragma: no cover - timers reference existing cases
    raise NotFound("case", case_id)


def _explanation(case: Case, attempt: Attempt) -> Explanation:
    return Explanation(
        attempt.transition.id,
        attempt.transition.label,
        attempt.verdict == "allowed",
        case.state,
        attempt.target,
        attempt.blockers,
    )


def _refusal(attempt: Attempt) -> TransitionRefused:
    kinds: dict[str, type[TransitionRefused]] = {"forbidden": Forbidden, "blocked": GuardFailed}
    return kinds.get(attempt.verdict, TransitionRefused)(attempt.transition.id, attempt.blockers)
