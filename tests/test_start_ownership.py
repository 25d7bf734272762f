"""Start data is owned: a client cannot seed agency-owned fields through ``start(data=…)``.

Written as the attack (issue 12, what was left): the gemeente starts an
assignment with the agency's scope, budget and projectleider already filled
in, on SQLite and PostgreSQL; the definition's ``start:`` block declares what
a start may write, closed by default.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow import Actor, Engine, Forbidden, GuardFailed, WorkflowError, load_definition, parse_definition
from workflow.errors import DefinitionError
from workflow.history import CaseHistory

from .engine_support import StepClock

TENANT = "gemeente-utrecht"
AMBTELIJK = Actor("m.jansen", ["ambtelijk_opdrachtgever"], TENANT)
AM = Actor("s.bakker", ["accountmanager"])

MINI = """\
workflow: mini
version: 1
title: Mini
roles:
  clerk: {label: Clerk, side: agency}
  client: {label: Client, side: client}
  auditor: {label: Auditor, side: agency, read_only: true}
data:
  type: object
  properties:
    note: {type: string}
    budget: {type: number}
states:
  open: {initial: true}
  done: {final: true}
transitions:
  finish: {from: open, to: done, roles: [clerk]}
"""


def _codes(info: pytest.ExceptionInfo[GuardFailed] | pytest.ExceptionInfo[Forbidden]) -> list[str]:
    return [b.code for b in info.value.blockers]


def test_client_cannot_seed_the_agencys_scope_budget_and_projectleider_at_start(engine: Engine) -> None:
    attack = {
        "received_on": "2026-11-26",
        "scope": {"budget_eur": 1, "budget_hours": 1_000_000},
        "execution": {"projectleider": "someone.else"},
        "quote": {"capacity_checked": True},
    }
    before = len(engine.cases())
    with pytest.raises(GuardFailed) as info:
        engine.start("assignment", actor=AMBTELIJK, tenant=TENANT, data=attack)
    assert _codes(info) == ["undeclared_input"] * 4
    named = " ".join(b.message for b in info.value.blockers)
    for field in ("scope.budget_eur", "scope.budget_hours", "execution.projectleider", "quote.capacity_checked"):
        assert f"'{field}'" in named
    assert "received_on, question" in (info.value.blockers[0].detail or "")
    assert len(engine.cases()) == before  # nothing written


def test_the_declared_start_fields_are_accepted(engine: Engine) -> None:
    data = {"received_on": "2026-11-26", "question": {"summary": "Geluid Lage Weide"}}
    case = engine.start("assignment", actor=AMBTELIJK, tenant=TENANT, data=data)
    assert engine.get(case.id).data == data


def test_without_a_start_block_a_case_starts_with_no_data(db_url: str) -> None:
    definition = parse_definition(MINI)
    assert definition.start.writes == ()
    clerk = Actor("c", ["clerk"])
    with Engine(db_url, definition, clock=StepClock(), upgrade=True) as engine:
        assert engine.start("mini", actor=clerk, tenant="t").data == {}
        with pytest.raises(GuardFailed) as info:
            engine.start("mini", actor=clerk, tenant="t", data={"note": "x"})
        assert _codes(info) == ["undeclared_input"]
        assert "start: input" in (info.value.blockers[0].detail or "")
        assert len(engine.cases()) == 1


def test_start_roles_and_input_schema_are_enforced(db_url: str) -> None:
    schema = "{type: object, properties: {note: {type: string, maxLength: 3}}}"
    text = MINI + f"start:\n  roles: [client]\n  input: {schema}\n"
    definition = parse_definition(text)
    assert (definition.start.roles, definition.start.writes) == (("client",), ("note",))
    with Engine(db_url, definition, clock=StepClock(), upgrade=True) as engine:
        with pytest.raises(Forbidden) as forbidden:  # the agency may write, but not start here
            engine.start("mini", actor=Actor("c", ["clerk"]), tenant="t", data={"note": "x"})
        assert _codes(forbidden) == ["role_not_allowed"]
        client = Actor("k", ["client"], tenant="t")
        with pytest.raises(GuardFailed) as info:
            engine.start("mini", actor=client, tenant="t", data={"note": "long"})
        assert _codes(info) == ["invalid_input"]
        with pytest.raises(GuardFailed) as info:
            engine.start("mini", actor=client, tenant="t", data={"budget": 10})
        assert _codes(info) == ["undeclared_input"]
        assert engine.start("mini", actor=client, tenant="t", data={"note": "ok"}).data == {"note": "ok"}


def test_the_importer_checks_start_ownership_too(db_url: str) -> None:
    from datetime import UTC, datetime

    with Engine(db_url, parse_definition(MINI), clock=StepClock(), upgrade=True) as engine:
        history = CaseHistory(
            "mini", "t", "K-1", Actor("c", ["clerk"]), datetime(2026, 1, 1, tzinfo=UTC), (), None, {"budget": 5}
        )
        with pytest.raises(WorkflowError) as info:
            engine.import_case(history)
        assert "budget" in str(info.value)
        assert engine.cases() == []


@pytest.mark.parametrize(
    ("block", "where", "says"),
    [
        ("start:\n  input: [nope]\n", ":19:", "'input' noemt onbekend gegevensveld 'nope'"),
        ("start:\n  roles: [ghost]\n", ":19:", "onbekende rol 'ghost'; gedeclareerde rollen: auditor, clerk, client"),
        ("start:\n  roles: [auditor]\n", ":19:", "rol 'auditor' mag alleen lezen en kan geen zaak starten"),
        ("start:\n  colour: red\n", ":19:", "colour"),
    ],
)
def test_the_loader_names_a_bad_start_block_with_file_line_col(block: str, where: str, says: str) -> None:
    with pytest.raises(DefinitionError) as info:
        parse_definition(MINI + block, "mini.yaml")
    message = str(info.value)
    assert f"mini.yaml{where}" in message
    assert says in message


def test_bundled_definitions_declare_their_start() -> None:
    from workflow import bundled_definitions_path

    for name in ("assignment", "evenementenadvies"):
        definition = load_definition(bundled_definitions_path() / f"{name}.yaml")
        assert definition.start.writes, name
        assert not any(w.startswith(("scope", "execution", "risk", "advice")) for w in definition.start.writes)


def test_cli_start_refuses_agency_fields(runner: CliRunner, tmp_path: Path) -> None:
    from workflow._cli.app import main

    db = f"sqlite:///{tmp_path / 'wf.db'}"
    argv = ["--db", db, "--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever", "--tenant", TENANT, "--lang", "en"]
    data = json.dumps({"received_on": "2026-11-26", "scope": {"budget_eur": 1}})
    result = runner.invoke(main, [*argv, "case", "start", "assignment", "--data", data])
    assert result.exit_code == 1, result.output
    assert "scope.budget_eur" in result.output
    assert "Traceback" not in result.output
