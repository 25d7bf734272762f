"""Benchmark: PostgreSQL fires per second from several processes, against a raw psycopg floor.

Scenarios: 1 process and 4 processes on distinct cases, 4 processes on one
case. The floor does, with psycopg directly and in the same run, what an engine
fire of the staying ``tick`` does in the database, statement by statement
(bench/_floor.py lists them): BEGIN; SELECT the case FOR UPDATE; parse its
data; the event's canonical JSON hashed with the engine's own function;
INSERT the event with every column (RETURNING id); UPDATE the case
(version-checked); the history aggregates (UPDATE, SELECT the actor); INSERT
the outbox message; COMMIT.  The whole log, the floor's events included,
must verify with the engine's ``AuditLog.verify`` at the end.  Besides
fires per second, each side's CPU per fire: of the worker processes
(``time.process_time``) and, when the server runs on this machine, of their
server processes (``/proc/<pid>/stat``; found by each worker's own
``application_name``).  Targets
(issue 18): engine >= 0.75 of the floor with 4 processes on distinct cases,
>= 0.7 on one shared case.

Needs a server: WF_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
Run: python bench/pg_fire_bench.py [--fires N] [--runs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

from workflow import Actor, AuditLog, Engine, parse_definition, upgrade_database
from workflow.chain import chain_hash  # the engine's event hash: the floor's events verify as the engine's

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _floor import outbox_row
from _timing import BENCH_DEFINITION

DEFINITION = BENCH_DEFINITION
CLERK = Actor("carla.clerk", ("clerk",))
BASE = os.environ.get("WF_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def backend_cpu(pids: list[int]) -> float | None:
    """CPU seconds (user + system) of the server processes ``pids`` so far; None when the server is not local."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


_BACKENDS = "SELECT pid FROM pg_stat_activity WHERE application_name = %(tag)s"
"""The server processes of one worker's connections (tagged with its own ``application_name``)."""


def tagged(url: str) -> tuple[str, str]:
    """``url`` with an ``application_name`` of its own, and that name."""
    tag = f"wf-bench-{uuid.uuid4().hex[:8]}"
    return sa.make_url(url).update_query_dict({"application_name": tag}).render_as_string(hide_password=False), tag


def _span(start: float, cpu: float, pids: list[int], server: float | None) -> tuple[float, float, float, float | None]:
    """(start, end, client CPU seconds, server CPU seconds) of a worker's timed loop."""
    now = backend_cpu(pids)
    used = None if now is None or server is None else now - server
    return start, time.monotonic(), time.process_time() - cpu, used


def engine_worker(url: str, case_id: str, fires: int, barrier: Any, out: Any) -> None:
    url, tag = tagged(url)
    with Engine(url, parse_definition(DEFINITION, "bench.yaml")) as engine:
        engine.fire(case_id, "tick", actor=CLERK)  # warm: connection, caches
        with engine.transaction() as conn:  # every connection of this engine (the idle ones cost nothing)
            pids = list(conn.exec_driver_sql(_BACKENDS, {"tag": tag}).scalars())
        barrier.wait()
        start, cpu, server = time.monotonic(), time.process_time(), backend_cpu(pids)
        for _ in range(fires):
            engine.fire(case_id, "tick", actor=CLERK)
        out.put(_span(start, cpu, pids, server))


def floor_worker(url: str, case_id: str, fires: int, barrier: Any, out: Any) -> None:
    import psycopg

    url, tag = tagged(url)
    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        (checksum,) = conn.execute("SELECT checksum FROM wf_definitions WHERE workflow = 'bench'").fetchone() or ("",)
        pids = [pid for (pid,) in conn.execute(_BACKENDS, {"tag": tag})]
        conn.commit()
        barrier.wait()
        start, cpu, server = time.monotonic(), time.process_time(), backend_cpu(pids)
        for _ in range(fires):
            with conn.transaction():
                floor_fire(conn, case_id, checksum)
        out.put(_span(start, cpu, pids, server))


