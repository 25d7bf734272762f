"""Benchmark: the fire-rate cost of the log-wide chain on PostgreSQL, 4 processes on distinct cases.

The log-wide chain adds nothing to the write path: an event's position is
``wf_events.id`` (a sequence, as before), and the chain over positions is
computed when a checkpoint is taken.  What a writer can feel is the checkpoint
itself: it waits for the transactions writing events when it read the highest
position (never blocking them) and reads every head and every event's hash.
Measured in the same run, interleaved: the fire rate without checkpoints
(``before``) and while another process takes full checkpoints back to back —
far more often than anyone would (hourly is the advice).

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

from workflow import AuditLog, Engine, parse_definition, upgrade_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_fire_bench import (
    CLERK,
    DEFINITION,
    Outcome,
    drop_database,
    engine_worker,
    scenario,
    scratch_database,
    summary,
)


def _checkpoints(url: str, stop: Any, out: Any) -> None:
    taken = 0
    with AuditLog.open(url) as log:
        while not stop.is_set():
            log.checkpoint(datetime.now(UTC))
            taken += 1
    out.put(taken)


def _with_checkpoints(url: str, case_ids: list[str], fires: int) -> tuple[Outcome, int]:
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

            before: list[Outcome] = []
            during: list[Outcome] = []
            taken: list[int] = []
            for _ in range(args.runs):  # interleaved: both see the same machine noise
                before.append(scenario(url, engine_worker, cases(), args.fires))
                rate, count = _with_checkpoints(url, cases(), args.fires)
                during.append(rate)
                taken.append(count)
        print(f"PostgreSQL, 4 processes on distinct cases, {args.fires} fires each, {args.runs} runs")
        print(f"  without checkpoints                    {summary(before)}")
        print(f"  while checkpoints are taken back to back {summary(during)}  ({statistics.median(taken):.0f} per run)")
        ratio = statistics.median(o.rate for o in during) / statistics.median(o.rate for o in before)
        print(f"  ratio with/without {ratio:.2f}")
    finally:
        drop_database(url)


if __name__ == "__main__":
    main()
