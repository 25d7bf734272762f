"""Benchmark: the audit log at scale — 100,000 events over 5,000 cases (``--full``: 1,000,000 over 50,000).

Generates a valid, hash-chained log by bulk insert (not through the engine),
then measures: verify throughput against a floor in the same run (the same
rows read with the plain driver, the three JSON columns parsed, the canonical
JSON of each event hashed with SHA-256 by the engine's own hash function and
compared with the stored hash and the previous event's, each case's head
checked: what verify does, without its bookkeeping); the time of three review queries (one
case's history; one actor over one month; all refused events of one tenant);
export throughput; and the peak RSS of a fresh process exporting a tenth
and all of the log — flat means streaming.

Targets: verify >= 100,000 events/s; each query <= 50 ms median; export
memory flat in the number of events.

Run: python bench/audit_bench.py [--backend sqlite|postgres] [--full | --cases N] [--events-per-case N]
     [--verify-runs N]
PostgreSQL: WF_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

from workflow import AuditEvent, AuditLog, Blocker, export, upgrade_database
from workflow.chain import GENESIS, chain_hash, event_content, request_hash
from workflow.model import HASHED_FIELDS
from workflow.store.queries import event_row
from workflow.store.tables import cases, definitions, events

BASE = os.environ.get("WF_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START = datetime(2026, 1, 1, tzinfo=UTC)
TENANTS = [f"gemeente-{n:02d}" for n in range(50)]
ACTORS = [f"medewerker.{n:03d}" for n in range(400)]
TRANSITIONS = [
    "confirm_receipt",
    "classify",
    "draft_quote",
    "send_quote",
    "confirm",
    "plan",
    "start_execution",
    "record_progress",
    "deliver",
    "accept",
    "settle",
    "close",
]


CHECKSUM = hashlib.sha256(b"").hexdigest()
"""The stored definition's (empty) text hashes to it: verify checks that."""


def generate(url: str, case_count: int, per_case: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = sa.create_engine(url)
    with db.begin() as conn:
        conn.execute(
            definitions.insert().values(
                workflow="assignment", version=1, checksum=CHECKSUM, source="", first_seen=START
            )
        )
    batch_cases: list[dict[str, Any]] = []
    batch_events: list[dict[str, Any]] = []
    for n in range(case_count):
        case_id = uuid.UUID(int=rng.getrandbits(128)).hex
        tenant = TENANTS[n % len(TENANTS)]
        moment = START + timedelta(seconds=rng.randrange(0, 300 * 86400))
        previous = GENESIS
        hours, fired = 0, 0  # the case row is what its events record
        for seq in range(1, per_case + 1):
            refused = seq > 1 and rng.random() < 0.05
            kind = "started" if seq == 1 else ("refused" if refused else "fired")
            transition = None if seq == 1 else TRANSITIONS[(seq - 2) % len(TRANSITIONS)]
            moment += timedelta(minutes=rng.randrange(1, 600))
            blockers = (Blocker("scope_not_agreed", "Geen uitvoering zonder afgesproken scope."),) if refused else ()
            diff = () if refused else ({"path": ["execution", "hours_spent"], "old": hours, "new": seq},)
            hours, fired = (hours, fired) if refused else (seq, fired + (kind == "fired"))
            event = AuditEvent(
                case_id=case_id,
                seq=seq,
                kind=kind,
                transition=transition,
                from_state="a",
                to_state="b",
                actor_id=rng.choice(ACTORS),
                role="projectleider",
                tenant=tenant,
                reason=None,
                input={"execution": {"hours_spent": seq}},
                data_diff=diff,
                blockers=blockers,
                workflow="assignment",
                definition_version=1,
                definition_checksum=CHECKSUM,
                at=moment,
                idempotency_key=None,
                prev_hash=previous,
                hash="",
            )
            digest = chain_hash(event_content(event))
            asked = {"workflow": "assignment", "tenant": tenant, "data": event.input, "reference": None}
            request = request_hash("start", asked) if seq == 1 else None  # what the engine keeps for a start
            batch_events.append({**event_row(event), "hash": digest, "request_hash": request})
            previous = digest
        batch_cases.append(
            {
                "id": case_id,
                "workflow": "assignment",
                "definition_version": 1,
                "state": "b",
                "data": {"execution": {"hours_spent": hours}},
                "tenant": tenant,
                "reference": None,
                "version": fired,
                "created_at": START,
                "updated_at": moment,
                "start_key": None,
                "event_count": per_case,
                "head_hash": previous,
            }
        )
        if len(batch_events) >= 20_000 or n == case_count - 1:
            with db.begin() as conn:
                conn.execute(cases.insert(), batch_cases)
                conn.execute(events.insert(), batch_events)
            batch_cases, batch_events = [], []
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("ANALYZE"))
        else:
            conn.execute(sa.text("ANALYZE"))
    db.dispose()


