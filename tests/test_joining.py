"""Joining the host's transaction: the step commits or rolls back with the host's own writes."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from workflow import ConflictError, Engine, GuardFailed, InvalidInput
from workflow.model import AuditEvent, Case, TimerOutcome
from workflow.store.tables import events, outbox

from .engine_support import CLERK, StepClock
from .paths import ROOT

host = sa.MetaData()
documents = sa.Table(
    "host_documents",
    host,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
)
"""A table of the host service's own, in the engine's database."""


@pytest.fixture
def heard(engine: Engine, db_url: str) -> Iterator[list[tuple[str, int]]]:
    """The (case id, event seq) pairs the listeners heard; the host's table created."""
    found: list[tuple[str, int]] = []

    def listener(case: Case, event: AuditEvent) -> None:
        found.append((case.id, event.seq))

    db = sa.create_engine(db_url)
    host.create_all(db)
    db.dispose()
    engine.add_listener(listener)
    yield found
    engine.remove_listener(listener)


class HostFailed(Exception):
    """The host's own work failed after the engine's step: its transaction rolls back."""


def failing(transaction: AbstractContextManager[sa.Connection], work: Callable[[sa.Connection], object]) -> None:
    """Run ``work`` in ``transaction``, then fail as a host would: everything rolled back."""
    with pytest.raises(HostFailed):
        _fail_after(transaction, work)


def _fail_after(transaction: AbstractContextManager[sa.Connection], work: Callable[[sa.Connection], object]) -> None:
    with transaction as conn:
        work(conn)
        raise HostFailed


def within(transaction: AbstractContextManager[sa.Connection], work: Callable[[sa.Connection], object]) -> None:
    with transaction as conn:
        work(conn)


@contextmanager
def begun(conn: sa.Connection) -> Iterator[sa.Connection]:
    with conn.begin():
        yield conn


def counts(url: str, case_id: str) -> tuple[int, int, int]:
    """(events, outbox messages, host documents) of the case."""
    db = sa.create_engine(url)
    with db.connect() as conn:
        found = tuple(
            conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.case_id == case_id)).scalar_one()
            for table in (events, outbox, documents)
        )
    db.dispose()
    return found  # type: ignore[return-value]


def test_host_writes_and_the_step_commit_together(engine: Engine, db_url: str, heard: list[tuple[str, int]]) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")
    with engine.transaction() as conn:
        conn.execute(documents.insert().values(case_id=case.id, title="besluit.pdf"))
        result = engine.fire(case.id, "tick", actor=CLERK, connection=conn)
        assert heard == [(case.id, 1)]  # not yet: the host has not committed
    assert heard == [(case.id, 1), (case.id, 2)]
    assert result.event.seq == 2
    assert engine.get(case.id).version == 1
    assert counts(db_url, case.id) == (2, 2, 1)


def test_a_host_rollback_leaves_no_trace(engine: Engine, db_url: str, heard: list[tuple[str, int]]) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")

    def work(conn: sa.Connection) -> None:
        conn.execute(documents.insert().values(case_id=case.id, title="besluit.pdf"))
        engine.fire(case.id, "tick", actor=CLERK, connection=conn)

    failing(engine.transaction(), work)
    assert heard == [(case.id, 1)]
    assert engine.get(case.id).version == 0
    assert counts(db_url, case.id) == (1, 1, 0)
    assert engine.audit.verify(case_id=case.id).intact
    assert engine.fire(case.id, "tick", actor=CLERK).event.seq == 2  # the chain goes on where it was


def test_a_start_in_the_host_transaction(engine: Engine, db_url: str, heard: list[tuple[str, int]]) -> None:
    with engine.transaction() as conn:
        case = engine.start("counter", actor=CLERK, tenant="t", connection=conn)
        conn.execute(documents.insert().values(case_id=case.id, title="aanvraag.pdf"))
        engine.fire(case.id, "tick", actor=CLERK, connection=conn)
    assert heard == [(case.id, 1), (case.id, 2)]
    assert counts(db_url, case.id) == (2, 2, 1)
    started: list[Case] = []
    failing(
        engine.transaction(),
        lambda conn: started.append(engine.start("counter", actor=CLERK, tenant="t", connection=conn)),
    )
    assert counts(db_url, started[0].id) == (0, 0, 0)
    assert [c.id for c in engine.cases()] == [case.id]


def test_a_savepoint_rolled_back_drops_its_steps(engine: Engine, db_url: str, heard: list[tuple[str, int]]) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")
    with engine.transaction() as conn:
        engine.fire(case.id, "tick", actor=CLERK, connection=conn)
        nested = conn.begin_nested()
        engine.fire(case.id, "tick", actor=CLERK, connection=conn)
        nested.rollback()
        with conn.begin_nested():
            engine.fire(case.id, "set", actor=CLERK, input={"count": 2}, connection=conn)
    assert heard == [(case.id, 1), (case.id, 2), (case.id, 3)]
    assert [e.transition for e in engine.history(case.id)] == [None, "tick", "set"]


