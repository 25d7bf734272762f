"""Benchmark: ``wf case list --state X`` in process, at 100,000 and at 1,000,000 cases (SQLite).

Cases of the bundled ``assignment`` definition are inserted directly (plain
``sqlite3``, one transaction per 50,000 rows; no events: listing reads only
``wf_cases``), 50 tenants, states skewed as in a real register: most cases
closed, a few in each running state, one state rare.  Then each listing runs
through the engine (``Engine.cases``, a page of 50, the engine open) as the
command does after opening it: by state (common and rare), by state for a
client-side actor (its own tenant only), by state for an agency-side actor (a
part per visible workflow), and the next page (``after``); and, as a floor,
the same page read with the plain ``sqlite3`` driver.  ``--matrix``: instead,
every documented filter of ``wf case list`` alone and combined, and the next
page of each, for a client-side actor of one tenant and for an agency-side
actor.  ``--db FILE`` keeps the database to reuse (it grows only to a larger
size).  Target (issue 18): <= 5 ms at 1,000,000 cases.

Run: python bench/list_bench.py [--sizes 100000,1000000] [--runs 15] [--analyze] [--matrix] [--db FILE]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from workflow import Actor, Case, Engine, bundled_definitions_path, load_definitions

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import measure, row

STATES = (["closed"] * 60 + ["in_execution"] * 15 + ["planned"] * 10 + ["quote_sent"] * 9 + ["received"] * 5) + [
    "suspended"
]
"""One case in 100 is in each slot's state: 'suspended' is the rare one (1 %)."""
TENANTS = [f"gemeente_{n:02d}" for n in range(50)]
START = datetime(2020, 1, 1, tzinfo=UTC)
CHUNK = 50_000
CLIENT = Actor("c.de.vries", ("ambtelijk_opdrachtgever",), TENANTS[7])
"""A client-side actor of one tenant: its own tenant's cases of the workflows declaring its role."""
AGENCY = Actor("a.bakker", ("accountmanager",))
"""An agency-side actor: every tenant's cases of the workflows declaring its role."""


def _rows(first: int, count: int, version: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(first, first + count):
        moment = (START + timedelta(seconds=i * 7)).strftime("%Y-%m-%d %H:%M:%S.%f")
        state = STATES[(i * 37) % len(STATES)]
        tenant = TENANTS[((i * 2654435761) >> 7) % len(TENANTS)]
        rows.append((f"{i:032x}", "assignment", version, state, "{}", tenant, None, 0, moment, moment, 1, "0" * 64))
    return rows


def _grow(path: Path, have: int, want: int, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    insert = (
        "INSERT INTO wf_cases (id, workflow, definition_version, state, data, tenant, reference, version, "
        "created_at, updated_at, event_count, head_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    for first in range(have, want, CHUNK):
        with conn:
            conn.executemany(insert, _rows(first, min(CHUNK, want - first), version))
    conn.close()


def _floor(path: Path) -> Callable[[], object]:
    """The same page read with the plain driver: the index range, rows as tuples (no model objects)."""
    conn = sqlite3.connect(path, check_same_thread=False)
    query = "SELECT * FROM wf_cases WHERE state = ? ORDER BY created_at, id LIMIT 50"
    return lambda: conn.execute(query, ("in_execution",)).fetchall()


def _classic(engine: Engine) -> dict[str, Callable[[], list[Case]]]:
    """The listings of the issue: by state (common, rare), the next page, a client, an agency, every filter."""
    second = engine.cases(state="in_execution", limit=50)[-1].id
    return {
        "--state in_execution (15 %)": lambda: engine.cases(state="in_execution", limit=50),
        "--state suspended (1 %)": lambda: engine.cases(state="suspended", limit=50),
        "--state X --after (next page)": partial(engine.cases, state="in_execution", limit=50, after=second),
        "--state X, client-side actor (own tenant)": lambda: engine.cases(state="in_execution", actor=CLIENT, limit=50),
        "--state X, agency-side actor": lambda: engine.cases(state="suspended", actor=AGENCY, limit=50),
        "--workflow W --tenant T --state X": lambda: engine.cases(
            workflow="assignment", tenant=TENANTS[3], state="in_execution", limit=50
        ),
    }


_FILTERS: dict[str, dict[str, str]] = {
    "(no filter)": {},
    "--state in_execution": {"state": "in_execution"},
    "--state suspended (1 %)": {"state": "suspended"},
    "--workflow W": {"workflow": "assignment"},
    "--workflow W --state X": {"workflow": "assignment", "state": "suspended"},
    "--tenant T": {"tenant": TENANTS[7]},
    "--tenant T --state X": {"tenant": TENANTS[7], "state": "suspended"},
    "--tenant T --workflow W": {"tenant": TENANTS[7], "workflow": "assignment"},
    "--tenant T --workflow W --state X": {"tenant": TENANTS[7], "workflow": "assignment", "state": "in_execution"},
    "--tenant OTHER (client: none)": {"tenant": TENANTS[8]},
    "--workflow NONE (no case)": {"workflow": "no_such_workflow"},
}
"""Each documented filter of ``wf case list`` (``--overdue`` / ``--due-within`` read the timers instead)."""


def _listings(engine: Engine, actors: dict[str, Actor]) -> dict[str, Callable[[], list[Case]]]:
    """Every filter of :data:`_FILTERS`, and the next page of each full page, for each actor."""
    found: dict[str, Callable[[], list[Case]]] = {}
    for who, actor in actors.items():
        for name, filters in _FILTERS.items():
            listing = partial(engine.cases, **filters, actor=actor, limit=50)
            page = listing()
            visible = "NONE" not in name and not (who == "client" and "OTHER" in name)
            assert bool(page) == visible, (who, name, len(page))  # full pages from 1,000,000 cases
            found[f"{who}: {name}"] = listing
            if len(page) == 50:
                found[f"{who}: {name} --after"] = partial(listing, after=page[-1].id)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE after inserting (statistics)")
    parser.add_argument("--matrix", action="store_true", help="each documented filter, client and agency actor")
    parser.add_argument("--db", type=Path, help="a database file to keep: reused (and grown) by later runs")
    args = parser.parse_args()
    definitions = load_definitions(bundled_definitions_path())
    version = definitions["assignment"].version
    path = args.db or Path(tempfile.mkdtemp()) / "list.db"
    url = f"sqlite:///{path}"
    Engine(url, definitions).close()  # creates and migrates the schema, registers the definitions
    with sqlite3.connect(path) as conn:
        (have,) = conn.execute("SELECT count(*) FROM wf_cases").fetchone()
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        _grow(path, have, size, version)
        have = max(have, size)
        if args.analyze:
            with sqlite3.connect(path) as conn:
                conn.execute("ANALYZE")
        took = time.perf_counter() - started
        print(f"\n{have:,} cases (inserted in {took:.1f} s{', analyzed' if args.analyze else ''})")
        with Engine(url, definitions) as engine:
            listings = _listings(engine, {"client": CLIENT, "agency": AGENCY}) if args.matrix else _classic(engine)
            for name, listing in listings.items():
                print(row(name, measure(listing, runs=args.runs)))
            print(row("floor: plain sqlite3, the same page by state", measure(_floor(path), runs=args.runs)))
    print("\ntarget: <= 5 ms at 1,000,000 cases")


if __name__ == "__main__":
    main()
