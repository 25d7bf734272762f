"""Guard text to a Python expression tree: the bounds on the text, and plain syntax errors.

The first step of :func:`workflow.guards.compile_expression`: text that is too
long, too deeply bracketed or not an expression at all never reaches the
allow-list.  Also the words used when a node or operator is refused.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass

__all__ = ["MAX_DEPTH", "MAX_SOURCE", "OPERATOR_NAMES", "ExpressionError", "ExpressionProblem", "describe", "parse"]

MAX_SOURCE = 500
MAX_DEPTH = 16


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


OPERATOR_NAMES = {
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
}


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


def describe(node: ast.AST) -> str:
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
    for word in re.findall(r"\.\s*([A-Za-z_]\w*)", source):
        if keyword.iskeyword(word):
            return str(word)
    return None


def parse(source: object) -> ast.expr:
    """The expression's tree, or :class:`ExpressionError` for text that is no expression at all."""
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
        return ast.parse(source.strip(), mode="eval").body
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
