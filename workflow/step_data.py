"""What a step adds to the data beyond merging its input: appended lists and derived fields.

Runs after a step's requirements and guards hold (so guards see the input as
sent, e.g. ``booking.hours``), before the step is written:

- ``appends`` (input path -> list path): the input's value is appended to the
  list and not kept at the input path, so a booking is never overwritten;
- ``derive`` (data path -> expression): each field is computed, in order, on
  the data as it stands (later ones see earlier ones).  A value that cannot be
  computed refuses the step with the blocker ``derive_failed``, naming the field.

No step's input may write either kind of field (the loader refuses it), so
they hold what the engine computed, never what someone typed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, cast

from workflow.errors import Blocker
from workflow.guard_context import Budget, EvaluationFailure, GuardContext
from workflow.guards import CompiledExpression
from workflow.i18n import text
from workflow.model import JSON, Transition
from workflow.paths import split, value_at

__all__ = ["finish"]


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = split(path)
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[last] = value


def _drop(data: dict[str, Any], path: str) -> None:
    *parents, last = split(path)
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def finish(
    transition: Transition, data: Mapping[str, JSON], context_for: Callable[[Mapping[str, JSON]], GuardContext]
) -> tuple[Mapping[str, JSON], list[Blocker]]:
    """The data with the step's appends and derived fields, or the blockers of fields that cannot be computed."""
    if not transition.appends and not transition.derives:
        return data, []
    result: dict[str, Any] = copy.deepcopy(dict(data))
    for source, target in transition.appends:
        value = value_at(result, source)
        if value is None:
            continue
        items = value_at(result, target)
        _set(result, target, [*(items if isinstance(items, list) else []), value])
        _drop(result, source)
    blockers = []
    for path, expression in transition.derives:
        try:
            value = cast(CompiledExpression, expression).value(context_for(result), Budget())
        except EvaluationFailure as exc:
            blockers.append(Blocker("derive_failed", text("derive_failed", field=path), exc.detail))
            continue
        _set(result, path, value)
    return result, blockers
