"""The write path's statements on the driver store exactly what SQLAlchemy Core stores for the same values.

Each row is written twice — once through the table with SQLAlchemy, once
through :mod:`workflow.store.direct` — and the two are compared as the
database holds them (raw driver values, not read back through the types),
on SQLite and PostgreSQL: the same text for moments and JSON, so reads,
comparisons in SQL (due timers) and the audit chain see no difference.
"""

from __future__ import annotations

import gc
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from workflow import Engine
from workflow.errors import ConflictError, StorageError
from workflow.store import direct, queries
from workflow.store.tables import case_actors, case_history, cases, events, outbox, timers

from .engine_support import CLERK, StepClock, definitions

AT = datetime(2026, 11, 27, 10, 15, 30, 123456, tzinfo=UTC)
LATER = datetime(2026, 12, 2, 17, 0, 0, 5, tzinfo=UTC)


def _raw(conn: sa.Connection, table: sa.Table, where: str, key: Any) -> tuple[Any, ...]:
    names = [c.name for c in table.columns if c.name != "id"]
    row = conn.exec_driver_sql(f"SELECT {', '.join(names)} FROM {table.name} WHERE {where}", (key,)).one()
    return tuple(row)


def _param(conn: sa.Connection) -> str:
    return "?" if conn.dialect.name == "sqlite" else "%s"


def _case(engine: Engine) -> str:
    return engine.start("counter", actor=CLERK, tenant="t").id


def _event(case_id: str, seq: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "case_id": case_id, "seq": seq, "kind": "fired", "transition": "go", "from_state": "a", "to_state": "b",
        "actor_id": "ada", "role": "clerk", "tenant": "t", "reason": None, "input": {"b": 1, "a": [1.5, "é"]},
        "data_diff": [{"path": ["a"], "new": -0.0}], "blockers": [], "workflow": "counter", "definition_version": 1,
        "definition_checksum": "c" * 64, "at": AT, "idempotency_key": None, "request_hash": None,
        "prev_hash": "0" * 64, "hash": "e" * 64, "imported": False,
    }  # fmt: skip
    row.update(changes)
    return row


def test_an_event_is_stored_as_sqlalchemy_stores_it(engine: Engine) -> None:
    case_id = _case(engine)
    with engine.transaction() as conn:
        conn.execute(events.insert(), _event(case_id, 90, input=None))
        new_id = direct.insert(conn, "insert_event", _event(case_id, 91, input=None))
        assert isinstance(new_id, int)
        p = _param(conn)
        via_core = _raw(conn, events, f"case_id = {p} AND seq = 90", case_id)
        via_driver = _raw(conn, events, f"id = {p}", new_id)
    assert via_driver[2:] == via_core[2:]  # all but case_id, seq
    assert via_driver[:2] == (case_id, 91)


def test_a_timer_and_a_message_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    case_id = _case(engine)
    timer = {
        "case_id": case_id, "state": "b", "status": "pending", "due_at": LATER, "warn_at": None, "started_at": AT,
        "paused_at": None, "working": True, "action_transition": None, "action_flag": "late", "extended": False,
        "updated_at": AT, "term": None,
    }  # fmt: skip
    message = {
        "case_id": case_id, "seq": 90, "channel": "counter", "resource": "event", "resource_url": "u",
        "action": "fired", "main_object": "m", "created_at": AT, "attributes": {"z": "1", "a": "é"},
    }  # fmt: skip
    with engine.transaction() as conn:
        p = _param(conn)
        core_id = conn.execute(timers.insert(), timer).inserted_primary_key[0]  # type: ignore[index]
        driver_id = direct.insert(conn, "insert_timer", timer)
        assert _raw(conn, timers, f"id = {p}", driver_id) == _raw(conn, timers, f"id = {p}", core_id)
        direct.execute(conn, "end_timer", {"id": driver_id, "status": "cancelled", "updated_at": LATER})
        conn.execute(timers.update().where(timers.c.id == core_id).values(status="cancelled", updated_at=LATER))
        assert _raw(conn, timers, f"id = {p}", driver_id) == _raw(conn, timers, f"id = {p}", core_id)
        found = direct.select(conn, "timers_of", {"case_id": case_id}, ("cancelled",))
        assert [(t.id, t.due_at, t.working) for t in found] == [(core_id, LATER, True), (driver_id, LATER, True)]
        conn.execute(outbox.insert(), message)
        direct.insert(conn, "insert_message", {**message, "seq": 91})
        core = conn.execute(sa.select(outbox).where(outbox.c.seq == 90)).one()
        driver = conn.execute(sa.select(outbox).where(outbox.c.seq == 91)).one()
        assert (
            (driver.attributes, driver.created_at) == (core.attributes, core.created_at) == (message["attributes"], AT)
        )
        if conn.dialect.name == "sqlite":  # JSONB on PostgreSQL keeps no text to compare
            assert _raw(conn, outbox, f"seq = {p}", 91)[2:] == _raw(conn, outbox, f"seq = {p}", 90)[2:]


