"""`wf definitions ...` through click's CliRunner, and start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow.docgen import NOTES_MARKER

from .paths import BUNDLED, FIXTURES, ROOT


def test_list(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--definitions", str(BUNDLED), "definitions", "list"])
    assert result.exit_code == 0, result.output
    assert "assignment" in result.output
    assert "Opdracht onder een DVO" in result.output


def test_list_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--definitions", str(BUNDLED), "--json", "definitions", "list"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {k: rows[0][k] for k in ("workflow", "version")} == {"workflow": "assignment", "version": 2}


def test_validate_clean(runner: CliRunner) -> None:
    result = runner.invoke(main, ["definitions", "validate", str(BUNDLED)])
    assert result.exit_code == 0
    assert result.output.startswith(
        "OK: 4 geldige definities (assignment v2, assignment v3, evenementenadvies v3, evenementenadvies v4)"
    )


def test_validate_prints_each_problem_and_exits_2(runner: CliRunner) -> None:
    path = FIXTURES / "broken" / "unknown_key.yaml"
    result = runner.invoke(main, ["definitions", "validate", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines == [
        f"{path}:4:1: het bestand: onbekende sleutel 'colour'; haal die weg of verbeter de spelling",
        f"{path}:8:25: states.open: onbekende sleutel 'lable'; bedoelde u 'label'?",
        f"{path}:11:3: transitions.finish: de verplichte sleutel 'from' ontbreekt; voeg die toe",
        f"{path}:12:5: transitions.finish: onbekende sleutel 'form'; bedoelde u 'from'?",
    ]
    english = runner.invoke(main, ["--lang", "en", "definitions", "validate", str(path)])
    assert english.exit_code == 2
    assert [line for line in english.stdout.splitlines() if line] == [
        f"{path}:4:1: the file: unknown key 'colour'; remove it or correct its spelling",
        f"{path}:8:25: states.open: unknown key 'lable'; did you mean 'label'?",
        f"{path}:11:3: transitions.finish: missing required key 'from'; add it",
        f"{path}:12:5: transitions.finish: unknown key 'form'; did you mean 'from'?",
    ]


def test_validate_json(runner: CliRunner) -> None:
    path = FIXTURES / "broken" / "undeclared_role.yaml"
    result = runner.invoke(main, ["--json", "definitions", "validate", str(path)])
    assert result.exit_code == 2
    payload = json.loads(result.output)
    assert payload["valid"] is False
    assert payload["problems"][0] == {
        "file": str(path),
        "line": 13,
        "column": 20,
        "message": "onbekende rol 'mayor'; gedeclareerde rollen: clerk",
        "code": "definition.unknown",
    }


def test_validate_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["definitions", "validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    # the path alone, no made-up place in it (file:0:0:)
    assert result.stdout.splitlines()[0] == f"{tmp_path / 'nope'}: bestand of map bestaat niet"


def test_show(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--definitions", str(BUNDLED), "definitions", "show", "assignment"])
    assert result.exit_code == 0
    assert "deliver: reviewed -> delivered" in result.output
    assert "voorwaarde [four_eyes]" in result.output
    assert "book_hours: in_execution, suspended -> (blijft)" in result.output
    assert "voegt booking toe aan hours.bookings" in result.output
    assert 'berekent hours.spent = total(hours.bookings, "hours")' in result.output


def test_show_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--definitions", str(BUNDLED), "--json", "definitions", "show", "assignment"])
    payload = json.loads(result.output)
    assert payload["states"]["received"]["initial"] is True
    assert payload["transitions"]["confirm"]["guards"][0]["code"] == "signed_in_future"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["definitions", "show", "nope"], "werkstroom 'nope' bestaat niet; geladen werkstromen: assignment"),
        (["definitions", "show", "assignment", "--version", "9"], "versie 'assignment v9' bestaat niet"),
        (["definitions", "diagram", "nope"], "werkstroom 'nope' bestaat niet"),
    ],
)
def test_unknown_names_exit_2_without_traceback(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["--definitions", str(BUNDLED), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_name_json_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--definitions", str(BUNDLED), "--json", "definitions", "show", "nope"])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"] == "not_found"


def test_invalid_definitions_folder_is_a_usage_error(runner: CliRunner) -> None:
    broken = FIXTURES / "broken" / "dead_end.yaml"
    result = runner.invoke(main, ["--definitions", str(broken), "definitions", "list"])
    assert result.exit_code == 2
    assert "uit status 'stuck' vertrekt geen stap, terwijl het geen eindstatus is" in result.output


@pytest.mark.parametrize(("fmt", "start"), [("mermaid", "---"), ("dot", "digraph")])
def test_diagram(runner: CliRunner, fmt: str, start: str) -> None:
    result = runner.invoke(
        main, ["--definitions", str(BUNDLED), "definitions", "diagram", "assignment", "--format", fmt]
    )
    assert result.exit_code == 0
    assert result.output.startswith(start)


def test_diagram_to_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "a.mmd"
    result = runner.invoke(
        main, ["--definitions", str(BUNDLED), "definitions", "diagram", "assignment", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert "stateDiagram-v2" in out.read_text()


def test_bad_option_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["definitions", "diagram", "assignment", "--format", "png"])
    assert result.exit_code == 2


def test_schema_command_matches_checked_in_file(runner: CliRunner) -> None:
    result = runner.invoke(main, ["definitions", "schema"])
    assert json.loads(result.output) == json.loads((BUNDLED / "schema.json").read_text())


def test_env_variable_sets_definitions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["definitions", "list"], env={"WF_DEFINITIONS": str(FIXTURES / "valid")})
    assert result.exit_code == 0
    assert "switch" in result.output
    assert "mini" in result.output


def test_help_does_not_import_the_library() -> None:
    code = (
        "import sys, cli; from click.testing import CliRunner; "
        "CliRunner().invoke(cli.main, ['--help']); "
        "print(sorted(m for m in ('workflow.loader', 'workflow.engine', 'sqlalchemy', 'pydantic', 'jsonschema', "
        "'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_python_cli_py_runs_from_a_checkout() -> None:
    out = subprocess.run(
        [sys.executable, "cli.py", "definitions", "list"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "assignment" in out.stdout


def test_definitions_commands_do_not_import_the_engine() -> None:
    code = (
        "import sys, cli; from click.testing import CliRunner; "
        "r = CliRunner().invoke(cli.main, ['definitions', 'validate']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('sqlalchemy', 'workflow.engine', 'workflow.store') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_doc_output_keeps_the_hand_written_notes(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "evenementenadvies.md"
    page.write_text("# oud\n" + NOTES_MARKER + "\n\n## Waarom\n\nIntake bij de gemeente.\n", encoding="utf-8")
    args = ["--definitions", str(BUNDLED), "definitions", "doc", "evenementenadvies", "-o", str(page)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Evenementenvergunning en advies van de veiligheidsregio\n")
    assert text.endswith(NOTES_MARKER + "\n\n## Waarom\n\nIntake bij de gemeente.\n")
