"""`case list` does not grow with the database: every filter combination is one index range in page order.

For each documented filter combination (workflow, state, tenant; a next page
with ``after``; an actor who sees only its own tenant, every tenant of some
workflows, or only some versions of one) the statements
:func:`workflow.store.queries.list_cases` runs are captured and explained on
SQLite and PostgreSQL: each reads ``wf_cases`` through an index whose columns
start with its filters and end with (created_at, id) — no full scan, no sort
of the matching cases.  The same listings are checked against a plain filter
of every row.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from workflow import upgrade_database
from workflow.store import queries
from workflow.store.security import Seen
from workflow.store.tables import cases, definitions, timers
from workflow.store.timers import cases_with_timers

from .engine_support import database_urls, make_url

ROWS = 20_000
WORKFLOWS = {"a": (1, 2), "b": (1,)}
STATES = ("s1", "s2", "s3", "s4")
TENANTS = ("t1", "t2", "t3", "t4")
START = datetime(2026, 1, 1, tzinfo=UTC)
FILTERS = {"workflow": "a", "state": "s2", "tenant": "t3"}
SEEN: dict[str, Seen | None] = {
    "operator": None,
    "client": ("t1", (("a", 1), ("a", 2), ("b", 1)), ()),
    "agency": (None, (), (("a", 1), ("a", 2), ("b", 1))),
    "agency_and_own": ("t2", (("a", 1), ("a", 2)), (("b", 1),)),
    "one_version": (None, (), (("a", 2),)),
    "own_one_version": ("t3", (("a", 1),), ()),
}


def _row(i: int) -> dict[str, Any]:
    workflow = "a" if i % 3 else "b"
    versions = WORKFLOWS[workflow]
    moment = START + timedelta(seconds=i // 2)  # pairs share a moment: the id breaks the tie
    return {
        "id": f"{i:08d}-{(i * 7919) % 10_000:04d}",
        "workflow": workflow,
        "definition_version": versions[i % len(versions)],
        "state": STATES[(i // 5) % len(STATES)],
        "data": {},
        "tenant": TENANTS[(i // 7) % len(TENANTS)],
        "reference": None,
        "version": 0,
        "created_at": moment,
        "updated_at": moment,
        "start_key": None,
        "event_count": 1,
        "head_hash": "0" * 64,
        "flags": [],
    }


def _timer(i: int) -> dict[str, Any]:
    """A deadline per case: most met long ago ('done'), some pending or refused, due over a year."""
    due = START + timedelta(hours=(i * 7919) % 9000)
    status = ("done", "done", "done", "pending", "refused")[i % 5]
    return {
        "case_id": _row(i)["id"],
        "state": "s1",
        "status": status,
        "due_at": due,
        "warn_at": None,
        "started_at": START,
        "paused_at": None,
        "working": False,
        "action_transition": None,
        "action_flag": None,
        "extended": False,
        "updated_at": START,
        "term": None,
    }


@pytest.fixture(scope="module", params=database_urls())
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    for url in make_url(request.param, Path(tmp_path_factory.mktemp("listing"))):
        upgrade_database(url)
        db = sa.create_engine(url)
        with db.begin() as conn:
            rows = [{"workflow": w, "version": v, "checksum": "0" * 64, "source": "", "first_seen": START}
                    for w, vs in WORKFLOWS.items() for v in vs]  # fmt: skip
            conn.execute(definitions.insert(), rows)
            conn.execute(cases.insert(), [_row(i) for i in range(ROWS)])
            conn.execute(timers.insert(), [_timer(i) for i in range(ROWS)])
        with db.connect() as conn:
            conn.execute(sa.text("ANALYZE"))
            conn.commit()
        yield db
        db.dispose()


def _combinations() -> list[tuple[dict[str, str], str, bool]]:
    subsets = [
        {k: FILTERS[k] for k in chosen} for n in range(4) for chosen in itertools.combinations(sorted(FILTERS), n)
    ]
    return [(subset, who, after) for subset in subsets for who in SEEN for after in (False, True)]


def _listing(conn: sa.Connection, filters: dict[str, str], who: str, after: bool) -> list[Any]:
    anchor = (START + timedelta(seconds=ROWS // 4), f"{ROWS // 2:08d}") if after else None
    every = {"workflow": None, "state": None, "tenant": None, **filters}
    return queries.list_cases(conn, **every, seen=SEEN[who], limit=50, after=anchor)


def _statements(db: sa.Engine, filters: dict[str, str], who: str, after: bool) -> list[tuple[str, Any]]:
    """The statements on wf_cases one listing runs, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if "FROM wf_cases" in statement:
            seen.append((statement, parameters))

    with db.connect() as conn:
        sa.event.listen(conn, "before_cursor_execute", capture)
        _listing(conn, filters, who, after)
    return seen


def _expected_index(filters: dict[str, str], who: str) -> set[str] | None:
    """The index names a part of this listing may use (None: a version condition leaves some choice)."""
    seen = SEEN[who]
    if who in ("one_version", "own_one_version"):
        return None
    if seen is None:
        parts = [set(filters)]
    else:
        own, mine, everywhere = seen
        parts = []
        if own is not None and filters.get("tenant", own) == own:
            parts += [
                set(filters) | {"tenant", "workflow"} for w in {w for w, _ in mine} if filters.get("workflow", w) == w
            ]
        parts += [set(filters) | {"workflow"} for w in {w for w, _ in everywhere} if filters.get("workflow", w) == w]
    order = ("tenant", "workflow", "state")
    return {"ix_wf_cases_" + "_".join([*(c for c in order if c in part), "created_at", "id"]) for part in parts}


