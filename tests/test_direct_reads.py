"""The reads of a case's questions, as pre-rendered statements on the driver, answer as SQLAlchemy Core does.

``read_case``, ``fired_history``, ``stored_definition`` and ``stored_versions``
(what ``case show`` reads: the case, the aggregates its guards read, the
pinned definition) run :data:`workflow.store.direct.STATEMENTS` on the
driver.  Each is compared here with the same query built on the tables in
:mod:`workflow.store.tables` and read back through their SQLAlchemy types,
on SQLite and PostgreSQL: the same values of the same types (exact JSON
integers, aware UTC moments, flags).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from workflow import Engine
from workflow.store import direct, queries, statements
from workflow.store.tables import (
    JSONText,
    JSONType,
    UTCDateTime,
    case_actors,
    case_history,
    cases,
    definitions,
    events,
    metadata,
)

from .engine_support import CLERK

WIDE = {"count": 2**53, "note": "é\u2028 \U0001f600"}


def _typed(value: Any) -> Any:
    """The value with each element's type beside it, so 1 and 1.0 (or True) never compare equal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [type(value).__name__, *(_typed(v) for v in value)]
    return (type(value).__name__, repr(value))


def _cases(engine: Engine) -> list[str]:
    plain = engine.start("counter", actor=CLERK, tenant="t", data=WIDE).id
    fired = engine.start("counter", actor=CLERK, tenant="u").id
    for _ in range(3):
        engine.fire(fired, "set", actor=CLERK)
    return [plain, fired]


def test_a_case_is_read_as_sqlalchemy_reads_it(engine: Engine) -> None:
    case_ids = _cases(engine)
    with engine.transaction() as conn:
        for case_id in case_ids:
            row = conn.execute(sa.select(cases).where(cases.c.id == case_id)).one()
            stored = queries.read_case(conn, case_id)
            assert stored is not None
            core = queries.case_from_row(row)
            assert stored == queries.StoredCase(core, row.event_count, row.head_hash)
            assert _typed(vars(stored.case)) == _typed(vars(core))
            assert stored.case.updated_at.tzinfo is not None
        assert queries.read_case(conn, "no-such-case") is None
    assert _typed(dict(engine.get(case_ids[0]).data)) == _typed(WIDE)


def test_the_history_aggregates_are_read_as_sqlalchemy_reads_them(engine: Engine) -> None:
    case_ids = _cases(engine)
    with engine.transaction() as conn:
        queries.record_fired(conn, case_ids[1], "set", "bob", 9)
        for case_id in [*case_ids, "no-such-case"]:
            found = queries.fired_history(conn, case_id)
            totals = conn.execute(sa.select(case_history).where(case_history.c.case_id == case_id)).all()
            actors = conn.execute(
                sa.select(case_actors).where(case_actors.c.case_id == case_id).order_by(case_actors.c.first_seq)
            ).all()
            assert found.counts == {r.transition: r.fired for r in totals}
            assert found.last_actors == {r.transition: r.last_actor for r in totals}
            expected: dict[str, tuple[str, ...]] = {}
            for r in actors:
                expected[r.transition] = (*expected.get(r.transition, ()), r.actor_id)
            assert found.actors == expected
        assert queries.fired_history(conn, case_ids[1]).actors["set"][-1] == "bob"


def test_stored_definitions_are_read_as_sqlalchemy_reads_them(engine: Engine) -> None:
    with engine.transaction() as conn:
        core_versions = conn.execute(
            sa.select(definitions.c.workflow, definitions.c.version).order_by(
                definitions.c.workflow, definitions.c.version
            )
        ).all()
        assert queries.stored_versions(conn) == [(w, v) for w, v in core_versions]
        assert core_versions  # the engine registered its definitions
        for workflow, version in core_versions:
            row = conn.execute(
                sa.select(definitions).where(definitions.c.workflow == workflow, definitions.c.version == version)
            ).one()
            found = queries.stored_definition(conn, workflow, version)
            assert isinstance(found, direct.Row)
            assert dict(found) == dict(row._mapping)
            assert found.first_seen.tzinfo is not None
        assert queries.stored_definition(conn, "counter", 999) is None


def test_a_cases_events_are_read_as_sqlalchemy_reads_them(engine: Engine) -> None:
    case_ids = _cases(engine)
    engine.fire(case_ids[1], "set", actor=CLERK, input={"count": 2**53}, reason="é\u2028")
    with engine.transaction() as conn:
        for case_id in [*case_ids, "no-such-case"]:
            rows = conn.execute(sa.select(events).where(events.c.case_id == case_id).order_by(events.c.seq)).all()
            core = [queries.event_from_row(row) for row in rows]
            found = list(queries.events_of(conn, case_id))
            assert found == core
            assert _typed([vars(e) for e in found]) == _typed([vars(e) for e in core])
        assert [e.seq for e in queries.events_of(conn, case_ids[1])] == [1, 2, 3, 4, 5]


def test_a_definition_is_stored_as_sqlalchemy_would_store_it(engine: Engine) -> None:
    moment = datetime(2026, 11, 27, 10, 0, 0, 123456, tzinfo=UTC)
    with engine.transaction() as conn:
        queries.store_definition(conn, "probe", 7, "c" * 64, "workflow: probe\n", moment)
        row = conn.execute(sa.select(definitions).where(definitions.c.workflow == "probe")).one()
        assert dict(row._mapping) == {
            "workflow": "probe", "version": 7, "checksum": "c" * 64, "source": "workflow: probe\n", "first_seen": moment
        }  # fmt: skip


def test_the_reads_module_imports_no_sqlalchemy() -> None:
    """The reads of a case's questions, the checks of a step and the SQLite reader import no SQLAlchemy."""
    modules = "workflow.store.reads, workflow.assessing, workflow.case_reads, workflow.reader"
    probe = f"import sys, {modules}; print(sorted(m for m in sys.modules if 'sqlalchemy' in m))"
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"


def _kind(column: sa.Column[Any]) -> str:
    if isinstance(column.type, UTCDateTime):
        return "moment"
    if isinstance(column.type, JSONText):
        return "json_text"
    if isinstance(column.type, JSONType | sa.JSON):  # JSONType: JSON, JSONB on PostgreSQL
        return "json"
    if isinstance(column.type, sa.Boolean):
        return "bool"
    return "plain"


def test_the_statements_columns_are_the_tables() -> None:
    """COLUMNS (no SQLAlchemy) lists each table's columns in order, converted as their SQLAlchemy types convert."""
    for name, columns in statements.COLUMNS.items():
        table = metadata.tables[name]
        assert columns == tuple((c.name, _kind(c)) for c in table.columns), name
    assert {table for table, _ in statements.STATEMENTS.values()} <= set(statements.COLUMNS)


def test_the_statements_module_imports_no_sqlalchemy() -> None:
    """The pre-rendered SQL is shareable by a reader on the standard library's sqlite3: only stdlib and orjson."""
    tree = ast.parse(Path(statements.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    standard = {"__future__", "collections", "dataclasses", "datetime", "json", "re", "threading", "typing"}
    assert imported <= standard | {"orjson"}
    probe = "import sys, workflow.store.statements; print(sorted(m for m in sys.modules if 'sqlalchemy' in m))"
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"  # nor does importing it through the store package
