"""Property tests: the loader and guards never fail with anything but our errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import DefinitionError, parse_definition

from .guard_helpers import blockers, definition_with_guards
from .strategies import guard_expressions, json_values, mutated_definitions

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
    assert all(b.code == "g0" for b in found)
    assert len(found) <= 1
