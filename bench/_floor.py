"""The fair floor of a persisted fire on SQLite, and the engine doing the same fires.

The floor does, with the plain ``sqlite3`` module, on a database the engine
created and with the engine's connection settings (busy timeout, WAL,
``synchronous`` FULL or NORMAL, ``foreign_keys=ON``), the reads and writes of
one engine fire, statement by statement.  Logged from the engine
(``before_cursor_execute`` on one fire of ``bench``; the engine's own
``BEGIN IMMEDIATE``/``COMMIT`` go to the driver directly)::

    BEGIN IMMEDIATE
    SELECT <every column> FROM wf_cases WHERE id = ?
    INSERT INTO wf_events (<every column but id>) VALUES (...)        -- the event first
    UPDATE wf_cases SET state, data, version, updated_at, event_count, head_hash, flags
        WHERE id = ? AND version = ?                                     -- version-checked
    UPDATE wf_case_history SET fired = fired + 1, last_seq, last_actor
        WHERE case_id = ? AND transition = ?                             -- history aggregates
    [INSERT INTO wf_case_history ...]                                    -- only a case's first firing
    SELECT first_seq FROM wf_case_actors WHERE case_id, transition, actor_id
    [INSERT INTO wf_case_actors ...]                                     -- only an actor's first firing
    INSERT INTO wf_outbox (case_id, seq, channel, resource, resource_url, action, main_object,
        created_at, attributes)                                          -- outbox=True (the default)
    -- with deadlines only (a definition without deadlines or terms has no timers to look for):
    SELECT <every column> FROM wf_timers WHERE case_id = ? AND status IN (...)
    UPDATE wf_timers SET status = 'cancelled', updated_at = ? WHERE id = ?
    INSERT INTO wf_timers (...)                                          -- the new state's deadline
    COMMIT

``python bench/_floor.py`` traces both with sqlite3 (``set_trace_callback``)
and prints the list; ``bench/fire_bench.py`` refuses to run unless engine and
floor send the same statements (values aside).  In Python the floor
parses the case's JSON data, checks the guard, builds the whole event and
hashes its canonical JSON with the engine's own ``workflow.chain.chain_hash``
(so both hash the same bytes: the floor's log passes the engine's
``AuditLog.verify``), serialises the data and bounds its size (the engine's
limits walk), and builds the outbox message's attributes as JSON.

What the floor leaves out is the engine's own bookkeeping in Python: the
definition lookup, role and tenant check, the data diff, working-day
arithmetic (the floor adds calendar days), the result objects.

Both fire state-changing transitions (``go`` open -> review, ``back`` review
-> open) round-robin over ``cases`` cases.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from workflow import Actor, AuditLog, Engine, parse_definition
from workflow.chain import chain_hash  # the one private name the floor needs: the engine's event hash
from workflow.workdays import WorkCalendar

CLERK = Actor("carla.clerk", ("clerk",))

_GUARDED = """
    guards:
      - {when: "count >= 0", code: non_negative, message: Count must not be negative.}"""


_CALENDAR = WorkCalendar()
"""The engine's own calendar: a timer falls due at the end of its last day, as the engine stores it."""


def outbox_row(case_id: str, seq: int, at: object, attributes: dict[str, str]) -> tuple[object, ...]:
    """The ``wf_outbox`` row the engine writes for a fired step (its default ``outbox=True``), in column order."""
    main = f"urn:workflow:case:{case_id}"
    events = f"{main}/events/{seq}"
    return (case_id, seq, attributes["workflow"], "event", events, "fired", main, at, orjson.dumps(attributes).decode())


def ping_pong(*, deadlines: bool) -> str:
    """A workflow whose two guarded transitions move a case back and forth; with or without deadlines."""
    open_deadline = ", deadline: {within: 5 days, flag: late}" if deadlines else ""
    review_deadline = "deadline: {within: 10 days, flag: slow}" if deadlines else ""
    return f"""
workflow: bench
version: 1
title: Bench
roles:
  clerk: {{label: Clerk, side: agency}}
data:
  type: object
  properties:
    count: {{type: integer}}
start:
  input: [count]
states:
  open: {{initial: true{open_deadline}}}
  review: {{{review_deadline}}}
  done: {{final: true}}
transitions:
  go:
    from: open
    to: review
    roles: [clerk]{_GUARDED}
  back:
    from: review
    to: open
    roles: [clerk]{_GUARDED}
  finish: {{from: [open, review], to: done, roles: [clerk]}}
"""


