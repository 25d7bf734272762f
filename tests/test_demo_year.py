"""``wf demo --year``: a seeded year played through the engine's API, and its report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Engine, ReportRequest, bundled_definitions_path, parse_period, play_year


@pytest.mark.slow
def test_a_small_year_is_played_through_the_engine_and_reported(tmp_path: Path) -> None:
    with Engine(f"sqlite:///{tmp_path / 'year.db'}", bundled_definitions_path(), durable=False) as engine:
        played = play_year(engine, per_gemeente=2, seed=7)
        now = engine.now()
        found = engine.report(ReportRequest(parse_period(str(now.year))))
        again = engine.audit.verify()
    assert played.cases == 6
    assert played.steps > 6 * 10
    assert again.intact  # every step went through the write path: the chains verify
    assert found["log"]["intact"]
    tenants = {row["tenant"] for row in found["tables"]["hours_totals"]}
    assert tenants <= {"gemeente-utrecht", "gemeente-zeist", "gemeente-houten"}


@pytest.mark.slow
def test_wf_demo_year_writes_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "jaar.html"
    result = CliRunner().invoke(main, ["demo", "--year", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Een jaar gespeeld: 60 opdrachten" in result.output
    assert out.read_text().count("<svg") >= 5