def test_the_case_row_update_and_lock_round_trip(engine: Engine) -> None:
    case_id = _case(engine)
    values = {"data": {"n": 2**53, "f": 1e16, "s": "é\u2028"}, "updated_at": LATER, "flags": ["late"]}
    stored_columns = ("state", "data", "updated_at", "flags")
    with engine.transaction() as conn:
        stored = queries.lock_case(conn, case_id)
        assert stored is not None
        assert stored == queries.read_case(conn, case_id)
        version, count = stored.case.version, stored.count
        # each change of the case row comes with its event (the database refuses it otherwise)
        conn.execute(events.insert(), _event(case_id, count + 1, hash="a" * 64))
        conn.execute(
            cases.update()
            .where(cases.c.id == case_id)
            .values(**values, version=version + 1, event_count=count + 1, head_hash="a" * 64)
        )
        p = _param(conn)
        core = conn.exec_driver_sql(
            f"SELECT {', '.join(stored_columns)} FROM wf_cases WHERE id = {p}", (case_id,)
        ).one()
        conn.execute(events.insert(), _event(case_id, count + 2, hash="b" * 64))
        direct_values = {
            "id": case_id, "expected": version + 1, "state": "open", "version": version + 2,
            "event_count": count + 2, "head_hash": "b" * 64, **values,
        }  # fmt: skip
        assert direct.execute(conn, "update_case", {**direct_values, "expected": 99}) == 0
        assert direct.execute(conn, "update_case", direct_values) == 1
        driver = conn.exec_driver_sql(
            f"SELECT {', '.join(stored_columns)} FROM wf_cases WHERE id = {p}", (case_id,)
        ).one()
        assert tuple(driver) == tuple(core)
        locked = queries.lock_case(conn, case_id)
        assert locked is not None
        assert locked == queries.read_case(conn, case_id)
        assert (locked.case.flags, locked.case.data, locked.count) == (("late",), values["data"], count + 2)
        assert queries.lock_case(conn, "nope") is None


def test_history_aggregates_on_the_driver(engine: Engine) -> None:
    case_id = _case(engine)
    with engine.transaction() as conn:
        queries.record_fired(conn, case_id, "go", "ada", 2)
        queries.record_fired(conn, case_id, "go", "bob", 3)
        queries.record_fired(conn, case_id, "go", "ada", 4)
        totals = conn.execute(sa.select(case_history).where(case_history.c.case_id == case_id)).all()
        actors = conn.execute(
            sa.select(case_actors.c.actor_id, case_actors.c.first_seq).where(case_actors.c.case_id == case_id)
        ).all()
    assert [(r.transition, r.fired, r.last_seq, r.last_actor) for r in totals] == [("go", 3, 4, "ada")]
    assert sorted(actors) == [("ada", 2), ("bob", 3)]


def test_driver_errors_surface_as_the_engine_s_errors(engine: Engine) -> None:
    """Raised as SQLAlchemy's errors, translated as before: a unique-key race a conflict, else a storage error."""
    case_id = _case(engine)
    with pytest.raises(ConflictError, match=r"(?i)unique"), engine.transaction() as conn:
        direct.insert(conn, "insert_event", _event(case_id, 1))  # seq 1 exists: unique (case_id, seq)
    with pytest.raises(StorageError, match="naive"), engine.transaction() as conn:
        direct.insert(conn, "insert_event", _event(case_id, 92, at=datetime(2026, 1, 1)))


def test_threads_that_end_give_their_kept_connection_back(db_url: str) -> None:
    """Each writing thread keeps a connection; a thread that ends returns it, so thread churn never drains the pool."""
    options: dict[str, Any] = {"pool_size": 1, "max_overflow": 1, "pool_timeout": 5}
    with Engine(db_url, definitions(), clock=StepClock(), upgrade=True, **options) as engine:
        case_id = engine.start("counter", actor=CLERK, tenant="t").id
        for _ in range(4):  # more threads, one after the other, than the pool has connections
            worker = threading.Thread(target=engine.fire, args=(case_id, "set"), kwargs={"actor": CLERK})
            worker.start()
            worker.join()
            gc.collect()
        assert engine.get(case_id).version == 4


def test_an_engine_used_again_after_close_opens_a_new_kept_connection(db_url: str) -> None:
    """``close()`` closes the kept connections; a later step on the same engine opens a fresh one."""
    with Engine(db_url, definitions(), clock=StepClock(), upgrade=True) as engine:
        case_id = engine.start("counter", actor=CLERK, tenant="t").id
        engine.fire(case_id, "tick", actor=CLERK)
        engine.close()
        assert engine.fire(case_id, "tick", actor=CLERK).case.version == 2