DEADLINE_DAYS = {"open": (5, "late"), "review": (10, "slow")}
"""The deadlines of :func:`ping_pong` with ``deadlines=True`` (days, flag), for the floor's new timers."""


@dataclass(frozen=True)
class Setup:
    definition: str
    deadlines: bool
    durable: bool
    cases: int
    fires: int

    def transition(self, fire: int) -> tuple[str, str, str]:
        """(transition, from, to) of fire number ``fire``: every case moves once per round."""
        return ("go", "open", "review") if (fire // self.cases) % 2 == 0 else ("back", "review", "open")


def _started(path: Path, setup: Setup) -> list[str]:
    """A database at ``path`` made by the engine, with ``setup.cases`` started cases."""
    with Engine(f"sqlite:///{path}", parse_definition(setup.definition, "bench.yaml"), durable=setup.durable) as eng:
        return [eng.start("bench", actor=CLERK, tenant="t", data={"count": 1}).id for _ in range(setup.cases)]


def engine_run(folder: Path, setup: Setup) -> float:
    """Fires per second of the engine."""
    path = folder / "engine.db"
    ids = _started(path, setup)
    with Engine(f"sqlite:///{path}", parse_definition(setup.definition, "bench.yaml"), durable=setup.durable) as eng:
        start = time.perf_counter()
        for n in range(setup.fires):
            eng.fire(ids[n % len(ids)], setup.transition(n)[0], actor=CLERK, reason="bench")
        return setup.fires / (time.perf_counter() - start)


def floor_connection(path: Path, durable: bool) -> sqlite3.Connection:
    """A sqlite3 connection with the engine's settings (see ``workflow/store/database.py``)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


_SELECT_CASE = (
    "SELECT id, workflow, definition_version, state, data, tenant, reference, version, created_at, updated_at, "
    "start_key, event_count, head_hash, flags FROM wf_cases WHERE id = ?"
)
_UPDATE_CASE = (
    "UPDATE wf_cases SET state = ?, data = ?, version = ?, updated_at = ?, event_count = ?, head_hash = ?, "
    "flags = ? WHERE id = ? AND version = ?"
)
_INSERT_EVENT = (
    "INSERT INTO wf_events (case_id, seq, kind, transition, from_state, to_state, actor_id, role, tenant, reason, "
    "input, data_diff, blockers, workflow, definition_version, definition_checksum, at, idempotency_key, "
    "request_hash, prev_hash, hash, imported) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)"
)
_SELECT_TIMERS = (
    "SELECT id, case_id, state, status, due_at, warn_at, started_at, paused_at, working, action_transition, "
    "action_flag, extended, updated_at, term FROM wf_timers WHERE case_id = ? AND status IN ('pending', 'paused', "
    "'refused') ORDER BY id"
)
_BUMP_HISTORY = (
    "UPDATE wf_case_history SET fired = fired + 1, last_seq = ?, last_actor = ? WHERE case_id = ? AND transition = ?"
)
_INSERT_HISTORY = (
    "INSERT INTO wf_case_history (case_id, transition, fired, last_seq, last_actor) VALUES (?, ?, 1, ?, ?)"
)
_KNOWN_ACTOR = "SELECT first_seq FROM wf_case_actors WHERE case_id = ? AND transition = ? AND actor_id = ?"
_INSERT_ACTOR = "INSERT INTO wf_case_actors (case_id, transition, actor_id, first_seq) VALUES (?, ?, ?, ?)"
_INSERT_MESSAGE = (
    "INSERT INTO wf_outbox (case_id, seq, channel, resource, resource_url, action, main_object, created_at, "
    "attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_MAX_DATA_BYTES = 256 * 1024
_CANCEL_TIMER = "UPDATE wf_timers SET status = 'cancelled', updated_at = ? WHERE id = ?"
_INSERT_TIMER = (
    "INSERT INTO wf_timers (case_id, state, status, due_at, warn_at, started_at, paused_at, working, "
    "action_transition, action_flag, extended, updated_at, term) VALUES "
    "(?, ?, 'pending', ?, NULL, ?, NULL, 0, NULL, ?, 0, ?, NULL)"
)


def _stored(moment: datetime) -> str:
    """A moment as the engine stores it on SQLite: naive UTC text with microseconds."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def floor_fire(conn: sqlite3.Connection, case_id: str, step: tuple[str, str, str], setup: Setup, checksum: str) -> None:
    """One fire's reads and writes, in one write transaction (the statements of the module's docstring)."""
    transition, before, after = step
    conn.execute("BEGIN IMMEDIATE")
    row = conn.execute(_SELECT_CASE, (case_id,)).fetchone()
    data: dict[str, Any] = orjson.loads(row[4])
    if row[3] != before or not data["count"] >= 0:
        conn.execute("ROLLBACK")
        msg = f"floor: case {case_id} is in {row[3]!r}, expected {before!r}"
        raise RuntimeError(msg)
    now = datetime.now(UTC)
    version, seq, head, tenant, workflow = row[7], row[11] + 1, row[12], row[5], row[1]
    digest = chain_hash(_content(case_id, seq, step, tenant, row, checksum, now, head))
    at = _stored(now)
    flags = orjson.dumps(orjson.loads(row[13])).decode()
    stored_data = orjson.dumps(data).decode()
    if len(stored_data) > _MAX_DATA_BYTES:  # the engine's limits walk of the data a step leaves
        raise RuntimeError("floor: data too large")
    # the event first: the database accepts the case row's change only with its event
    conn.execute(
        _INSERT_EVENT,
        (case_id, seq, "fired", transition, before, after, CLERK.id, "clerk", tenant, "bench", "{}",
         "[]", "[]", workflow, row[2], checksum, at, None, None, head, digest),
    )  # fmt: skip
    conn.execute(_UPDATE_CASE, (after, stored_data, version + 1, at, seq, digest, flags, case_id, version))
    if conn.execute(_BUMP_HISTORY, (seq, CLERK.id, case_id, transition)).rowcount == 0:
        conn.execute(_INSERT_HISTORY, (case_id, transition, seq, CLERK.id))
    if conn.execute(_KNOWN_ACTOR, (case_id, transition, CLERK.id)).fetchone() is None:
        conn.execute(_INSERT_ACTOR, (case_id, transition, CLERK.id, seq))
    attributes = {"workflow": workflow, "definition_version": str(row[2]), "tenant": tenant, "state": after,
                  "from_state": before, "transition": transition, "seq": str(seq)}  # fmt: skip
    conn.execute(_INSERT_MESSAGE, outbox_row(case_id, seq, at, attributes))
    if setup.deadlines:
        for timer in conn.execute(_SELECT_TIMERS, (case_id,)).fetchall():
            if timer[2] == before and timer[3] == "pending":
                conn.execute(_CANCEL_TIMER, (at, timer[0]))
        days, flag = DEADLINE_DAYS[after]
        conn.execute(_INSERT_TIMER, (case_id, after, _stored(_CALENDAR.due(now, days, working=False)), at, flag, at))
    conn.execute("COMMIT")


def _content(
    case_id: str, seq: int, step: tuple[str, str, str], tenant: str, row: Any, checksum: str, now: datetime, head: str
) -> dict[str, Any]:
    """The hashed content of the fired event (every field but hash and id)."""
    transition, before, after = step
    return {
        "case_id": case_id,
        "seq": seq,
        "kind": "fired",
        "transition": transition,
        "from_state": before,
        "to_state": after,
        "actor_id": CLERK.id,
        "role": "clerk",
        "tenant": tenant,
        "reason": "bench",
        "input": {},
        "data_diff": [],
        "blockers": [],
        "workflow": row[1],
        "definition_version": row[2],
        "definition_checksum": checksum,
        "at": now.isoformat(timespec="microseconds"),
        "idempotency_key": None,
        "prev_hash": head,
    }


def floor_run(folder: Path, setup: Setup) -> float:
    """Fires per second of the floor; its log is then checked with the engine's ``AuditLog.verify``."""
    path = folder / "floor.db"
    ids = _started(path, setup)
    conn = floor_connection(path, setup.durable)
    (checksum,) = conn.execute("SELECT checksum FROM wf_definitions WHERE workflow = 'bench'").fetchone()
    start = time.perf_counter()
    for n in range(setup.fires):
        floor_fire(conn, ids[n % len(ids)], setup.transition(n), setup, checksum)
    rate = setup.fires / (time.perf_counter() - start)
    conn.close()
    _check_floor_log(path)
    return rate


def _check_floor_log(path: Path) -> None:
    """The floor's log must verify as the engine's would (else the floor did not do the engine's work)."""
    with AuditLog.open(f"sqlite:///{path}") as log:
        verification = log.verify()
    if not verification.intact:
        msg = f"the floor's events do not verify as the engine's would: {verification.breaks[:3]}"
        raise RuntimeError(msg)


def side_by_side(folder: Path, setup: Setup, batch: int = 25) -> tuple[float, float]:
    """Fires per second of engine and floor, in alternating batches of ``batch`` fires (same machine noise).

    Each on its own database; the floor's log is then checked with the engine's ``AuditLog.verify``.
    """
    engine_ids, floor_ids = _started(folder / "engine.db", setup), _started(folder / "floor.db", setup)
    conn = floor_connection(folder / "floor.db", setup.durable)
    (checksum,) = conn.execute("SELECT checksum FROM wf_definitions WHERE workflow = 'bench'").fetchone()
    definition = parse_definition(setup.definition, "bench.yaml")
    spent = [0.0, 0.0]
    with Engine(f"sqlite:///{folder / 'engine.db'}", definition, durable=setup.durable) as eng:
        for first in range(0, setup.fires, batch):
            numbers = range(first, min(first + batch, setup.fires))
            start = time.perf_counter()
            for n in numbers:
                eng.fire(engine_ids[n % len(engine_ids)], setup.transition(n)[0], actor=CLERK, reason="bench")
            middle = time.perf_counter()
            for n in numbers:
                floor_fire(conn, floor_ids[n % len(floor_ids)], setup.transition(n), setup, checksum)
            spent[0] += middle - start
            spent[1] += time.perf_counter() - middle
    conn.close()
    _check_floor_log(folder / "floor.db")
    return setup.fires / spent[0], setup.fires / spent[1]


def engine_statements(*, deadlines: bool) -> list[str]:
    """Every SQL statement sqlite3 runs for one ``back`` fire (after a ``go``) of :func:`ping_pong` by the engine.

    Traced by sqlite3 itself (``set_trace_callback``), so statements sent past SQLAlchemy are listed too
    (a statement firing a trigger is listed twice).
    """
    import tempfile

    from sqlalchemy import event

    with tempfile.TemporaryDirectory() as folder:
        setup = Setup(ping_pong(deadlines=deadlines), deadlines, True, 1, 2)
        with Engine(f"sqlite:///{folder}/x.db", parse_definition(setup.definition, "bench.yaml")) as eng:
            case = eng.start("bench", actor=CLERK, tenant="t", data={"count": 1})
            eng.fire(case.id, "go", actor=CLERK, reason="bench")
            seen: list[str] = []
            eng.close()  # the next connections are traced from their start
            event.listen(eng._db, "connect", lambda raw, _: raw.set_trace_callback(seen.append))
            eng.fire(case.id, "back", actor=CLERK, reason="bench")
    return [" ".join(statement.split()) for statement in seen if not statement.startswith("PRAGMA")]


def floor_statements(*, deadlines: bool) -> list[str]:
    """The same as :func:`engine_statements`, of the floor."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        setup = Setup(ping_pong(deadlines=deadlines), deadlines, True, 1, 2)
        ids = _started(Path(folder) / "floor.db", setup)
        conn = floor_connection(Path(folder) / "floor.db", True)
        (checksum,) = conn.execute("SELECT checksum FROM wf_definitions WHERE workflow = 'bench'").fetchone()
        floor_fire(conn, ids[0], setup.transition(0), setup, checksum)
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        floor_fire(conn, ids[0], setup.transition(1), setup, checksum)
        conn.close()
    return [" ".join(statement.split()) for statement in seen]


def shape(statement: str) -> str:
    """A traced statement without its values (texts, numbers, NULL), to compare engine and floor."""
    statement = re.sub(r"'(?:[^']|'')*'", "?", statement)
    return re.sub(r"\b(?:\d+(?:\.\d+)?|NULL)\b", "?", statement).replace(", ", ",")


def same_statements(*, deadlines: bool) -> list[str]:
    """The statement shapes of one fire, after checking that engine and floor run exactly the same."""
    engine = [shape(s) for s in engine_statements(deadlines=deadlines)]
    floor = [shape(s) for s in floor_statements(deadlines=deadlines)]
    if engine != floor:
        diff = "\n".join(f"  engine: {e}\n  floor:  {f}" for e, f in zip(engine, floor, strict=False) if e != f)
        msg = f"the floor no longer runs the engine's statements ({len(engine)} vs {len(floor)}):\n{diff}"
        raise RuntimeError(msg)
    return engine


if __name__ == "__main__":
    for with_deadlines in (False, True):
        print(f"deadlines={with_deadlines}: engine and floor run the same statements per fire:")
        for statement in same_statements(deadlines=with_deadlines):
            print(f"  {statement[:150]}")
