"""Load-time checks of what a step adds to the data beyond its input: ``appends`` and ``derive``.

``appends: {booking: hours.bookings}`` keeps every value of an input field in
a list (hours booked are never overwritten); ``derive: {hours.spent: 'total(hours.bookings,
"hours")'}`` computes a field after the input.  Lists appended to and derived
fields are the engine's: no step's ``input`` may write them.  Also checked
here: the ``asks`` of a message names a transition of the definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from workflow import _format as fmt
from workflow._schema import has_path
from workflow.guards import ExpressionError, Scope, compile_expression
from workflow.loader_texts import Report, q
from workflow.model import HISTORY_FUNCTIONS, Expression, Transition

__all__ = ["compile_step_data"]


def _overlap(a: str, b: str) -> bool:
    x, y = a.split("."), b.split(".")
    n = min(len(x), len(y))
    return x[:n] == y[:n]


def compile_step_data(
    docs: Mapping[str, fmt.TransitionDoc],
    transitions: dict[str, Transition | None],
    schema: dict[str, Any],
    at: Report,
) -> None:
    """Attach each step's appends and derived fields; refuse inputs that write the engine's fields."""
    # a list the engine appends to is the engine's alone; a derived field is not written by its own step's input
    lists = {target: tid for tid, doc in docs.items() for target in (doc.appends or {}).values()}
    scope = Scope(lambda p: has_path(schema, p), frozenset(docs))
    for tid, doc in docs.items():
        _asks(tid, doc, set(docs), at)
        step = transitions.get(tid)
        if step is None:
            continue
        owned = {**lists, **dict.fromkeys(doc.derive or {}, tid)}
        for i, written in enumerate(step.writes):
            for field, by in owned.items():
                if _overlap(written, field):
                    where = (
                        ("transitions", tid, "input", i)
                        if isinstance(doc.input, list)
                        else ("transitions", tid, "input")
                    )
                    at(where, "definition.engine_kept", step=q(tid), written=q(written), kept=q(field), by=q(by))
        appends = _appends(tid, doc, step, schema, at)
        derives = _derives(tid, doc, schema, scope, at)
        if appends is not None and derives is not None and (appends or derives):
            transitions[tid] = replace(step, appends=appends, derives=derives)


def _asks(tid: str, doc: fmt.TransitionDoc, names: set[str], at: Report) -> None:
    items: list[tuple[str, int, str | None]] = [("requires", i, r.asks) for i, r in enumerate(doc.requires)]
    items += [("guards", i, g.asks) for i, g in enumerate(doc.guards)]
    for key, i, asks in items:
        if asks is not None and asks not in names:
            at(("transitions", tid, key, i, "asks"), "definition.asks_unknown", name=q(asks))


def _appends(
    tid: str, doc: fmt.TransitionDoc, step: Transition, schema: dict[str, Any], at: Report
) -> tuple[tuple[str, str], ...] | None:
    found, ok = [], True
    for source, target in (doc.appends or {}).items():
        where = ("transitions", tid, "appends", source)
        if not any(w == source or w.startswith(source + ".") for w in step.writes):
            at(where, "definition.appends_not_input", source=q(source), step=q(tid))
            ok = False
        elif not _is_list(schema, target):
            at(where, "definition.appends_not_list", target=q(target))
            ok = False
        else:
            found.append((source, target))
    return tuple(found) if ok else None


def _is_list(schema: dict[str, Any], path: str) -> bool:
    node: Any = schema
    for part in path.split("."):
        props = node.get("properties") if isinstance(node, Mapping) else None
        if not isinstance(props, Mapping) or part not in props:
            return False
        node = props[part]
    return isinstance(node, Mapping) and node.get("type") == "array"


def _derives(
    tid: str, doc: fmt.TransitionDoc, schema: dict[str, Any], scope: Scope, at: Report
) -> tuple[tuple[str, Expression], ...] | None:
    found: list[tuple[str, Expression]] = []
    ok = True
    for path, source in (doc.derive or {}).items():
        where = ("transitions", tid, "derive", path)
        if not has_path(schema, tuple(path.split("."))):
            at(where, "definition.derive_unknown", path=q(path))
            ok = False
            continue
        try:
            expression = compile_expression(source, scope, boolean=False)
        except ExpressionError as exc:
            for problem in exc.problems:
                at(where, "definition.derive_problem", path=q(path), detail=problem.message)
            ok = False
            continue
        if expression.calls & HISTORY_FUNCTIONS:
            at(where, "definition.derive_history", path=q(path))
            ok = False
            continue
        found.append((path, expression))
    return tuple(found) if ok else None
