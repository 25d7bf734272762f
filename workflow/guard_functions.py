"""The registry of guard functions: signature, documentation and implementation in one place.

Every function a guard may call is one :class:`GuardFunction` in
:data:`FUNCTIONS`.  The load-time checks of :mod:`workflow.guards` read its
parameters and result kind from here, the compiled expression calls its
``impl``, and the table in ``docs/definitions.md`` is generated from it by
:func:`guard_functions_markdown`.  All functions are pure functions of the
:class:`~workflow.guard_context.GuardContext`; each one bounds its work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from workflow.guard_context import (
    DAY_COST,
    ITEM_COST,
    MAX_MAGNITUDE,
    MAX_ROUND_DIGITS,
    Budget,
    EvaluationFailure,
    GuardContext,
    json_type,
    show,
    type_text,
)
from workflow.i18n import CATALOGUE, text
from workflow.paths import Missing, walk
from workflow.workdays import MAX_SPAN_DAYS, WorkCalendar, add_days

__all__ = ["FUNCTIONS", "KIND_WORDS", "MAX_ARGS", "GuardFunction", "Kind", "Param", "guard_functions_markdown"]

Kind = Literal["bool", "number", "whole", "text", "date", "list", "null", "any", "path", "transition", "term"]
"""What a value is, as far as the load-time checks know: ``whole`` is a whole number,
``date`` a text like ``2026-03-31``; ``path``, ``transition`` and ``term`` are quoted names."""

MAX_ARGS = 50
"""Most values ``min``/``max`` take (as many as a list literal may hold)."""

Impl = Callable[..., Any]
"""``impl(context, budget, *arguments)``."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: Kind
    optional: bool = False


@dataclass(frozen=True)
class GuardFunction:
    """One function of the guard language."""

    name: str
    params: tuple[Param, ...]
    returns: Kind
    doc: str
    impl: Impl
    variadic: bool = False
    """Takes 1 to :data:`MAX_ARGS` values of the one parameter's kind (or one list)."""
    reads_history: bool = False

    @property
    def min_args(self) -> int:
        return sum(1 for p in self.params if not p.optional)

    @property
    def max_args(self) -> int:
        return MAX_ARGS if self.variadic else len(self.params)

    @property
    def signature(self) -> str:
        if self.variadic:
            return f"{self.name}({self.params[0].name}, ...)"
        parts = [f'"{p.kind}"' if p.kind in _NAMES else p.name for p in self.params]
        required = ", ".join(part for part, p in zip(parts, self.params, strict=True) if not p.optional)
        optional = "".join(f"[, {part}]" for part, p in zip(parts, self.params, strict=True) if p.optional)
        return f"{self.name}({required}{optional})"


KIND_WORDS: dict[str, str] = {
    "bool": "true/false",
    "number": "number",
    "whole": "whole number",
    "text": "text",
    "date": "date text",
    "list": "list",
    "null": "null",
    "any": "any value",
    "path": "quoted data path",
    "transition": "quoted transition id",
    "term": "quoted term name",
}

_NAMES = ("path", "transition", "term")
"""Kinds whose argument is a quoted name, checked at load."""


