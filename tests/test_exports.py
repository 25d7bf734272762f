"""Exports: CSV and JSON lines read back; XES read by an independent reader (pm4py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Engine, export

from .test_audit import make_case


def test_jsonl_round_trip(engine: Engine) -> None:
    ids = [make_case(engine) for _ in range(2)]
    out = io.StringIO()
    assert export("jsonl", engine.audit.query(), out) == 8
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["case_id"] for r in rows].count(ids[0]) == 4
    assert rows[3]["kind"] == "refused"
    assert rows[3]["blockers"][0]["code"] == "count_small"
    assert rows == [json.loads(json.dumps(r)) for r in rows]


def test_csv_round_trip(engine: Engine) -> None:
    make_case(engine)
    out = io.StringIO()
    export("csv", engine.audit.query(), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["kind"] for r in rows] == ["started", "fired", "fired", "refused"]
    assert rows[3]["blockers"] == "count_small"
    assert json.loads(rows[2]["input"]) == {"note": "n"}
    assert rows[0]["hash"] == engine.history(rows[0]["case_id"])[0].hash


@pytest.mark.slow
def test_xes_is_read_by_an_independent_reader(engine: Engine, tmp_path: Path) -> None:
    import pm4py  # a dev dependency: an XES reader that is not ours

    ids = [make_case(engine) for _ in range(3)]
    path = tmp_path / "log.xes"
    with path.open("w", encoding="utf-8") as handle:
        assert export("xes", engine.audit.query(by_case=True), handle) == 12
    log = pm4py.read_xes(str(path), return_legacy_log_object=True)
    assert sorted(trace.attributes["concept:name"] for trace in log) == sorted(ids)
    trace = next(t for t in log if t.attributes["concept:name"] == ids[0])
    assert [e["concept:name"] for e in trace] == ["started", "tick", "set", "submit"]
    assert [e["lifecycle:transition"] for e in trace] == ["complete", "complete", "complete", "ate_abort"]
    assert trace[1]["org:resource"] == "carla.clerk"
    assert trace[1]["org:role"] == "clerk"
    assert trace[3]["wf:blockers"] == "count_small"
    assert trace[0]["time:timestamp"].tzinfo is not None
    frame = pm4py.read_xes(str(path))
    assert len(frame) == 12


def test_cli_export_to_file_and_stdout(engine: Engine, db_url: str, tmp_path: Path) -> None:
    make_case(engine)
    runner = CliRunner()
    target = tmp_path / "out.jsonl"
    result = runner.invoke(
        main, ["--db", db_url, "audit", "export", "--format", "jsonl", "--kind", "refused", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["kind"] for line in target.read_text().splitlines()] == ["refused"]
    stdout = runner.invoke(main, ["--db", db_url, "audit", "export", "--format", "csv"])
    assert stdout.stdout.splitlines()[0].startswith("id,case_id,seq,kind")
    assert "4 gebeurtenissen geëxporteerd als csv" in stdout.stderr


def test_csv_columns_are_record_keys() -> None:
    from workflow.exports import CSV_COLUMNS
    from workflow.model import EVENT_FIELDS

    assert set(CSV_COLUMNS) <= set(EVENT_FIELDS)


def _referenced_case(engine: Engine) -> str:
    from .engine_support import CLERK, CLIENT

    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 3}, reference="Z-2026-001")
    engine.fire(case.id, "tick", actor=CLERK)
    engine.fire(case.id, "submit", actor=CLERK, input={"count": 2, "note": "ok"})
    return case.id


def test_csv_carries_reference_labels_and_case_fields(engine: Engine) -> None:
    case_id = _referenced_case(engine)
    out = io.StringIO()
    context = engine.audit.export_context(case_fields=["count", "missing.path"], start=False)
    assert export("csv", engine.audit.query(), out, context) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["reference"] for r in rows} == {"Z-2026-001"}
    assert {r["case_id"] for r in rows} == {case_id}
    assert [r["transition_label"] for r in rows] == ["Tick", "Submit"]
    assert [(r["from_state_label"], r["to_state_label"]) for r in rows] == [("Open", "Open"), ("Open", "In review")]
    assert [r["role_label"] for r in rows] == ["Clerk", "Clerk"]
    assert [r["case:count"] for r in rows] == ["2", "2"]
    assert [r["case:missing.path"] for r in rows] == ["", ""]


def test_jsonl_carries_reference_and_several_kinds(engine: Engine) -> None:
    _referenced_case(engine)
    make_case(engine)
    out = io.StringIO()
    export("jsonl", engine.audit.query(kind=["refused", "started"]), out, engine.audit.export_context())
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(r["kind"] for r in rows) == ["refused", "started", "started"]
    assert sorted(r["reference"] or "" for r in rows) == ["", "", "Z-2026-001"]


def test_field_value_follows_dotted_paths() -> None:
    from workflow.exports import field_value

    data = {"a": {"b": 1, "c": [1]}, "d": "x"}
    assert field_value(data, "a.b") == 1
    assert field_value(data, "a.c") == [1]
    assert field_value(data, "d.e") is None
    assert field_value(data, "z") is None


@pytest.mark.slow
def test_xes_names_traces_by_reference_with_labels(engine: Engine, db_url: str, tmp_path: Path) -> None:
    import pm4py

    case_id = _referenced_case(engine)
    path = tmp_path / "log.xes"
    result = CliRunner().invoke(
        main,
        [
            *("--db", db_url, "audit", "export", "--format", "xes", "--no-start", "--activity", "label"),
            *("--case-field", "count", "--kind", "fired,refused", "-o", str(path)),
        ],
    )
    assert result.exit_code == 0, result.output
    log = pm4py.read_xes(str(path), return_legacy_log_object=True)
    [trace] = list(log)
    assert trace.attributes["concept:name"] == "Z-2026-001"
    assert trace.attributes["wf:case_id"] == case_id
    assert trace.attributes["count"] == 2
    assert [e["concept:name"] for e in trace] == ["Tick", "Submit"]
    assert [e["wf:transition"] for e in trace] == ["tick", "submit"]
    assert trace[1]["org:group"] == "utrecht"
    assert trace[1]["org:role"] == "clerk"
    assert trace[1]["wf:role_label"] == "Clerk"
    assert trace[1]["wf:to_state_label"] == "In review"


def test_cli_refuses_an_unknown_kind(engine: Engine, db_url: str) -> None:
    result = CliRunner().invoke(main, ["--db", db_url, "audit", "export", "--format", "csv", "--kind", "fired,nope"])
    assert result.exit_code == 2
    assert "nope" in result.output
