"""Benchmark: fire latency with a ``count()`` guard on a young case and on an old one.

One case gets ``--young`` fired events, another ``--old`` (default 100 and
100,000).  The events are bulk-inserted (fast setup: copies of a real fired
event with the case's next sequence numbers; the hash chain is not kept, the
bench does not verify it), the case's row and its history aggregates are set
as the write path would leave them; then every measured fire goes through
the engine.  Reports the median fire latency on each case and the ratio old
/ young (target <= 1.5x: history guards read per-case aggregates, not the log).

Run: python bench/history_bench.py [--url URL] [--young N] [--old N] [--fires N] [--runs N]
(default URL: a temporary SQLite file; PostgreSQL: --url postgresql+psycopg://postgres@127.0.0.1:5432/bench,
a database that exists and is empty or already migrated)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from workflow import Actor, Engine, parse_definition

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import fmt, measure

DEFINITION = """
workflow: histbench
version: 1
title: History bench
roles:
  clerk: {label: Clerk, side: agency}
states:
  open: {initial: true, label: Open}
  done: {final: true, label: Done}
transitions:
  tick:
    from: open
    label: Tick
    roles: [clerk]
    guards:
      - {when: "count('tick') < 100000000", code: not_too_often, message: Ticked too often.}
  close:
    from: open
    to: done
    label: Close
    roles: [clerk]
"""

CLERK = Actor("carla.clerk", ("clerk",))
_CHUNK = 5_000


def _grow(engine: Engine, case_id: str, events: int) -> None:
    """Bulk-insert ``events`` fired ``tick`` events after the case's first fire; set its row and aggregates."""
    db = engine._db
    tables = sa.MetaData()
    ev = sa.Table("wf_events", tables, autoload_with=db)
    with db.begin() as conn:
        model = conn.execute(sa.select(ev).where(ev.c.case_id == case_id, ev.c.kind == "fired")).mappings().first()
        assert model is not None
        template = {k: v for k, v in model.items() if k != "id"}
        start = int(conn.execute(sa.select(sa.func.max(ev.c.seq)).where(ev.c.case_id == case_id)).scalar_one())
        for first in range(start + 1, start + events + 1, _CHUNK):
            rows = [
                {**template, "seq": seq, "idempotency_key": None, "hash": f"{seq:064x}"}
                for seq in range(first, min(first + _CHUNK, start + events + 1))
            ]
            conn.execute(ev.insert(), rows)
        last = start + events
        conn.execute(
            sa.text("UPDATE wf_cases SET event_count = :n, head_hash = :h WHERE id = :c"),
            {"n": last, "h": f"{last:064x}", "c": case_id},
        )
        conn.execute(
            sa.text("UPDATE wf_case_history SET fired = fired + :n, last_seq = :s WHERE case_id = :c"),
            {"n": events, "s": last, "c": case_id},
        )


def _firing(engine: Engine, case_id: str) -> Callable[[], object]:
    return lambda: engine.fire(case_id, "tick", actor=CLERK)


def run(url: str, young: int, old: int, fires: int, runs: int) -> None:
    definition = parse_definition(DEFINITION, "histbench.yaml")
    with Engine(url, definition, upgrade=True, durable=False) as engine:
        cases: dict[str, str] = {}
        for label, events in (("young", young), ("old", old)):
            case = engine.start("histbench", actor=CLERK, tenant="t")
            engine.fire(case.id, "tick", actor=CLERK)
            _grow(engine, case.id, events - 1)
            cases[label] = case.id
        results: dict[str, list[float]] = {}
        for label in ("young", "old", "young", "old"):  # interleaved: both see the same noise
            stats = measure(_firing(engine, cases[label]), runs=runs, inner=fires)
            results.setdefault(label, []).append(stats[0])
        medians = {label: min(values) for label, values in results.items()}
        print(f"{engine._db.dialect.name}: count() guard, fire latency")
        for label, events in (("young", young), ("old", old)):
            print(f"  {events:>9,} events  {fmt(medians[label]):>10}")
        print(f"  ratio old/young: {medians['old'] / medians['young']:.2f}x (target <= 1.5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--young", type=int, default=100)
    parser.add_argument("--old", type=int, default=100_000)
    parser.add_argument("--fires", type=int, default=20)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if args.url:
        run(args.url, args.young, args.old, args.fires, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'history.db'}", args.young, args.old, args.fires, args.runs)


if __name__ == "__main__":
    main()
