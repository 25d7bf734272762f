"""The guard compiler: a checked expression's syntax tree into a tree of closures, with kinds tracked.

:func:`workflow.guards.compile_expression` is its one entry; the allow-list of
syntax (:data:`NODES`, :data:`BINARY`, :data:`COMPARE`)
and the scope of names (:class:`Scope`) live here.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from workflow.guard_context import Budget, EvaluationFailure, GuardContext, type_text
from workflow.guard_functions import FUNCTIONS, GuardFunction, Kind
from workflow.guard_ops import arithmetic, comparison, contains, equality, negate, plus, truth
from workflow.guard_syntax import MAX_DEPTH, OPERATOR_NAMES, ExpressionProblem
from workflow.i18n import CATALOGUE, language, text
from workflow.model import JSON
from workflow.paths import Missing, split, walk

__all__ = ["BINARY", "COMPARE", "CONSTANTS", "MAX_NODES", "NODES", "RESERVED_ROOTS", "Evaluator", "Scope", "dotted"]

MAX_NODES = 120
MAX_LITERAL = 200
MAX_LIST = 50
MAX_NUMBER = 10**12

ACTOR_FIELDS = frozenset({"id", "roles", "tenant"})
CASE_FIELDS = frozenset({"id", "workflow", "state", "version", "tenant", "reference"})
RESERVED_ROOTS = frozenset({"actor", "case"})
CONSTANTS: dict[str, JSON] = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}

Evaluator = Callable[[GuardContext, Budget], Any]
"""A compiled (part of an) expression: its value in a context, spending from a budget."""

BINARY: Mapping[type[ast.operator], tuple[str, Callable[[Any, Any, Budget], Any]]] = {
    ast.Add: ("+", plus),
    ast.Sub: ("-", arithmetic("-", operator.sub)),
    ast.Mult: ("*", arithmetic("*", operator.mul)),
    ast.Div: ("/", arithmetic("/", operator.truediv)),
    ast.Mod: ("%", arithmetic("%", operator.mod)),
}
"""The arithmetic operators a guard may use."""

COMPARE: Mapping[type[ast.cmpop], tuple[str, Callable[[Any, Any, Budget], bool]]] = {
    ast.Eq: ("==", equality(negated=False)),
    ast.NotEq: ("!=", equality(negated=True)),
    ast.Lt: ("<", comparison("<", operator.lt)),
    ast.LtE: ("<=", comparison("<=", operator.le)),
    ast.Gt: (">", comparison(">", operator.gt)),
    ast.GtE: (">=", comparison(">=", operator.ge)),
    ast.In: ("in", contains(negated=False)),
    ast.NotIn: ("not in", contains(negated=True)),
}
"""The comparisons a guard may use."""

_NUMBERS = frozenset({"number", "whole", "any"})
_TEXTS = frozenset({"text", "date", "any"})
_ACCEPTS: Mapping[str, frozenset[str]] = {
    "number": _NUMBERS,
    "whole": _NUMBERS,
    "text": _TEXTS,
    "date": _TEXTS,
    "list": frozenset({"list", "any"}),
    "bool": frozenset({"bool", "any"}),
}


@dataclass(frozen=True)
class Scope:
    """What an expression may name, for the load-time checks."""

    known_path: Callable[[tuple[str, ...]], bool]
    transitions: frozenset[str]
    terms: frozenset[str] = frozenset()
    """The legal terms the definition declares (``term_end("beslistermijn")``)."""


@dataclass(frozen=True)
class _Part:
    run: Evaluator
    kind: Kind


def _constant(value: Any) -> Evaluator:
    return lambda context, budget: value


def _never(context: GuardContext, budget: Budget) -> Any:
    raise EvaluationFailure("this part of the guard did not compile")  # pragma: no cover - never returned


_FAILED = _Part(_never, "any")


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


def _path(parts: tuple[str, ...]) -> Evaluator:
    """Read a data path (or ``actor.x`` / ``case.x``) with a plain failure when it has no value."""
    root, rest = ("data", parts) if parts[0] not in RESERVED_ROOTS else (parts[0], parts[1:])
    offset = len(parts) - len(rest)

    def run(context: GuardContext, budget: Budget) -> Any:
        base = context.data if root == "data" else context.actor if root == "actor" else context.case
        value = walk(base, rest)
        if isinstance(value, Missing):
            depth = value.depth + offset
            if value.entered:
                raise EvaluationFailure(text("guard.no_value", path=".".join(parts[: depth + 1])))
            where, key = ".".join(parts[:depth]), parts[depth]
            raise EvaluationFailure(text("guard.not_object", where=where, kind=type_text(value.found), key=key))
        return value

    return run


def _kind_of(value: object) -> Kind:
    if isinstance(value, bool):
        return "bool"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "whole"
    return "number" if isinstance(value, float) else "text"


class _Compiler:
    """Walks a parsed expression once: checks it against the allow-list and builds its closures."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[ExpressionProblem] = []
        self.count = 0
        self.calls: set[str] = set()

    def fail(self, node: ast.AST, code: str, /, **params: Any) -> _Part:
        """Record the problem ``code`` (a catalogue key, filled with ``params``) at ``node``."""
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0) + 1
        self.problems.append(ExpressionProblem(line, column, text(code, **params), code, tuple(params.items())))
        return _FAILED

    def visit(self, node: ast.expr, depth: int = 0) -> _Part:
        self.count += 1
        if depth > MAX_DEPTH:
            return self.fail(node, "definition.guard.too_deep", limit=MAX_DEPTH)
        handler = NODES.get(type(node))
        if handler is None:
            return self.fail(node, "definition.guard.node", what=_describe(node))
        return handler(self, node, depth + 1)

    def expect(self, node: ast.expr, part: _Part, wanted: str, where: str) -> None:
        """A load error when ``part``'s kind is known and not one ``wanted`` accepts (``where``: ``None``
        for the operands of an arithmetic operator)."""
        if part.kind not in _ACCEPTS[wanted] and part is not _FAILED:
            found = kind_word(part.kind)
            self.fail(
                node, "definition.guard.needs", where=where, wanted=kind_word(wanted), expr=_text(node), found=found
            )

    def bool_op(self, node: ast.BoolOp, depth: int) -> _Part:
        word = "'and'" if isinstance(node.op, ast.And) else "'or'"
        parts = [self.visit(value, depth) for value in node.values]
        for value, part in zip(node.values, parts, strict=True):
            self.expect(value, part, "bool", word)
        runs = tuple(part.run for part in parts)
        stop = isinstance(node.op, ast.Or)  # 'or' stops at the first true, 'and' at the first false

        def run(context: GuardContext, budget: Budget) -> bool:
            for each in runs:
                if truth(each(context, budget), word) is stop:
                    return stop
            return not stop

        return _Part(run, "bool")

    def unary_op(self, node: ast.UnaryOp, depth: int) -> _Part:
        operand = self.visit(node.operand, depth)
        inner = operand.run
        if isinstance(node.op, ast.Not):
            self.expect(node.operand, operand, "bool", "'not'")
            return _Part(lambda context, budget: not truth(inner(context, budget), "'not'"), "bool")
        if isinstance(node.op, ast.USub | ast.UAdd):
            symbol = "-" if isinstance(node.op, ast.USub) else "+"
            self.expect(node.operand, operand, "number", f"'{symbol}'")
            return _Part(lambda context, budget: negate(inner(context, budget), symbol), "number")
        return self.fail(node, "definition.guard.operator", name="~")

    def bin_op(self, node: ast.BinOp, depth: int) -> _Part:
        left, right = self.visit(node.left, depth), self.visit(node.right, depth)
        entry = BINARY.get(type(node.op))
        if entry is None:
            name = OPERATOR_NAMES.get(type(node.op), type(node.op).__name__)
            return self.fail(node, "definition.guard.operator", name=name)
        symbol, apply = entry
        kinds = {left.kind, right.kind}
        if symbol != "+" or not kinds <= _TEXTS:
            for side, part in ((node.left, left), (node.right, right)):
                if part.kind not in _ACCEPTS["number"] and part is not _FAILED:
                    found = kind_word(part.kind)
                    self.fail(side, "definition.guard.numbers_only", symbol=symbol, expr=_text(side), found=found)
        kind: Kind = "number"
        if symbol == "+" and not kinds & (_NUMBERS - {"any"}):
            kind = "text" if kinds & (_TEXTS - {"any"}) else "any"
        first, second = left.run, right.run
        return _Part(lambda context, budget: apply(first(context, budget), second(context, budget), budget), kind)

    def compare(self, node: ast.Compare, depth: int) -> _Part:
        left = self.visit(node.left, depth)
        rights = [self.visit(comparator, depth) for comparator in node.comparators]
        steps = []
        for op, right in zip(node.ops, rights, strict=True):
            entry = COMPARE.get(type(op))
            if entry is None:
                return self.fail(node, "definition.guard.comparison", name=type(op).__name__)
            steps.append((entry[1], right.run))
        first = left.run
        if len(steps) == 1:
            [(apply, second)] = steps
            return _Part(lambda context, budget: apply(first(context, budget), second(context, budget), budget), "bool")

        def chain(context: GuardContext, budget: Budget) -> bool:
            value = first(context, budget)
            for step, each in steps:
                following = each(context, budget)
                if not step(value, following, budget):
                    return False
                value = following
            return True

        return _Part(chain, "bool")

    def constant(self, node: ast.Constant, depth: int) -> _Part:
        value = node.value
        if isinstance(value, str) and len(value) > MAX_LITERAL:
            return self.fail(node, "definition.guard.text_literal", limit=MAX_LITERAL)
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            return self.fail(node, "definition.guard.number_literal", limit=MAX_NUMBER)
        if value is not None and not isinstance(value, bool | int | float | str):
            return self.fail(node, "definition.guard.literal_type", kind=type(value).__name__)
        return _Part(_constant(value), _kind_of(value))

    def sequence(self, node: ast.List | ast.Tuple, depth: int) -> _Part:
        if len(node.elts) > MAX_LIST:
            return self.fail(node, "definition.guard.list_literal", limit=MAX_LIST)
        runs = []
        for element in node.elts:
            if isinstance(element, ast.Starred):
                return self.fail(element, "definition.guard.unpacking")
            runs.append(self.visit(element, depth).run)
        return _Part(lambda context, budget: [each(context, budget) for each in runs], "list")

    def name(self, node: ast.Name | ast.Attribute, depth: int) -> _Part:
        path = dotted(node)
        if path is None:
            return self.fail(node, "definition.guard.dotted")
        if len(path) == 1 and path[0] in CONSTANTS:
            value = CONSTANTS[path[0]]
            return _Part(_constant(value), _kind_of(value))
        problem = self.path_problem(path)
        if problem is None:
            return _Part(_path(tuple(path)), "any")
        code, params = problem
        return self.fail(node, code, **params)

    def path_problem(self, path: list[str]) -> tuple[str, dict[str, object]] | None:
        """(code, params) of what is wrong with a dotted name, or None."""
        name, root = repr(".".join(path)), path[0]
        if any(part.startswith("_") for part in path):
            return "definition.guard.underscore", {"name": name}
        if root in RESERVED_ROOTS:
            fields = ACTOR_FIELDS if root == "actor" else CASE_FIELDS
            if root == "actor" and len(path) >= 3 and path[1] == "attributes":
                return None  # what the embedding service vouches for: actor.attributes.<name>
            if len(path) != 2 or path[1] not in fields:
                known = sorted(fields) + (["attributes.<name>"] if root == "actor" else [])
                return "definition.guard.reserved_unknown", {"name": name, "root": root, "known": ", ".join(known)}
        elif not self.scope.known_path(tuple(path)):
            if root in FUNCTIONS and len(path) == 1:  # a data field may share a function's name
                return "definition.guard.is_function", {"name": repr(root), "call": root}
            return "definition.guard.unknown_field", {"field": name}
        return None

    def call(self, node: ast.Call, depth: int) -> _Part:
        if not isinstance(node.func, ast.Name):
            return self.fail(node, "definition.guard.call_by_name")
        name = node.func.id
        self.calls.add(name)
        function = FUNCTIONS.get(name)
        if function is None:
            known = ", ".join(f"{known}()" for known in sorted(FUNCTIONS))
            return self.fail(node, "definition.guard.unknown_function", name=repr(name), known=known)
        if node.keywords:
            return self.fail(node, "definition.guard.no_keywords", name=name)
        if not function.min_args <= len(node.args) <= function.max_args:
            return self.fail(node, "definition.guard.arity", name=name, arity=_arity(function), count=len(node.args))
        runs = [self.argument(node, function, i, arg, depth) for i, arg in enumerate(node.args)]
        impl = function.impl

        def run(context: GuardContext, budget: Budget) -> Any:
            budget.spend(1)
            return impl(context, budget, *[each(context, budget) for each in runs])

        return _Part(run, function.returns)

    def argument(self, node: ast.Call, function: GuardFunction, i: int, arg: ast.expr, depth: int) -> Evaluator:
        param = function.params[0 if function.variadic else i]
        if isinstance(arg, ast.Starred):
            return self.fail(arg, "definition.guard.unpacking").run
        if param.kind in ("path", "transition", "term"):
            return self.name_argument(node, function, param.kind, arg)
        part = self.visit(arg, depth)
        if param.kind in _ACCEPTS:
            where = text("definition.guard.argument", name=param.name, function=function.name)
            self.expect(arg, part, param.kind, where)
        return part.run

    def name_argument(self, node: ast.Call, function: GuardFunction, kind: str, arg: ast.expr) -> Evaluator:
        """A quoted name as an argument: a data path, a transition or a term, each checked to exist."""
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return self.fail(node, "definition.guard.quoted", name=function.name, kind=kind_word(kind)).run
        named = {"function": function.name, "name": repr(arg.value)}
        if kind == "transition" and arg.value not in self.scope.transitions:
            return self.fail(arg, "definition.guard.fn_transition", **named).run
        if kind == "term" and arg.value not in self.scope.terms:
            return self.fail(arg, "definition.guard.fn_term", **named).run
        if kind == "path" and not self.scope.known_path(split(arg.value)):
            return self.fail(arg, "definition.guard.fn_field", **named).run
        return _constant(split(arg.value) if kind == "path" else arg.value)


