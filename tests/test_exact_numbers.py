"""Case data and inputs come back bit for bit on every database, and never raise a false tamper alarm."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import Actor, Engine, InvalidInput
from workflow.loader import parse_definition

from .engine_support import StepClock, database_urls, make_url

BAG = """
workflow: bag
version: 1
title: Bag
roles:
  clerk: {label: Clerk, side: agency}
data:
  type: object
start:
  input: [a]
states:
  open: {initial: true, label: Open}
  done: {final: true, label: Done}
transitions:
  put:
    from: open
    to: done
    label: Put
    roles: [clerk]
    input: [b]
"""
CLERK = Actor("carla.clerk", ["clerk"])

numbers = st.one_of(
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e16, -1e16, 1e-7, 1.5e300, 5e-324, 2.0**53, 123456789.125, 2**53, -(2**53)]),
)
# text the limits accept: no NUL, no lone surrogates (both refused as InvalidInput before anything is stored)
text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12)
scalars = st.one_of(st.none(), st.booleans(), numbers, text)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=25,
)


@pytest.fixture(params=database_urls())
def bag(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for url in make_url(request.param, tmp_path):
        with Engine(url, [parse_definition(BAG)], clock=StepClock(), upgrade=True) as engine:
            yield engine


def same(left: Any, right: Any) -> bool:
    """Equal and of the same type all the way down; floats compared bit for bit (-0.0 is not 0.0)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return math.copysign(1.0, left) == math.copysign(1.0, right) and left == right
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=values, second=values)
def test_any_json_value_comes_back_exactly_and_verifies(bag: Engine, first: Any, second: Any) -> None:
    case = bag.start("bag", actor=CLERK, tenant="utrecht", data={"a": first})
    bag.fire(case.id, "put", actor=CLERK, input={"b": second})
    stored = bag.get(case.id)
    assert same(stored.data, {"a": first, "b": second})
    started, fired = bag.history(case.id)
    assert same(started.input, {"a": first})
    assert same(fired.input, {"b": second})
    assert bag.audit.verify(case_id=case.id).intact


@pytest.mark.parametrize(
    ("value", "key", "named"),
    [
        (float("nan"), "input.not_finite", "JSON niet kan bevatten"),
        (float("inf"), "input.not_finite", "JSON niet kan bevatten"),
        (2**53 + 1, "input.big_int", "buiten ±2**53"),
        (-(2**64), "input.big_int", "buiten ±2**53"),
        ({1: "a", "1": "b"}, "input.key_type", "sleutels moeten tekst zijn"),
        ({"x": [1, {"y": object()}]}, "input.not_json", "alleen JSON-waarden passen"),
    ],
)
def test_values_that_would_not_come_back_are_refused(bag: Engine, value: object, key: str, named: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(named)) as started:
        bag.start("bag", actor=CLERK, tenant="utrecht", data={"a": value})
    assert started.value.key == key  # the stable name of the sentence, the same in every language
    case = bag.start("bag", actor=CLERK, tenant="utrecht")
    with pytest.raises(InvalidInput, match=re.escape(named)) as fired:
        bag.fire(case.id, "put", actor=CLERK, input={"b": value})
    assert fired.value.key == key
    assert bag.audit.verify().intact
