"""Benchmark: start-up of the wf command against a bare Python start.

Prints, in one run, the median wall time (with min and max) of
`python -c pass`, `wf --help`, `wf definitions list`, `wf case show` and
`wf case history` on a case just received, and `wf case show` on a case in
execution (more steps, history guards, input schemas) of a seeded year of
cases (SQLite: read through workflow.Reader, no SQLAlchemy), interleaved
run by run, each with its ratio to `python -c pass` (targets of issue 18:
`wf --help` within 5x, the others within 15x).  The definitions cache
(WF_CACHE_DIR) is a fresh folder, warmed by one untimed run first, as after
any first use; `--cold` times them with the
cache off.  The modules' bytecode is written by that first run (as `pip
install` does), even where PYTHONDONTWRITEBYTECODE is set; `--no-bytecode`
keeps it, so every start compiles the package's sources.  Each line also gives the
median CPU time (user + system) of the command and its ratio: on a busy machine
the wall time of a short process is mostly waiting, its CPU time much less so.
`--importtime` prints each command's costliest imports (`python -X importtime`,
self time, one run) to see where the time goes.

Run: python bench/startup_bench.py [--runs N] [--cold] [--importtime]
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WF = Path(sys.executable).parent / "wf"


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    return timed(cmd, env)[0]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``cmd``; CPU (user + system of the child) hardly depends on the load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def costliest_imports(cmd: list[str], env: dict[str, str], top: int = 12) -> list[tuple[int, str]]:
    """(self microseconds, module) of the ``top`` costliest imports of one run of ``cmd``."""
    if cmd[0] == str(WF):
        cmd = [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import sys; from cli import main; main(sys.argv[1:])",
            *cmd[1:],
        ]
    else:
        cmd = [cmd[0], "-X", "importtime", *cmd[1:]]
    err = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, cwd=ROOT).stderr
    found = []
    for line in err.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            found.append((int(parts[0]), parts[2].strip()))
    return sorted(found, reverse=True)[:top]


def _in_execution(db: str) -> str:
    """A case in execution among a seeded year of cases (written through the library, not timed)."""
    from workflow import Engine, play_year

    with Engine(db) as engine:
        play_year(engine, per_gemeente=4, seed=7)
        return next(c.id for c in engine.cases(state="in_execution", limit=1000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold", action="store_true", help="no definitions cache (WF_CACHE_DIR=off)")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE: every start compiles the sources"
    )
    parser.add_argument("--importtime", action="store_true", help="print each command's costliest imports")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "WF_CACHE_DIR": "off" if args.cold else str(folder / "cache")}
    if not args.no_bytecode:  # as after `pip install`: the package's modules compiled once, not at every start
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    db = f"sqlite:///{folder / 'bench.db'}"
    actor = ["--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever", "--tenant", "utrecht"]
    out = subprocess.run(
        [str(WF), "--db", db, "--json", *actor, "case", "start", "assignment"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    ).stdout
    case_id = json.loads(out)["id"]
    busy = _in_execution(db)
    agency = ["--actor", "s.bakker", "--role", "accountmanager"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "wf --help": [str(WF), "--help"],
        "wf definitions list": [str(WF), "definitions", "list"],
        "wf case show CASE": [str(WF), "--db", db, *actor, "case", "show", case_id],
        "wf case history CASE": [str(WF), "--db", db, *actor, "case", "history", case_id],
        "wf case show BUSY": [str(WF), "--db", db, *agency, "case", "show", busy],
    }
    for cmd in commands.values():  # one untimed run each: the cache warm, files in the page cache
        wall(cmd, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved so every command sees the same machine noise
        for name, cmd in commands.items():
            took, used = timed(cmd, env)
            samples[name].append(took)
            cpu[name].append(used)
    floor = statistics.median(samples["python -c pass"])
    cpu_floor = statistics.median(cpu["python -c pass"])
    cache = "off" if args.cold else "warm"
    code = "compiled once" if "PYTHONDONTWRITEBYTECODE" not in env else "compiled at every start"
    print(f"{args.runs} runs each, interleaved; definitions cache {cache}; bytecode {code}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end\n")
    for name, times in samples.items():
        median, used = statistics.median(times), statistics.median(cpu[name])
        print(
            f"{name:<22} median {median * 1e3:7.1f} ms   min {min(times) * 1e3:7.1f} ms   "
            f"max {max(times) * 1e3:7.1f} ms   ratio {median / floor:5.1f}x   "
            f"CPU median {used * 1e3:6.1f} ms ratio {used / cpu_floor:5.1f}x"
        )
    print("\ntargets: wf --help within 5x python -c pass; wf definitions list, case show and history within 15x")
    if args.importtime:
        for name, cmd in commands.items():
            print(f"\n{name}: costliest imports (self time)")
            for micros, module in costliest_imports(cmd, env):
                print(f"  {micros / 1e3:7.1f} ms  {module}")


if __name__ == "__main__":
    main()
