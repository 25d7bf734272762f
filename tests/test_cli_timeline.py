"""`wf case show CASE --timeline` as text: whole dates and whole labels within 100 columns."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from cli import main
from workflow import Engine, short_moment_text
from workflow.demo import play

from .paths import BUNDLED


def test_short_moments_are_whole_and_in_dutch_time() -> None:
    moment = datetime(2026, 10, 5, 8, 33, tzinfo=UTC)
    assert short_moment_text(moment, "nl") == "ma 05-10-2026 10:33"
    assert short_moment_text(moment, "en") == "Mon 2026-10-05 10:33"
    assert short_moment_text(datetime(2026, 12, 31, 23, 59, tzinfo=UTC), "nl") == "vr 01-01-2027 00:59"


def test_the_timeline_shows_whole_dates_and_labels_in_100_columns(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    with Engine(db, str(BUNDLED)) as engine:
        case = list(play(engine))[-1].case
    result = runner.invoke(main, ["--db", db, "--definitions", str(BUNDLED), "case", "show", case.id, "--timeline"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    rows = [line for line in lines if re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", line)]
    assert len(rows) >= 10
    for row in rows:
        assert re.search(r"  (ma|di|wo|do|vr|za|zo) \d{2}-\d{2}-\d{4} \d{2}:\d{2}  ", row), row
    # the longest label of assignment v3 wraps onto a line of its own instead of being cut
    assert "  Verhelderde vraag bij de" in lines
    assert any(line.startswith("  opdrachtgever ") for line in rows)
    assert "Opdrachtbevestiging getekend " in result.output


def test_the_timeline_names_blocked_steps_by_label_and_its_json_keeps_ids(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    with Engine(db, str(BUNDLED)) as engine:
        open_case = next(s.case for s in play(engine) if not engine.definition_of(s.case).states[s.case.state].final)
    base = ["--db", db, "--definitions", str(BUNDLED), "case", "show", open_case.id, "--timeline"]
    shown = json.loads(runner.invoke(main, ["--json", *base]).output)
    assert shown["blockers"]
    text = runner.invoke(main, base).output
    for blocker in shown["blockers"]:
        assert f"  - {blocker['label']}: " in text
        if blocker["label"] != blocker["transition"]:
            assert f"  - {blocker['transition']}: " not in text
