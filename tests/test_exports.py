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
    assert "4 events exported as csv" in stdout.stderr


def test_csv_columns_are_record_keys() -> None:
    from workflow.exports import CSV_COLUMNS
    from workflow.model import EVENT_FIELDS

    assert set(CSV_COLUMNS) <= set(EVENT_FIELDS)
