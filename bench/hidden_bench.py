"""Benchmark: does another organisation's case answer as fast as an unknown id? (tenant first, in time)

A client of another gemeente asks ``get`` about a case it may not see and about an id that does not
exist; both answers are the same ``NotFound``.  Here their costs are compared, interleaved call by
call: on one open reader / read-only engine / writable engine (the cost of every question after
the first), and each on a freshly opened one (the first question, as ``wf case show`` asks it) —
for a case of a loaded definition version and of a version only stored (rebuilt from its text).
Prints medians (µs) with min and max of each, and the ratio hidden / unknown.

Run: python bench/hidden_bench.py [--runs N] [--fresh-runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workflow import Actor, Engine, NotFound, Reader, parse_definition

TINY = """
workflow: tiny
version: {version}
title: Tiny
roles:
  client: {{label: Client, side: client}}
  agent: {{label: Agent, side: agency}}
states:
  open: {{initial: true}}
  done: {{final: true}}
transitions:
  finish: {{from: open, to: done, roles: [agent]}}
"""
OWNER = Actor("c.klant", ["client"], "utrecht")
STRANGER = Actor("olga", ["client"], "zeist")


def _tiny(version: int) -> Any:
    return parse_definition(TINY.format(version=version), f"tiny.v{version}.yaml")


def _asked(questions: Any, case_id: str) -> float:
    started = time.perf_counter()
    try:
        questions.get(case_id, actor=STRANGER)
    except NotFound:
        pass
    else:  # pragma: no cover - the bench would be measuring the wrong thing
        raise SystemExit("the stranger was shown the case")
    return time.perf_counter() - started


def _stats(samples: list[float]) -> str:
    median, low, high = (statistics.median(samples) * 1e6, min(samples) * 1e6, max(samples) * 1e6)
    return f"median {median:8.1f} µs  (min {low:7.1f}, max {high:8.1f})"


def _compare(name: str, hidden: list[float], unknown: list[float]) -> None:
    ratio = statistics.median(hidden) / statistics.median(unknown)
    print(f"{name:<44} hidden  {_stats(hidden)}")
    print(f"{'':<44} unknown {_stats(unknown)}   ratio {ratio:4.2f}")


def _open_ones(kind: str, url: str, loaded: list[Any]) -> Callable[[], Any]:
    if kind == "reader":
        return lambda: Reader(url, loaded)
    if kind == "engine, read-only":
        return lambda: Engine(url, loaded, read_only=True)
    return lambda: Engine(url, loaded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3000, help="questions on one open reader/engine")
    parser.add_argument("--fresh-runs", type=int, default=40, help="first questions, each on a new one")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'hidden.db'}"
    with Engine(url, [_tiny(1)], upgrade=True) as old:
        stored_only = old.start("tiny", actor=OWNER, tenant="utrecht").id
    with Engine(url, [_tiny(2)]) as engine:
        loaded_case = engine.start("tiny", actor=OWNER, tenant="utrecht").id
    unknown = "0" * 32
    print(f"load average {os.getloadavg()[0]:.1f}; {args.runs} questions on one open, {args.fresh_runs} first ones\n")
    for kind in ("reader", "engine, read-only", "engine"):
        opened = _open_ones(kind, url, [_tiny(2)])
        with opened() as questions:
            for label, case_id in (("loaded version", loaded_case), ("version only stored", stored_only)):
                times: dict[str, list[float]] = {case_id: [], unknown: []}
                for _ in range(args.runs):
                    for asked in (case_id, unknown):
                        times[asked].append(_asked(questions, asked))
                _compare(f"{kind}, {label}, open", times[case_id], times[unknown])
        for label, case_id in (("loaded version", loaded_case), ("version only stored", stored_only)):
            first: dict[str, list[float]] = {case_id: [], unknown: []}
            for _ in range(args.fresh_runs):
                for asked in (case_id, unknown):
                    with opened() as questions:
                        first[asked].append(_asked(questions, asked))
            _compare(f"{kind}, {label}, first question", first[case_id], first[unknown])
        print()


if __name__ == "__main__":
    main()
