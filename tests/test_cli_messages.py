"""Messages a new user met on the command line: each in the language asked for, saying what to do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main

from .paths import BUNDLED

CLIENT = ["--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-utrecht"]
ENGLISH = re.compile(r"\b(the|expecting|property|enclosed|connection|by|missing|refused|someone)\b", re.IGNORECASE)


class Wf:
    def __init__(self, runner: CliRunner, tmp_path: Path) -> None:
        self.runner = runner
        self.base = ["--db", f"sqlite:///{tmp_path / 'wf.db'}", "--definitions", str(BUNDLED)]

    def __call__(self, *args: str) -> Result:
        return self.runner.invoke(main, [*self.base, *args])

    def start(self) -> str:
        started = self("--json", *CLIENT, "case", "start", "assignment")
        assert started.exit_code == 0, started.output
        return str(json.loads(started.stdout)["id"])


@pytest.fixture
def wf(runner: CliRunner, tmp_path: Path) -> Wf:
    return Wf(runner, tmp_path)


def test_bad_json_names_line_and_column_in_dutch_without_pythons_words(wf: Wf) -> None:
    result = wf(*CLIENT, "case", "fire", "x", "classify", "--input", "{bad")
    assert result.exit_code == 2
    assert "--input: geen geldige JSON (fout op regel 1, kolom 2, bij 'bad')" in result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr
    cut = wf(*CLIENT, "case", "fire", "x", "classify", "--input", '{"a": ')
    assert "bij het einde van de tekst" in cut.stderr
    english = wf("--lang", "en", *CLIENT, "case", "fire", "x", "classify", "--input", "{bad")
    assert "--input: not valid JSON (an error at line 1, column 2, at 'bad')" in english.stderr


def test_an_unreachable_database_marks_the_drivers_words_as_the_drivers(runner: CliRunner) -> None:
    url = "postgresql+psycopg://postgres:wrong@127.0.0.1:1/x"
    result = runner.invoke(main, ["--db", url, "case", "list"])
    assert result.exit_code == 2
    dutch, _, driver = result.stderr.partition(" (melding van de databasedriver: ")
    assert dutch.startswith("fout: de database op postgresql+psycopg://postgres:***@127.0.0.1:1/x is niet bereikbaar;")
    assert not ENGLISH.search(dutch), dutch
    assert driver.rstrip().endswith(")")
    english = runner.invoke(main, ["--lang", "en", "--db", url, "case", "list"])
    assert " (the database driver said: " in english.stderr


def test_definitions_show_words_deadlines_in_the_language(wf: Wf) -> None:
    dutch = wf("definitions", "show", "assignment").stdout
    assert "Offerte uitgebracht  [termijn uiterlijk op quote.valid_until]" in dutch
    assert "Vraag ontvangen  [begin, termijn 5 werkdagen]" in dutch
    assert not re.search(r"termijn[^\]]*\b(by|working|days)\b", dutch)
    english = wf("--lang", "en", "definitions", "show", "assignment").stdout
    assert "Offerte uitgebracht  [deadline by quote.valid_until]" in english
    assert "[initial, deadline 5 working days]" in english


def test_a_required_field_given_as_reason_is_refused_with_where_it_goes(wf: Wf) -> None:
    case_id = wf.start()
    refused = wf(*CLIENT, "case", "fire", case_id, "withdraw", "--reason", "Niet meer nodig")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-2:] == [
        "  - Vul de reden van beëindiging in.  [required.end_reason]",
        """  geef het veld mee met --input '{"end_reason": "…"}'""",
    ]
    explained = wf(*CLIENT, "case", "explain", case_id, "withdraw")
    assert explained.stdout.splitlines()[-1] == """  geef het veld mee met --input '{"end_reason": "…"}'"""
    english = wf("--lang", "en", *CLIENT, "case", "fire", case_id, "withdraw")
    assert """give the field with --input '{"end_reason": "…"}'""" in english.stderr
    as_json = json.loads(wf("--json", *CLIENT, "case", "fire", case_id, "withdraw").stdout)
    assert [b["code"] for b in as_json["blockers"]] == ["required.end_reason"]
    done = wf(*CLIENT, "case", "fire", case_id, "withdraw", "--input", '{"end_reason": "Niet meer nodig"}')
    assert done.exit_code == 0, done.output


def test_an_expected_version_ahead_of_the_case_is_not_someone_elses_change(wf: Wf) -> None:
    case_id = wf.start()
    ahead = wf(*CLIENT, "case", "fire", case_id, "withdraw", "--expect-version", "5", "--input", '{"end_reason": "x"}')
    assert ahead.exit_code == 1
    assert f"zaak {case_id} staat op versie 0; de verwachte versie 5 bestaat nog niet" in ahead.stderr
    assert "intussen gewijzigd" not in ahead.stderr
    english = wf("--lang", "en", *CLIENT, "case", "fire", case_id, "withdraw", "--expect-version", "5")
    assert "the expected version 5 does not exist yet" in english.stderr


def test_the_read_only_refusal_speaks_of_the_option_not_the_python_argument(wf: Wf) -> None:
    wf.start()  # the database exists
    refused = wf("--read-only", *CLIENT, "case", "start", "assignment")
    assert refused.exit_code == 2
    assert "alleen-lezen geopend (--read-only of WF_READ_ONLY)" in refused.stderr
    assert "read_only=True" not in refused.stderr


def test_the_two_calendars_differ_where_the_docs_say() -> None:
    """docs/definitions.md and docs/reports.md: deadlines count 5 May 2026 and 15 May 2026 as working days,
    the Atw calendar (legal terms, the report) does not."""
    from datetime import date

    from workflow import AtwCalendar
    from workflow.workdays import WorkCalendar

    for day in (date(2026, 5, 5), date(2026, 5, 15)):
        assert WorkCalendar().is_working_day(day)
        assert AtwCalendar().is_free(day)
    assert not WorkCalendar().is_working_day(date(2025, 5, 5))  # a lustrum year


def test_help_names_every_case_command_that_reads_only(runner: CliRunner) -> None:
    for lang in ("nl", "en"):
        shown = runner.invoke(main, ["--lang", lang, "case", "explain", "--help"]).output
        assert "case show/list/history/explain" in " ".join(shown.split())


def test_the_validate_example_in_the_docs_is_what_validate_says(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/definitions.md's vergunning.yaml: the places of its problems and their count, as printed."""
    from .paths import ROOT

    page = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")
    section = page.split("this `vergunning.yaml`", 1)[1]
    found = re.search(r"```yaml\n(.*?)```\n\n```\n\$ wf definitions validate vergunning.yaml\n(.*?)```", section, re.S)
    assert found is not None
    (tmp_path / "vergunning.yaml").write_text(found[1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the file is named as in the docs
    result = runner.invoke(main, ["definitions", "validate", "vergunning.yaml"])
    said = result.stdout.splitlines() + result.stderr.splitlines()
    shown = found[2].splitlines()
    assert [line.split(": ", 1)[0] for line in said] == [line.split(": ", 1)[0] for line in shown]
    assert said[-1] == shown[-1] == f"{len(shown) - 1} problemen gevonden."


def test_the_demo_tells_its_story_in_the_language_asked_for(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    english = runner.invoke(main, ["--lang", "en", "demo", "--db", url])
    assert english.exit_code == 0, english.output
    lines = english.stdout.splitlines()
    assert lines[:2] == [
        "v The gemeente submits a question",
        "    m.jansen (Ambtelijk opdrachtgever): started in Vraag ontvangen",
    ]
    assert "x The project leader tries to approve his own work" in lines
    assert not any(line.startswith(("v De ", "x De ", "v Een ")) for line in lines)
    dutch = runner.invoke(main, ["demo", "--db", f"sqlite:///{tmp_path / 'demo-nl.db'}"]).stdout.splitlines()
    assert dutch[0] == "v De gemeente dient een vraag in"


def test_a_deadline_counted_from_a_date_field_says_so_in_the_language(runner: CliRunner, tmp_path: Path) -> None:
    from .paths import FIXTURES

    text = (FIXTURES / "engine" / "deadlines.yaml").read_text(encoding="utf-8")
    text = text.replace("{within: 10 days, then: give_up}", "{within: 10 days, from: due, then: give_up}")
    (tmp_path / "deadlines.yaml").write_text(text, encoding="utf-8")
    base = ["--definitions", str(tmp_path / "deadlines.yaml"), "definitions", "show", "deadlines"]
    dutch = runner.invoke(main, base)
    assert dutch.exit_code == 0, dutch.output
    assert "[termijn 10 kalenderdagen vanaf due]" in dutch.stdout
    assert "[begin, termijn 5 werkdagen]" in dutch.stdout
    assert "[termijn uiterlijk op due]" in dutch.stdout
    english = runner.invoke(main, ["--lang", "en", *base]).stdout
    assert "[deadline 10 calendar days from due]" in english
