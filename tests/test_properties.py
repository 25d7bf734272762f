"""Property tests: the loader and guards never fail with anything but our errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import DefinitionError, parse_definition
from workflow.evaluation import GuardContext, History
from workflow.guard_context import EvaluationFailure
from workflow.guards import ExpressionError, Scope, compile_expression

from .guard_helpers import NOW, blockers, definition_with_guards
from .strategies import guard_data, guard_expressions, hostile_values, json_values, mutated_definitions

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@PROPERTY
@given(st.text(max_size=300))
def test_any_text_loads_or_raises_definition_error(text: str) -> None:
    try:
        parse_definition(text, "fuzz.yaml")
    except DefinitionError as exc:
        assert exc.problems
        assert all(p.file == "fuzz.yaml" for p in exc.problems)


@pytest.mark.slow
@PROPERTY
@given(json_values)
def test_any_yaml_document_loads_or_raises_definition_error(value: object) -> None:
    try:
        parse_definition(json.dumps(value), "fuzz.yaml")
    except DefinitionError as exc:
        assert exc.problems


@pytest.mark.slow
@PROPERTY
@given(mutated_definitions())
def test_mutated_definitions_load_or_raise_definition_error(text: str) -> None:
    try:
        definition = parse_definition(text, "mutated.yaml")
    except DefinitionError as exc:
        assert exc.problems
        assert all(p.line >= 0 and p.column >= 0 for p in exc.problems)
    else:
        assert definition.initial_state.initial


@pytest.mark.slow
@PROPERTY
@given(guard_expressions(), json_values)
def test_guard_compiles_or_is_refused_and_never_crashes_at_run_time(expression: str, data: object) -> None:
    try:
        definition = definition_with_guards(expression)
    except DefinitionError:
        return
    payload = data if isinstance(data, dict) else {"amount": data}
    found = blockers(definition, payload)
    assert all(b.code in GUARD_CODES for b in found)
    assert len(found) <= 1


GUARD_CODES = {"g0", "guard_not_boolean", "guard_budget_exceeded"}
ANY_PATH = Scope(known_path=lambda path: True, transitions=frozenset({"finish", "review"}))


@PROPERTY
@given(guard_expressions(), guard_data(), hostile_values, hostile_values)
def test_compiled_guard_gives_true_false_or_a_plain_failure(
    expression: str, data: dict[str, object], actor_id: object, state: object
) -> None:
    try:
        compiled = compile_expression(expression, ANY_PATH)
    except ExpressionError as exc:
        assert exc.problems
        return
    context = GuardContext(
        data=data,
        actor={"id": actor_id, "roles": ["clerk"], "tenant": None},
        case={"id": "c1", "workflow": "g", "state": state, "version": 1, "tenant": "t", "reference": None},
        now=NOW,
        history=History({"review": ("bob", "cis")}),
    )
    try:
        result = compiled.evaluate(context)
    except EvaluationFailure as exc:
        assert exc.detail
    else:
        assert result is True or result is False


@PROPERTY
@given(guard_expressions(), guard_data())
def test_guards_of_a_definition_end_in_clean_blockers(expression: str, data: dict[str, object]) -> None:
    try:
        definition = definition_with_guards(expression)
    except DefinitionError as exc:
        # about the guard: a problem of the expression, or of the shape of its 'when'
        assert all(
            (p.code.startswith("definition.guard.") and p.message.startswith("voorwaarde 'g0': "))
            or ".guards.0.when: " in p.message
            for p in exc.problems
        ), exc.problems
        return
    found = blockers(definition, data)
    assert all(b.code in GUARD_CODES and b.message == "Guard 0 failed." for b in found)
