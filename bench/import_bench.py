"""Benchmark: importing an event log of 1,000 cases / 10,000 events through the engine (issue 20).

Generates a CSV log (10 events a case: intake, assessment with rework
loops, advice by several advisors, decision), proposes a definition from it
(``propose_definition``), and times ``import_log`` — every case started and
every step checked (roles, guards, time order) and appended through the one
write path, one transaction per case — on a durable SQLite file or a scratch
PostgreSQL database; then the same log again (idempotent: nothing added).

Run: python bench/import_bench.py [--backend sqlite|postgres] [--cases N] [--trust-history]
PostgreSQL: WF_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from workflow import Engine, import_log, propose_definition, read_log, read_mapping

BASE = os.environ.get("WF_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MAPPING = """\
workflow: bench_permit
tenant: gemeente-bench
source: bench
columns: {case: case, activity: activity, timestamp: at, resource: resource, role: group, reference: reference}
"""
PEOPLE = {"intake": ["i1", "i2", "i3"], "permits": ["p1", "p2", "p3", "p4"], "advice": ["a1", "a2", "a3"]}


def _case(rng: random.Random, number: int) -> list[list[str]]:
    """Ten events: receive, register, assess (rework: complete, assess again), advice by several, decide, send."""
    moment = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=number)
    steps = [("Receive", "intake"), ("Register", "intake"), ("Assess", "permits")]
    rework = rng.choice([0, 1, 2])
    steps += [("Complete", "intake"), ("Assess", "permits")] * rework
    steps += [("Advise", "advice")] * (3 - 2 * rework + 2)
    steps += [("Decide", "permits"), ("Send", "intake")]
    rows = []
    for activity, group in steps:
        moment += timedelta(minutes=rng.randint(1, 600), milliseconds=rng.randint(0, 999))
        at = moment.isoformat(timespec="milliseconds")
        rows.append([f"c{number}", f"Z-{number:06d}", activity, at, rng.choice(PEOPLE[group]), group])
    return rows


def make_log(folder: Path, cases: int) -> tuple[Path, Path, int]:
    rng = random.Random(1849)
    rows = [row for n in range(cases) for row in _case(rng, n)]
    log = folder / "log.csv"
    with log.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "reference", "activity", "at", "resource", "group"])
        writer.writerows(rows)
    mapping = folder / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    definitions = folder / "definitions"
    definitions.mkdir()
    found, _ = read_log(log, read_mapping(mapping))
    (definitions / "bench_permit.yaml").write_text(propose_definition(found, "bench_permit"), encoding="utf-8")
    return log, mapping, len(rows)


def run(url: str, folder: Path, cases: int, trust: bool) -> None:
    log, mapping, events = make_log(folder, cases)
    with Engine(url, folder / "definitions", upgrade=True) as engine:
        started = time.perf_counter()
        report = import_log(engine, log, mapping, trust_history=trust)
        took = time.perf_counter() - started
        assert not report.problems, report.lines()[:5]
        assert report.events == events + cases, (report.events, events)  # each case: its start and its events
        print(f"import: {cases} cases, {events} events in {took:.1f} s: {events / took:,.0f} events/s")
        started = time.perf_counter()
        again = import_log(engine, log, mapping, trust_history=trust)
        took = time.perf_counter() - started
        assert again.events == 0
        print(f"again (idempotent, nothing added): {took:.1f} s: {events / took:,.0f} events/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, default=1_000)
    parser.add_argument("--trust-history", action="store_true", help="record without the engine's checks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"backend: {args.backend} (durable){' trusted history' if args.trust_history else ''}")
        if args.backend == "sqlite":
            run(f"sqlite:///{folder / 'import.db'}", folder, args.cases, args.trust_history)
            return
        name = f"wf_bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(BASE, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            url = sa.make_url(BASE).set(database=name).render_as_string(hide_password=False)
            run(url, folder, args.cases, args.trust_history)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


if __name__ == "__main__":
    main()