CONTENT_COLUMNS = HASHED_FIELDS
"""The columns an event's hash covers (what ``AuditLog.verify`` reads): the model's one list."""
_JSON_COLUMNS = {"input", "data_diff", "blockers"}
_POSTGRES_AT = """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""


def _floor_statement(postgres: bool) -> str:
    def column(name: str) -> str:
        if postgres and name in _JSON_COLUMNS:
            return f"{name}::text"
        return _POSTGRES_AT if postgres and name == "at" else name

    return f"SELECT {', '.join(column(n) for n in CONTENT_COLUMNS)}, hash FROM wf_events ORDER BY case_id, seq"


def verify_floor(url: str) -> int:
    """Verify's work with the plain driver: every row hashed and linked, every head checked; returns the events."""
    db = sa.create_engine(url)
    postgres = db.dialect.name == "postgresql"
    raw: Any = db.raw_connection()
    try:
        heads_cursor = raw.cursor()
        heads_cursor.execute("SELECT id, event_count, head_hash FROM wf_cases")
        heads = {row[0]: (row[1], row[2]) for row in heads_cursor}
        cursor = raw.driver_connection.cursor(name="wf_floor") if postgres else raw.cursor()
        if postgres:
            cursor.itersize = 5000
        cursor.execute(_floor_statement(postgres))
        json_at = [CONTENT_COLUMNS.index(n) for n in sorted(_JSON_COLUMNS)]
        at, loads = CONTENT_COLUMNS.index("at"), orjson.loads
        count, case, seq, previous = 0, None, 0, GENESIS
        for row in cursor:
            values = list(row)
            for index in json_at:
                if values[index] is not None:
                    values[index] = loads(values[index])
            if not postgres:
                values[at] = f"{values[at][:10]}T{values[at][11:]}+00:00"
            if values[0] != case:
                if case is not None and heads[case] != (seq, previous):
                    raise SystemExit(f"floor: head of {case} does not match")
                case, previous = values[0], GENESIS
            digest = chain_hash(dict(zip(CONTENT_COLUMNS, values, strict=False)))  # the last value, hash, left out
            if digest != values[-1] or values[-2] != previous:
                raise SystemExit(f"floor: event {values[1]} of {case} does not verify")
            seq, previous, count = values[1], digest, count + 1
        if case is not None and heads[case] != (seq, previous):
            raise SystemExit(f"floor: head of {case} does not match")
        cursor.close()
    finally:
        raw.close()
        db.dispose()
    return count


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def timed(fn: Any, runs: int) -> tuple[float, float, float, Any]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples), max(samples), result


def ms(stats: tuple[float, float, float, Any]) -> str:
    return f"median {stats[0] * 1e3:8.1f} ms   min {stats[1] * 1e3:8.1f} ms   max {stats[2] * 1e3:8.1f} ms"


