"""The schema checks a step skips change no verdict: every step of a seeded year, asked as the full check would.

Two checks are skipped (``workflow.checks.assess``): the input schema of a
step asked without input when the loader found that it accepts none
(``Transition.empty_input_valid``), and the data schema after a step's
derived or appended fields when they change nothing (the data was checked
before, or when it was stored).  Here every step from every case's state of
a seeded year (and the demo story), asked by the agency, the case's own
client and a client of another gemeente, gives the same attempt as with
both checks made — and, for the steps a rule skipped, the full check finds
nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given

from workflow import Actor, Case, Definition, Engine, load_definitions, parse_definition, play_demo, play_year
from workflow._schema import validator
from workflow.checks import Ask, assess, same_json, schema_blockers
from workflow.evaluation import History
from workflow.store import queries

from .engine_support import StepClock
from .paths import BUNDLED, FIXTURES
from .strategies import json_values

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_the_loader_knows_which_input_schemas_accept_no_input() -> None:
    folders = [BUNDLED, *sorted(p for p in (FIXTURES / "engine").glob("*.yaml"))]
    seen = {True: 0, False: 0}
    for folder in folders:
        for definition in load_definitions(folder).all_versions():
            for transition in definition.transitions.values():
                if transition.input_schema is None:
                    assert not transition.empty_input_valid
                    continue
                assert transition.empty_input_valid == validator(transition.input_schema).is_valid({})
                seen[transition.empty_input_valid] += 1
    assert seen[True] > 0  # a step whose input is optional: asked without input, nothing to validate
    assert seen[False] > 0  # a step that requires a field: still checked


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shortcuts") / "year.db"
    with Engine(f"sqlite:///{path}", load_definitions(BUNDLED), clock=StepClock(NOW - timedelta(days=1))) as engine:
        play_year(engine, per_gemeente=10, seed=11)
        list(play_demo(engine))
    return path


def test_every_step_of_a_year_is_judged_as_with_every_schema_check(year: Path) -> None:
    derived = 0
    with Engine(f"sqlite:///{year}", load_definitions(BUNDLED)) as engine:
        for case in engine.cases(limit=1000):
            definition = engine.definition_of(case)
            with engine.transaction() as conn:
                found = queries.fired_history(conn, case.id)
            history = History(found.actors, found.counts, found.last_actors)
            askers = [
                Actor("s.bakker", ["accountmanager"]),
                Actor("p.smit", ["projectleider"]),
                Actor("c.own", ["ambtelijk_opdrachtgever"], case.tenant),
                Actor("olga", ["ambtelijk_opdrachtgever"], "gemeente-elders"),
            ]
            for transition in definition.transitions_from(case.state):
                full = replace(transition, empty_input_valid=False)
                checked = replace(definition, transitions={**definition.transitions, transition.id: full})
                for actor in askers:
                    ask = Ask(transition.id, actor, {}, NOW)
                    quick = assess(definition, case, ask, history)
                    reference = assess(checked, case, ask, history)
                    assert (quick.verdict, quick.blockers, quick.data) == (
                        reference.verdict,
                        reference.blockers,
                        reference.data,
                    ), (case.id, transition.id, actor.id)
                    if transition.derives or transition.appends:
                        derived += 1  # the data check after deriving, made here whether or not it was skipped
                        missed = schema_blockers(definition, "data", definition.data_schema, quick.data, "invalid_data")
                        assert not missed or set(missed) <= set(quick.blockers)
    assert derived > 0


DERIVING = """
workflow: deriving
version: 1
title: Deriving
roles:
  clerk: {label: Clerk, side: agency}
data:
  type: object
  properties:
    n: {type: integer}
    total: {type: integer, maximum: 5}
states:
  open: {initial: true}
  done: {final: true}
transitions:
  finish: {from: open, to: done, roles: [clerk]}
  set:
    from: open
    roles: [clerk]
    input: [n]
  recount:
    from: open
    roles: [clerk]
    derive:
      total: n * 2
"""
CLERK = Actor("carla", ["clerk"])


def _deriving_case(n: int, total: int) -> tuple[Definition, Case]:
    definition = parse_definition(DERIVING, "deriving.yaml")
    case = Case("c1", "deriving", 1, "open", {"n": n, "total": total}, "t", None, 1, NOW, NOW)
    return definition, case


def test_a_derived_value_that_breaks_the_schema_is_still_refused() -> None:
    definition, case = _deriving_case(n=3, total=4)  # derives 6: above the maximum of 5
    attempt = assess(definition, case, Ask("recount", CLERK, {}, NOW), History())
    assert attempt.verdict == "blocked"
    assert [b.code for b in attempt.blockers] == ["invalid_data"]


def test_a_derived_value_equal_to_the_stored_one_checks_nothing_again() -> None:
    """The stored data (here, as a trusted import could have left it: total 8 above 5) is not checked again
    by a step that changes nothing; a step that changes it is checked whole."""
    definition, case = _deriving_case(n=4, total=8)
    same = assess(definition, case, Ask("recount", CLERK, {}, NOW), History())
    assert same.verdict == "allowed"
    assert same.data == case.data
    changed = assess(definition, case, Ask("set", CLERK, {"n": 1}, NOW), History())
    assert [b.code for b in changed.blockers] == ["invalid_data"]  # the whole data: total 8 still breaks it


@given(value=json_values)
def test_same_json_is_equality_of_json_texts(value: object) -> None:
    """``same_json`` agrees with comparing canonical JSON texts (so True is not 1, 1.0 is not 1)."""
    import json

    def text(v: object) -> str:
        return json.dumps(v, sort_keys=True)

    for other in (value, True, 1, 1.0, 0, False, None, "1", [value], {"k": value}):
        assert same_json(value, other) == (text(value) == text(other))