_SELECT_CASE = (
    "SELECT id, workflow, definition_version, state, data, tenant, reference, version, created_at, updated_at, "
    "start_key, event_count, head_hash, flags FROM wf_cases WHERE id = %s FOR UPDATE"
)
_INSERT_EVENT = (
    "INSERT INTO wf_events (case_id, seq, kind, transition, from_state, to_state, actor_id, role, tenant, reason, "
    "input, data_diff, blockers, workflow, definition_version, definition_checksum, at, idempotency_key, "
    "request_hash, prev_hash, hash, imported) VALUES "
    "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id"
)
_UPDATE_CASE = (
    "UPDATE wf_cases SET state = %s, data = %s, version = %s, updated_at = %s, event_count = %s, head_hash = %s, "
    "flags = CAST(%s AS JSONB) WHERE id = %s AND version = %s"
)
_BUMP_HISTORY = (
    "UPDATE wf_case_history SET fired = fired + 1, last_seq = %s, last_actor = %s "
    "WHERE case_id = %s AND transition = %s"
)
_INSERT_HISTORY = (
    "INSERT INTO wf_case_history (case_id, transition, fired, last_seq, last_actor) VALUES (%s, %s, 1, %s, %s)"
)
_KNOWN_ACTOR = "SELECT first_seq FROM wf_case_actors WHERE case_id = %s AND transition = %s AND actor_id = %s"
_INSERT_ACTOR = "INSERT INTO wf_case_actors (case_id, transition, actor_id, first_seq) VALUES (%s, %s, %s, %s)"
_INSERT_MESSAGE = (
    "INSERT INTO wf_outbox (case_id, seq, channel, resource, resource_url, action, main_object, created_at, "
    "attributes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, CAST(%s AS JSONB))"
)


def floor_fire(conn: Any, case_id: str, checksum: str) -> None:
    """What one engine fire of ``tick`` does in PostgreSQL (see bench/_floor.py for the statement list)."""
    row = conn.execute(_SELECT_CASE, (case_id,)).fetchone()
    data = orjson.loads(row[4])
    if not data["count"] >= 0:
        raise RuntimeError("floor: guard")
    now = datetime.now(UTC)
    version, seq, head, tenant, workflow, state = row[7], row[11] + 1, row[12], row[5], row[1], row[3]
    content = {
        "case_id": case_id, "seq": seq, "kind": "fired", "transition": "tick", "from_state": state,
        "to_state": state, "actor_id": CLERK.id, "role": "clerk", "tenant": tenant, "reason": None, "input": {},
        "data_diff": [], "blockers": [], "workflow": workflow, "definition_version": row[2],
        "definition_checksum": checksum, "at": now.isoformat(timespec="microseconds"), "idempotency_key": None,
        "prev_hash": head,
    }  # fmt: skip
    digest = chain_hash(content)
    stored_data = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    if len(stored_data) > 256 * 1024:  # the engine's bound on the data a step leaves
        raise RuntimeError("floor: data too large")
    # the event first: the database accepts the case row's change only with its event
    conn.execute(
        _INSERT_EVENT,
        (case_id, seq, "fired", "tick", state, state, CLERK.id, "clerk", tenant, None, "{}", "[]", "[]", workflow,
         row[2], checksum, now, None, None, head, digest, False),
    ).fetchone()  # fmt: skip
    conn.execute(_UPDATE_CASE, (state, stored_data, version + 1, now, seq, digest, orjson.dumps(row[13]).decode(),
                                case_id, version))  # fmt: skip
    if conn.execute(_BUMP_HISTORY, (seq, CLERK.id, case_id, "tick")).rowcount == 0:
        conn.execute(_INSERT_HISTORY, (case_id, "tick", seq, CLERK.id))
    if conn.execute(_KNOWN_ACTOR, (case_id, "tick", CLERK.id)).fetchone() is None:
        conn.execute(_INSERT_ACTOR, (case_id, "tick", CLERK.id, seq))
    attributes = {"workflow": workflow, "definition_version": str(row[2]), "tenant": tenant, "state": state,
                  "from_state": state, "transition": "tick", "seq": str(seq)}  # fmt: skip
    conn.execute(_INSERT_MESSAGE, outbox_row(case_id, seq, now, attributes))


