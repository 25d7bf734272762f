"""`wf term DATE --weeks N`: the term calculator, through click's CliRunner on the command itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow._cli.term import term


def test_text_names_each_skipped_day_and_its_article(runner: CliRunner) -> None:
    result = runner.invoke(term, ["2026-02-06", "--weeks", "8"], env={"WF_ATW_EQUATED": ""})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Termijn van 8 weken na vrijdag 6 februari 2026",
        "Zonder Algemene termijnenwet: vrijdag 3 april 2026",
        "Overgeslagen:",
        "  vrijdag 3 april 2026: Goede Vrijdag (Atw art. 3 lid 2)",
        "  zaterdag 4 april 2026: zaterdag (Atw art. 1)",
        "  zondag 5 april 2026: zondag (Atw art. 1)",
        "  maandag 6 april 2026: Tweede Paasdag (Atw art. 3)",
        "Einde van de termijn: dinsdag 7 april 2026",
    ]


def test_json_gives_start_naive_end_end_and_skipped(runner: CliRunner) -> None:
    result = runner.invoke(term, ["10-03-2026", "--weeks", "8", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "start": "2026-03-10",
        "naive_end": "2026-05-05",
        "end": "2026-05-06",
        "skipped": [{"date": "2026-05-05", "reason": "5 mei (Atw art. 3)"}],
    }


def test_ordinary_end_and_mixed_units(runner: CliRunner) -> None:
    result = runner.invoke(term, ["2026-03-12", "--months", "1", "--days", "1"])
    assert result.exit_code == 0, result.output
    assert "Termijn van 1 maand en 1 dag na donderdag 12 maart 2026" in result.output
    assert "Geen dag overgeslagen" in result.output
    assert result.output.rstrip().endswith("Einde van de termijn: maandag 13 april 2026")


def test_backward_is_not_moved(runner: CliRunner) -> None:
    result = runner.invoke(term, ["2026-05-02", "--weeks", "4", "--backward"])
    assert result.exit_code == 0, result.output
    assert "teruggerekend vanaf zaterdag 2 mei 2026" in result.output
    assert "geen verlenging (Atw art. 1 lid 2)" in result.output
    assert "Einde van de termijn: zaterdag 4 april 2026" in result.output


def test_unverified_equated_day_is_flagged(runner: CliRunner) -> None:
    result = runner.invoke(term, ["2026-05-08", "--weeks", "1"])
    assert result.exit_code == 0, result.output
    assert "vrijdag 15 mei 2026: vrijdag na Hemelvaartsdag (Atw art. 3 lid 3)" in result.output
    assert "niet geverifieerd in de Staatscourant" in result.output


@pytest.mark.parametrize("bad", ["2026-02-30", "10/03/2026", "morgen", ""])
def test_bad_date_exits_2_with_a_clear_message(runner: CliRunner, bad: str) -> None:
    result = runner.invoke(term, [bad, "--weeks", "8"])
    assert result.exit_code == 2
    assert f"ongeldige datum {bad!r}; verwacht JJJJ-MM-DD of DD-MM-JJJJ" in result.stderr


def test_bad_date_with_json(runner: CliRunner) -> None:
    result = runner.invoke(term, ["x", "--weeks", "8", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == "usage"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["2026-03-10"], "geef een termijn op met --days, --weeks of --months"),
        (["2010-03-10", "--weeks", "8"], "de Atw-kalender begint in 2014"),
        (["9999-12-01", "--months", "2"], "de termijn valt buiten de kalender"),
    ],
)
def test_impossible_terms_exit_2(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(term, args)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_negative_amount_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(term, ["2026-03-10", "--weeks", "-1"]).exit_code == 2


def test_extra_equated_days_from_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "eigen.toml"
    path.write_text(
        '[[day]]\ndate = 2026-05-06\nname = "brugdag (test)"\nsource = "test"\nverified = true\n', encoding="utf-8"
    )
    result = runner.invoke(term, ["2026-03-10", "--weeks", "8", "--json"], env={"WF_ATW_EQUATED": str(path)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["end"] == "2026-05-07"
    path.write_text("[[day]]\ndate = 2026-05-06\n", encoding="utf-8")
    broken = runner.invoke(term, ["2026-03-10", "--weeks", "8"], env={"WF_ATW_EQUATED": str(path)})
    assert broken.exit_code == 2
    assert "gelijkgestelde dagen (WF_ATW_EQUATED) klopt niet" in broken.stderr
    assert f"{path}:2: [[day]] #1: 'name' ontbreekt (een tekst tussen aanhalingstekens)" in broken.stderr
    assert not re.search(r"\b(missing|problem|the|fix)\b", broken.stderr)


def test_english_on_request(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--lang", "en", "term", "2026-12-24", "--days", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Term of 3 days after Thursday 24 December 2026\n")
    assert "Skipped:\n  Sunday 27 December 2026: Sunday (Atw art. 1)\n" in result.output
    assert "Monday 28 December 2026: at least two working days in the term (Atw art. 2)" in result.output
    assert "End of the term: " in result.output
    assert not re.search(r"\b(Termijn|Overgeslagen|Einde|dagen|na)\b", result.output)
    one = runner.invoke(term, ["2026-03-10", "--weeks", "1", "--days", "1"], env={"WF_LANG": "en"})
    assert one.output.startswith("Term of 1 week and 1 day after Tuesday 10 March 2026"), one.output
    path = tmp_path / "eigen.toml"
    path.write_text("[[day]]\ndate = 2026-05-06\n", encoding="utf-8")
    broken = runner.invoke(
        main, ["--lang", "en", "term", "2026-03-10", "--weeks", "8"], env={"WF_ATW_EQUATED": str(path)}
    )
    assert broken.exit_code == 2
    assert broken.stderr.startswith("error: the table of equated days (WF_ATW_EQUATED) is wrong:\n3 problems")
    assert "missing 'verified' (true or false)" in broken.stderr
    bad = runner.invoke(main, ["--lang", "en", "term", "morgen", "--weeks", "1"])
    assert "invalid date 'morgen'; expected YYYY-MM-DD" in bad.stderr
