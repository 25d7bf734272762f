"""``wf demo --year``: a seeded year played through the engine's API, and its report."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Engine, ReportRequest, bundled_definitions_path, parse_period, play_year
from workflow.workdays import LOCAL, is_working_day


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
def test_the_year_is_worked_in_office_hours_and_reported_over_one_year(tmp_path: Path) -> None:
    """Every start and step on a Dutch working day, 08:30-16:30 Dutch time; the period is one year, not 366 days."""
    with Engine(f"sqlite:///{tmp_path / 'year.db'}", bundled_definitions_path(), durable=False) as engine:
        played = play_year(engine, per_gemeente=3, seed=11)
        today = engine.now().astimezone(LOCAL).date()
        events = [e for case in engine.cases(limit=1000) for e in engine.history(case.id)]
    assert len(events) > 9 * 10
    for event in events:
        local = event.at.astimezone(LOCAL)
        assert is_working_day(local.date()), event
        assert time(8, 30) <= local.time() < time(16, 30), event
    assert played.period is not None
    first, last = played.period
    assert last == today
    assert first.replace(year=first.year + 1) - timedelta(days=1) == last


@pytest.mark.slow
def test_wf_demo_year_writes_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "jaar.html"
    result = CliRunner().invoke(main, ["demo", "--year", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Een jaar gespeeld: 60 opdrachten" in result.output
    assert out.read_text().count("<svg") >= 5
