"""Several processes firing on one database: no lost update, no duplicate, no gap."""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

import pytest
import sqlalchemy as sa

from workflow import ConflictError, Engine
from workflow.store.tables import cases, events

from .engine_support import CLERK, database_urls, definitions, make_url

FIRES_PER_PROCESS = 250
# (processes, cases): SQLite 4 x 250 fires over 20 cases; PostgreSQL 8 x 250 = 2,000 on the same 5 cases
SHAPES = {"sqlite": (4, 20), "postgres": (8, 5)}


def worker(url: str, case_ids: list[str], seed: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    rng = random.Random(seed)
    successes, conflicts = 0, 0
    try:
        with Engine(url, definitions()) as engine:
            for _ in range(FIRES_PER_PROCESS):
                case_id = rng.choice(case_ids)
                try:
                    engine.fire(case_id, "tick", actor=CLERK)
                    successes += 1
                except ConflictError:
                    conflicts += 1
    except Exception as exc:  # report instead of dying silently, so the test fails fast and says why
        results.put(("error", repr(exc)))
        return
    results.put((successes, conflicts))


@pytest.mark.slow
@pytest.mark.parametrize("kind", database_urls())
def test_concurrent_processes_keep_every_case_consistent(kind: str, tmp_path: Path) -> None:
    processes, cases_count = SHAPES[kind]
    for url in make_url(kind, tmp_path):
        with Engine(url, definitions(), upgrade=True) as engine:
            case_ids = [engine.start("counter", actor=CLERK, tenant="t").id for _ in range(cases_count)]
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        procs = [context.Process(target=worker, args=(url, case_ids, seed, results)) for seed in range(processes)]
        for proc in procs:
            proc.start()
        outcomes = [results.get(timeout=300) for _ in procs]
        errors = [detail for kind, detail in outcomes if kind == "error"]
        assert not errors, f"worker processes failed: {errors}"
        for proc in procs:
            proc.join(timeout=60)
            assert proc.exitcode == 0
        successes = sum(s for s, _ in outcomes)
        assert successes + sum(c for _, c in outcomes) == processes * FIRES_PER_PROCESS
        check_consistency(url, case_ids, successes)


def check_consistency(url: str, case_ids: list[str], successes: int) -> None:
    """Versions equal fired counts, sequence numbers contiguous, successes equal fired events."""
    db = sa.create_engine(url)
    fired = sa.func.count().filter(events.c.kind == "fired")
    query = sa.select(
        events.c.case_id, fired, sa.func.count(), sa.func.min(events.c.seq), sa.func.max(events.c.seq)
    ).group_by(events.c.case_id)
    with db.connect() as conn:
        per_case = {row[0]: row[1:] for row in conn.execute(query)}
        versions = dict(conn.execute(sa.select(cases.c.id, cases.c.version)).all())
    db.dispose()
    assert sum(n for n, *_ in per_case.values()) == successes
    for case_id in case_ids:
        fired_here, total, lowest, highest = per_case[case_id]
        assert versions[case_id] == fired_here
        assert (lowest, highest) == (1, total)  # with unique (case_id, seq): no gap, no duplicate
