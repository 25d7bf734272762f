"""Guard expressions: checked and compiled once at load into plain callables.

The language is a small subset of Python's expression syntax::

    scope.budget_hours > 0 and has("scope.deadline")
    actor.id not in actors("execute")
    working_days_between(received_on, today()) <= 5

* names are data paths (``scope.budget_hours``), ``actor.id|roles|tenant``,
  ``case.id|workflow|state|version|tenant|reference`` and the literals
  ``true``/``false``/``null`` (Python's spellings work too);
* ``and or not`` on true/false, comparisons, ``in``/``not in``, ``+ - * / %``
  on numbers (``+`` also joins text), list literals, and calls of the
  functions of :data:`workflow.guard_functions.FUNCTIONS` by name.

Nothing else compiles: :data:`NODES`, :data:`BINARY` and :data:`COMPARE` are
the one allow-list.  A dotted name is a *path into JSON data*, resolved by
dictionary lookup only; no subscripts, lambdas, comprehensions, f-strings,
``**``, shifts, or names starting with ``_``.  Each checked expression becomes
a tree of closures over the run-time operators of :mod:`workflow.guard_ops`
and the registry's implementations; nothing is ever handed to ``eval``.
Kinds (number, text, true/false, ...) are tracked at load, so a guard that
cannot give true/false, or a function fed the wrong kind of literal, is a
load error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from workflow.guard_compiler import (
    BINARY,
    COMPARE,
    CONSTANTS,
    MAX_NODES,
    NODES,
    RESERVED_ROOTS,
    Evaluator,
    Scope,
    _Compiler,
    dotted,
    kind_word,
)
from workflow.guard_context import Budget, EvaluationFailure, GuardContext, show, type_text
from workflow.guard_functions import FUNCTIONS
from workflow.guard_ops import NotBoolean
from workflow.guard_syntax import ExpressionError, ExpressionProblem, parse
from workflow.i18n import language, text

__all__ = [
    "BINARY",
    "COMPARE",
    "CONSTANTS",
    "FUNCTIONS",
    "NODES",
    "RESERVED_ROOTS",
    "CompiledExpression",
    "Evaluator",
    "ExpressionError",
    "ExpressionProblem",
    "Scope",
    "compile_expression",
    "dotted",
]


@dataclass(frozen=True)
class CompiledExpression:
    """A checked expression compiled into a callable, ready to evaluate many times."""

    source: str
    run: Evaluator
    calls: frozenset[str] = frozenset()
    """Names of the functions the expression calls (e.g. to know it needs the case's history)."""

    def evaluate(self, context: GuardContext, budget: Budget | None = None) -> bool:
        """True or false; :class:`EvaluationFailure` (or :class:`NotBoolean`) when it cannot say."""
        try:
            result = self.run(context, budget if budget is not None else Budget())
        except EvaluationFailure:
            raise
        except (TypeError, ValueError, ArithmeticError, RecursionError, MemoryError) as exc:
            raise EvaluationFailure(text("guard.cannot_evaluate", reason=exc)) from None
        if result is True or result is False:
            return result
        raise NotBoolean(text("guard.not_boolean", kind=type_text(result), value=show(result)))

    def value(self, context: GuardContext, budget: Budget | None = None) -> Any:
        """The expression's value (a derived field); :class:`EvaluationFailure` when it cannot be computed."""
        try:
            return self.run(context, budget if budget is not None else Budget())
        except EvaluationFailure:
            raise
        except (TypeError, ValueError, ArithmeticError, RecursionError, MemoryError) as exc:
            raise EvaluationFailure(text("guard.cannot_evaluate", reason=exc)) from None


def compile_expression(source: object, scope: Scope, *, boolean: bool = True) -> CompiledExpression:
    """Parse, check and compile ``source`` once; raise :class:`ExpressionError` listing every problem.

    ``boolean=False`` compiles a value (a derived field) instead of a guard: any kind may come out.
    """
    try:
        tree = parse(source)
    except ExpressionError as exc:  # said here: the parser sits below the catalogue
        raise ExpressionError([replace(p, message=_said(p)) for p in exc.problems]) from None
    compiler = _Compiler(scope)
    part = compiler.visit(tree)
    if compiler.count > MAX_NODES:
        compiler.fail(tree, "definition.guard.too_many_parts", limit=MAX_NODES)
    if boolean and part.kind not in ("bool", "any") and not compiler.problems:
        compiler.fail(tree, "definition.guard.not_boolean", found=kind_word(part.kind))
    if compiler.problems:
        raise ExpressionError(compiler.problems)
    assert isinstance(source, str)  # parse refused anything else
    return CompiledExpression(source, part.run, frozenset(compiler.calls))


_SYNTAX = (
    (re.compile(r"invalid syntax"), "definition.syntax.invalid"),
    (re.compile(r"(?P<bracket>'.') was never closed"), "definition.syntax.never_closed"),
    (re.compile(r"unmatched (?P<bracket>'.')"), "definition.syntax.unmatched"),
    (
        re.compile(r"closing parenthesis (?P<closing>'.') does not match opening parenthesis (?P<opening>'.')"),
        "definition.syntax.mismatch",
    ),
    (re.compile(r"unterminated (triple-quoted )?string literal"), "definition.syntax.unterminated"),
    (re.compile(r"invalid (decimal|hexadecimal|octal|binary) literal"), "definition.syntax.decimal"),
)
"""Python's syntax errors a guard author meets, each with its sentence in the catalogue."""


def _said(problem: ExpressionProblem) -> str:
    """A parser's problem in the current language (a syntax error in the author's words)."""
    params: dict[str, Any] = dict(problem.params)
    if problem.code == "definition.guard.syntax":
        params = {"detail": _syntax_detail(str(params.pop("reason")))}
    return text(problem.code, **params)


def _syntax_detail(reason: str) -> str:
    for pattern, key in _SYNTAX:
        found = pattern.match(reason)
        if found:
            named: dict[str, Any] = {k: v for k, v in found.groupdict().items() if v is not None}
            return text(key, **named)
    # Python's own words are English: shown as they are in English, never in Dutch
    return reason if language() == "en" else text("definition.syntax.other")
