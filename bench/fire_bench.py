"""Benchmark: persisted fires per second on a SQLite file, against a raw sqlite3 floor.

The floor does, with the plain sqlite3 module and the same durability
(WAL, synchronous=FULL), the same reads and writes a fire does:
BEGIN IMMEDIATE; read the case; update the case; insert the event; COMMIT.
(The bench transition's guard reads no history, so neither reads the event
history.)  Same schema, same file system, same run.

Also: RSS growth while firing once on each of many distinct cases (target:
flat — the engine keeps no per-case objects).

Run: python bench/fire_bench.py [--fires N] [--runs N] [--cases N]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from workflow import Actor, Engine, parse_definition

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import BENCH_DEFINITION

DEFINITION = BENCH_DEFINITION
CLERK = Actor("carla.clerk", ["clerk"])


def engine_run(folder: Path, fires: int, durable: bool) -> float:
    url = f"sqlite:///{folder / 'engine.db'}"
    with Engine(url, parse_definition(DEFINITION, "bench.yaml"), durable=durable) as engine:
        case = engine.start("bench", actor=CLERK, tenant="t", data={"count": 1})
        start = time.perf_counter()
        for _ in range(fires):
            engine.fire(case.id, "tick", actor=CLERK, reason="bench")
        return fires / (time.perf_counter() - start)


def floor_run(folder: Path, fires: int, durable: bool) -> float:
    """The same statements through sqlite3 directly, on a database the engine created."""
    path = folder / "floor.db"
    with Engine(f"sqlite:///{path}", parse_definition(DEFINITION, "bench.yaml"), durable=durable) as engine:
        case_id = engine.start("bench", actor=CLERK, tenant="t", data={"count": 1}).id
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
    start = time.perf_counter()
    for _ in range(fires):
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT * FROM wf_cases WHERE id = ?", (case_id,)).fetchone()
        conn.execute(
            "SELECT transition, actor_id FROM wf_events WHERE case_id = ? AND kind = 'fired' ORDER BY seq", (case_id,)
        ).fetchall()
        version, count = row[7], row[11]
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        digest = hashlib.sha256(json.dumps([case_id, count, now]).encode()).hexdigest()
        conn.execute(
            "UPDATE wf_cases SET state = ?, data = ?, version = ?, updated_at = ?, event_count = ?, "
            "head_hash = ? WHERE id = ? AND version = ?",
            ("open", row[4], version + 1, now, count + 1, digest, case_id, version),
        )
        conn.execute(
            "INSERT INTO wf_events (case_id, seq, kind, transition, from_state, to_state, actor_id, role, "
            "tenant, reason, input, data_diff, blockers, workflow, definition_version, "
            "definition_checksum, at, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                case_id,
                count + 1,
                "fired",
                "tick",
                "open",
                "open",
                CLERK.id,
                "clerk",
                "t",
                "bench",
                "{}",
                "[]",
                "[]",
                "bench",
                1,
                "0" * 64,
                now,
                "0" * 64,
                digest,
            ),
        )
        conn.execute("COMMIT")
    rate = fires / (time.perf_counter() - start)
    conn.close()
    return rate


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_growth(folder: Path, cases: int) -> list[tuple[int, float]]:
    """Peak RSS after firing once on each of ``cases`` distinct cases (durable=False: memory, not disk)."""
    url = f"sqlite:///{folder / 'rss.db'}"
    points = []
    with Engine(url, parse_definition(DEFINITION, "bench.yaml"), durable=False) as engine:
        ids = [engine.start("bench", actor=CLERK, tenant="t", data={"count": 1}).id for _ in range(cases)]
        gc.collect()
        step = max(cases // 5, 1)
        for i, case_id in enumerate(ids, 1):
            engine.fire(case_id, "tick", actor=CLERK)
            if i % step == 0:
                gc.collect()
                points.append((i, rss_mb()))
    return points


def summary(rates: list[float]) -> str:
    return f"median {statistics.median(rates):8.0f}/s   min {min(rates):8.0f}/s   max {max(rates):8.0f}/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=300, help="fires per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=100_000, help="distinct cases for the RSS check (0: skip)")
    args = parser.parse_args()

    for durable in (True, False):
        engine_rates, floor_rates = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine noise
            with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
                engine_rates.append(engine_run(Path(folder), args.fires, durable))
                floor_rates.append(floor_run(Path(folder), args.fires, durable))
        ratio = statistics.median(engine_rates) / statistics.median(floor_rates)
        ratios = [e / f for e, f in zip(engine_rates, floor_rates, strict=True)]
        mode = "synchronous=FULL (durable, default)" if durable else "synchronous=NORMAL (durable=False)"
        print(f"{mode}: {args.runs} runs x {args.fires} fires on one case")
        print(f"  engine fire       {summary(engine_rates)}")
        print(f"  raw sqlite3 floor {summary(floor_rates)}")
        print(
            f"  ratio engine/floor {ratio:.2f} (per run: min {min(ratios):.2f}, max {max(ratios):.2f}; target >= 0.5)\n"
        )
        sys.stdout.flush()

    if args.cases:
        with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
            points = rss_growth(Path(folder), args.cases)
        print(f"peak RSS while firing once on each of {args.cases} distinct cases:")
        for fired, mb in points:
            print(f"  after {fired:>7} fires: {mb:7.1f} MB")
        print(f"  growth from first to last point: {points[-1][1] - points[0][1]:+.1f} MB")


if __name__ == "__main__":
    main()