def _number(name: str, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvaluationFailure(text("guard.fn_number", name=name, kind=type_text(value), value=show(value)))
    return value


def _whole(name: str, value: Any, bound: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise EvaluationFailure(text("guard.fn_whole", name=name, kind=type_text(value), value=show(value)))
    if not -bound <= value <= bound:
        raise EvaluationFailure(text("guard.fn_range", name=name, low=-bound, high=bound, value=show(value)))
    return value


def _as_date(value: Any) -> date:
    if isinstance(value, str) and len(value) <= 40:
        try:
            if "T" in value:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise EvaluationFailure(text("guard.date", kind=type_text(value), value=show(value)))


def _span(budget: Budget, days: int) -> None:
    """Calendar functions walk day by day: each day is a unit of work."""
    if abs(days) > MAX_SPAN_DAYS:
        raise EvaluationFailure(text("guard.span", days=days, limit=MAX_SPAN_DAYS))
    budget.spend(abs(days) * DAY_COST)


def _has(context: GuardContext, budget: Budget, parts: tuple[str, ...]) -> bool:
    value = walk(context.data, parts)
    return not isinstance(value, Missing) and value is not None and value != "" and value != []


def _len(context: GuardContext, budget: Budget, value: Any) -> int:
    if not isinstance(value, str | list | Mapping):
        raise EvaluationFailure(text("guard.len", kind=type_text(value)))
    return len(value)


def _lower(context: GuardContext, budget: Budget, value: Any) -> str:
    if not isinstance(value, str):
        raise EvaluationFailure(text("guard.lower", kind=type_text(value)))
    budget.spend(len(value))
    return value.lower()


def _extreme(name: str, pick: Callable[[Any], Any]) -> Impl:
    def apply(context: GuardContext, budget: Budget, *values: Any) -> Any:
        items = values[0] if len(values) == 1 and isinstance(values[0], list) else values
        if not items:
            raise EvaluationFailure(text("guard.empty_list", name=name))
        budget.spend(len(items) * ITEM_COST)
        kinds = {json_type(item) for item in items}
        if len(kinds) != 1 or kinds & {"null", "list", "object", "true/false"}:
            found = ", ".join(
                sorted(text(f"guard.type.{k}") if f"guard.type.{k}" in CATALOGUE["nl"] else k for k in kinds)
            )
            raise EvaluationFailure(text("guard.mixed", name=name, kinds=found))
        return pick(items)

    return apply


def _total(context: GuardContext, budget: Budget, items: Any, key: Any) -> int | float:
    if not isinstance(items, list) or not isinstance(key, str):
        raise EvaluationFailure(f"total() needs a list and a quoted field name, found {json_type(items)}")
    budget.spend(len(items) * ITEM_COST)
    found: int | float = 0
    for item in items:
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EvaluationFailure(f"total(): an item of the list has no number at {key!r}")
        found += value
    if abs(found) > MAX_MAGNITUDE:
        raise EvaluationFailure(f"total() gives numbers up to {MAX_MAGNITUDE:.0e}")
    return found


def _abs(context: GuardContext, budget: Budget, value: Any) -> int | float:
    return abs(_number("abs", value))


def _round(context: GuardContext, budget: Budget, value: Any, digits: Any = 0) -> int | float:
    number = _number("round", value)
    places = _whole("round", digits, MAX_ROUND_DIGITS)
    if abs(number) > MAX_MAGNITUDE:
        raise EvaluationFailure(text("guard.round", limit=f"{MAX_MAGNITUDE:.0e}", kind=type_text(number)))
    return round(number, places)


def _days_between(context: GuardContext, budget: Budget, a: Any, b: Any) -> int:
    return (_as_date(b) - _as_date(a)).days


def _working_days_between(context: GuardContext, budget: Budget, a: Any, b: Any) -> int:
    start, end = _as_date(a), _as_date(b)
    _span(budget, (end - start).days)
    return context.calendar.working_days_between(start, end)


def _add_days(context: GuardContext, budget: Budget, day: Any, n: Any) -> str:
    start, days = _as_date(day), _whole("add_days", n, MAX_SPAN_DAYS)
    try:
        return add_days(start, days).isoformat()
    except OverflowError:
        raise EvaluationFailure(text("guard.past_calendar", name="add_days", start=start, days=days)) from None


def _add_working_days(context: GuardContext, budget: Budget, day: Any, n: Any) -> str:
    start, days = _as_date(day), _whole("add_working_days", n, MAX_SPAN_DAYS // 2)
    _span(budget, days * 2)
    try:
        return context.calendar.add_working_days(start, days).isoformat()
    except OverflowError:
        raise EvaluationFailure(text("guard.past_calendar", name="add_working_days", start=start, days=days)) from None


def _actors(context: GuardContext, budget: Budget, name: str) -> list[str]:
    found = context.history.actors(name)
    budget.spend(len(found) * ITEM_COST)
    return list(found)


def _all_in(context: GuardContext, budget: Budget, items: Any, within: Any) -> bool:
    for name, value in (("first", items), ("second", within)):
        if not isinstance(value, list):
            raise EvaluationFailure(f"all_in() needs a list as its {name} value, found {json_type(value)}")
    budget.spend((len(items) + 1) * (len(within) + 1) * ITEM_COST)
    return all(item in within for item in items)


def _term(context: GuardContext, name: str) -> Mapping[str, Any] | None:
    found = context.terms.get(name)
    return found if isinstance(found, Mapping) else None


def _term_end(context: GuardContext, budget: Budget, name: str) -> str:
    term = _term(context, name)
    if term is None:
        raise EvaluationFailure(text("guard.term_not_started", term=name))
    return str(term["end"])


def _term_passed(context: GuardContext, budget: Budget, name: str) -> bool:
    term = _term(context, name)
    if term is None:
        return False
    return WorkCalendar.local_date(context.now) > date.fromisoformat(str(term["end"]))


def _fn(name: str, params: str, returns: Kind, doc: str, impl: Impl, **options: bool) -> GuardFunction:
    """``params`` as ``"x:number digits:whole?"`` (``?`` marks an optional parameter)."""
    parsed = []
    for item in params.split():
        pname, kind = item.rstrip("?").split(":")
        parsed.append(Param(pname, kind, item.endswith("?")))  # type: ignore[arg-type]
    return GuardFunction(name, tuple(parsed), returns, doc, impl, **options)


_TABLE = (
    _fn("now", "", "text", "the current moment, ISO 8601 UTC text", lambda c, b: c.now.isoformat()),
    _fn("today", "", "date", "the current date (Dutch time), `YYYY-MM-DD`", lambda c, b: _today(c)),
    _fn("has", "p:path", "bool", 'whether the data path holds a value (not absent, null, `""`, `[]`)', _has),
    _fn("len", "x:any", "number", "length of a text, list or object", _len),
    _fn(
        "has_attribute",
        "n:text",
        "bool",
        'whether the embedding service set the actor attribute n (`has_attribute("mandate_limit_eur")`)',
        lambda c, b, n: isinstance(c.actor.get("attributes"), Mapping) and n in c.actor["attributes"],
    ),
    _fn(
        "count",
        "t:transition",
        "number",
        "how often the transition fired on this case",
        lambda c, b, t: c.history.count(t),
        reads_history=True,
    ),
    _fn(
        "actors",
        "t:transition",
        "list",
        "ids of the actors who fired the transition, each once (four-eyes)",
        _actors,
        reads_history=True,
    ),
    _fn(
        "last_actor",
        "t:transition",
        "any",
        "id of who fired it last, or null",
        lambda c, b, t: c.history.last_actor(t),
        reads_history=True,
    ),
    _fn("days_between", "a:date b:date", "number", "calendar days from date a to date b", _days_between),
    _fn(
        "working_days_between",
        "a:date b:date",
        "number",
        "Dutch working days after a up to and including b",
        _working_days_between,
    ),
    _fn("add_days", "d:date n:whole", "date", "the date n calendar days after d (before it when negative)", _add_days),
    _fn("add_working_days", "d:date n:whole", "date", "the date n Dutch working days after d", _add_working_days),
    _fn(
        "all_in",
        "a:list b:list",
        "bool",
        "whether every item of list a is also in list b (an empty a: true); conditions carried over",
        _all_in,
    ),
    _fn("date", "x:date", "date", "the date part of a date or moment", lambda c, b, x: _as_date(x).isoformat()),
    _fn(
        "min",
        "x:any",
        "any",
        "smallest of the values (numbers or texts), or of one list",
        _extreme("min", min),
        variadic=True,
    ),
    _fn(
        "max",
        "x:any",
        "any",
        "largest of the values (numbers or texts), or of one list",
        _extreme("max", max),
        variadic=True,
    ),
    _fn("abs", "x:number", "number", "absolute value", _abs),
    _fn(
        "total",
        "x:list k:text",
        "number",
        'sum of the number at field k of each item of a list (`total(hours.bookings, "hours")`); 0 for an empty list',
        _total,
    ),
    _fn(
        "round",
        "x:number n:whole?",
        "number",
        f"x rounded to n decimals (n from -{MAX_ROUND_DIGITS} to {MAX_ROUND_DIGITS}; 0 when left out)",
        _round,
    ),
    _fn("lower", "s:text", "text", "the text in lower case", _lower),
    _fn(
        "term_end",
        "t:term",
        "date",
        "the legal end (last day) of the case's term, after suspension and extension; fails before it started",
        _term_end,
    ),
    _fn(
        "term_passed",
        "t:term",
        "bool",
        "whether today (Dutch time) lies after the term's legal end; false before it started",
        _term_passed,
    ),
)


def _today(context: GuardContext) -> str:
    return WorkCalendar.local_date(context.now).isoformat()


FUNCTIONS: Mapping[str, GuardFunction] = {f.name: f for f in _TABLE}
"""Every function a guard may call, by name."""


def guard_functions_markdown() -> str:
    """The table of guard functions for ``docs/definitions.md``."""
    lines = ["| function | takes | gives | meaning |", "|---|---|---|---|"]
    for function in _TABLE:
        takes = ", ".join(f"{p.name}: {KIND_WORDS[p.kind]}" for p in function.params if p.kind not in _NAMES)
        if function.variadic:
            takes = "values, or one list"
        elif any(p.kind in _NAMES for p in function.params):
            takes = KIND_WORDS[function.params[0].kind]
        lines.append(f"| `{function.signature}` | {takes or '—'} | {KIND_WORDS[function.returns]} | {function.doc} |")
    return "\n".join(lines) + "\n"
