"""The loader's checks of the state graph: reachability, dead ends, a way to a final state, deadlines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflow import _format as fmt
from workflow._schema import has_path
from workflow._yaml import Path
from workflow.loader_base import _Base
from workflow.loader_texts import q
from workflow.model import (
    SYSTEM_ROLE,
    Deadline,
    State,
    Transition,
)

__all__: list[str] = []


class _GraphChecks(_Base):
    """Graph and deadline checks of :class:`workflow.loader._Compiler` (a mixin)."""

    def graph(self, states: dict[str, State], transitions: Mapping[str, Transition | None]) -> None:
        """Reachability from the initial state, dead ends, and a way to a final state."""
        if len(states) != len(self._mapping("states")):
            return  # the graph is incomplete; its problems are reported already
        edges = self._edges(states, transitions)
        if edges is None:
            return
        initial = [s for s in states.values() if s.initial]
        if len(initial) == 1:
            reached = _closure({initial[0].id}, edges)
            for name in states:
                if name not in reached:
                    self.at_key(("states", name), "definition.unreachable", name=q(name), initial=q(initial[0].id))
        reverse: dict[str, set[str]] = {s: set() for s in states}
        for source, targets in edges.items():
            for target in targets:
                reverse[target].add(source)
        ending = _closure({s.id for s in states.values() if s.final}, reverse)
        for name, state in states.items():
            if state.final:
                continue
            if not edges[name] - {name}:
                self.at_key(("states", name), "definition.dead_end", name=q(name))
            elif name not in ending:
                self.at_key(("states", name), "definition.no_way_out", name=q(name))

    def _edges(
        self, states: dict[str, State], transitions: Mapping[str, Transition | None]
    ) -> dict[str, set[str]] | None:
        """Every transition's edges; a transition whose other checks failed counts by its written
        ``from``/``to`` (so a broken label hides no graph problem), None when some end is unreadable."""
        edges: dict[str, set[str]] = {s: set() for s in states}
        for tid, raw in self._mapping("transitions").items():
            compiled = transitions.get(tid)
            if compiled is not None:
                sources, target = list(compiled.sources), compiled.target
            else:
                ends = _raw_ends(raw, states)
                if ends is None:
                    return None
                sources, target = ends
            for source in sources:
                edges[source].add(target if target is not None else source)
        return edges

    def deadlines(
        self, docs: dict[str, fmt.StateDoc], transitions: Mapping[str, Transition | None], schema: dict[str, Any]
    ) -> None:
        for name, doc in docs.items():
            deadline = doc.deadline
            if deadline is None:
                continue
            path: Path = ("states", name, "deadline")
            if (deadline.within is None) == (deadline.date is None):
                self.at(path, "definition.deadline_one", key="deadline", name=q(name))
                continue
            if deadline.date is not None and not has_path(schema, tuple(deadline.date.split("."))):
                self.at((*path, "date"), "definition.deadline_date", key="deadline", field=q(deadline.date))
            if deadline.from_ is not None and (
                deadline.within is None or not has_path(schema, tuple(deadline.from_.split(".")))
            ):
                self.at((*path, "from"), "definition.deadline_from", key="deadline", field=q(deadline.from_))
            then = deadline.then
            if then is not None:
                t = transitions.get(then)
                if then not in transitions:
                    self.unknown((*path, "then"), "transition", then, set(transitions))
                elif t is not None and (name not in t.sources or SYSTEM_ROLE not in t.roles):
                    params = {"key": "deadline", "then": q(then), "name": q(name), "system": q(SYSTEM_ROLE)}
                    self.at((*path, "then"), "definition.deadline_then", **params)


def _raw_ends(raw: object, states: Mapping[str, State]) -> tuple[list[str], str | None] | None:
    """(sources, target) as written in a transition's document, or None unless every one names a state."""
    if not isinstance(raw, dict):
        return None
    written = raw.get("from")
    names = written if isinstance(written, list) else [written]
    if "*" in names:
        names = [n for n in names if n != "*"] + [s for s, state in states.items() if not state.final]
    target = raw.get("to")
    if not names or not all(isinstance(n, str) and n in states for n in names):
        return None
    if target is not None and (not isinstance(target, str) or target not in states):
        return None
    return list(dict.fromkeys(names)), target


def _deadline(doc: fmt.DeadlineDoc) -> Deadline | None:
    if (doc.within is None) == (doc.date is None):
        return None  # reported by _Compiler.deadlines
    days, working = fmt.parse_duration(doc.within) if doc.within else (None, False)
    warn = fmt.parse_warn_at(doc.warn_at) if doc.warn_at is not None else None
    text_ = doc.within or f"by {doc.date}"
    if doc.from_:
        text_ += f" from {doc.from_}"
    return Deadline(days, working, doc.date, warn, doc.then, doc.flag, text_, doc.from_)


def _closure(start: set[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
