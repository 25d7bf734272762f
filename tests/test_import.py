"""Importing an event log: every case started and stepped with its original moments and actors, then exported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Engine, export, import_log, load_definitions, propose_definition, read_log, read_mapping

from .engine_support import StepClock
from .eventlog_support import MAPPING, XES_MAPPING, make_log, traces, write_csv, write_xes


@pytest.fixture
def log_files(tmp_path: Path) -> dict[str, Path]:
    rows = make_log()
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "mapping-xes.yaml").write_text(XES_MAPPING, encoding="utf-8")
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    csv_path = write_csv(rows, tmp_path / "log.csv")
    cases, problems = read_log(csv_path, read_mapping(tmp_path / "mapping.yaml"))
    assert problems == []
    (definitions / "permit.yaml").write_text(propose_definition(cases, "permit"), encoding="utf-8")
    return {
        "csv": csv_path,
        "xes": write_xes(rows, tmp_path / "log.xes"),
        "mapping": tmp_path / "mapping.yaml",
        "mapping-xes": tmp_path / "mapping-xes.yaml",
        "definitions": definitions,
    }


def _exported(engine: Engine) -> dict[str, list[tuple[str, str, str]]]:
    out = io.StringIO()
    export("jsonl", engine.audit.query(by_case=True), out, engine.audit.export_context(start=False))
    found: dict[str, list[tuple[str, str, str]]] = {}
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        moment = record["at"][:23] + "+00:00"  # to the millisecond
        found.setdefault(record["reference"], []).append((record["transition_label"], record["actor_id"], moment))
    return found


def test_the_proposed_definition_loads_with_loops(log_files: dict[str, Path]) -> None:
    [definition] = load_definitions(log_files["definitions"]).all_versions()
    beoordelen = definition.transitions["beoordelen_aanvraag"]
    assert set(beoordelen.sources) == {"after_registreren", "after_aanvullen_gegevens"}
    assert "after_advies_geven" in definition.transitions["advies_geven"].sources  # several advisors in a row
    assert definition.transitions["advies_geven"].roles == ("adviseurs",)
    assert definition.transitions["beoordelen_aanvraag"].label == "Beoordelen aanvraag"


def test_csv_import_and_export_give_the_same_traces(log_files: dict[str, Path], db_url: str) -> None:
    with Engine(db_url, log_files["definitions"], clock=StepClock()) as engine:
        report = import_log(engine, log_files["csv"], log_files["mapping"])
        assert report.problems == []
        assert (report.cases, report.imported, report.unchanged) == (50, 50, 0)
        steps = len(make_log())  # every source event is a step; each case's start comes before its first
        assert (report.starts, report.steps, report.events) == (50, steps, 50 + steps)
        assert (report.to_dict()["starts"], report.to_dict()["steps"]) == (50, steps)
        assert _exported(engine) == traces(make_log())
        case = engine.cases(limit=1)[0]
        assert case.data["channel"] in ("web", "post", "balie")
        again = import_log(engine, log_files["csv"], log_files["mapping"])
        assert (again.imported, again.unchanged, again.starts, again.steps) == (0, 50, 0, 0)
        assert engine.audit.verify().intact


def test_xes_import_with_trusted_history_is_marked(log_files: dict[str, Path], db_url: str) -> None:
    with Engine(db_url, log_files["definitions"], clock=StepClock()) as engine:
        report = import_log(engine, log_files["xes"], log_files["mapping-xes"], trust_history=True)
        assert report.problems == []
        assert report.imported == 50
        assert _exported(engine) == traces(make_log())
        events = list(engine.audit.query())
        assert all(e.imported for e in events)
        verification = engine.audit.verify()
        assert verification.intact
        assert verification.imported == len(events)


def test_a_failing_case_is_left_out_whole_and_reported(log_files: dict[str, Path], db_url: str) -> None:
    text = log_files["csv"].read_text(encoding="utf-8")
    broken = text.replace("c007,Z-2026-0007,Besluit nemen", "c007,Z-2026-0007,Besluit vernietigen")
    broken = broken.replace("Team vergunningen,", "Juristen,", 1)  # someone acting outside their role
    broken = broken.replace("c011,Z-2026-0011,Registreren,2", "c011,Z-2026-0011,Registreren,yesterday 2")
    log_files["csv"].write_text(broken, encoding="utf-8")
    with Engine(db_url, log_files["definitions"], clock=StepClock()) as engine:
        report = import_log(engine, log_files["csv"], log_files["mapping"])
        assert report.failed == 3
        assert sorted((p.code, p.activity) for p in report.problems) == [
            ("forbidden", "Beoordelen aanvraag"),
            ("invalid_input", None),  # an unreadable moment: its case is left out whole
            ("not_found", "Besluit vernietigen"),
        ]
        assert next(p.case for p in report.problems if p.code == "invalid_input") == "c011"
        refs = {c.reference for c in engine.cases(limit=100)}
        assert not refs & {"Z-2026-0007", "Z-2026-0011"}
        assert len(refs) == 47
        assert all(p.line is not None and p.case for p in report.problems)


def test_cli_import_reports_and_from_log_proposes(log_files: dict[str, Path], db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    proposed = runner.invoke(
        main, ["definitions", "from-log", str(log_files["csv"]), "--mapping", str(log_files["mapping"])]
    )
    assert proposed.exit_code == 0, proposed.output
    assert "workflow: permit" in proposed.stdout
    base = ["--db", db_url, "--definitions", str(log_files["definitions"])]
    report_file = tmp_path / "report.json"
    args = [
        *base,
        "import",
        str(log_files["csv"]),
        "--mapping",
        str(log_files["mapping"]),
        "--report",
        str(report_file),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "50 zaken in het log: 50 geïmporteerd of aangevuld (50 gestart, " in result.stdout
    assert json.loads(report_file.read_text())["imported"] == 50
    verify = runner.invoke(main, ["--db", db_url, "audit", "verify"])
    assert verify.exit_code == 0
    assert "imported history" not in verify.stdout


@pytest.mark.parametrize(
    "who",
    [["--actor", "mallory"], ["--tenant", "gemeente-zeist"], ["--role", "behandelaar"], ["import-after", "--tenant"]],
)
def test_cli_import_refuses_actor_and_tenant_options_it_would_ignore(
    log_files: dict[str, Path], db_url: str, who: list[str]
) -> None:
    runner = CliRunner()
    base = ["--db", db_url, "--definitions", str(log_files["definitions"]), "--lang", "en"]
    command = ["import", str(log_files["csv"]), "--mapping", str(log_files["mapping"])]
    after = who[0] == "import-after"  # the global option given after the subcommand
    args = [*base, *command, "--tenant", "gemeente-zeist"] if after else [*base, *who, *command]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "do not apply" in result.output
    assert "'tenant:' in the mapping" in result.output
    assert "Traceback" not in result.output
    with Engine(db_url, log_files["definitions"]) as engine:
        assert engine.cases() == []  # nothing imported under another organisation