def _narrower(index: str) -> set[str]:
    """``index`` and every listing index on fewer of its filter columns."""
    columns = index.removeprefix("ix_wf_cases_").removesuffix("_created_at_id").split("_")
    columns = [c for c in columns if c]
    return {
        "ix_wf_cases_" + "_".join([*chosen, "created_at", "id"])
        for n in range(len(columns) + 1)
        for chosen in itertools.combinations(columns, n)
    }


def _sqlite_plan(conn: sa.Connection, statement: str, parameters: Any) -> list[str]:
    return [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]


def _postgres_nodes(conn: sa.Connection, statement: str, parameters: Any) -> list[dict[str, Any]]:
    (plan,) = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo += node.get("Plans", [])
    return nodes


@pytest.mark.parametrize(("filters", "who", "after"), _combinations())
def test_every_listing_reads_one_index_range_in_page_order(
    filled: sa.Engine, filters: dict[str, str], who: str, after: bool
) -> None:
    statements = _statements(filled, filters, who, after)
    allowed = _expected_index(filters, who)
    if not statements:  # nothing can be visible: no query at all
        assert allowed == set()
        assert _expected(filters, who, after) == []
        return
    with filled.connect() as conn:
        for statement, parameters in statements:
            if filled.dialect.name == "sqlite":
                plan = " | ".join(_sqlite_plan(conn, statement, parameters))
                assert "TEMP B-TREE" not in plan, plan
                assert "USING INDEX ix_wf_cases_" in plan or "USING COVERING INDEX ix_wf_cases_" in plan, plan
                used = plan.split("INDEX ")[1].split(" ")[0]
            else:
                nodes = _postgres_nodes(conn, statement, parameters)
                kinds = {node["Node Type"] for node in nodes}
                assert not kinds & {"Seq Scan", "Sort", "Incremental Sort", "Bitmap Heap Scan"}, kinds
                scans = [n for n in nodes if n["Node Type"] in ("Index Scan", "Index Only Scan")]
                assert scans, kinds
                used = scans[0]["Index Name"]
                # PostgreSQL weighs its statistics: for a common value it may walk an index of fewer of the
                # filter columns, in page order, filtering the rest (it stops at the limit; never a sort)
                allowed = None if allowed is None else {i for a in allowed for i in _narrower(a)}
            if allowed is not None:
                assert used in allowed, (used, allowed)


def _visible(row: dict[str, Any], seen: Seen | None) -> bool:
    if seen is None:
        return True
    own, mine, everywhere = seen
    pair = (row["workflow"], row["definition_version"])
    return (row["tenant"] == own and pair in set(mine)) or pair in set(everywhere)


@pytest.mark.parametrize(("filters", "who", "after"), _combinations())
def test_listings_return_what_a_plain_filter_of_every_row_returns(
    filled: sa.Engine, filters: dict[str, str], who: str, after: bool
) -> None:
    with filled.connect() as conn:
        found = [case.id for case in _listing(conn, filters, who, after)]
    assert found == _expected(filters, who, after)


def _expected(filters: dict[str, str], who: str, after: bool) -> list[str]:
    anchor = (START + timedelta(seconds=ROWS // 4), f"{ROWS // 2:08d}")
    rows = [_row(i) for i in range(ROWS)]
    return [
        r["id"]
        for r in sorted(rows, key=lambda r: (r["created_at"], r["id"]))
        if all(r[k] == v for k, v in filters.items())
        and _visible(r, SEEN[who])
        and (not after or (r["created_at"], r["id"]) > anchor)
    ][:50]


@pytest.mark.parametrize("filters", [{}, {"state": "s2", "tenant": "t3"}])
@pytest.mark.parametrize("who", list(SEEN))
def test_due_listings_read_each_status_in_due_order_without_a_sort(
    filled: sa.Engine, who: str, filters: dict[str, str]
) -> None:
    """``case list --overdue`` / ``--due-within``: no sort of every due deadline, whatever their number.

    With filters, each in the query before the limit (a full page of matching cases); the planner may
    then start from the cases that match (an index of ``wf_cases``) and sort only those, so no plan is asserted.
    """
    statements: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if "FROM wf_timers" in statement:
            statements.append((statement, parameters))

    due_before = START + timedelta(days=200)
    with filled.connect() as conn:
        sa.event.listen(conn, "before_cursor_execute", capture)
        found = cases_with_timers(conn, due_before=due_before, limit=50, seen=SEEN[who], filters=filters)
    assert len(statements) == 2
    moments = [(timer.due_at, timer.id) for _, timer in found]
    assert moments == sorted(moments)
    assert all(getattr(case, name) == value for case, _ in found for name, value in filters.items())
    if not filters or SEEN[who] is None:
        assert len(found) == 50
    if filters:  # the first 50 of every due case the actor sees that match, in due order
        with filled.connect() as conn:
            every = cases_with_timers(conn, due_before=due_before, limit=100_000, seen=SEEN[who])
        matching = [(c.id, t.id) for c, t in every if all(getattr(c, k) == v for k, v in filters.items())]
        assert [(c.id, t.id) for c, t in found] == matching[:50]
        return
    with filled.connect() as conn:
        for statement, parameters in statements:
            if filled.dialect.name == "sqlite":
                plan = " | ".join(_sqlite_plan(conn, statement, parameters))
                assert "TEMP B-TREE" not in plan, plan
                assert "USING INDEX ix_wf_timers_status_due_at_id" in plan, plan
            else:
                nodes = _postgres_nodes(conn, statement, parameters)
                kinds = {node["Node Type"] for node in nodes}
                assert not kinds & {"Sort", "Incremental Sort"}, kinds
                names = {n.get("Index Name") for n in nodes}
                assert "ix_wf_timers_status_due_at_id" in names, kinds
