"""Evaluating compiled guard expressions against a case: every blocker, never a crash.

Run time of the guard language of :mod:`workflow.guards`: ``simpleeval``
restricted to the same allow-list, dotted names resolved by dictionary lookup
in plain JSON data, and a fixed table of pure functions bound to the case's
context (clock, history, working-day calendar).  A guard that cannot be
evaluated becomes a blocker with a plain explanation.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

import simpleeval

from workflow import workdays
from workflow.errors import Blocker
from workflow.guards import CONSTANTS, CompiledExpression, dotted
from workflow.model import JSON, Transition

__all__ = ["EvaluationFailure", "GuardContext", "History", "check_transition", "evaluate"]


@dataclass(frozen=True)
class History:
    """What guards may know of a case's past: per transition, who fired it, in order."""

    actors_by_transition: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class GuardContext:
    """Everything an expression can see; all plain JSON values but ``now``."""

    data: Mapping[str, JSON]
    actor: Mapping[str, JSON]
    case: Mapping[str, JSON]
    now: datetime
    history: History = field(default_factory=History)
    calendar: workdays.WorkCalendar = workdays.DEFAULT


class EvaluationFailure(Exception):
    """An expression could not be evaluated; ``detail`` explains it plainly."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


_JSON_TYPES = {
    "NoneType": "null",
    "str": "text",
    "int": "number",
    "float": "number",
    "bool": "true/false",
    "dict": "object",
    "list": "list",
    "tuple": "list",
}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value).__name__, type(value).__name__)


def _numbers(name: str, fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        for value in (a, b):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise EvaluationFailure(f"'{name}' needs numbers, found {_json_type(value)} {value!r}")
        return fn(a, b)

    return apply


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, str) and isinstance(b, str):
        if len(a) + len(b) > simpleeval.MAX_STRING_LENGTH:
            raise EvaluationFailure("text too long")
        return a + b
    return _numbers("+", operator.add)(a, b)


def _compare(name: str, fn: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def apply(a: Any, b: Any) -> bool:
        if a is None or b is None:
            missing = "left" if a is None else "right"
            raise EvaluationFailure(f"cannot use '{name}': the {missing} side has no value")
        try:
            return fn(a, b)
        except TypeError:
            raise EvaluationFailure(f"cannot use '{name}' between {_json_type(a)} and {_json_type(b)}") from None

    return apply


def _contains(negate: bool) -> Callable[[Any, Any], bool]:
    def apply(item: Any, container: Any) -> bool:
        if not isinstance(container, list | tuple | str | dict):
            raise EvaluationFailure(f"'in' needs a list or text on the right, found {_json_type(container)}")
        if isinstance(container, str) and not isinstance(item, str):
            raise EvaluationFailure(f"'in' on text needs text on the left, found {_json_type(item)}")
        return (item in container) != negate

    return apply


_OPERATORS: dict[type, Callable[..., Any]] = {
    ast.Add: _add,
    ast.Sub: _numbers("-", operator.sub),
    ast.Mult: _numbers("*", operator.mul),
    ast.Div: _numbers("/", operator.truediv),
    ast.Mod: _numbers("%", operator.mod),
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: _compare("<", operator.lt),
    ast.LtE: _compare("<=", operator.le),
    ast.Gt: _compare(">", operator.gt),
    ast.GtE: _compare(">=", operator.ge),
    ast.In: _contains(negate=False),
    ast.NotIn: _contains(negate=True),
    ast.Not: operator.not_,
    ast.USub: lambda a: _numbers("-", lambda x, _: -x)(a, 0),
    ast.UAdd: lambda a: _numbers("+", lambda x, _: x)(a, 0),
}


def _lookup(base: Any, key: str, path: list[str]) -> Any:
    if not isinstance(base, Mapping):
        where = ".".join(path[:-1])
        raise EvaluationFailure(f"{where} is {_json_type(base)}, not an object, so it has no {key!r}")
    if key not in base:
        raise EvaluationFailure(f"{'.'.join(path)} has no value")
    return base[key]


class _Evaluator(simpleeval.SimpleEval):  # type: ignore[misc]
    """simpleeval restricted to the guard language; dotted names are data paths."""

    nodes: dict[type, Callable[..., Any]]

    def __init__(self, names: dict[str, Any], functions: dict[str, Callable[..., Any]]) -> None:
        super().__init__(operators=_OPERATORS, functions=functions, names=names)
        self.nodes = {  # the allow-list again, at run time: anything else is FeatureNotAvailable
            ast.UnaryOp: self._eval_unaryop,
            ast.BinOp: self._eval_binop,
            ast.BoolOp: self._eval_boolop,
            ast.Compare: self._eval_compare,
            ast.Call: self._eval_call,
            ast.Name: self._eval_name,
            ast.Attribute: self._eval_attribute,
            ast.Constant: self._eval_constant,
            ast.List: self._eval_sequence,
            ast.Tuple: self._eval_sequence,
        }

    def _eval_sequence(self, node: ast.List | ast.Tuple) -> list[Any]:
        return [self._eval(element) for element in node.elts]

    def _eval_name(self, node: ast.Name) -> Any:
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        return _lookup(self.names, node.id, [node.id])

    def _eval_attribute(self, node: ast.Attribute) -> Any:
        path = dotted(node)
        if path is None or any(part.startswith("_") for part in path):  # excluded at load; kept as a backstop
            raise EvaluationFailure("only dotted data paths may use '.'")
        value: Any = self.names
        for i, part in enumerate(path):
            value = _lookup(value, part, path[: i + 1])
        return value

    def _eval_call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name) or node.func.id not in self.functions:
            raise EvaluationFailure("only the guard functions may be called")
        return self.functions[node.func.id](*(self._eval(arg) for arg in node.args))


def _as_date(value: Any) -> date:
    if isinstance(value, str):
        try:
            if "T" in value:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise EvaluationFailure(f"expected a date like 2026-03-31, found {_json_type(value)} {value!r}")


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise EvaluationFailure(f"expected a whole number, found {_json_type(value)} {value!r}")
    return value


def _extreme(fn: Callable[..., Any]) -> Callable[..., Any]:
    def apply(*values: Any) -> Any:
        items = values[0] if len(values) == 1 and isinstance(values[0], list) else values
        if not items:
            raise EvaluationFailure("min()/max() of an empty list")
        try:
            return fn(items)
        except TypeError:
            raise EvaluationFailure("min()/max() need values of one kind") from None

    return apply


def _functions(context: GuardContext) -> dict[str, Callable[..., Any]]:
    actors = context.history.actors_by_transition

    def has(path: str) -> bool:
        value: Any = context.data
        for part in path.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return False
            value = value[part]
        return value is not None and value != "" and value != []

    def length(value: Any) -> int:
        if not isinstance(value, str | list | dict):
            raise EvaluationFailure(f"len() needs text or a list, found {_json_type(value)}")
        return len(value)

    def lower(value: Any) -> str:
        if not isinstance(value, str):
            raise EvaluationFailure(f"lower() needs text, found {_json_type(value)}")
        return value.lower()

    def rounded(value: Any, digits: Any = 0) -> Any:
        return round(_numbers("round", lambda a, _: a)(value, 0), _as_int(digits))

    return {
        "now": lambda: context.now.isoformat(),
        "today": lambda: workdays.WorkCalendar.local_date(context.now).isoformat(),
        "has": has,
        "len": length,
        "count": lambda name: len(actors.get(name, ())),
        "actors": lambda name: list(actors.get(name, ())),
        "last_actor": lambda name: (actors.get(name) or (None,))[-1],
        "days_between": lambda a, b: (_as_date(b) - _as_date(a)).days,
        "working_days_between": lambda a, b: context.calendar.working_days_between(_as_date(a), _as_date(b)),
        "add_days": lambda d, n: workdays.add_days(_as_date(d), _as_int(n)).isoformat(),
        "add_working_days": lambda d, n: context.calendar.add_working_days(_as_date(d), _as_int(n)).isoformat(),
        "date": lambda d: _as_date(d).isoformat(),
        "min": _extreme(min),
        "max": _extreme(max),
        "abs": lambda a: abs(_numbers("abs", lambda x, _: x)(a, 0)),
        "round": rounded,
        "lower": lower,
    }


def _names(context: GuardContext) -> dict[str, Any]:
    names = dict(context.data)
    names["actor"] = context.actor
    names["case"] = context.case
    return names


def evaluate(expression: CompiledExpression, context: GuardContext) -> Any:
    """Evaluate one compiled expression; raise :class:`EvaluationFailure` when it cannot."""
    evaluator = _Evaluator(_names(context), _functions(context))
    return _run(evaluator, expression)


def _run(evaluator: _Evaluator, expression: CompiledExpression) -> Any:
    try:
        return evaluator.eval(expression.source, previously_parsed=expression.tree)
    except EvaluationFailure:
        raise
    except simpleeval.InvalidExpression as exc:
        raise EvaluationFailure(f"cannot evaluate: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, OverflowError, RecursionError) as exc:
        raise EvaluationFailure(f"cannot evaluate: {exc}") from None


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == []


def _get_path(data: Mapping[str, JSON], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def check_transition(transition: Transition, context: GuardContext) -> list[Blocker]:
    """Every blocker of ``transition`` in ``context``: missing required fields
    first, then failing guards, each in definition order."""
    blockers = [
        Blocker(req.code, req.message) for req in transition.requires if _missing(_get_path(context.data, req.field))
    ]
    if not transition.guards:
        return blockers
    evaluator = _Evaluator(_names(context), _functions(context))
    for guard in transition.guards:
        expression = cast(CompiledExpression, guard.expression)  # the loader only makes these
        try:
            result = _run(evaluator, expression)
        except EvaluationFailure as exc:
            blockers.append(Blocker(guard.code, guard.message, exc.detail))
            continue
        if result is not True:
            detail = None if result is False else f"the guard gave {_json_type(result)} {result!r}, not true/false"
            blockers.append(Blocker(guard.code, guard.message, detail))
    return blockers
