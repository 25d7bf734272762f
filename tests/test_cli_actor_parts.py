"""An actor's role, tenant or attributes without ``--actor``: refused (exit 2), never the operator's whole view."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Actor, Engine

from .paths import BUNDLED

CLIENT = Actor("olga", ("ambtelijk_opdrachtgever",), "gemeente-zeist")


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'wf.db'}"
    with Engine(url, str(BUNDLED)) as engine:
        for tenant in ("gemeente-zeist", "gemeente-utrecht"):
            actor = Actor("a", ("ambtelijk_opdrachtgever",), tenant)
            engine.start("assignment", actor=actor, tenant=tenant, data={"received_on": "2026-11-02"})
    return url


GIVEN = [
    (["--role", "ambtelijk_opdrachtgever"], {}, "--role/WF_ROLE"),
    (["--tenant", "gemeente-zeist"], {}, "--tenant/WF_TENANT"),
    (["--attribute", "mandate_limit_eur=1000"], {}, "--attribute/WF_ACTOR_ATTRIBUTES"),
    ([], {"WF_ROLE": "ambtelijk_opdrachtgever"}, "--role/WF_ROLE"),
    ([], {"WF_TENANT": "gemeente-zeist"}, "--tenant/WF_TENANT"),
    ([], {"WF_ACTOR_ATTRIBUTES": '{"mandate_limit_eur": 1000}'}, "--attribute/WF_ACTOR_ATTRIBUTES"),
    (
        [],
        {"WF_ROLE": "ambtelijk_opdrachtgever", "WF_TENANT": "gemeente-zeist"},
        "--role/WF_ROLE, --tenant/WF_TENANT",
    ),
]
READS = [
    ["case", "list"],
    ["report", "--period", "2026", "--no-verify"],
    ["audit", "log"],
    ["audit", "verify"],
    ["audit", "export", "--format", "jsonl"],
    ["audit", "checkpoint"],
]


@pytest.mark.parametrize(("options", "env", "named"), GIVEN)
@pytest.mark.parametrize("command", READS, ids=lambda c: " ".join(c[:2]))
def test_parts_of_an_actor_without_actor_are_refused(
    db: str, options: list[str], env: dict[str, str], named: str, command: list[str], tmp_path: Path
) -> None:
    runner = CliRunner(env={"WF_ACTOR": None, "WF_ROLE": None, "WF_TENANT": None, **env})
    args = ["--db", db, "--definitions", str(BUNDLED), *options, *command]
    if command[-1] == "checkpoint":
        args += ["-o", str(tmp_path / "cp.json")]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""  # nothing of the operator's view
    assert f"fout: {named} gegeven, maar geen --actor ID (of WF_ACTOR)" in result.stderr


def test_the_refusal_names_what_is_missing_in_english_and_in_json(db: str) -> None:
    runner = CliRunner(env={"WF_ACTOR": None, "WF_TENANT": "gemeente-zeist"})
    english = runner.invoke(main, ["--db", db, "--lang", "en", "case", "list"])
    assert english.exit_code == 2
    assert "--tenant/WF_TENANT given, but no --actor ID (or WF_ACTOR)" in english.stderr
    as_json = runner.invoke(main, ["--db", db, "--json", "case", "list"])
    assert as_json.exit_code == 2
    assert '"error": "usage"' in as_json.stdout
    assert "gemeente-utrecht" not in as_json.stdout


def test_with_the_actor_the_client_sees_its_own_and_without_anything_the_operator_sees_all(db: str) -> None:
    runner = CliRunner(env={"WF_ACTOR": None, "WF_ROLE": None, "WF_TENANT": None})
    client = ["--actor", "olga", "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-zeist"]
    own = runner.invoke(main, ["--db", db, *client, "case", "list", "--json"])
    assert own.exit_code == 0, own.output
    assert "gemeente-zeist" in own.stdout
    assert "gemeente-utrecht" not in own.stdout
    operator = runner.invoke(main, ["--db", db, "case", "list", "--json"])
    assert operator.exit_code == 0, operator.output
    assert "gemeente-zeist" in operator.stdout
    assert "gemeente-utrecht" in operator.stdout


def test_an_actor_from_the_environment_with_its_role_works(db: str) -> None:
    runner = CliRunner(env={"WF_ACTOR": "olga", "WF_ROLE": "ambtelijk_opdrachtgever", "WF_TENANT": "gemeente-zeist"})
    result = runner.invoke(main, ["--db", db, "case", "list", "--json"])
    assert result.exit_code == 0, result.output
    assert "gemeente-utrecht" not in result.stdout
