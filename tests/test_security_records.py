"""Security records are not lost and are no oracle (issue 12, what was left).

The attacks: a refused probe made inside a host transaction that then rolls
back (its record used to go with it), and — on SQLite — a probe on the host's
own deferred connection while another writer holds the lock (a hidden case
used to answer ``StorageError`` after the busy timeout, an unknown id
``NotFound`` at once).  The record is now written in its own short
transaction, never on the caller's connection, without waiting for a lock.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from workflow import Case, Engine, NotFound

from .engine_support import CLERK, CLIENT, OTHER_CLIENT


def _theirs(engine: Engine) -> Case:
    return engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 7})


def _probe(engine: Engine, case_id: str, conn: sa.Connection) -> NotFound:
    with pytest.raises(NotFound) as info:
        engine.fire(case_id, "set", actor=OTHER_CLIENT, input={"count": 1}, connection=conn)
    return info.value


@contextmanager
def _statements(target: sa.Connection | sa.Engine) -> Iterator[list[str]]:
    """Every statement run on ``target`` (a connection, or every connection of an engine) while the block runs."""
    seen: list[str] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(target, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(target, "before_cursor_execute", hook)


def _recorded(engine: Engine, code: str = "other_tenant") -> list[tuple[str, str]]:
    """The records of probes on hidden cases (``code``; ``unknown_case`` for unknown ids)."""
    return [(r.case_id, r.operation) for r in engine.audit.security_events() if r.code == code]


def test_a_probe_in_a_host_transaction_that_rolls_back_is_still_recorded(engine: Engine) -> None:
    case = _theirs(engine)
    statements: list[str] = []

    def host_work() -> None:
        with engine.transaction() as conn, _statements(conn) as seen:
            _probe(engine, case.id, conn)
            statements.extend(seen)
            raise RuntimeError("the host's own work failed")

    with pytest.raises(RuntimeError):
        host_work()
    assert not [s for s in statements if "wf_security_events" in s]  # never on the caller's connection
    assert _recorded(engine) == [(case.id, "fire")]
    assert [e.kind for e in engine.history(case.id)] == ["started"]


def test_a_probe_on_the_hosts_own_connection_writes_nothing_on_it(engine: Engine) -> None:
    case = _theirs(engine)
    db: sa.Engine = engine._db  # the host opens its own connection to the engine's database
    with db.connect() as conn:
        conn.begin()
        with _statements(conn) as statements:
            hidden, unknown_id = _probe(engine, case.id, conn), uuid.uuid4().hex
            unknown = _probe(engine, unknown_id, conn)
        conn.rollback()
    assert str(hidden).replace(case.id, unknown_id) == str(unknown)
    assert not [s for s in statements if "INSERT" in s.upper()]
    assert _recorded(engine) == [(case.id, "fire")]
    assert _recorded(engine, "unknown_case") == [(unknown_id, "fire")]  # the same write for an unknown id


def test_an_unknown_id_costs_the_same_write_as_a_hidden_case(engine: Engine) -> None:
    """No timing oracle from the record: both answers make the one same write (asserted as writes, not time)."""
    case = _theirs(engine)
    db: sa.Engine = engine._db
    for probe in (case.id, uuid.uuid4().hex):
        with _statements(db) as statements, pytest.raises(NotFound):
            engine.get(probe, actor=OTHER_CLIENT)
        assert len([s for s in statements if "INSERT INTO wf_security_events" in s]) == 1, probe


@pytest.mark.only_on("sqlite")  # the lock that made the oracle is SQLite's database-wide write lock
def test_sqlite_hidden_case_answers_like_an_unknown_id_while_another_writer_holds_the_lock(
    engine: Engine, db_url: str
) -> None:
    case = _theirs(engine)
    other = sqlite3.connect(sa.make_url(db_url).database or "", isolation_level=None)
    db: sa.Engine = engine._db
    with db.connect() as conn:
        conn.begin()  # the host's deferred transaction, as the known limit described
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            with _statements(conn) as statements:
                hidden = _probe(engine, case.id, conn)
                unknown_id = uuid.uuid4().hex
                unknown = _probe(engine, unknown_id, conn)
            # a hidden case's read: same class, same message, nothing attempted on the caller's connection
            assert type(hidden) is type(unknown) is NotFound
            assert str(hidden).replace(case.id, unknown_id) == str(unknown)
            assert not [s for s in statements if "INSERT" in s.upper()]
            for call in (lambda c: engine.get(c, actor=OTHER_CLIENT), lambda c: engine.history(c, actor=OTHER_CLIENT)):
                with pytest.raises(NotFound) as seen:
                    call(case.id)
                with pytest.raises(NotFound) as missing:
                    call(unknown_id)
                assert str(seen.value).replace(case.id, unknown_id) == str(missing.value)
        finally:
            other.execute("ROLLBACK")
            other.close()
        conn.rollback()
    assert _recorded(engine) == []  # still waiting: the lock was held throughout
    engine.fire(case.id, "tick", actor=CLERK)  # the next ordinary step, the lock free: written now
    assert sorted(_recorded(engine)) == sorted([(case.id, "fire"), (case.id, "get"), (case.id, "history")])


@pytest.mark.only_on("sqlite")  # only SQLite's lock leaves a record waiting
def test_records_still_waiting_are_written_at_close(engine: Engine, db_url: str) -> None:
    case = _theirs(engine)
    other = sqlite3.connect(sa.make_url(db_url).database or "", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(NotFound):
            engine.get(case.id, actor=OTHER_CLIENT)
    finally:
        other.execute("ROLLBACK")
        other.close()
    engine.close()
    with Engine(db_url, engine.definitions) as again:
        assert _recorded(again) == [(case.id, "get")]
