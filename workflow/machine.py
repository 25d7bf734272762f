"""Diagrams of a definition, drawn by the ``transitions`` library; its independent reading of the graph.

The ``transitions`` library draws diagrams only: the engine answers "which
transitions leave this state" from the definition itself
(:meth:`~workflow.model.Definition.transitions_from`), with no second graph on
the fire path.  :class:`StateGraph` (one per definition version, cached) is the
library's own reading of the same graph, kept so that tests can check that the
two agree; it is not part of the public API.
"""

from __future__ import annotations

import threading
from typing import Any, Literal

from transitions import Machine

from workflow.model import Definition

__all__ = ["DiagramFormat", "StateGraph", "diagram", "graph_for"]

DiagramFormat = Literal["mermaid", "dot"]


class StateGraph:
    """Which transitions leave each state, and their targets (read-only)."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.machine = Machine(
            model=None,
            states=list(definition.states),
            transitions=_transition_specs(definition),
            initial=definition.initial_state.id,
            auto_transitions=False,
            ignore_invalid_triggers=False,
        )

    def transitions_from(self, state: str) -> list[str]:
        """Ids of the transitions that may leave ``state``, in definition order."""
        triggers = set(self.machine.get_triggers(state))
        return [t for t in self.definition.transitions if t in triggers]

    def target(self, transition: str, state: str) -> str | None:
        """Where ``transition`` leads from ``state``; None when it does not leave it."""
        event = self.machine.events.get(transition)
        if event is None:
            return None
        found = event.transitions.get(state)
        if not found:
            return None
        dest = found[0].dest  # None: an internal step that keeps the state
        return state if dest is None else str(dest)


def _transition_specs(definition: Definition, *, labels: bool = False) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for t in definition.transitions.values():
        spec = {"trigger": t.id, "source": list(t.sources), "dest": t.target}
        if labels:  # only the diagram machine's transition class takes a label
            spec["label"] = t.label
        specs.append(spec)
    return specs


_cache: dict[tuple[str, int, str], StateGraph] = {}
_lock = threading.Lock()


def graph_for(definition: Definition) -> StateGraph:
    """The cached graph of ``definition`` (built once per workflow, version and checksum)."""
    key = (definition.workflow, definition.version, definition.checksum)
    graph = _cache.get(key)
    if graph is None:
        with _lock:
            graph = _cache.get(key)
            if graph is None:
                graph = _cache[key] = StateGraph(definition)
    return graph


class _Unused:
    """Diagram model: holds no state of any case (a diagram shows the definition)."""

    state: str


def diagram(definition: Definition, fmt: DiagramFormat = "mermaid") -> str:
    """The definition drawn as Mermaid ``stateDiagram-v2`` text or Graphviz DOT source.

    Labels are the definition's (Dutch) labels with ids; final states lead to
    ``[*]`` in Mermaid and are drawn with a double border in DOT.
    """
    from transitions import State as _State  # deferred: diagrams are rare
    from transitions.extensions import GraphMachine

    class LabelledState(_State):
        def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.label = label

    class LabelledGraphMachine(GraphMachine):
        state_cls = LabelledState

    engine: Literal["mermaid", "graphviz"] = "mermaid" if fmt == "mermaid" else "graphviz"
    machine = LabelledGraphMachine(
        model=_Unused(),
        states=[
            {"name": s.id, "label": f"{s.label} ({s.id})" if s.label != s.id else s.id}
            for s in definition.states.values()
        ],
        transitions=_transition_specs(definition, labels=True),
        initial=definition.initial_state.id,
        auto_transitions=False,
        graph_engine=engine,
        title=f"{definition.title} (v{definition.version})",
        show_state_attributes=False,
    )
    graph: Any = machine.get_combined_graph()
    if fmt == "mermaid":
        return _mermaid(str(graph.draw(None)), definition)
    return _dot(str(graph.source), definition)


def _mermaid(text: str, definition: Definition) -> str:
    # transitions marks the model's state as "active"; a definition diagram has none
    lines = [line for line in text.splitlines() if not line.strip().startswith("Class ")]
    lines += [f"  {s.id} --> [*]" for s in definition.states.values() if s.final]
    return "\n".join(lines).rstrip() + "\n"


def _dot(text: str, definition: Definition) -> str:
    # transitions marks the model's state as active (red); a definition diagram has none
    lines = [line.replace(" color=red fillcolor=darksalmon peripheries=2", "") for line in text.splitlines()]
    finals = [s.id for s in definition.states.values() if s.final]
    body = "\n".join(lines).rstrip().removesuffix("}")
    extra = "".join(f"\t{name} [peripheries=2]\n" for name in finals)
    return body + extra + "}\n"
