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

from workflow.guard_context import ITEM_COST, MAX_MAGNITUDE, MAX_TEXT, Budget, EvaluationFailure, json_type, show
from workflow.i18n import text

__all__ = ["NotBoolean", "arithmetic", "comparison", "contains", "equality", "negate", "plus", "truth"]

Binary = Callable[[Any, Any, Budget], Any]


class NotBoolean(EvaluationFailure):
    """A value used as a condition (or a guard's result) is not true/false."""


def truth(value: Any, where: str) -> bool:
    """``value`` when it is true/false; otherwise :class:`NotBoolean`."""
    if value is True or value is False:
        return value
    raise NotBoolean(f"{where} needs true/false, found {json_type(value)} {show(value)}")


def _number(symbol: str, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvaluationFailure(f"'{symbol}' needs numbers, found {json_type(value)} {show(value)}")
    if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        raise EvaluationFailure(f"'{symbol}' works on numbers up to {MAX_MAGNITUDE:.0e}, found {show(value)}")
    return value


def arithmetic(symbol: str, fn: Callable[[Any, Any], Any]) -> Binary:
    """A bounded arithmetic operator on numbers: operands and result within ±MAX_MAGNITUDE."""

    def apply(a: Any, b: Any, budget: Budget) -> Any:
        left, right = _number(symbol, a), _number(symbol, b)
        try:
            result = fn(left, right)
        except ZeroDivisionError:
            raise EvaluationFailure(f"'{symbol}': division by zero") from None
        if not -MAX_MAGNITUDE <= result <= MAX_MAGNITUDE:
            raise EvaluationFailure(f"the result of '{symbol}' is larger than {MAX_MAGNITUDE:.0e}")
        return result

    return apply


_sum = arithmetic("+", operator.add)


def plus(a: Any, b: Any, budget: Budget) -> Any:
    """``+`` adds numbers and joins texts (up to :data:`MAX_TEXT` characters)."""
    if isinstance(a, str) and isinstance(b, str):
        size = len(a) + len(b)
        if size > MAX_TEXT:
            raise EvaluationFailure(f"'+' would build a text of {size:,} characters; at most {MAX_TEXT:,}")
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
            raise EvaluationFailure(f"cannot use '{symbol}' between {json_type(a)} and {json_type(b)}")
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
            raise EvaluationFailure(f"'in' needs a list or text on the right, found {json_type(container)}")
        if isinstance(container, str) and not isinstance(item, str):
            raise EvaluationFailure(f"'in' on text needs text on the left, found {json_type(item)}")
        if not isinstance(container, Mapping):
            budget.spend(len(container) * (1 if isinstance(container, str) else ITEM_COST))
        if isinstance(item, list | Mapping) and not isinstance(container, list | tuple):
            raise EvaluationFailure(f"'in' cannot look for a {json_type(item)} in {json_type(container)}")
        return (item in container) != negated

    return apply
