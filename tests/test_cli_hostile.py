"""The command line under careless and hostile input: clean messages, exit codes 0/1/2, never a traceback."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main

from .paths import FIXTURES

COUNTER = FIXTURES / "engine" / "counter.yaml"
WHO = ["--actor", "carla", "--role", "clerk", "--tenant", "utrecht"]


def _base(folder: Path) -> list[str]:
    return ["--db", f"sqlite:///{folder / 'wf.db'}", "--definitions", str(COUNTER)]


def test_limit_option_changes_a_limit(runner: CliRunner, tmp_path: Path) -> None:
    args = [*_base(tmp_path), *WHO, "--limits", "max_reference=5", "case", "start", "counter"]
    result = runner.invoke(main, [*args, "--reference", "longer than five"])
    assert result.exit_code == 2, result.output
    assert "max_reference van 5" in result.output
    assert runner.invoke(main, [*args, "--reference", "short"]).exit_code == 0


def test_limits_from_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    args = [*_base(tmp_path), *WHO, "case", "start", "counter", "--data", '{"note": "' + "n" * 200 + '"}']
    result = runner.invoke(main, args, env={"WF_LIMITS": "max_data_bytes=100, max_depth=4"})
    assert result.exit_code == 2, result.output
    assert "max_data_bytes van 100" in result.output


@pytest.mark.parametrize("given_limit", ["max_nothing=3", "max_reason=many", "max_reason", "max_depth=0"])
def test_a_bad_limit_is_a_usage_error(runner: CliRunner, tmp_path: Path, given_limit: str) -> None:
    result = runner.invoke(main, [*_base(tmp_path), *WHO, "--limits", given_limit, "case", "start", "counter"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "max_" in result.output


_NUMBER = "9" * 5000
_TOKENS = st.sampled_from(
    [
        "case",
        "start",
        "fire",
        "show",
        "list",
        "history",
        "explain",
        "available",
        "counter",
        "tick",
        "set",
        "submit",
        "audit",
        "log",
        "verify",
        "timers",
        "due",
        "definitions",
        "validate",
        "--data",
        "--input",
        "--reason",
        "--reference",
        "--idempotency-key",
        "--json",
        "--actor",
        "--role",
        "--tenant",
        "--limits",
        "--limit",
        "--case",
        "--expected-version",
        "clerk",
        "-",
        "--",
        "",
        "\udcff",
        "a\x00b",
        "@bad.json",
        "@missing.json",
        "@deep.json",
        "{}",
        "[]",
        '{"count": ' + _NUMBER + "}",
        '{"note": "\\ud800"}',
        '{"note": "\\u0000"}',
        "[" * 3000,
        "max_depth=1",
        "1e999",
        "-1",
    ]
)


def _files(folder: Path) -> None:
    (folder / "bad.json").write_bytes(b'{"note": "\xff\xfe"}')
    (folder / "deep.json").write_text('{"note": ' + "[" * 5000 + "]" * 5000 + "}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(st.one_of(_TOKENS, st.text(max_size=20)), max_size=10))
def test_random_command_lines_end_cleanly(runner: CliRunner, argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as name, contextlib.chdir(name):
        folder = Path.cwd()
        _files(folder)
        result = runner.invoke(main, [*_base(folder), *WHO, *argv])
    assert result.exit_code in {0, 1, 2}, (argv, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (argv, result.exception)
    assert "Traceback" not in result.output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    option=st.sampled_from(["--data", "--reference", "--idempotency-key"]),
    value=st.one_of(st.sampled_from(["@bad.json", "@deep.json", '{"count": ' + _NUMBER + "}", "\udcff"]), st.text()),
)
def test_random_start_values_end_cleanly(runner: CliRunner, option: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as name, contextlib.chdir(name):
        folder = Path.cwd()
        _files(folder)
        result = runner.invoke(main, [*_base(folder), *WHO, "case", "start", "counter", option, value])
    assert result.exit_code in {0, 1, 2}, (option, value, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (value, result.exception)


@pytest.mark.parametrize("command", [["case", "list"], ["audit", "log"]])
def test_an_unreachable_database_says_what_to_do(runner: CliRunner, command: list[str]) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = runner.invoke(main, ["--db", url, "--definitions", str(COUNTER), *WHO, *command])
    assert result.exit_code == 2, result.output
    assert "controleer de URL" in result.output
    assert "Background on this error" not in result.output
    assert "sqlalche.me" not in result.output
