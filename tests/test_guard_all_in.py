"""The guard function ``all_in``: every item of one list is in another (conditions carried into a permit)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow import DefinitionError
from workflow.guard_context import BUDGET, ITEM_COST

from .guard_helpers import blockers, definition_with_guards, passes


@pytest.mark.parametrize(
    ("expression", "data", "expected"),
    [
        ("all_in(tags, free.list)", {"tags": ["a"], "free": {"list": ["a", "b"]}}, True),
        ("all_in(tags, free.list)", {"tags": ["a", "c"], "free": {"list": ["a", "b"]}}, False),
        ("all_in(tags, free.list)", {"tags": [], "free": {"list": []}}, True),
        ("all_in(['brandweer', 'ghor'], tags)", {"tags": ["ghor", "brandweer", "politie"]}, True),
        ("all_in(['brandweer', 'ghor'], tags)", {"tags": ["ghor"]}, False),
    ],
)
def test_all_in(expression: str, data: dict[str, object], expected: bool) -> None:
    assert passes(expression, data) is expected


SUBSET = definition_with_guards("all_in(tags, free.list)")


@given(st.lists(st.integers(0, 9), max_size=8), st.lists(st.integers(0, 9), max_size=8))
def test_all_in_is_subset(items: list[int], within: list[int]) -> None:
    holds = not blockers(SUBSET, {"tags": items, "free": {"list": within}})
    assert holds is (set(items) <= set(within))


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"tags": "a", "free": {"list": []}}, "all_in() needs a list as its first value, found text"),
        ({"tags": [], "free": {"list": None}}, "all_in() needs a list as its second value"),
        ({"free": {"list": []}}, "tags heeft geen waarde"),
    ],
)
def test_all_in_on_something_else_is_a_blocker_with_a_plain_detail(data: dict[str, object], detail: str) -> None:
    [found] = blockers(definition_with_guards("all_in(tags, free.list)"), data)
    assert found.code == "g0"
    assert found.detail is not None
    assert detail in found.detail


def test_all_in_of_huge_lists_runs_out_of_budget() -> None:
    size = int((BUDGET // ITEM_COST) ** 0.5) + 1
    [found] = blockers(
        definition_with_guards("all_in(tags, free.list)"), {"tags": [0] * size, "free": {"list": [1] * size}}
    )
    assert found.code == "guard_budget_exceeded"


def test_all_in_of_a_literal_that_is_no_list_is_refused_at_load() -> None:
    with pytest.raises(DefinitionError, match="all_in"):
        definition_with_guards("all_in('a', tags)")