@dataclass(frozen=True)
class Outcome:
    """One scenario's run: fires per second, and CPU milliseconds per fire of the workers and their server processes."""

    rate: float
    client_ms: float
    server_ms: float | None


def scenario(url: str, worker: Any, case_ids: list[str], fires: int) -> Outcome:
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(len(case_ids)), context.Queue()
    procs = [context.Process(target=worker, args=(url, case_id, fires, barrier, out)) for case_id in case_ids]
    for proc in procs:
        proc.start()
    spans: list[tuple[float, float, float, float | None]] = [out.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a worker failed (exit {proc.exitcode})")
    wall = max(span[1] for span in spans) - min(span[0] for span in spans)
    total = len(case_ids) * fires
    servers = [span[3] for span in spans]
    server = None if None in servers else sum(s or 0.0 for s in servers) * 1000 / total
    return Outcome(total / wall, sum(span[2] for span in spans) * 1000 / total, server)


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


def summary(outcomes: list[Outcome]) -> str:
    rates = [o.rate for o in outcomes]
    client = statistics.median(o.client_ms for o in outcomes)
    servers = [o.server_ms for o in outcomes if o.server_ms is not None]
    server = f"{statistics.median(servers):.2f}" if len(servers) == len(outcomes) else "?"
    return (
        f"median {statistics.median(rates):5.0f}/s  min {min(rates):5.0f}/s  max {max(rates):5.0f}/s"
        f"   CPU ms/fire: client {client:.2f}, server {server}"
    )


def compare(name: str, url: str, make: Callable[[], list[str]], fires: int, runs: int) -> None:
    """Engine and floor on the scenario's cases, run after run (both see the same machine noise)."""
    engine: list[Outcome] = []
    floor: list[Outcome] = []
    for _ in range(runs):
        engine.append(scenario(url, engine_worker, make(), fires))
        floor.append(scenario(url, floor_worker, make(), fires))
    ratio = statistics.median(o.rate for o in engine) / statistics.median(o.rate for o in floor)
    ratios = [e.rate / f.rate for e, f in zip(engine, floor, strict=True)]
    print(f"{name}:")
    print(f"  engine fire        {summary(engine)}")
    print(f"  raw psycopg floor  {summary(floor)}")
    print(f"  ratio engine/floor {ratio:.2f} (per run: min {min(ratios):.2f}, max {max(ratios):.2f})\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=500, help="fires per process per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--async-commit",
        action="store_true",
        help="both sides with synchronous_commit=off: measures the work per fire, not the disk's fsync",
    )
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
            commit = "synchronous_commit=off" if args.async_commit else "durable commits"
            print(f"PostgreSQL {BASE.split('@')[-1]}; {commit}; {args.fires} fires per process; {args.runs} runs\n")
            workers = url
            if args.async_commit:  # libpq's options, for the engine's and the floor's connections alike
                options = sa.make_url(url).update_query_dict({"options": "-csynchronous_commit=off"})
                workers = options.render_as_string(hide_password=False)
            for name, make in shapes.items():
                compare(name, workers, make, args.fires, args.runs)
        with AuditLog.open(url) as log:
            verification = log.verify()
        if not verification.intact:
            raise SystemExit(f"the log (engine and floor events) does not verify: {verification.breaks[:3]}")
        print("the whole log, the floor's events included, verifies as the engine's")
    finally:
        drop_database(url)
    print("targets (issue 18): ratio >= 0.75 with 4 processes on distinct cases, >= 0.7 on one case")


if __name__ == "__main__":
    main()
