"""Deciding a transition's requirements and guards for a case: every blocker, never a crash.

Each guard was compiled once at load (:mod:`workflow.guards`); here it runs
against the case's :class:`GuardContext` within a fresh
:class:`~workflow.guard_context.Budget`.  A guard that cannot be decided
becomes a blocker with a plain explanation: under the guard's own code when
its data is missing or of the wrong kind, under ``guard_not_boolean`` when it
does not give true/false, under ``guard_budget_exceeded`` when it runs out of
budget (a runaway guard is refused within milliseconds, not left to hold a lock).
"""

from __future__ import annotations

from typing import cast

from workflow.errors import Blocker
from workflow.guard_context import Budget, BudgetExceeded, EvaluationFailure, GuardContext, History
from workflow.guard_ops import NotBoolean
from workflow.guards import CompiledExpression
from workflow.i18n import text
from workflow.model import Guard, Transition
from workflow.paths import value_at

__all__ = ["BUDGET_EXCEEDED", "NOT_BOOLEAN", "EvaluationFailure", "GuardContext", "History", "check_transition"]

NOT_BOOLEAN = "guard_not_boolean"
"""Blocker code of a guard that gave something other than true/false."""

BUDGET_EXCEEDED = "guard_budget_exceeded"
"""Blocker code of a guard that needed more work than one evaluation may do."""


def _missing(value: object) -> bool:
    return value is None or value == "" or value == []


def _guard_blocker(guard: Guard, context: GuardContext) -> Blocker | None:
    expression = cast(CompiledExpression, guard.expression)  # the loader only makes these
    try:
        if expression.evaluate(context, Budget()):
            return None
    except NotBoolean as exc:
        return Blocker(NOT_BOOLEAN, guard.message, text("guard.named", code=guard.code, detail=exc.detail))
    except BudgetExceeded as exc:
        return Blocker(BUDGET_EXCEEDED, guard.message, text("guard.named", code=guard.code, detail=exc.detail))
    except EvaluationFailure as exc:
        return Blocker(guard.code, guard.message, exc.detail)
    return Blocker(guard.code, guard.message)


def check_transition(transition: Transition, context: GuardContext) -> list[Blocker]:
    """Every blocker of ``transition`` in ``context``: missing required fields
    first, then failing guards, each in definition order."""
    blockers = [
        Blocker(req.code, req.message) for req in transition.requires if _missing(value_at(context.data, req.field))
    ]
    for guard in transition.guards:
        blocker = _guard_blocker(guard, context)
        if blocker is not None:
            blockers.append(blocker)
    return blockers
