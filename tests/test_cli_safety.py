"""The command line under hostile or careless use: forged lines, global options after the
command, Ctrl-C, errors mapped through their own ``code``/``exit_code``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import workflow
from cli import main
from workflow import (
    ConflictError,
    DefinitionError,
    Forbidden,
    GuardFailed,
    HistoryRefused,
    InvalidInput,
    LegalTermError,
    NotFound,
    RetiredDefinition,
    StorageError,
    SubscriberFileError,
    TransitionRefused,
    WorkflowError,
)
from workflow._cli.safe import shown
from workflow._cli.settings import Settings

from .test_cli_cases import Wf

FORGED = "ok\n  2  2026-11-27 10:00:00  submit: open -> review  by director (clerk)"
EVENT_LINE = re.compile(r"^\s*\d+  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]+  ")


@pytest.fixture
def wf(runner: CliRunner, tmp_path: Path) -> Wf:
    return Wf(runner, tmp_path)


# ---- errors carry their identity


@pytest.mark.parametrize(
    ("cls", "code", "exit_code"),
    [
        (WorkflowError, "error", 2),
        (DefinitionError, "invalid_definition", 2),
        (NotFound, "not_found", 2),
        (InvalidInput, "invalid_input", 2),
        (TransitionRefused, "refused", 1),
        (Forbidden, "forbidden", 1),
        (GuardFailed, "guard_failed", 1),
        (ConflictError, "conflict", 1),
        (StorageError, "storage", 2),
        (LegalTermError, "invalid_term", 2),
        (SubscriberFileError, "invalid_definition", 2),
        (HistoryRefused, "history_refused", 1),
        (RetiredDefinition, "retired_definition", 1),
    ],
)
def test_each_error_class_has_a_code_and_exit_code(cls: type[WorkflowError], code: str, exit_code: int) -> None:
    assert (cls.code, cls.exit_code) == (code, exit_code)


def test_every_public_error_class_is_in_the_table() -> None:
    public = {n for n in workflow.__all__ if isinstance(getattr(workflow, n), type)}
    errors = {n for n in public if issubclass(getattr(workflow, n), WorkflowError)}
    assert errors == {
        "WorkflowError",
        "DefinitionError",
        "NotFound",
        "InvalidInput",
        "LegalTermError",
        "RetiredDefinition",
        "SubscriberFileError",
        "HistoryRefused",
        "TransitionRefused",
        "Forbidden",
        "GuardFailed",
        "ConflictError",
        "StorageError",
    }


class _Teapot(WorkflowError):
    code = "teapot"
    exit_code = 7


@pytest.mark.parametrize(
    ("exc", "code", "exit_code"),
    [
        (InvalidInput("reason: 2000000 characters, at most 10000 allowed"), "invalid_input", 2),
        (_Teapot("short and stout"), "teapot", 7),
        (StorageError("database locked (Background on this error at: https://sqlalche.me/e/20/e3q8)"), "storage", 2),
    ],
)
def test_the_cli_exits_with_the_errors_own_code(
    wf: Wf, monkeypatch: pytest.MonkeyPatch, exc: WorkflowError, code: str, exit_code: int
) -> None:
    def broken(self: Settings, **_: object) -> object:
        raise exc

    monkeypatch.setattr(Settings, "engine", broken)
    monkeypatch.setattr(Settings, "reader", broken)  # case history reads a SQLite file through the reader
    text = wf("case", "history", "C-1")
    assert text.exit_code == exit_code
    assert text.stderr.startswith("fout: ")
    assert "Traceback" not in text.output
    assert "Background on this error" not in text.stderr
    payload = json.loads(wf("case", "history", "C-1", json_out=True).stdout)
    assert payload["error"] == code
    assert "Background on this error" not in payload["message"]


def test_ctrl_c_exits_130_with_one_line(wf: Wf, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(workflow.Engine, "run_due_timers", interrupted)
    result = wf("timers", "run", "--every", "5")
    assert result.exit_code == 130
    assert result.stderr.strip().count("\n") == 0
    assert "onderbroken" in result.stderr
    assert "Traceback" not in result.output


# ---- user text cannot forge lines


def test_a_reason_cannot_forge_a_history_line(wf: Wf) -> None:
    case_id = wf.start()
    assert wf("case", "fire", case_id, "tick", "--reason", FORGED).exit_code == 0
    history = wf("case", "history", case_id).stdout.splitlines()
    assert len([line for line in history if EVENT_LINE.match(line)]) == 2
    assert "reden: ok\\n  2  2026-11-27 10:00:00  submit" in "\n".join(history)
    events = [json.loads(line) for line in wf("case", "history", case_id, json_out=True).stdout.splitlines()]
    assert events[1]["reason"] == FORGED  # JSON unchanged


def test_a_reason_cannot_forge_an_audit_log_line(wf: Wf) -> None:
    case_id = wf.start()
    wf("case", "fire", case_id, "tick", "--reason", "x\r\n#99 case C-FAKE (counter, utrecht)\n" + FORGED)
    log = wf("audit", "log", "--case", case_id).stdout
    assert "\r" not in log
    assert [line for line in log.splitlines() if line.startswith("#")] == [
        line for line in log.splitlines() if line.startswith("#") and case_id in line
    ]
    assert len([line for line in log.splitlines() if EVENT_LINE.match(line)]) == 2


@pytest.mark.parametrize("reference", ["R-1\rR-2 forged", "R-1\u202eevil", "R\x1b[2JR", "R\u2066x\u2069"])
def test_a_reference_cannot_break_the_case_list(wf: Wf, reference: str) -> None:
    result = wf("case", "start", "counter", "--reference", reference, tenant="utrecht")
    assert result.exit_code == 0, result.output
    listing = wf("case", "list").stdout
    assert not set(listing) & {"\r", "\x1b", "\u202e", "\u2066", "\u2069"}
    rows = listing.splitlines()
    assert len(rows) == 2
    assert shown(reference) in rows[1]
    assert [c["reference"] for c in map(json.loads, wf("case", "list", json_out=True).stdout.splitlines())] == [
        reference
    ]


def test_actor_and_tenant_shown_safely(wf: Wf) -> None:
    case_id = wf.start()
    wf("case", "fire", case_id, "tick", actor="eve\u202e\nforged")
    history = wf("case", "history", case_id).stdout
    assert "door eve\\u202e\\nforged (Clerk)" in history


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, ümlaut", "plain text, ümlaut"),
        ("a\nb", "a\\nb"),
        ("a\rb\tc", "a\\rb\\tc"),
        ("back\\slash", "back\\\\slash"),
        ("\u202e\u202a\u2066\u2069\u200e\u200f\u061c", "\\u202e\\u202a\\u2066\\u2069\\u200e\\u200f\\u061c"),
        ("bell\x07 del\x7f c1\x85", "bell\\x07 del\\x7f c1\\x85"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("lone \udcff", "lone \\udcff"),
    ],
)
def test_shown(text: str, expected: str) -> None:
    assert shown(text) == expected


# ---- global options before or after the command


def test_global_options_after_the_command(wf: Wf, tmp_path: Path) -> None:
    case_id = wf.start()
    base = wf.base
    fired = wf.runner.invoke(main, [*base, "case", "fire", case_id, "tick", "--actor", "carla", "--role", "clerk"])
    assert fired.exit_code == 0, fired.output
    log = wf.runner.invoke(main, [*base, "audit", "log", "--case", case_id, "--json"])
    assert [json.loads(line)["kind"] for line in log.stdout.splitlines()] == ["started", "fired"]
    listed = wf.runner.invoke(main, ["case", "list", "--json", *base])
    assert json.loads(listed.stdout.splitlines()[0])["id"] == case_id


def test_db_upgrade_with_db_after_the_command(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'after.db'}"
    result = runner.invoke(main, ["db", "upgrade", "--db", url])
    assert result.exit_code == 0, result.output
    assert f"Database gereed: {url}" in result.stdout
    assert (tmp_path / "after.db").exists()


def test_an_option_after_the_command_wins(wf: Wf) -> None:
    case_id = wf.start()
    result = wf("case", "fire", case_id, "tick", "--actor", "zoe", "--role", "reviewer")
    assert result.exit_code == 1  # reviewer may not tick: the later --role replaced clerk
    assert "zoe" in wf("case", "history", case_id).stdout


def test_audit_filters_keep_their_names(wf: Wf) -> None:
    case_id = wf.start()
    wf("case", "fire", case_id, "tick", actor="bob")
    log = wf.runner.invoke(main, [*wf.base, "--json", "audit", "log", "--actor", "bob"])
    assert [json.loads(line)["actor"] for line in log.stdout.splitlines()] == ["bob"]


def test_an_argument_that_is_not_utf8_is_a_usage_error(wf: Wf) -> None:
    # a byte like \xff on the command line reaches Python as a lone surrogate
    result = wf("case", "start", "counter", "--reference", "R-\udcff", tenant="utrecht")
    assert result.exit_code == 2
    assert "argument 'R-\\udcff' is geen geldige UTF-8-tekst" in result.stderr
    assert "Traceback" not in result.output


def test_a_data_file_that_is_not_utf8_is_a_usage_error(wf: Wf, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"note": "\xff"}')
    result = wf("case", "start", "counter", "--data", f"@{bad}", tenant="utrecht")
    assert result.exit_code == 2
    assert "is geen UTF-8-tekst" in result.stderr


def test_a_huge_number_in_data_is_a_usage_error(wf: Wf) -> None:
    result = wf("case", "start", "counter", "--data", '{"count": ' + "9" * 5000 + "}", tenant="utrecht")
    assert result.exit_code == 2
    assert "--data: niet als JSON te lezen" in result.stderr
