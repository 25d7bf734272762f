"""Guard text to a Python expression tree: the bounds on the text, and plain syntax errors.

The first step of :func:`workflow.guards.compile_expression`: text that is too
long, too deeply bracketed or not an expression at all never reaches the
allow-list.  This module sits below the message catalogue: a problem carries
its catalogue key and parameters, and :mod:`workflow.guards` says it.
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
from dataclasses import dataclass

__all__ = ["MAX_DEPTH", "MAX_SOURCE", "OPERATOR_NAMES", "ExpressionError", "ExpressionProblem", "parse"]

MAX_SOURCE = 500
MAX_DEPTH = 16


@dataclass(frozen=True)
class ExpressionProblem:
    """A problem at a 1-based line and column inside the expression text.

    ``code`` is the catalogue key of the message (``definition.guard.*``), the
    same in every language; ``params`` fill it in.  ``message`` is the text in
    the language of the moment it was said (empty until then).
    """

    line: int
    column: int
    message: str
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()


def _problem(code: str, line: int = 1, column: int = 1, **params: object) -> ExpressionError:
    return ExpressionError([ExpressionProblem(line, column, "", code, tuple(params.items()))])


class ExpressionError(Exception):
    """An expression failed its load-time checks (the loader adds the file position)."""

    def __init__(self, problems: list[ExpressionProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message or p.code for p in problems))


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


_OPERATOR_WORDS = frozenset({"and", "or", "not", "in", "is", "True", "False", "None"})
"""Keywords the guard language itself uses: tried alone, never replaced all at once."""


def _reserved_word_used(source: str) -> tuple[str, int, int] | None:
    """A Python keyword written where a field name belongs (``class == "a"``, ``risk.class``).

    (word, line, column) of the first keyword whose replacement by a plain name
    makes the text parse (or, failing that, of the first of the keywords the
    language does not use, when replacing them all does); None when no keyword
    is to blame.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    words = [t for t in tokens if t.type == tokenize.NAME and keyword.iskeyword(t.string)]
    for token in words:
        if _parses_without(source, [token]):
            return token.string, token.start[0], token.start[1] + 1
    foreign = [t for t in words if t.string not in _OPERATOR_WORDS]
    if foreign and _parses_without(source, foreign):
        return foreign[0].string, foreign[0].start[0], foreign[0].start[1] + 1
    return None


def _parses_without(source: str, words: list[tokenize.TokenInfo]) -> bool:
    """Whether the text parses once each of ``words`` is replaced by a plain name of its length."""
    lines = source.splitlines() or [""]
    for token in words:
        (row, col), end = token.start, token.end[1]
        lines[row - 1] = lines[row - 1][:col] + "x" * (end - col) + lines[row - 1][end:]
    try:
        ast.parse("\n".join(lines).strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def parse(source: object) -> ast.expr:
    """The expression's tree, or :class:`ExpressionError` for text that is no expression at all."""
    if not isinstance(source, str):
        raise _problem("definition.guard.not_text", kind=type(source).__name__)
    if not source.strip():
        raise _problem("definition.guard.empty")
    if len(source) > MAX_SOURCE:
        raise _problem("definition.guard.too_long", limit=MAX_SOURCE)
    if _bracket_depth(source) > MAX_DEPTH:
        raise _problem("definition.guard.brackets", limit=MAX_DEPTH)
    try:
        return ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        line, column = exc.lineno or 1, exc.offset or 1
        reserved = _reserved_word_used(source)
        if reserved:
            word, line, column = reserved
            raise _problem("definition.guard.reserved_word", line, column, word=repr(word)) from None
        raise _problem("definition.guard.syntax", line, column, reason=exc.msg) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise _problem("definition.guard.unparsable", reason=type(exc).__name__) from None
