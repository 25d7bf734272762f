"""Benchmark: the fire-rate cost of the log-wide chain on PostgreSQL, 4 processes on distinct cases.

The log-wide chain adds one thing to the write path: an event's position
(``wf_events.id``) comes from ``wf_event_position()`` (migration 0010_chain),
which makes sure the writer holds a transaction id before it takes one, so a
checkpoint can wait for every writer of a lower position.  Measured in the same
run, interleaved: the fire rate with the position function, with the plain
sequence default it replaced (``before``), and with the position function while
another process takes a full checkpoint (every case's head, the log-wide
digest) back to back — the checkpoint's wait for running writers.

Needs a server: WF_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
Run: python bench/chain_fire_bench.py [--fires N] [--runs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from workflow import AuditLog, Engine, parse_definition, upgrade_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_fire_bench import CLERK, DEFINITION, drop_database, engine_worker, scenario, scratch_database, summary


def _default(url: str, position: bool) -> None:
    """The id default: the position function (after) or the plain sequence (before)."""
    db = sa.create_engine(url)
    with db.begin() as conn:
        sequence = conn.execute(sa.text("SELECT pg_get_serial_sequence('wf_events', 'id')")).scalar()
        value = "wf_event_position()" if position else f"nextval('{sequence}'::regclass)"
        conn.execute(sa.text(f"ALTER TABLE wf_events ALTER COLUMN id SET DEFAULT {value}"))
    db.dispose()


def _checkpoints(url: str, stop: Any, out: Any) -> None:
    taken = 0
    with AuditLog.open(url) as log:
        while not stop.is_set():
            log.checkpoint(datetime.now(UTC))
            taken += 1
    out.put(taken)


def _with_checkpoints(url: str, case_ids: list[str], fires: int) -> tuple[float, int]:
    context = multiprocessing.get_context("spawn")
    stop, out = context.Event(), context.Queue()
    proc = context.Process(target=_checkpoints, args=(url, stop, out))
    proc.start()
    time.sleep(1.0)  # the checkpointer is running before the writers start
    rate = scenario(url, engine_worker, case_ids, fires)
    stop.set()
    taken = out.get(timeout=600)
    proc.join()
    return rate, int(taken)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=500, help="fires per process per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = scratch_database()
    try:
        upgrade_database(url)
        with Engine(url, parse_definition(DEFINITION, "bench.yaml")) as engine:

            def cases() -> list[str]:
                return [engine.start("bench", actor=CLERK, tenant="t", data={"count": 1}).id for _ in range(4)]

            before, after, during, taken = [], [], [], []
            for _ in range(args.runs):  # interleaved: all see the same machine noise
                _default(url, position=False)
                before.append(scenario(url, engine_worker, cases(), args.fires))
                _default(url, position=True)
                after.append(scenario(url, engine_worker, cases(), args.fires))
                rate, count = _with_checkpoints(url, cases(), args.fires)
                during.append(rate)
                taken.append(count)
        print(f"PostgreSQL, 4 processes on distinct cases, {args.fires} fires each, {args.runs} runs")
        print(f"  before (plain sequence)          {summary(before)}")
        print(f"  position function (0010_chain)   {summary(after)}")
        print(f"  ... while checkpoints are taken  {summary(during)}  ({statistics.median(taken):.0f} per run)")
        print(f"  ratio after/before {statistics.median(after) / statistics.median(before):.2f}")
        print(f"  ratio during checkpoints/before {statistics.median(during) / statistics.median(before):.2f}")
    finally:
        drop_database(url)


if __name__ == "__main__":
    main()
