"""Benchmark: PostgreSQL fires per second from several processes, against a raw psycopg floor.

Scenarios: 1 process and 4 processes on distinct cases, 4 processes on one
case. The floor does, with psycopg directly and in the same run, what a fire
does in the database: BEGIN; SELECT the case FOR UPDATE; UPDATE it; INSERT
the event; COMMIT. Target: engine >= 0.6 of the floor with 4 processes on
distinct cases.

Needs a server: WF_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
Run: python bench/pg_fire_bench.py [--fires N] [--runs N]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from workflow import Actor, Engine, parse_definition, upgrade_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import BENCH_DEFINITION

DEFINITION = BENCH_DEFINITION
CLERK = Actor("carla.clerk", ("clerk",))
BASE = os.environ.get("WF_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def engine_worker(url: str, case_id: str, fires: int, barrier: Any, out: Any) -> None:
    with Engine(url, parse_definition(DEFINITION, "bench.yaml")) as engine:
        engine.fire(case_id, "tick", actor=CLERK)  # warm: connection, caches
        barrier.wait()
        start = time.monotonic()
        for _ in range(fires):
            engine.fire(case_id, "tick", actor=CLERK)
        out.put((start, time.monotonic()))


def floor_worker(url: str, case_id: str, fires: int, barrier: Any, out: Any) -> None:
    import psycopg

    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        barrier.wait()
        start = time.monotonic()
        for _ in range(fires):
            with conn.transaction():
                row = conn.execute(
                    "SELECT id, version, event_count, data FROM wf_cases WHERE id = %s FOR UPDATE", (case_id,)
                ).fetchone()
                assert row is not None
                _, version, count, data = row
                now = datetime.now(UTC)
                digest = hashlib.sha256(f"{case_id}{count}{now}".encode()).hexdigest()
                # the event first: the database accepts the case row's change only with its event
                conn.execute(
                    "INSERT INTO wf_events (case_id, seq, kind, transition, from_state, to_state, "
                    "actor_id, role, tenant, reason, input, data_diff, blockers, workflow, "
                    "definition_version, definition_checksum, at, prev_hash, hash) VALUES "
                    "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
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
                        None,
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
                conn.execute(
                    "UPDATE wf_cases SET state = %s, data = %s, version = %s, updated_at = %s, "
                    "event_count = %s, head_hash = %s WHERE id = %s AND version = %s",
                    ("open", data, version + 1, now, count + 1, digest, case_id, version),
                )
        out.put((start, time.monotonic()))


def scenario(url: str, worker: Any, case_ids: list[str], fires: int) -> float:
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(len(case_ids)), context.Queue()
    procs = [context.Process(target=worker, args=(url, case_id, fires, barrier, out)) for case_id in case_ids]
    for proc in procs:
        proc.start()
    spans: list[tuple[float, float]] = [out.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a worker failed (exit {proc.exitcode})")
    wall = max(end for _, end in spans) - min(start for start, _ in spans)
    return len(case_ids) * fires / wall


def scratch_database() -> str:
    name = f"wf_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return sa.make_url(BASE).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    admin = sa.create_engine(BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')
    admin.dispose()


def summary(rates: list[float]) -> str:
    return f"median {statistics.median(rates):7.0f}/s  min {min(rates):7.0f}/s  max {max(rates):7.0f}/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=500, help="fires per process per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = scratch_database()
    try:
        upgrade_database(url)
        with Engine(url, parse_definition(DEFINITION, "bench.yaml")) as engine:

            def cases(n: int) -> list[str]:
                return [engine.start("bench", actor=CLERK, tenant="t", data={"count": 1}).id for _ in range(n)]

            shapes: dict[str, Callable[[], list[str]]] = {
                "1 process, distinct cases": lambda: cases(1),
                "4 processes, distinct cases": lambda: cases(4),
                "4 processes, one case": lambda: cases(1) * 4,
            }
            print(f"PostgreSQL {BASE.split('@')[-1]}; {args.fires} fires per process; {args.runs} runs\n")
            for name, make in shapes.items():
                engine_rates, floor_rates = [], []
                for _ in range(args.runs):  # interleaved: both see the same machine noise
                    engine_rates.append(scenario(url, engine_worker, make(), args.fires))
                    floor_rates.append(scenario(url, floor_worker, make(), args.fires))
                ratio = statistics.median(engine_rates) / statistics.median(floor_rates)
                print(f"{name}:")
                print(f"  engine fire        {summary(engine_rates)}")
                print(f"  raw psycopg floor  {summary(floor_rates)}")
                print(f"  ratio engine/floor {ratio:.2f}\n", flush=True)
    finally:
        drop_database(url)
    print("target: ratio >= 0.6 with 4 processes on distinct cases")


if __name__ == "__main__":
    main()