def test_a_conflict_inside_the_host_transaction(engine: Engine, db_url: str, heard: list[tuple[str, int]]) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")

    def stale(conn: sa.Connection) -> None:
        conn.execute(documents.insert().values(case_id=case.id, title="besluit.pdf"))
        engine.fire(case.id, "tick", actor=CLERK, expected_version=5, connection=conn)

    with pytest.raises(ConflictError, match="de verwachte versie 5 bestaat nog niet"):
        within(engine.transaction(), stale)
    with engine.transaction() as conn:
        engine.fire(case.id, "tick", actor=CLERK, idempotency_key="k1", connection=conn)
        with pytest.raises(ConflictError, match="ander verzoek"):
            engine.fire(case.id, "set", actor=CLERK, input={"count": 1}, idempotency_key="k1", connection=conn)
    assert heard == [(case.id, 1), (case.id, 2)]
    assert counts(db_url, case.id) == (2, 2, 0)


def test_a_refusal_lives_and_dies_with_the_host_transaction(
    engine: Engine, db_url: str, heard: list[tuple[str, int]]
) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")
    with engine.transaction() as conn:
        with pytest.raises(GuardFailed):
            engine.fire(case.id, "submit", actor=CLERK, input={"count": 0, "note": "x"}, connection=conn)
        conn.execute(documents.insert().values(case_id=case.id, title="poging.pdf"))
    assert [e.kind for e in engine.history(case.id)] == ["started", "refused"]  # caught, then committed
    with pytest.raises(GuardFailed), engine.transaction() as conn:
        engine.fire(case.id, "submit", actor=CLERK, input={"count": 0, "note": "x"}, connection=conn)
    assert [e.kind for e in engine.history(case.id)] == ["started", "refused"]  # rolled back with the host
    assert counts(db_url, case.id) == (2, 1, 1)


def test_a_connection_the_host_opened_itself(engine: Engine, db_url: str, heard: list[tuple[str, int]]) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")
    db = sa.create_engine(db_url)
    with db.connect() as conn:
        with pytest.raises(InvalidInput, match="geen transactie begonnen"):
            engine.fire(case.id, "tick", actor=CLERK, connection=conn)
        with conn.begin():
            conn.execute(documents.insert().values(case_id=case.id, title="besluit.pdf"))
            result = engine.fire(case.id, "tick", actor=CLERK, connection=conn)
        failing(begun(conn), lambda c: engine.fire(case.id, "tick", actor=CLERK, connection=c))
        expected = "verwacht een SQLAlchemy Connection; gevonden: RootTransaction"
        with conn.begin() as transaction, pytest.raises(InvalidInput, match=expected):
            engine.fire(case.id, "tick", actor=CLERK, connection=transaction)  # type: ignore[arg-type]
    db.dispose()
    assert heard == [(case.id, 1)]  # the engine cannot see a foreign commit: the host acts on the result
    assert result.event.seq == 2
    assert counts(db_url, case.id) == (2, 2, 1)


def test_a_connection_to_another_database_is_refused(engine: Engine, tmp_path: Path) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")
    other = sa.create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    refused = pytest.raises(InvalidInput, match="niet naar de database van de engine")
    with other.connect() as conn, conn.begin(), refused:
        engine.fire(case.id, "tick", actor=CLERK, connection=conn)
    other.dispose()
    assert engine.get(case.id).version == 0


def test_deadlines_in_the_host_transaction(engine: Engine, clock: StepClock, heard: list[tuple[str, int]]) -> None:
    clock.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    due = datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    handled: list[list[TimerOutcome]] = []
    failing(engine.transaction(), lambda conn: handled.append(engine.run_due_timers(due, connection=conn)))
    assert [o.outcome for o in handled[0]] == ["flagged"]
    assert engine.get(case.id).flags == ()
    with engine.transaction() as conn:
        assert [o.outcome for o in engine.run_due_timers(due, connection=conn)] == ["flagged"]
    assert engine.get(case.id).flags == ("late",)
    assert heard == [(case.id, 1), (case.id, 2)]


def test_the_documented_example_runs(db_url: str) -> None:
    path = ROOT / "docs" / "examples" / "host_transaction.py"
    spec = importlib.util.spec_from_file_location("host_transaction", path)
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    case, heard = example.main(db_url)
    assert (case.state, case.version) == ("clarifying", 1)
    assert heard == ["1 started None", "2 fired confirm_receipt"]
    db = sa.create_engine(db_url)
    with db.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(example.documents)).scalar_one() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(outbox)).scalar_one() == 2
    db.dispose()
