"""Inputs at the edge of Python's dates and the driver's integers: a clear InvalidInput, never OverflowError."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Engine, InvalidInput, ReportRequest, WorkflowError, parse_period, speaking

from .engine_support import CLERK
from .report_support import AUDITOR, OPDRACHT, build_log, open_report_engine


@pytest.fixture
def report_db(db_url: str) -> str:
    with open_report_engine(db_url) as engine:
        build_log(engine)
    return db_url


def test_due_within_timedelta_max_is_invalid_input(engine: Engine) -> None:
    engine.start("counter", actor=CLERK, tenant="t")
    for within in (timedelta.max, timedelta.min):
        with pytest.raises(InvalidInput) as raised:
            engine.due(within=within)
        assert "within is te groot" in str(raised.value)
        assert raised.value.key == "input.within_range"
    assert engine.due(within=timedelta(days=3650)) == []  # a long, computable span still answers


@pytest.mark.parametrize(
    "period", ["9999", "0001", "9999Q4", "9999-12", "0001-01", "0001-01-02..0001-01-03", "9996", "0000", "0000Q1"]
)
def test_a_period_the_engine_cannot_compute_is_invalid_input(report_db: str, period: str) -> None:
    with open_report_engine(report_db) as engine, pytest.raises(InvalidInput) as raised:
        engine.report(ReportRequest(parse_period(period), workflow="opdracht", actor=AUDITOR), verify=False)
    assert raised.value.key == "report.period_range"
    assert "geef een periode tussen de jaren 2 en 9995" in str(raised.value)


@pytest.mark.parametrize("period", ["0002", "9995"])
def test_the_outermost_periods_report(report_db: str, period: str) -> None:
    with open_report_engine(report_db) as engine:
        found = engine.report(ReportRequest(parse_period(period), workflow="opdracht"), verify=False)
    assert found["period"]


@pytest.mark.parametrize("year", [10**30, -(10**30), 0, 10_000, True, "2026"])
def test_a_dvo_year_out_of_range_is_invalid_input(report_db: str, year: object) -> None:
    request = ReportRequest(parse_period("2026"), workflow="opdracht", dvo_year=year)  # type: ignore[arg-type]
    with open_report_engine(report_db) as engine, pytest.raises(InvalidInput) as raised:
        engine.report(request, verify=False)
    assert raised.value.key == "report.dvo_year"
    assert "dvo_year moet een jaartal tussen 2 en 9995 zijn; gevonden:" in str(raised.value)
    assert len(str(raised.value)) < 200


def test_a_workflow_without_a_report_section_speaks_the_catalogue(report_db: str) -> None:
    with open_report_engine(report_db) as engine:
        said_in: tuple[tuple[Literal["nl", "en"], str], ...] = (
            ("nl", "heeft geen geladen versie met een report:-sectie"),
            ("en", "has no loaded"),
        )
        for language, said in said_in:
            with speaking(language), pytest.raises(InvalidInput) as raised:
                engine.report(ReportRequest(parse_period("2026"), workflow="nope"), verify=False)
            assert said in str(raised.value)
            assert raised.value.key == "input.no_report"


@pytest.mark.parametrize(
    "args",
    [["--period", "9999"], ["--period", "0001"], ["--period", "2026", "--dvo-year", str(10**30)]],
    ids=["9999", "0001", "dvo"],
)
def test_wf_report_says_what_was_wrong_without_a_traceback(report_db: str, args: list[str]) -> None:
    result = CliRunner().invoke(
        main, ["--db", report_db, "--definitions", str(OPDRACHT), "report", "--workflow", "opdracht", *args]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("fout: ")
    assert not isinstance(result.exception, OverflowError)
    assert issubclass(InvalidInput, WorkflowError)
