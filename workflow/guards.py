"""Guard expressions: checked and compiled once at load, evaluated on plain data.

The language is a small subset of Python's expression syntax::

    scope.budget_hours > 0 and has("scope.deadline")
    actor.id not in actors("execute")
    working_days_between(received_on, today()) <= 5

* names are data paths (``scope.budget_hours``), ``actor.id|roles|tenant``,
  ``case.id|workflow|state|version|tenant|reference`` and the literals
  ``true``/``false``/``null`` (Python's spellings work too);
* ``and or not``, comparisons, ``in``/``not in``, ``+ - * / %`` on numbers,
  list literals, and calls of the functions in :data:`FUNCTIONS` by name.

Nothing else parses: no attribute access on objects (a dotted name is a *path
into JSON data*, resolved by dictionary lookup only), no subscripts, no
lambdas, comprehensions, f-strings, ``**`` or shifts, no names starting with
``_``.  Every expression is checked against an allow-list of AST nodes at load
time and bounded in length, size and depth; at run time it is evaluated by
``simpleeval`` with the same allow-list, against a context of plain JSON
values.  Python's ``eval`` is never used.
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
from workflow.model import JSON, Transition

__all__ = [
    "FUNCTIONS",
    "CompiledExpression",
    "ExpressionError",
    "ExpressionProblem",
    "GuardContext",
    "History",
    "Scope",
    "check_transition",
    "compile_expression",
    "evaluate",
]

MAX_SOURCE = 500
MAX_NODES = 120
MAX_DEPTH = 16
MAX_LITERAL = 200
MAX_LIST = 50
MAX_NUMBER = 10**12

ACTOR_FIELDS = frozenset({"id", "roles", "tenant"})
CASE_FIELDS = frozenset({"id", "workflow", "state", "version", "tenant", "reference"})
RESERVED_ROOTS = frozenset({"actor", "case"})
_CONSTANTS: dict[str, JSON] = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}


@dataclass(frozen=True)
class FunctionSpec:
    """Arity and what the first argument names (checked at load)."""

    min_args: int
    max_args: int
    names: str | None = None  # "path" or "transition": first arg must be such a string literal
    doc: str = ""


FUNCTIONS: Mapping[str, FunctionSpec] = {
    "now": FunctionSpec(0, 0, doc="current moment, ISO 8601 UTC text"),
    "today": FunctionSpec(0, 0, doc="current date, YYYY-MM-DD"),
    "has": FunctionSpec(1, 1, "path", "whether the data path holds a value (not null)"),
    "len": FunctionSpec(1, 1, doc="length of a text or list"),
    "count": FunctionSpec(1, 1, "transition", "how often the transition fired on this case"),
    "actors": FunctionSpec(1, 1, "transition", "ids of the actors who fired the transition"),
    "last_actor": FunctionSpec(1, 1, "transition", "id of the actor who last fired it, or null"),
    "days_between": FunctionSpec(2, 2, doc="calendar days from the first date to the second"),
    "working_days_between": FunctionSpec(2, 2, doc="Dutch working days after the first date up to the second"),
    "add_days": FunctionSpec(2, 2, doc="date plus N calendar days"),
    "add_working_days": FunctionSpec(2, 2, doc="date plus N Dutch working days"),
    "date": FunctionSpec(1, 1, doc="the date part (YYYY-MM-DD) of a date or moment"),
    "min": FunctionSpec(1, MAX_LIST, doc="smallest of the values (or of one list)"),
    "max": FunctionSpec(1, MAX_LIST, doc="largest of the values (or of one list)"),
    "abs": FunctionSpec(1, 1, doc="absolute value"),
    "round": FunctionSpec(1, 2, doc="number rounded to N decimals"),
    "lower": FunctionSpec(1, 1, doc="text in lower case"),
}
"""Every function a guard may call; all are pure functions of the context."""


@dataclass(frozen=True)
class ExpressionProblem:
    """A problem at a 1-based line and column inside the expression text."""

    line: int
    column: int
    message: str


class ExpressionError(Exception):
    """An expression failed its load-time checks (the loader adds the file position)."""

    def __init__(self, problems: list[ExpressionProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Scope:
    """What an expression may name, for the load-time checks."""

    known_path: Callable[[tuple[str, ...]], bool]
    transitions: frozenset[str]


@dataclass(frozen=True)
class CompiledExpression:
    """A checked expression and its parsed tree, ready to evaluate many times."""

    source: str
    tree: ast.expr = field(repr=False, compare=False)
    calls: frozenset[str] = frozenset()
    """Names of the functions the expression calls (e.g. to know it needs the case's history)."""


_BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%"}
_CMP_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_UNARY = (ast.Not, ast.USub, ast.UAdd)


def dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ``["a", "b", "c"]``; None when it is not a plain dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


class _Checker:
    """Walks a parsed expression and collects every problem (allow-list)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[ExpressionProblem] = []
        self.count = 0
        self.calls: set[str] = set()

    def fail(self, node: ast.AST, message: str) -> None:
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0) + 1
        self.problems.append(ExpressionProblem(line, column, message))

    def visit(self, node: ast.expr, depth: int = 0) -> None:
        self.count += 1
        if depth > MAX_DEPTH:
            self.fail(node, f"expression nested deeper than {MAX_DEPTH} levels; split the guard")
            return
        handler = getattr(self, f"visit_{type(node).__name__}", None)
        if handler is None:
            self.fail(node, f"{_describe(node)} is not allowed in a guard")
            return
        handler(node, depth + 1)

    def visit_BoolOp(self, node: ast.BoolOp, depth: int) -> None:
        for value in node.values:
            self.visit(value, depth)

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> None:
        if not isinstance(node.op, _UNARY):
            self.fail(node, f"operator {type(node.op).__name__} is not allowed in a guard")
        self.visit(node.operand, depth)

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> None:
        symbol = _BIN_OPS.get(type(node.op))
        if symbol is None:
            name = _OP_NAMES.get(type(node.op), type(node.op).__name__)
            self.fail(node, f"operator {name} is not allowed in a guard")
        elif symbol in "*%" and any(_is_collection(side) for side in (node.left, node.right)):
            self.fail(node, f"operator {symbol} works on numbers only")
        self.visit(node.left, depth)
        self.visit(node.right, depth)

    def visit_Compare(self, node: ast.Compare, depth: int) -> None:
        for op in node.ops:
            if not isinstance(op, _CMP_OPS):
                self.fail(node, f"comparison {type(op).__name__} is not allowed; use == or !=")
        self.visit(node.left, depth)
        for comparator in node.comparators:
            self.visit(comparator, depth)

    def visit_Constant(self, node: ast.Constant, depth: int) -> None:
        value = node.value
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, str):
            if len(value) > MAX_LITERAL:
                self.fail(node, f"text literal longer than {MAX_LITERAL} characters")
        elif isinstance(value, int | float):
            if abs(value) > MAX_NUMBER:
                self.fail(node, f"number literal larger than {MAX_NUMBER}")
        else:
            self.fail(node, f"literal of type {type(value).__name__} is not allowed in a guard")

    def visit_List(self, node: ast.List | ast.Tuple, depth: int) -> None:
        if len(node.elts) > MAX_LIST:
            self.fail(node, f"list literal with more than {MAX_LIST} items")
        for element in node.elts:
            if isinstance(element, ast.Starred):
                self.fail(element, "unpacking (*) is not allowed in a guard")
            else:
                self.visit(element, depth)

    visit_Tuple = visit_List

    def visit_Name(self, node: ast.Name, depth: int) -> None:
        self.check_path(node, [node.id])

    def visit_Attribute(self, node: ast.Attribute, depth: int) -> None:
        path = dotted(node)
        if path is None:
            self.fail(node, "only dotted data paths like scope.budget_hours may use '.'")
            return
        self.check_path(node, path)

    def check_path(self, node: ast.expr, path: list[str]) -> None:
        text = ".".join(path)
        if any(part.startswith("_") for part in path):
            self.fail(node, f"names starting with '_' are not allowed ({text!r})")
            return
        root = path[0]
        if root in _CONSTANTS and len(path) == 1:
            return
        if root in RESERVED_ROOTS:
            fields = ACTOR_FIELDS if root == "actor" else CASE_FIELDS
            if len(path) != 2 or path[1] not in fields:
                self.fail(node, f"unknown {text!r}; {root} has {', '.join(sorted(fields))}")
        elif not self.scope.known_path(tuple(path)):
            if root in FUNCTIONS and len(path) == 1:  # a data field may share a function's name
                self.fail(node, f"{root!r} is a function; call it as {root}(...)")
            else:
                self.fail(node, f"unknown data field {text!r}; declare it in the data schema")

    def visit_Call(self, node: ast.Call, depth: int) -> None:
        if not isinstance(node.func, ast.Name):
            self.fail(node, "only the guard functions may be called, by name (no methods)")
            return
        name = node.func.id
        self.calls.add(name)
        spec = FUNCTIONS.get(name)
        if spec is None:
            known = ", ".join(sorted(FUNCTIONS))
            self.fail(node, f"unknown function {name!r}; known functions: {known}")
            return
        if node.keywords:
            self.fail(node, f"{name}() takes no keyword arguments")
        if not spec.min_args <= len(node.args) <= spec.max_args:
            self.fail(node, f"{name}() takes {_arity(spec)}, got {len(node.args)}")
            return
        if spec.names and node.args:
            self.check_named_argument(node, name, spec.names, node.args[0])
            rest = node.args[1:]
        else:
            rest = node.args
        for arg in rest:
            if isinstance(arg, ast.Starred):
                self.fail(arg, "unpacking (*) is not allowed in a guard")
            else:
                self.visit(arg, depth)

    def check_named_argument(self, node: ast.Call, name: str, kind: str, arg: ast.expr) -> None:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            self.fail(node, f'{name}() takes a quoted {kind} name, like {name}("...")')
        elif kind == "transition" and arg.value not in self.scope.transitions:
            self.fail(arg, f"{name}() names unknown transition {arg.value!r}")
        elif kind == "path" and not self.scope.known_path(tuple(arg.value.split("."))):
            self.fail(arg, f"{name}() names unknown data field {arg.value!r}; declare it in the data schema")


_OP_NAMES = {
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
}


def _arity(spec: FunctionSpec) -> str:
    if spec.min_args == spec.max_args:
        return f"{spec.min_args} argument{'s' if spec.min_args != 1 else ''}"
    return f"{spec.min_args} to {spec.max_args} arguments"


def _is_collection(node: ast.expr) -> bool:
    """Text or list literals: ``*`` and ``%`` on them could build huge values."""
    text = isinstance(node, ast.Constant) and isinstance(node.value, str)
    return text or isinstance(node, ast.JoinedStr | ast.List | ast.Tuple)


def _bracket_depth(source: str) -> int:
    """Deepest nesting of (), [] and {} outside quotes (parentheses leave no AST node)."""
    depth = deepest = 0
    quote: str | None = None
    for char in source:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def _describe(node: ast.AST) -> str:
    names = {
        "Lambda": "a lambda",
        "ListComp": "a comprehension",
        "SetComp": "a comprehension",
        "DictComp": "a comprehension",
        "GeneratorExp": "a generator",
        "Subscript": "indexing with [...]",
        "JoinedStr": "an f-string",
        "NamedExpr": "assignment (:=)",
        "IfExp": "'x if c else y'",
        "Dict": "a mapping literal",
        "Set": "a set literal",
        "Await": "await",
        "Yield": "yield",
        "Starred": "unpacking (*)",
        "Slice": "slicing",
    }
    return names.get(type(node).__name__, type(node).__name__)


def _reserved_word_used(source: str) -> str | None:
    """A Python keyword used as a path segment (``risk.class``), which no parser can accept."""
    import keyword
    import re

    for word in re.findall(r"\.\s*([A-Za-z_]\w*)", source):
        if keyword.iskeyword(word):
            return str(word)
    return None


def compile_expression(source: object, scope: Scope) -> CompiledExpression:
    """Parse and check ``source`` once; raise :class:`ExpressionError` listing every problem."""
    if not isinstance(source, str):
        raise ExpressionError([ExpressionProblem(1, 1, f"a guard must be text, found {type(source).__name__}")])
    if not source.strip():
        raise ExpressionError([ExpressionProblem(1, 1, "the guard expression is empty")])
    if len(source) > MAX_SOURCE:
        msg = f"guard longer than {MAX_SOURCE} characters; split it into several guards"
        raise ExpressionError([ExpressionProblem(1, 1, msg)])
    if _bracket_depth(source) > MAX_DEPTH:
        msg = f"brackets nested deeper than {MAX_DEPTH} levels; split the guard"
        raise ExpressionError([ExpressionProblem(1, 1, msg)])
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        msg = f"guard syntax: {exc.msg}"
        reserved = _reserved_word_used(source)
        if reserved:
            msg = (
                f"guard syntax: {reserved!r} is a reserved word of the guard language, so a data field "
                "with that name cannot be used in guards; rename the field"
            )
        raise ExpressionError([ExpressionProblem(exc.lineno or 1, exc.offset or 1, msg)]) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError([ExpressionProblem(1, 1, f"guard cannot be parsed: {exc}")]) from None
    checker = _Checker(scope)
    checker.visit(tree.body)
    if checker.count > MAX_NODES:
        checker.fail(tree.body, f"guard has more than {MAX_NODES} parts; split it into several guards")
    if checker.problems:
        raise ExpressionError(checker.problems)
    return CompiledExpression(source, tree.body, frozenset(checker.calls))


# --------------------------------------------------------------------- runtime


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
        if node.id in _CONSTANTS:
            return _CONSTANTS[node.id]
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
