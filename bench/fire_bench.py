"""Benchmark: persisted fires per second on a SQLite file, against a fair raw sqlite3 floor.

Engine and floor fire the same state-changing transitions (``go`` and
``back``, each with one guard) round-robin over ``--cases`` cases, for a
definition without deadlines and one with a deadline in each state, with
``synchronous=FULL`` (durable, the default) and ``synchronous=NORMAL``
(``durable=False``).  Within each run engine and floor alternate in batches
of 25 fires (each on its own database), so both see the same machine noise;
each line gives the median with min and max over the runs, and the ratio of
each run.

The floor (bench/_floor.py) does, with the plain sqlite3 module and the
engine's pragmas (busy timeout, WAL, synchronous, foreign_keys=ON), what one
fire does in the database, statement by statement: BEGIN IMMEDIATE; read the
case row; INSERT the event with every column (its canonical JSON hashed with
the engine's own function: its log passes the engine's audit verify); UPDATE
the case, version-checked; the history aggregates; the outbox message; with
deadlines the timer query, the old timer cancelled and the new inserted;
COMMIT.  Before measuring, both are traced by sqlite3 and the bench refuses
to run unless they send the same statements.

Also: current RSS (``/proc/self/statm``, not the peak) while firing once on
each of many distinct cases (target: flat — the engine keeps no per-case objects).

``--listing-cost`` instead: the engine's fires on a database as made against
one with the listing indexes of migration 0009 taken back to the 0008 set,
in alternating batches (the definition with deadlines, durable and not).

Run: python bench/fire_bench.py [--fires N] [--runs N] [--cases N] [--rss-cases N] [--listing-cost]
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from workflow import Engine, parse_definition

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _floor import CLERK, Setup, _started, ping_pong, same_statements, side_by_side

LISTING = [("state",), ("workflow",), ("workflow", "state"), ("tenant",), ("tenant", "state")]
LISTING += [("tenant", "workflow"), ("tenant", "workflow", "state")]
"""The filter columns of the listing indexes of migration 0009_listing (each then created_at, id)."""
BEFORE_LISTING = [
    "DROP INDEX ix_wf_timers_status_due_at_id",
    "CREATE INDEX ix_wf_timers_status_due_at ON wf_timers (status, due_at)",
    "CREATE INDEX ix_wf_cases_workflow_state ON wf_cases (workflow, state)",
    "CREATE INDEX ix_wf_cases_tenant_created_at ON wf_cases (tenant, created_at)",
] + [f"DROP INDEX ix_wf_cases_{'_'.join(c)}_created_at_id" for c in LISTING]
"""The indexes back as before 0009_listing (its downgrade): the 'without' arm of --listing-cost."""


def rss_mb() -> float:
    """Current resident set size in MiB (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        resident = int(statm.read().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_growth(folder: Path, cases: int) -> list[tuple[int, float]]:
    """Current RSS after firing once on each of ``cases`` distinct cases (durable=False: memory, not disk)."""
    url = f"sqlite:///{folder / 'rss.db'}"
    points = []
    with Engine(url, parse_definition(ping_pong(deadlines=True), "bench.yaml"), durable=False) as engine:
        ids = [engine.start("bench", actor=CLERK, tenant="t", data={"count": 1}).id for _ in range(cases)]
        gc.collect()
        points.append((0, rss_mb()))
        step = max(cases // 5, 1)
        for i, case_id in enumerate(ids, 1):
            engine.fire(case_id, "go", actor=CLERK)
            if i % step == 0:
                gc.collect()
                points.append((i, rss_mb()))
    return points


def summary(rates: list[float]) -> str:
    return f"median {statistics.median(rates):7.0f}/s   min {min(rates):7.0f}/s   max {max(rates):7.0f}/s"


def compare(setup: Setup, runs: int) -> None:
    engine_rates: list[float] = []
    floor_rates: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
            engine, floor = side_by_side(Path(folder), setup)
            engine_rates.append(engine)
            floor_rates.append(floor)
    ratio = statistics.median(engine_rates) / statistics.median(floor_rates)
    ratios = [e / f for e, f in zip(engine_rates, floor_rates, strict=True)]
    mode = "synchronous=FULL (durable)" if setup.durable else "synchronous=NORMAL (durable=False)"
    kind = "with deadlines" if setup.deadlines else "no deadlines"
    print(f"{mode}, {kind}: {runs} runs x {setup.fires} fires over {setup.cases} cases")
    print(f"  engine fire        {summary(engine_rates)}")
    print(f"  fair sqlite3 floor {summary(floor_rates)}")
    print(f"  ratio engine/floor {ratio:.2f} (per run: min {min(ratios):.2f}, max {max(ratios):.2f})\n")
    sys.stdout.flush()


def listing_cost(setup: Setup, runs: int, batch: int = 25) -> None:
    """Engine fires with the listing indexes against a copy without them, in alternating batches."""
    rates: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
            paths = {arm: Path(folder) / f"{arm}.db" for arm in rates}
            ids = {arm: _started(path, setup) for arm, path in paths.items()}
            with sqlite3.connect(paths["without"]) as conn:
                for statement in BEFORE_LISTING:
                    conn.execute(statement)
            definition = parse_definition(setup.definition, "bench.yaml")
            engines = {
                arm: Engine(f"sqlite:///{path}", definition, durable=setup.durable) for arm, path in paths.items()
            }
            spent = dict.fromkeys(rates, 0.0)
            for first in range(0, setup.fires, batch):  # which arm goes first alternates by batch
                for arm in sorted(engines, reverse=first // batch % 2 == 1):
                    eng = engines[arm]
                    start = time.perf_counter()
                    for n in range(first, min(first + batch, setup.fires)):
                        eng.fire(ids[arm][n % setup.cases], setup.transition(n)[0], actor=CLERK, reason="bench")
                    spent[arm] += time.perf_counter() - start
            for eng in engines.values():
                eng.close()
        for arm in rates:
            rates[arm].append(setup.fires / spent[arm])
    ratios = [w / o for w, o in zip(rates["with"], rates["without"], strict=True)]
    print(f"listing indexes, {'durable' if setup.durable else 'durable=False'}, deadlines={setup.deadlines}")
    for arm, found in rates.items():
        print(f"  {arm + ' the listing indexes':<28} {summary(found)}")
    ratio = statistics.median(rates["with"]) / statistics.median(rates["without"])
    print(f"  ratio with/without {ratio:.2f} (per run: min {min(ratios):.2f}, max {max(ratios):.2f})\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=500, help="fires per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=50, help="cases the fires rotate over")
    parser.add_argument("--rss-cases", type=int, default=20_000, help="distinct cases for the RSS check (0: skip)")
    parser.add_argument("--listing-cost", action="store_true", help="only: fires with/without the listing indexes")
    args = parser.parse_args()
    if args.listing_cost:
        for durable in (True, False):
            listing_cost(Setup(ping_pong(deadlines=True), True, durable, args.cases, args.fires), args.runs)
        return
    print("targets (issue 18): durable >= 0.6 of the floor; synchronous=NORMAL >= 0.45")
    for deadlines in (False, True):  # traced by sqlite3: refuses to run if the floor does other work than a fire
        count = len(same_statements(deadlines=deadlines))
        print(f"engine and floor run the same {count} statements per fire ({'with' if deadlines else 'no'} deadlines)")
    print()
    for durable in (True, False):
        for deadlines in (False, True):
            compare(Setup(ping_pong(deadlines=deadlines), deadlines, durable, args.cases, args.fires), args.runs)
    if args.rss_cases:
        with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
            points = rss_growth(Path(folder), args.rss_cases)
        print(f"current RSS while firing once on each of {args.rss_cases} distinct cases:")
        for fired, mb in points:
            print(f"  after {fired:>7} fires: {mb:7.1f} MiB")
        print(f"  growth from first to last point: {points[-1][1] - points[0][1]:+.1f} MiB")


if __name__ == "__main__":
    main()
