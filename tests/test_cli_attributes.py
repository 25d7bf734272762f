"""`--attribute NAME=JSON` and WF_ACTOR_ATTRIBUTES: the actor's attributes on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

from .paths import BUNDLED
from .scenario_support import quoted_case

CLIENT = ["--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-utrecht"]


def test_an_ambtelijk_opdrachtgever_signs_within_the_mandate_given_on_the_command_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    case, today = quoted_case(db)
    signed = {
        "scope": {"cost_centre": "6.2.14"},
        "confirmation": {"signed_on": today, "amount_eur": 12600, "reference": "OB-2026-117"},
    }
    base = ["--db", db, "--definitions", str(BUNDLED), "--json", *CLIENT]
    fire = ["case", "fire", case, "confirm", "--input", json.dumps(signed)]
    without = runner.invoke(main, [*base, *fire])
    assert without.exit_code == 1, without.output
    assert "mandate_unknown" in {b["code"] for b in json.loads(without.stdout)["blockers"]}
    too_low = runner.invoke(main, [*base, "--attribute", "mandate_limit_eur=1000", *fire])
    assert [b["code"] for b in json.loads(too_low.stdout)["blockers"]] == ["above_mandate"]
    signs = runner.invoke(main, [*base, *fire, "--attribute", "mandate_limit_eur=25000"])
    assert signs.exit_code == 0, signs.output
    assert json.loads(signs.stdout)["state"] == "confirmed"


def test_the_environment_gives_the_attributes_and_an_option_wins(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workflow._cli.settings import Settings

    monkeypatch.setenv("WF_ACTOR_ATTRIBUTES", '{"mandate_limit_eur": 100, "decision_mandate": ["x"]}')
    settings = Settings(actor="a", attributes=("mandate_limit_eur=250000", 'team="geluid"'))
    actor = settings.actor()
    assert actor is not None
    assert dict(actor.attributes) == {"mandate_limit_eur": 250000, "decision_mandate": ("x",), "team": "geluid"}


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["--attribute", "mandate_limit_eur=veel"], None, "--attribute mandate_limit_eur: 'veel' is geen JSON"),
        (["--attribute", "mandate_limit_eur"], None, "--attribute neemt NAAM=JSON"),
        ([], "[25000]", "WF_ACTOR_ATTRIBUTES moet één JSON-object zijn"),
        ([], "{niet json", "WF_ACTOR_ATTRIBUTES: '{niet json' is geen JSON"),
    ],
)
def test_a_bad_attribute_exits_2_in_dutch(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], env: str | None, says: str
) -> None:
    if env is not None:
        monkeypatch.setenv("WF_ACTOR_ATTRIBUTES", env)
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    result = runner.invoke(main, ["--db", db, *CLIENT, *args, "case", "start", "assignment", "--data", "{}"])
    assert result.exit_code == 2, result.output
    assert says in result.stderr
