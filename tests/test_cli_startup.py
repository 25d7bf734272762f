"""A quick ``wf``: which modules a command imports (a structure, not a timing; bench/startup_bench.py times it).

- ``wf --help`` imports no command module and none of pydantic, jsonschema,
  YAML, SQLAlchemy, psycopg, structlog or asyncio;
- ``wf definitions list`` with a warm definitions cache imports neither YAML
  nor pydantic nor jsonschema (nor the loader, nor SQLAlchemy);
- ``wf case show`` and ``wf case history`` on SQLite with a warm cache import
  neither YAML nor pydantic, nor SQLAlchemy (they read through
  :class:`workflow.Reader` on ``sqlite3``), nor psycopg, nor alembic, nor
  structlog when nothing is logged, nor jsonschema when no step from the
  case's state has input to validate;
- every command runs with the collector's threshold raised (start-up
  allocates objects that live until the end), restored afterwards.
"""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from workflow._cli.app import COMMANDS, GC_THRESHOLD, collecting_rarely, main

from .paths import ROOT

HEAVY = ("pydantic", "jsonschema", "yaml", "sqlalchemy", "psycopg", "structlog", "asyncio", "alembic")
_PROBE = """
import json, sys
from cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _run(args: list[str], cache: Path) -> tuple[str, set[str]]:
    env = {**os.environ, "WF_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return done.stdout, set(report["modules"])


def _loaded(modules: set[str], roots: tuple[str, ...]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in roots}


@pytest.mark.slow  # subprocesses
def test_help_imports_no_command_and_no_heavy_library(tmp_path: Path) -> None:
    out, modules = _run(["--help"], tmp_path)
    assert all(f"  {name} " in out for name in COMMANDS)
    assert _loaded(modules, HEAVY) == set()
    assert {m for m in modules if m.startswith("workflow.") and not m.startswith("workflow._cli")} == set()
    assert {m for m in modules if m.startswith("workflow._cli.")} == {
        "workflow._cli.app",
        "workflow._cli.help_nl",  # the help texts, plain data
        "workflow._cli.helping",
        "workflow._cli.logs",
        "workflow._cli.safe",
        "workflow._cli.settings",
    }


@pytest.mark.slow  # subprocesses
def test_definitions_list_with_a_warm_cache_imports_no_parser(tmp_path: Path) -> None:
    cold, modules = _run(["definitions", "list"], tmp_path)
    assert {"yaml", "pydantic", "jsonschema"} <= _loaded(modules, HEAVY)  # the first run compiles
    warm, modules = _run(["definitions", "list"], tmp_path)
    assert warm == cold
    assert _loaded(modules, HEAVY) == set()
    assert "workflow.loader" not in modules


@pytest.mark.slow  # subprocesses
def test_case_show_on_sqlite_imports_no_parser_and_no_sqlalchemy(tmp_path: Path) -> None:
    who = ["--db", f"sqlite:///{tmp_path / 'show.db'}", "--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever"]
    who += ["--tenant", "utrecht"]
    out, _ = _run([*who, "--json", "case", "start", "assignment"], tmp_path / "cache")
    case_id = json.loads(out)["id"]
    shown, modules = _run([*who, "case", "show", case_id], tmp_path / "cache")
    assert case_id in shown
    assert _loaded(modules, ("yaml", "pydantic", "psycopg", "structlog", "alembic", "sqlalchemy")) == set()
    assert "workflow.loader" not in modules
    # no step from 'received' takes input with a schema or derives data: nothing to validate, no validator
    assert "jsonschema" not in modules
    listed, modules = _run([*who, "case", "history", case_id], tmp_path / "cache")
    assert "gestart" in listed
    assert _loaded(modules, ("yaml", "pydantic", "psycopg", "structlog", "alembic", "sqlalchemy")) == set()


def test_a_command_runs_with_a_high_collector_threshold_and_restores_it() -> None:
    before = gc.get_threshold()
    with collecting_rarely():
        assert gc.get_threshold() == (max(GC_THRESHOLD, before[0]), *before[1:])
    assert gc.get_threshold() == before
    gc.set_threshold(0)  # collection off: left off
    try:
        with collecting_rarely():
            assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
    done = CliRunner().invoke(main, ["term", "2026-01-05", "--weeks", "6"])
    assert done.exit_code == 0, done.output
    assert gc.get_threshold() == before


def test_the_command_list_of_help_is_each_commands_own_first_sentence() -> None:
    # the root's own settings (-h): click keeps each command's help option once made, so a context
    # without them would leave the commands without -h for the tests that run after this one
    ctx = click.Context(main, **main.context_settings)
    assert main.list_commands(ctx) == sorted(COMMANDS)
    listed = main.get_help(ctx)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.name == name
        own = command.get_help(click.Context(command, info_name=name, parent=ctx))
        first = own.split("\n\n")[1].strip().split(".")[0][:30]  # after the usage line
        assert re.search(rf"^  {re.escape(name)} +{re.escape(first[:20])}", listed, re.MULTILINE), name
