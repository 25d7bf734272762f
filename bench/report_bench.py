"""wf report over a large log: time and peak memory, SQLite and PostgreSQL.

Generates ``cases`` assignments of 20 events each (a year of starts, bookings,
meerwerk, suspensions, escalations, results, deliveries and scores; 30 % still
running) by direct inserts — a benchmark's shortcut, never the demo's — then
runs :meth:`Engine.report` over the year in a fresh child process per run;
its memory is the child's current RSS sampled while the report runs (not
``ru_maxrss``, which a child keeps from the parent it was forked from).  The hash chains of generated rows are not
real, so the report runs with ``verify=False`` (verification has its own
benchmark: bench/audit_bench.py).

    python bench/report_bench.py                      # 5,000 and 50,000 cases on SQLite
    python bench/report_bench.py --sizes 5000 50000 --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workflow import Engine, ReportRequest, load_definitions, parse_period  # noqa: E402
from workflow.store.tables import cases, events  # noqa: E402

DEFINITION = ROOT / "tests" / "fixtures" / "reports" / "opdracht.yaml"
TENANTS = ("gemeente-a", "gemeente-b", "gemeente-c")
START = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)
AS_OF = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
EVENTS_PER_CASE = 20


def _story(n: int) -> list[tuple[str | None, str, str | None, dict[str, Any] | None]]:
    """(transition, kind, to_state, input) of case ``n``'s 20 events; every third-and-a-bit still running."""
    book = ("book_hours", "fired", "in_execution", {"booking": {"hours": 1 + n % 7, "date": "2025-01-01"}})
    head = [(None, "started", "received", None), ("start_work", "fired", "in_execution", None)]
    if n % 10 < 3:
        return [*head, *[book] * 16, ("suspend", "fired", "suspended", None), ("resume", "fired", "in_execution", None)]
    return [
        *head,
        *[book] * 9,
        ("request_change", "fired", "in_execution", {"meerwerk": {"extra_hours": 4}}),
        ("approve_change", "fired", "in_execution", None),
        ("suspend", "fired", "suspended", None),
        ("resume", "fired", "in_execution", None),
        ("escalate", "fired", "in_execution", {"escalation": {"level": "directeur"}}),
        ("resolve_escalation", "fired", "in_execution", None),
        ("record_result", "fired", "in_execution", {"result": {"text": f"resultaat {n}", "highlight": n % 5 == 0}}),
        ("deliver", "fired", "delivered", None),
        ("accept", "fired", "closed", {"evaluation": {"satisfaction": 5 + n % 6}}),
    ]


