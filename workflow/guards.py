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

This module owns the language and its load-time checks; evaluation lives in
:mod:`workflow.evaluation`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from workflow.model import JSON

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "CompiledExpression",
    "ExpressionError",
    "ExpressionProblem",
    "Scope",
    "compile_expression",
    "dotted",
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
CONSTANTS: dict[str, JSON] = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}


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
        if root in CONSTANTS and len(path) == 1:
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
