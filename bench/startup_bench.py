"""Benchmark: start-up of the wf command against a bare Python start.

Prints, in one run, the median wall time (with min and max) of
`python -c pass`, `wf --help`, `wf definitions list` and `wf case show` on an
existing case, each with its ratio to `python -c pass` (target: `wf --help`
within 6x).

Run: python bench/startup_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WF = Path(sys.executable).parent / "wf"


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = f"sqlite:///{folder / 'bench.db'}"
    actor = ["--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever", "--tenant", "utrecht"]
    out = subprocess.run(
        [str(WF), "--db", db, "--json", *actor, "case", "start", "assignment"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    case_id = json.loads(out)["id"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "wf --help": [str(WF), "--help"],
        "wf definitions list": [str(WF), "definitions", "list"],
        "wf case show CASE": [str(WF), "--db", db, *actor, "case", "show", case_id],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved so every command sees the same machine noise
        for name, cmd in commands.items():
            samples[name].append(wall(cmd))
    floor = statistics.median(samples["python -c pass"])
    print(f"{args.runs} runs each, interleaved\n")
    for name, times in samples.items():
        median = statistics.median(times)
        print(
            f"{name:<22} median {median * 1e3:7.1f} ms   min {min(times) * 1e3:7.1f} ms   "
            f"max {max(times) * 1e3:7.1f} ms   ratio {median / floor:5.1f}x"
        )
    print("\ntarget: wf --help within 6x python -c pass")


if __name__ == "__main__":
    main()