def _rows(n: int, checksum: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    case_id = uuid.UUID(int=n + 1).hex
    tenant = TENANTS[n % 3]
    begin = START + timedelta(minutes=(n * 9973) % (330 * 24 * 60))
    story = _story(n)
    moments = [begin + timedelta(hours=18 * i + (n % 5)) for i in range(len(story))]
    state = "received"
    rows = []
    for seq, ((transition, kind, to_state, given), at) in enumerate(zip(story, moments, strict=True), 1):
        rows.append(
            {
                "case_id": case_id, "seq": seq, "kind": kind, "transition": transition,
                "from_state": None if kind == "started" else state, "to_state": to_state,
                "actor_id": "bench", "role": "medewerker", "tenant": tenant, "reason": None, "input": given,
                "data_diff": None, "blockers": None, "workflow": "opdracht", "definition_version": 1,
                "definition_checksum": checksum, "at": at, "idempotency_key": None, "request_hash": None,
                "prev_hash": "0" * 64, "hash": f"{n:032x}{seq:032x}", "imported": False,
            }
        )  # fmt: skip
        state = to_state or state
    data = {
        "task_kind": ("basistaak", "plustaak", "maatwerk")[n % 3],
        "funding": ("werkprogramma", "offerte", "incidenteel")[n % 3],
        "dvo": {"year": 2025},
        "scope": {"budget_hours": 40, "deadline": (begin + timedelta(days=20)).date().isoformat()},
    }
    case = {
        "id": case_id, "workflow": "opdracht", "definition_version": 1, "state": state, "data": data,
        "tenant": tenant, "reference": f"B-{n}", "version": len(rows), "created_at": begin, "updated_at": moments[-1],
        "start_key": None, "event_count": len(rows), "head_hash": rows[-1]["hash"], "flags": [],
    }  # fmt: skip
    return case, rows


def _chunks(total: int, size: int) -> Iterator[range]:
    for first in range(0, total, size):
        yield range(first, min(total, first + size))


def generate(url: str, total: int) -> float:
    """Fill ``url`` with ``total`` cases; returns the seconds it took."""
    started = time.perf_counter()
    loaded = load_definitions(DEFINITION).all_versions()
    Engine(url, loaded, upgrade=True).close()  # the schema and the stored definition
    checksum = loaded[0].checksum
    db = sa.create_engine(url)
    with db.begin() as conn:
        for chunk in _chunks(total, 2000):
            built = [_rows(n, checksum) for n in chunk]
            conn.execute(cases.insert(), [c for c, _ in built])
            conn.execute(events.insert(), [e for _, rows in built for e in rows])
    with db.connect() as conn:  # statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would keep them
        conn.execute(sa.text("ANALYZE"))
        conn.commit()
    db.dispose()
    return time.perf_counter() - started


def _rss_mib() -> float:
    """This process's current resident set (MiB), from /proc (Linux); its peak so far elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Sampler(threading.Thread):
    """The largest current RSS seen every 10 ms while the report runs (ru_maxrss would keep the import's)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = _rss_mib()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.01):
            self.peak = max(self.peak, _rss_mib())


def measure_once(url: str) -> dict[str, float]:
    """In this (child) process: one report over 2025; seconds, RSS before it and sampled peak RSS in MiB."""
    with Engine(url, load_definitions(DEFINITION).all_versions(), clock=lambda: AS_OF) as engine:
        before = _rss_mib()
        sampler = _Sampler()
        sampler.start()
        started = time.perf_counter()
        found = engine.report(ReportRequest(parse_period("2025"), workflow="opdracht"), verify=False)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
    closed = next(r for r in found["tables"]["lead_times"] if r["final"] == "closed")
    peak = max(sampler.peak, _rss_mib())
    return {"seconds": seconds, "before_mib": before, "peak_mib": peak, "closed": closed["cases"]}


def _child(url: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", url], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return dict(json.loads(out.stdout))


def _baseline() -> float:
    """Peak RSS (MiB) of a child that imports and opens the engine but reports nothing: the floor."""
    out = subprocess.run(
        [sys.executable, "-c", "import resource, workflow.engine, workflow.reporting.build;"
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return float(out.stdout)


def _postgres_database(base: str) -> tuple[str, sa.Engine, str]:
    name = f"wf_bench_report_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return sa.make_url(base).set(database=name).render_as_string(hide_password=False), admin, name


def bench(label: str, url: str, total: int, runs: int) -> None:
    took = generate(url, total)
    report(label, url, total, runs, f"generated in {took:6.1f} s  ")


def report(label: str, url: str, total: int, runs: int, note: str = "") -> None:
    samples = [_child(url) for _ in range(runs)]
    seconds = [s["seconds"] for s in samples]
    peak = statistics.median(s["peak_mib"] for s in samples)
    before = statistics.median(s["before_mib"] for s in samples)
    print(
        f"{label:<10} {total:>7,} cases {total * EVENTS_PER_CASE:>10,} events  {note}"
        f"report median {statistics.median(seconds):6.2f} s (min {min(seconds):.2f}, max {max(seconds):.2f})  "
        f"RSS {before:6.1f} MiB before, sampled peak {peak:6.1f} MiB  closed in 2025: {samples[0]['closed']:,}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", help="server URL; a fresh database is made and dropped per size")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_once(args.measure)))
        return
    print(f"floor: a child that only imports the engine and the report peaks at {_baseline():.1f} MiB RSS")
    for total in args.sizes:
        if not args.no_sqlite:
            with tempfile.TemporaryDirectory() as tmp:
                bench("SQLite", f"sqlite:///{os.path.join(tmp, 'bench.db')}", total, args.runs)
        if args.postgres:
            url, admin, name = _postgres_database(args.postgres)
            try:
                bench("PostgreSQL", url, total, args.runs)
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.dispose()


if __name__ == "__main__":
    main()
