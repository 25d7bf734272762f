"""A reader that stops early (``wf audit export ... | head -1``): the command stops quietly with 141.

141 is 128 + SIGPIPE, what a shell reports for ``cat`` or ``grep`` whose
reader went away; with ``set -o pipefail`` a script sees that the output was
not read to the end.  No traceback and no "Exception ignored" line on stderr.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from workflow import Actor, Engine

from .paths import FIXTURES, ROOT

NOTE = "x" * 60_000  # each exported row carries the step's input: 20 rows are far beyond any pipe buffer
REASON = "r" * 4_000  # the text log shows each step's reason (not its input): 20 reasons, 80 kB, beyond a 64 kB pipe


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pipes') / 'big.db'}"
    clerk = Actor("carla", ("clerk",), "utrecht")
    with Engine(url, FIXTURES / "engine") as engine:
        case = engine.start("counter", actor=clerk, tenant="utrecht", data={"count": 1})
        for n in range(20):
            engine.fire(case.id, "set", actor=clerk, input={"count": n, "note": NOTE}, reason=REASON)
    return url


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "export", "--format", "jsonl"],
        ["audit", "export", "--format", "csv"],
        ["audit", "log"],
        ["--json", "audit", "log"],
    ],
)
def test_a_closed_pipe_ends_the_command_quietly_with_141(big_log: str, command: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "--db", big_log, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `head -1`: one line read, then gone
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, errors
    assert first.strip()
    assert "Traceback" not in errors
    assert "Exception ignored" not in errors
    assert "BrokenPipe" not in errors


def test_a_full_read_still_exits_0(big_log: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--db", big_log, "audit", "export", "--format", "jsonl"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.count(b"\n") == 21  # the start and 20 steps
