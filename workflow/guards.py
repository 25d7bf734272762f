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

from dataclasses import dataclass
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
)
from workflow.guard_context import Budget, EvaluationFailure, GuardContext, show, type_text
from workflow.guard_functions import FUNCTIONS, KIND_WORDS
from workflow.guard_ops import NotBoolean
from workflow.guard_syntax import ExpressionError, ExpressionProblem, parse
from workflow.i18n import text

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
            raise EvaluationFailure(f"cannot evaluate: {exc}") from None


def compile_expression(source: object, scope: Scope, *, boolean: bool = True) -> CompiledExpression:
    """Parse, check and compile ``source`` once; raise :class:`ExpressionError` listing every problem.

    ``boolean=False`` compiles a value (a derived field) instead of a guard: any kind may come out.
    """
    tree = parse(source)
    compiler = _Compiler(scope)
    part = compiler.visit(tree)
    if compiler.count > MAX_NODES:
        compiler.fail(tree, f"guard has more than {MAX_NODES} parts; split it into several guards")
    if boolean and part.kind not in ("bool", "any") and not compiler.problems:
        compiler.fail(tree, f"a guard must give true or false, but it gives {KIND_WORDS[part.kind]}; compare it")
    if compiler.problems:
        raise ExpressionError(compiler.problems)
    assert isinstance(source, str)  # parse refused anything else
    return CompiledExpression(source, part.run, frozenset(compiler.calls))