NODES: Mapping[type[ast.AST], Callable[[_Compiler, Any, int], _Part]] = {
    ast.BoolOp: _Compiler.bool_op,
    ast.UnaryOp: _Compiler.unary_op,
    ast.BinOp: _Compiler.bin_op,
    ast.Compare: _Compiler.compare,
    ast.Constant: _Compiler.constant,
    ast.List: _Compiler.sequence,
    ast.Tuple: _Compiler.sequence,
    ast.Name: _Compiler.name,
    ast.Attribute: _Compiler.name,
    ast.Call: _Compiler.call,
}
"""The syntax a guard may use: every other node of Python's grammar is refused at load."""


def _arity(function: GuardFunction) -> str:
    if function.min_args == function.max_args:
        return str(function.min_args)
    return text("definition.guard.arity_range", low=function.min_args, high=function.max_args)


def kind_word(kind: str) -> str:
    """What a part of a guard gives or needs, in words (``een getal``)."""
    return text(f"definition.kindword.{kind}")


def _describe(node: ast.AST) -> str:
    """Syntax a guard may not use, in words; Python's own name for it when the catalogue has none."""
    name = type(node).__name__
    key = f"definition.node.{name}"
    return text(key) if key in CATALOGUE[language()] else repr(name)


def _text(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."
