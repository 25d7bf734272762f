"""workflow: a state-machine workflow engine for assignments between public bodies.

Public names are re-exported here; the modules behind them are implementation.
The engine (and with it SQLAlchemy) is imported on first use of ``Engine``,
so working with definitions alone stays light.
"""

import typing as _typing

from workflow.errors import (
    Blocker,
    ConflictError,
    DefinitionError,
    Forbidden,
    GuardFailed,
    NotFound,
    Problem,
    StorageError,
    TransitionRefused,
    WorkflowError,
)
from workflow.evaluation import GuardContext, History, check_transition
from workflow.guards import FUNCTIONS as GUARD_FUNCTIONS
from workflow.loader import load_definition, load_definitions, parse_definition
from workflow.model import (
    SYSTEM_ROLE,
    Actor,
    AuditEvent,
    Case,
    Deadline,
    Definition,
    DefinitionSet,
    Explanation,
    FireResult,
    Guard,
    Requirement,
    Role,
    State,
    Timer,
    TimerOutcome,
    Transition,
)
from workflow.resources import bundled_definitions_path, format_schema

__all__ = [
    "GUARD_FUNCTIONS",
    "SYSTEM_ACTOR",
    "SYSTEM_ROLE",
    "Actor",
    "AuditEvent",
    "AuditLog",
    "Blocker",
    "Break",
    "Case",
    "Checkpoint",
    "Clock",
    "ConflictError",
    "Deadline",
    "Definition",
    "DefinitionError",
    "DefinitionSet",
    "Engine",
    "Explanation",
    "FireResult",
    "Forbidden",
    "Guard",
    "GuardContext",
    "GuardFailed",
    "History",
    "Listener",
    "NotFound",
    "Problem",
    "Requirement",
    "Role",
    "State",
    "StorageError",
    "Timer",
    "TimerOutcome",
    "Transition",
    "TransitionRefused",
    "Verification",
    "WorkflowError",
    "bundled_definitions_path",
    "check_transition",
    "diagram",
    "export",
    "format_schema",
    "load_definition",
    "load_definitions",
    "markdown",
    "parse_definition",
    "upgrade_database",
]

_LAZY = {
    "diagram": "workflow.machine",
    "export": "workflow.exports",
    "markdown": "workflow.docgen",
    "AuditLog": "workflow.review",
    "Break": "workflow.review",
    "Checkpoint": "workflow.review",
    "Clock": "workflow.engine",
    "Engine": "workflow.engine",
    "SYSTEM_ACTOR": "workflow.engine",
    "Listener": "workflow.engine",
    "Verification": "workflow.review",
    "upgrade_database": "workflow.engine",
}
"""Names whose modules import SQLAlchemy, transitions or the exporters: loaded on first use."""

if _typing.TYPE_CHECKING:
    from workflow.docgen import markdown
    from workflow.engine import SYSTEM_ACTOR, Clock, Engine, Listener, upgrade_database
    from workflow.exports import export
    from workflow.machine import diagram
    from workflow.review import AuditLog, Break, Checkpoint, Verification


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    msg = f"module 'workflow' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
