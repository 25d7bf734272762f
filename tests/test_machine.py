"""The transitions-library graph (cached per version) and the diagrams."""

from __future__ import annotations

import pytest

from workflow import diagram, load_definitions, parse_definition
from workflow.machine import graph_for

from .paths import BUNDLED


@pytest.fixture(scope="module")
def assignment():  # type: ignore[no-untyped-def]
    return load_definitions(BUNDLED)["assignment"]


def test_graph_answers_from_the_definition(assignment) -> None:  # type: ignore[no-untyped-def]
    graph = graph_for(assignment)
    assert graph.transitions_from("received") == ["confirm_receipt", "refer", "reject", "withdraw"]
    assert graph.target("deliver", "reviewed") == "delivered"
    assert graph.target("book_hours", "in_execution") == "in_execution"
    assert graph.target("deliver", "received") is None
    assert graph.target("no_such_transition", "received") is None
    for state in assignment.states:
        assert graph.transitions_from(state) == [t.id for t in assignment.transitions_from(state)]


def test_graph_is_built_once_per_version(assignment) -> None:  # type: ignore[no-untyped-def]
    assert graph_for(assignment) is graph_for(assignment)
    again = load_definitions(BUNDLED)["assignment"]
    assert graph_for(again) is graph_for(assignment)


def test_changed_text_gets_its_own_graph(mini_text: str) -> None:
    one = parse_definition(mini_text)
    two = parse_definition(mini_text + "# changed\n")
    assert graph_for(one) is not graph_for(two)


def test_mermaid_diagram(assignment) -> None:  # type: ignore[no-untyped-def]
    text = diagram(assignment, "mermaid")
    assert "stateDiagram-v2" in text
    assert 'state "Vraag ontvangen (received)" as received' in text
    assert "reviewed --> delivered: Overdragen aan de opdrachtgever" in text
    assert "[*] --> received" in text
    assert "closed --> [*]" in text
    assert "Class " not in text  # no case is "active" in a definition diagram


def test_dot_diagram(assignment) -> None:  # type: ignore[no-untyped-def]
    text = diagram(assignment, "dot")
    assert text.startswith("digraph")
    assert 'reviewed -> delivered [label="Overdragen aan de opdrachtgever"]' in text
    assert "closed [peripheries=2]" in text
    assert "darksalmon" not in text
    assert text.rstrip().endswith("}")
