"""The report's words: the log's verdict whole within 100 columns, a scope without cases said so, refusals
counted per attempt and charted by label, the highlight column named for what it is (docs/reports.md)."""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from workflow import ReportRequest, parse_period, report_html, report_lines, speaking

from .report_support import OPDRACHT, build_log, open_report_engine

CLIENT_B = ("--actor", "b.klant", "--role", "opdrachtgever", "--tenant", "gemeente-b")
AGENCY = ("--actor", "w.werker", "--role", "medewerker", "--tenant", "rijk")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = f"sqlite:///{tmp_path_factory.mktemp('report_words') / 'report.db'}"
    with open_report_engine(found) as engine:
        build_log(engine)
    return found


@pytest.fixture(scope="module")
def found(url: str) -> dict[str, Any]:
    with open_report_engine(url) as engine:
        return engine.report(ReportRequest(parse_period("2026Q2"), workflow="opdracht"))


def _report(url: str, *args: str, who: tuple[str, ...] = ()) -> str:
    """The text report (its lines joined again where they were wrapped), checked to fit 100 columns."""
    result = CliRunner().invoke(main, ["--db", url, "--definitions", str(OPDRACHT), *who, "report", "--workflow",
                                       "opdracht", "--period", "2026Q2", *args])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    return _unwrapped(result.output.splitlines())


def _unwrapped(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def test_the_verdict_is_in_the_text_for_a_client_and_for_the_agency(url: str) -> None:
    client = _report(url, who=CLIENT_B)
    assert "Auditlog gecontroleerd voor de zaken die u mag zien (gemeente-b): 2 zaken," in client
    assert "geen breuken" in client
    agency = _report(url, who=AGENCY)
    assert "Auditlog gecontroleerd: 4 zaken, 24 gebeurtenissen, geen breuken" in agency


def test_a_long_verdict_wraps_instead_of_losing_its_end(found: dict[str, Any]) -> None:
    long = {**found, "own_tenant": "gemeente-zeist", "tenants_hidden": []}
    long["log"] = {"verified": True, "intact": True, "cases": 20, "events": 397, "breaks": 0}
    lines = list(report_lines(long))
    assert max(len(line) for line in lines) <= 100
    header = _unwrapped(lines[:6])
    assert "(gemeente-zeist): 20 zaken, 397 gebeurtenissen, geen breuken" in header
    long["log"] = {**long["log"], "intact": False, "breaks": 1, "cases": 1}
    assert "1 breuk in 1 zaak" in _unwrapped(list(report_lines(long))[:6])


def test_a_scope_without_cases_says_so_and_verifies_only_its_own_cases(url: str) -> None:
    nobody = _report(url, "--client", "gemeente-nergens")
    assert "Auditlog gecontroleerd voor de zaken van dit rapport: 0 zaken, 0 gebeurtenissen, geen breuken" in nobody
    assert "Geen zaken in de reikwijdte van dit rapport" in nobody
    assert "4 zaken" not in nobody
    as_json = CliRunner().invoke(main, ["--db", url, "--definitions", str(OPDRACHT), "--json", "report",
                                        "--workflow", "opdracht", "--period", "2026Q2", "--format", "json",
                                        "--client", "gemeente-a"])  # fmt: skip
    log = json.loads(as_json.output)["log"]
    assert (log["scoped"], log["intact"]) == (True, True)
    assert 0 < log["cases"] < 4  # gemeente-a's cases, not the whole log's


def test_refusals_are_charted_by_the_label_the_table_shows(found: dict[str, Any]) -> None:
    labelled = deepcopy(found)
    labelled["labels"]["transitions"]["deliver"] = "Opleveren aan de opdrachtgever"
    page = report_html(labelled)
    assert "no_budget (Opleveren aan de opdrachtgever)" in page
    assert "(deliver)" not in page
    text = "\n".join(report_lines(labelled))
    assert "een poging met blokkades van" in text  # the table says what it counts


def test_the_highlight_column_is_called_highlighted(found: dict[str, Any]) -> None:
    text = "\n".join(report_lines(found))
    assert "uitgelicht" in text
    assert "succes " not in text
    with speaking("en"):
        assert "highlighted" in "\n".join(report_lines(found))
