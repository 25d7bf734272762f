"""``wf demo`` cleans up its temporary folder unless asked to keep it; the year demo keeps office hours."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow.demo_year import office_hours, year_before
from workflow.workdays import LOCAL, is_working_day


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where tempfile makes its folders during the test (so what the demo leaves behind can be seen)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_demo_removes_its_temporary_folder_and_says_how_to_keep_it(temp_root: Path) -> None:
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert list(temp_root.iterdir()) == []
    assert "De tijdelijke demodatabase is weer opgeruimd" in result.stdout
    assert "wf demo --keep" in result.stdout
    assert "case show" not in result.stdout  # no commands pointing at a database that is gone


def test_demo_keep_leaves_the_database_and_points_at_it(temp_root: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--keep"])
    assert result.exit_code == 0, result.output
    [folder] = temp_root.iterdir()
    assert (folder / "demo.db").is_file()
    assert f"wf --db sqlite:///{folder / 'demo.db'} case show" in result.stdout
    assert "opgeruimd" not in result.stdout


def test_demo_with_a_database_of_ones_own_makes_no_folder(temp_root: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mine.db'}"
    result = CliRunner().invoke(main, ["demo", "--db", url])
    assert result.exit_code == 0, result.output
    assert list(temp_root.iterdir()) == []
    assert (tmp_path / "mine.db").is_file()
    assert f"wf --db {url} case history" in result.stdout


@pytest.mark.slow
def test_demo_year_keeps_only_the_report(temp_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "jaar.html"
    result = CliRunner().invoke(main, ["demo", "--year", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert list(temp_root.iterdir()) == []
    assert out.is_file()
    assert f"Rapport geschreven: {out.resolve()} (open het in een browser)" in result.stdout
    assert "report --period" not in result.stdout


@pytest.mark.parametrize(
    ("today", "first", "days"),
    [
        (date(2026, 11, 27), date(2025, 11, 28), 365),  # the review's day: 365 days, not 366
        (date(2028, 2, 29), date(2027, 3, 1), 366),  # a leap day: the year it closes holds one
        (date(2028, 3, 1), date(2027, 3, 2), 366),
        (date(2029, 1, 1), date(2028, 1, 2), 366),
        (date(2027, 1, 1), date(2026, 1, 2), 365),
    ],
)
def test_the_year_reported_is_one_year(today: date, first: date, days: int) -> None:
    start, end = year_before(today)
    assert (start, end) == (first, today)
    assert (end - start).days + 1 == days


def _moments() -> list[datetime]:
    """Every quarter of an hour over three weeks around Christmas and a summer-time change."""
    found = []
    for origin in (datetime(2026, 12, 18, tzinfo=UTC), datetime(2027, 3, 22, tzinfo=UTC)):
        found += [origin + timedelta(minutes=15 * n) for n in range(4 * 24 * 21)]
    return found


def test_office_hours_are_working_days_from_half_past_eight_for_eight_hours() -> None:
    for moment in _moments():
        shifted = office_hours(moment)
        local = shifted.astimezone(LOCAL)
        assert shifted >= moment
        assert is_working_day(local.date()), (moment, local)
        assert time(8, 30) <= local.time(), local
        assert local.time() < time(16, 30), local
        if shifted != moment:  # moved only when outside office hours, to the next working day's hours at most
            assert local.date() - moment.astimezone(LOCAL).date() <= timedelta(days=6)


def test_a_moment_in_office_hours_stays_put() -> None:
    moment = datetime(2026, 11, 27, 10, 5, tzinfo=LOCAL)  # a Friday
    assert office_hours(moment) == moment
    assert office_hours(datetime(2026, 11, 27, 2, 17, tzinfo=LOCAL)).astimezone(LOCAL).date() == date(2026, 11, 27)
    assert office_hours(datetime(2026, 11, 27, 16, 42, tzinfo=LOCAL)).astimezone(LOCAL).date() == date(2026, 11, 30)