def _export_child(url: str, limit: int, path: str, out: Any) -> None:
    import resource

    with AuditLog.open(url) as log, open(path, "w", encoding="utf-8") as handle:
        start = time.perf_counter()
        count = export("jsonl", log.query(limit=limit), handle)
        seconds = time.perf_counter() - start
    out.put((count, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def export_in_fresh_process(url: str, limit: int, folder: Path) -> tuple[int, float, float]:
    """(events, seconds, peak RSS MiB) of a fresh process exporting the first ``limit`` events as JSON lines."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    proc = context.Process(target=_export_child, args=(url, limit, str(folder / "export.jsonl"), out))
    proc.start()
    result = out.get(timeout=3600)
    proc.join()
    return result  # type: ignore[no-any-return]


def _cpu_timed(fn: Any) -> tuple[float, float, Any]:
    """(wall seconds, this process's CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def verify_against_floor(log: AuditLog, url: str, total: int, runs: int) -> None:
    """Verify and the floor, interleaved ``runs`` times (both see the same machine noise): wall and CPU time."""
    verifies, floors = [], []
    for _ in range(runs):
        verifies.append(_cpu_timed(log.verify))
        assert verifies[-1][2].intact, verifies[-1][2].breaks[:3]
        floors.append(_cpu_timed(lambda: verify_floor(url)))
        assert floors[-1][2] == total, (floors[-1][2], total)
    wall = [statistics.median(r[0] for r in runs_) for runs_ in (verifies, floors)]
    cpu = [statistics.median(r[1] for r in runs_) for runs_ in (verifies, floors)]
    spread = [f"{min(r[0] for r in runs_):.2f}-{max(r[0] for r in runs_):.2f} s" for runs_ in (verifies, floors)]
    print(f"verify: {total / wall[0]:,.0f} events/s ({wall[0]:.2f} s for {total:,}; target >= 100,000/s)")
    print(f"  floor (driver reads + canonical JSON + SHA-256 of the same rows): {total / wall[1]:,.0f} events/s")
    print(
        f"  ratio verify/floor {wall[1] / wall[0]:.2f} (medians of {runs}; verify {spread[0]}, floor {spread[1]}); "
        f"load average {_load()}"
    )
    print(
        f"  CPU time of this process (the server's not in it): verify {cpu[0]:.2f} s, floor {cpu[1]:.2f} s, "
        f"ratio {cpu[1] / cpu[0]:.2f}"
    )


def run(url: str, case_count: int, per_case: int, runs: int, folder: Path, verify_runs: int = 3) -> None:
    total = case_count * per_case
    start = time.perf_counter()
    upgrade_database(url)
    generate(url, case_count, per_case)
    print(f"generated {total:,} events over {case_count:,} cases in {time.perf_counter() - start:.0f} s\n")
    with AuditLog.open(url) as log:
        rng = random.Random(1)
        db = sa.create_engine(url)
        with db.connect() as conn:
            case_ids = [r[0] for r in conn.execute(sa.select(cases.c.id).limit(1000))]
        db.dispose()
        verify_against_floor(log, url, total, verify_runs)
        taken = timed(lambda: log.checkpoint(datetime.now(UTC)), 1)
        against = timed(lambda: log.against_checkpoint(taken[3]), 1)
        assert against[3] == (), against[3][:3]
        print(
            f"checkpoint (every head + the log-wide digest): {taken[0]:.2f} s; "
            f"comparing the log with it: {against[0]:.2f} s"
        )
        wf = Path(sys.executable).parent / "wf"
        start = time.perf_counter()
        subprocess.run([str(wf), "--db", url, "audit", "verify", "--jobs", "2"], check=True, capture_output=True)
        parallel = time.perf_counter() - start
        print(
            f"verify with 2 processes (wf audit verify --jobs 2, start-up included): "
            f"{total / parallel:,.0f} events/s ({parallel:.1f} s)"
        )
        picks = iter(rng.choice(case_ids) for _ in range(runs * 2))
        one_case = timed(lambda: list(log.query(case_id=next(picks))), runs)
        actor = rng.choice(ACTORS)
        month = timed(
            lambda: list(
                log.query(actor=actor, since=datetime(2026, 3, 1, tzinfo=UTC), until=datetime(2026, 4, 1, tzinfo=UTC))
            ),
            runs,
        )
        refused = timed(lambda: list(log.query(tenant=TENANTS[3], kind="refused")), runs)
        print(f"query one case's history ({len(one_case[3])} events)          {ms(one_case)}")
        print(f"query one actor over one month ({len(month[3])} events)      {ms(month)}")
        print(f"query refused events of one tenant ({len(refused[3])} events) {ms(refused)}   (target <= 50 ms)")
    small = export_in_fresh_process(url, total // 10, folder)
    full = export_in_fresh_process(url, total, folder)
    print(
        f"export jsonl: {full[0] / full[1]:,.0f} events/s; peak RSS of the exporting process "
        f"{small[2]:.1f} MiB for {small[0]:,} events, {full[2]:.1f} MiB for {full[0]:,} (flat = streaming)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--cases", type=int, default=5_000, help="cases (default 5,000: 100,000 events)")
    size.add_argument("--full", action="store_true", help="50,000 cases: 1,000,000 events")
    parser.add_argument("--events-per-case", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15, help="runs per query")
    parser.add_argument("--verify-runs", type=int, default=3, help="runs of verify and of the floor, interleaved")
    args = parser.parse_args()
    if args.full:
        args.cases = 50_000
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        folder = Path(tmp)
        print(f"backend: {args.backend}; load average {_load()}")
        if args.backend == "sqlite":
            run(
                f"sqlite:///{folder / 'audit.db'}",
                args.cases,
                args.events_per_case,
                args.runs,
                folder,
                args.verify_runs,
            )
            return
        name = f"wf_bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(BASE, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            run(
                sa.make_url(BASE).set(database=name).render_as_string(hide_password=False),
                args.cases,
                args.events_per_case,
                args.runs,
                folder,
                args.verify_runs,
            )
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


if __name__ == "__main__":
    main()
