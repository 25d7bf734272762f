"""Run-time operators of the guard language: JSON-typed, bounded, plain failures.

Each operator checks the JSON kinds of its operands and raises
:class:`~workflow.guard_context.EvaluationFailure` with a plain explanation
instead of letting Python coerce or crash; arithmetic is bounded by
:data:`~workflow.guard_context.MAX_MAGNITUDE`, text building and ``in`` by
the evaluation's :class:`~workflow.guard_context.Budget`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from workflow.guard_context import (
    ITEM_COST,
    MAX_MAGNITUDE,
    MAX_TEXT,
    Budget,
    EvaluationFailure,
    json_type,
    show,
    type_text,
)
from workflow.i18n import text
from workflow.i18n.numbers import whole_text

__all__ = ["NotBoolean", "arithmetic", "comparison", "contains", "equality", "negate", "plus", "truth"]

Binary = Callable[[Any, Any, Budget], Any]


class NotBoolean(EvaluationFailure):
    """A value used as a condition (or a guard's result) is not true/false."""


def truth(value: Any, where: str) -> bool:
    """``value`` when it is true/false; otherwise :class:`NotBoolean`."""
    if value is True or value is False:
        return value
    raise NotBoolean(text("guard.needs_boolean", where=where, kind=type_text(value), value=show(value)))


def _number(symbol: str, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvaluationFailure(text("guard.needs_numbers", symbol=symbol, kind=type_text(value), value=show(value)))
    if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        raise EvaluationFailure(text("guard.too_large", symbol=symbol, limit=f"{MAX_MAGNITUDE:.0e}", value=show(value)))
    return value


def arithmetic(symbol: str, fn: Callable[[Any, Any], Any]) -> Binary:
    """A bounded arithmetic operator on numbers: operands and result within ±MAX_MAGNITUDE."""

    def apply(a: Any, b: Any, budget: Budget) -> Any:
        left, right = _number(symbol, a), _number(symbol, b)
        try:
            result = fn(left, right)
        except ZeroDivisionError:
            raise EvaluationFailure(text("guard.division_by_zero", symbol=symbol)) from None
        if not -MAX_MAGNITUDE <= result <= MAX_MAGNITUDE:
            raise EvaluationFailure(text("guard.result_too_large", symbol=symbol, limit=f"{MAX_MAGNITUDE:.0e}"))
        return result

    return apply


_sum = arithmetic("+", operator.add)


def plus(a: Any, b: Any, budget: Budget) -> Any:
    """``+`` adds numbers and joins texts (up to :data:`MAX_TEXT` characters)."""
    if isinstance(a, str) and isinstance(b, str):
        size = len(a) + len(b)
        if size > MAX_TEXT:
            raise EvaluationFailure(text("guard.text_too_long", size=whole_text(size), limit=whole_text(MAX_TEXT)))
        budget.spend(size)
        return a + b
    return _sum(a, b, budget)


def negate(value: Any, symbol: str) -> Any:
    """Unary ``-`` and ``+``."""
    number = _number(symbol, value)
    return -number if symbol == "-" else number


def comparison(symbol: str, fn: Callable[[Any, Any], bool]) -> Binary:
    """An ordering (``< <= > >=``): both sides present and of one comparable kind."""

    def apply(a: Any, b: Any, budget: Budget) -> bool:
        if a is None or b is None:
            missing = "left" if a is None else "right"
            raise EvaluationFailure(text("guard.side_no_value", symbol=symbol, side=text(f"guard.side.{missing}")))
        if isinstance(a, list | Mapping) or isinstance(b, list | Mapping) or json_type(a) != json_type(b):
            raise EvaluationFailure(text("guard.incomparable", symbol=symbol, left=type_text(a), right=type_text(b)))
        return fn(a, b)

    return apply


def equality(negated: bool) -> Binary:
    def apply(a: Any, b: Any, budget: Budget) -> bool:
        return bool(a == b) != negated

    return apply


def contains(negated: bool) -> Binary:
    """``in`` / ``not in``: an item of a list, a key of an object, a part of a text."""

    def apply(item: Any, container: Any, budget: Budget) -> bool:
        if not isinstance(container, list | tuple | str | Mapping):
            raise EvaluationFailure(text("guard.in_container", kind=type_text(container)))
        if isinstance(container, str) and not isinstance(item, str):
            raise EvaluationFailure(text("guard.in_text", kind=type_text(item)))
        if not isinstance(container, Mapping):
            budget.spend(len(container) * (1 if isinstance(container, str) else ITEM_COST))
        if isinstance(item, list | Mapping) and not isinstance(container, list | tuple):
            raise EvaluationFailure(text("guard.in_kind", item=type_text(item), container=type_text(container)))
        return (item in container) != negated

    return apply
