"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import strategies as st

from .paths import BUNDLED, FIXTURES

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20,
)

VALID_SOURCES = [
    yaml.safe_load((FIXTURES / "valid" / "mini.yaml").read_text()),
    yaml.safe_load((BUNDLED / "assignment.yaml").read_text()),
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += _paths(child, (*prefix, i))
    return found


@st.composite
def mutated_definitions(draw: st.DrawFn) -> str:
    """A valid definition with a few random edits: deleted, replaced, added or renamed keys."""
    doc = copy.deepcopy(draw(st.sampled_from(VALID_SOURCES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["delete", "replace", "add", "rename"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(json_values)
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(last)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


names = st.sampled_from(
    [
        "amount",
        "digits",
        "note",
        "tags",
        "scope",
        "scope.budget_hours",
        "free.a.b",
        "start",
        "due",
        "actor.id",
        "actor.roles",
        "case.state",
        "case.version",
        "true",
        "null",
        "missing",
        "__class__",
        "scope.__dict__",
    ]
)
literals = st.one_of(
    st.integers(-100, 100).map(str),
    st.text("abc'\"", max_size=4).map(repr),
    st.sampled_from(["[]", "[1, 'a']", "1.5", "10**2", "999999999999", "-100000000", "1e308", "'2026-01-01'"]),
)
operators = st.sampled_from(
    [
        " and ",
        " or ",
        " == ",
        " != ",
        " < ",
        " >= ",
        " + ",
        " - ",
        " * ",
        " / ",
        " % ",
        " in ",
        " not in ",
        " ** ",
        " // ",
        " << ",
        " is ",
        " if ",
        ".",
        ", ",
        "(",
        ")",
    ]
)
calls = st.sampled_from(
    [
        "has('note')",
        "len(tags)",
        "count('finish')",
        "actors('review')",
        "last_actor('review')",
        "today()",
        "now()",
        "min(1, 2)",
        "max(tags)",
        "min(amount, note)",
        "abs(amount)",
        "round(amount, digits)",
        "round(amount, -100000000)",
        "lower(note)",
        "date(due)",
        "days_between('2026-01-01', today())",
        "working_days_between(start, due)",
        "add_days(due, digits)",
        "add_working_days(start, amount)",
        "sqrt(4)",
        "len()",
        "has(note)",
    ]
)


@st.composite
def guard_expressions(draw: st.DrawFn) -> str:
    """Random token soups near the guard language (most are valid, many are not)."""
    atoms = st.one_of(names, literals, calls)
    parts = [draw(atoms)]
    for _ in range(draw(st.integers(0, 4))):
        parts += [draw(operators), draw(atoms)]
    text = "".join(parts)
    if draw(st.booleans()):
        text = f"not ({text})"
    return text


hostile_scalars = st.one_of(
    json_scalars,
    st.sampled_from([10**15, 10**16, -(10**30), 1e308, -1e308, 10**4000, "2026-01-01", "1900-01-01", "9999-12-31"]),
    st.integers(),
    st.text(max_size=5),
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def guard_data(draw: st.DrawFn) -> dict[str, Any]:
    """Case data with random (often hostile) values under the names the guard soups use."""
    keys = ["amount", "digits", "note", "tags", "scope", "free", "start", "due"]
    return {key: draw(hostile_values) for key in keys if draw(st.booleans())}
