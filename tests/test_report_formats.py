"""The report's formats and entry points: text within 100 columns, one CSV per table, JSON, the command line,
the timeline, periods, and what the loader says about a wrong report section."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cli import main
from workflow import (
    DefinitionError,
    InvalidInput,
    ReportRequest,
    parse_definition,
    parse_period,
    report_csv,
    report_html,
    report_json,
    report_lines,
    speaking,
)

from .report_support import OPDRACHT, build_log, open_report_engine


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'report.db'}"
    with open_report_engine(url) as engine:
        return url, build_log(engine)


@pytest.fixture(scope="module")
def found(logged: tuple[str, dict[str, str]]) -> dict[str, object]:
    with open_report_engine(logged[0]) as engine:
        return engine.report(ReportRequest(parse_period("2026Q2"), workflow="opdracht"))


def test_text_fits_100_columns_and_speaks_dutch(found: dict[str, object]) -> None:
    lines = list(report_lines(found))
    assert max(len(line) for line in lines) <= 100
    text = "\n".join(lines)
    assert "Periode woensdag 1 april 2026 tot en met dinsdag 30 juni 2026" in text
    assert "Auditlog gecontroleerd: 4 zaken, 24 gebeurtenissen, geen breuken" in text
    assert "13,96" in text  # Dutch decimals
    assert "8 mei 2026" in text
    with speaking("en"):
        english = "\n".join(report_lines(found))
    assert "13.96" in english
    assert "13,96" not in english


def test_csv_is_one_file_per_table_with_the_json_codes(found: dict[str, object], tmp_path: Path) -> None:
    written = report_csv(found, tmp_path)
    assert {p.stem for p in written} == set(found["tables"])  # type: ignore[call-overload]
    with (tmp_path / "deadlines.csv").open() as handle:
        assert list(csv.DictReader(handle)) == [
            {"tenant": "gemeente-a", "met": "1", "missed": "1", "on_time_pct": "50.0"}
        ]


def test_json_is_the_plain_data(found: dict[str, object]) -> None:
    assert json.loads(report_json(found))["tables"]["refusals"] == [
        {"code": "no_budget", "transition": "deliver", "refusals": 1}
    ]


def test_html_is_self_contained(found: dict[str, object]) -> None:
    page = report_html(found)
    assert "<script" not in page
    addresses = re.sub(r'xmlns(:\w+)?="[^"]*"', "", page)  # namespace names are never fetched
    assert "http://" not in addresses
    assert "https://" not in addresses
    assert "default-src 'none'" in page
    assert "@page{size:A4" in page
    assert page.count("<svg") == page.count('class="chart"') == 6


def test_the_command_line_reports_and_shows_a_timeline(logged: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, ids = logged
    base = ["--db", url, "--definitions", str(OPDRACHT)]
    runner = CliRunner()
    result = runner.invoke(main, [*base, "report", "--workflow", "opdracht", "--period", "2026Q2", "--no-verify"])
    assert result.exit_code == 0, result.output
    assert "Auditlog niet gecontroleerd" in result.output
    as_client = ["--actor", "b.klant", "--role", "opdrachtgever", "--tenant", "gemeente-b"]
    out = tmp_path / "r.json"
    args = [*base, *as_client, "report", "--workflow", "opdracht", "--from", "2026-04-01", "--to", "2026-06-30"]
    result = runner.invoke(main, [*args, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "gemeente-a" not in out.read_text()
    result = runner.invoke(main, [*base, "case", "show", ids["A-1"], "--timeline"])
    assert result.exit_code == 0, result.output
    assert "doorlooptijd zonder opschorting: 15 kalenderdagen, 9 werkdagen" in result.output

    assert max(len(line) for line in result.output.splitlines()) <= 100
    shown = json.loads(runner.invoke(main, [*base, "--json", "case", "show", ids["B-1"], "--timeline"]).output)
    assert shown["visits"][-1]["until"] is None
    assert {b["code"] for b in shown["blockers"]} >= {"no_budget"}


def test_a_client_reads_its_own_organisation_in_the_title(logged: tuple[str, dict[str, str]]) -> None:
    url, _ = logged
    as_client = ["--actor", "b.klant", "--role", "opdrachtgever", "--tenant", "gemeente-b"]
    base = ["--db", url, "--definitions", str(OPDRACHT), *as_client, "report", "--workflow", "opdracht"]
    runner = CliRunner()
    own = runner.invoke(main, [*base, "--period", "2026Q2"])
    assert own.exit_code == 0, own.output
    title = own.output.splitlines()[0]
    assert title.endswith("— alleen uw eigen organisatie (gemeente-b)"), title
    assert "alle opdrachtgevers" not in own.output
    assert "Auditlog gecontroleerd voor de zaken die u mag zien (gemeente-b)" in own.output
    other = runner.invoke(main, [*base, "--period", "2026Q2", "--client", "gemeente-a"])
    assert other.exit_code == 0, other.output
    head = other.output.splitlines()
    assert head[0].endswith("— alleen uw eigen organisatie (gemeente-b)"), head[0]
    assert "Niet getoond: gemeente-a — u ziet alleen de zaken van uw eigen organisatie" in head
    everyone = runner.invoke(main, ["--db", url, "--definitions", str(OPDRACHT), "report", "--workflow", "opdracht"])
    assert everyone.output.splitlines()[0].endswith("— alle opdrachtgevers")


@given(st.integers(2014, 2100), st.integers(1, 4))
def test_a_quarter_is_three_whole_months(year: int, quarter: int) -> None:
    period = parse_period(f"{year}q{quarter}")
    assert period.first == date(year, 3 * quarter - 2, 1)
    assert (period.last.year, period.last.month) == (year, 3 * quarter)
    assert parse_period(f"{period.first}..{period.last}") == period


@pytest.mark.parametrize("bad", ["2026Q5", "2026-13", "2026-02-30..2026-03-01", "2026-03-01..2026-02-01", "vorig jaar"])
def test_a_period_not_understood_says_what_is(bad: str) -> None:
    with pytest.raises(InvalidInput, match=f"periode '{re.escape(bad)}' is niet te lezen; geef 2026, 2026Q3"):
        parse_period(bad)
    with speaking("en"), pytest.raises(InvalidInput, match="not understood; give 2026, 2026Q3"):
        parse_period(bad)


def test_output_without_format_takes_the_format_its_name_says(
    logged: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    base = ["--db", logged[0], "--definitions", str(OPDRACHT), "report", "--workflow", "opdracht", "--no-verify"]
    runner = CliRunner()
    page = tmp_path / "r.html"
    result = runner.invoke(main, [*base, "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Rapport (html) geschreven: {page}\n"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = tmp_path / "r.json"
    result = runner.invoke(main, ["--json", *base, "-o", str(data)])
    assert json.loads(result.output) == {"written": str(data), "format": "json"}
    assert "tables" in json.loads(data.read_text(encoding="utf-8"))
    folder = tmp_path / "csv"
    result = runner.invoke(main, ["--json", *base, "-o", str(folder)])
    written = json.loads(result.output)
    assert (written["written"], written["format"]) == (str(folder), "csv")
    assert written["files"]
    assert all(Path(f).parent == folder for f in written["files"])
    odd = runner.invoke(main, [*base, "-o", str(tmp_path / "r.pdf")])
    assert odd.exit_code == 2
    assert odd.stdout == ""
    assert "kan het formaat van -o" in odd.stderr
    assert "--format html, json, csv of text" in odd.stderr
    assert not (tmp_path / "r.pdf").exists()
    unknown = runner.invoke(main, [*base, "--workflow", "nergens"])
    assert unknown.exit_code == 2
    assert "werkstroom 'nergens' heeft geen geladen versie met een report:-sectie" in unknown.stderr


def test_the_loader_names_a_wrong_report_section() -> None:
    text = (
        OPDRACHT.read_text()
        .replace("delivered: deliver", "delivered: hand_over")
        .replace("year: dvo.year", "year: dvo.jaar")
    )
    with pytest.raises(DefinitionError) as info:
        parse_definition(text)
    message = str(info.value)
    assert "report.delivered: onbekende stap 'hand_over'; gedeclareerde stappen: " in message
    assert "report.year: gegevenspad 'dvo.jaar' staat niet in het gegevensschema; declareer het daar" in message


def test_chart_axes_carry_the_languages_decimal_mark() -> None:
    from workflow.reporting.charts import _svg

    def draw(ax: object) -> None:
        ax.plot([0.5, 1.5, 2.5], [1.25, 2.5, 3.75])  # type: ignore[attr-defined]

    dutch = _svg(draw, counts=False)
    with speaking("en"):
        english = _svg(draw, counts=False)
    assert ">2,5<" in dutch
    assert ">2.5<" not in dutch
    assert ">2.5<" in english
    assert ">2,5<" not in english
