"""Small timing helpers shared by the benchmarks: medians with min and max."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def measure(fn: Callable[[], object], *, runs: int = 15, inner: int = 1) -> tuple[float, float, float]:
    """(median, min, max) seconds per call of ``fn`` over ``runs`` runs of ``inner`` calls."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples), min(samples), max(samples)


def fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def row(name: str, stats: tuple[float, float, float]) -> str:
    median, low, high = stats
    return f"{name:<44} median {fmt(median):>10}   min {fmt(low):>10}   max {fmt(high):>10}"


BENCH_DEFINITION = """
workflow: bench
version: 1
title: Bench
roles:
  clerk: {label: Clerk, side: agency}
data:
  type: object
  properties:
    count: {type: integer}
    note: {type: string}
start:
  input: [count, note]
states:
  open: {initial: true}
  done: {final: true}
transitions:
  tick:
    from: open
    roles: [clerk]
    guards:
      - {when: "count >= 0", code: non_negative, message: Count must not be negative.}
  finish: {from: open, to: done, roles: [clerk]}
"""
"""The workflow the fire benchmarks use: one staying step with one guard that reads no history."""
