"""workflow: a state-machine workflow engine for assignments between public bodies.

Public names are re-exported here; the modules behind them are implementation.
Only the errors and the model are imported with the package; the loader (and
with it pydantic, jsonschema, YAML) and the engine (SQLAlchemy) on first use of
a name that needs them, so ``wf --help`` and definitions-only work stay light.
"""

import typing as _typing

from workflow.errors import (
    Blocker,
    ConflictError,
    DefinitionError,
    Forbidden,
    GuardFailed,
    InvalidInput,
    NotFound,
    Problem,
    StorageError,
    TransitionRefused,
    WorkflowError,
)
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
    "InvalidInput",
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
    "GUARD_FUNCTIONS": "workflow.guards",
    "GuardContext": "workflow.evaluation",
    "History": "workflow.evaluation",
    "bundled_definitions_path": "workflow.resources",
    "check_transition": "workflow.evaluation",
    "format_schema": "workflow.resources",
    "load_definition": "workflow.loader",
    "load_definitions": "workflow.loader",
    "parse_definition": "workflow.loader",
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
"""Names whose modules import pydantic, jsonschema, YAML, SQLAlchemy, transitions or
the exporters: loaded on first use, so ``import workflow`` (errors and model) stays light."""

_RENAMED = {"GUARD_FUNCTIONS": "FUNCTIONS"}

if _typing.TYPE_CHECKING:
    from workflow.docgen import markdown
    from workflow.engine import SYSTEM_ACTOR, Clock, Engine, Listener, upgrade_database
    from workflow.evaluation import GuardContext, History, check_transition
    from workflow.exports import export
    from workflow.guards import FUNCTIONS as GUARD_FUNCTIONS
    from workflow.loader import load_definition, load_definitions, parse_definition
    from workflow.machine import diagram
    from workflow.resources import bundled_definitions_path, format_schema
    from workflow.review import AuditLog, Break, Checkpoint, Verification


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), _RENAMED.get(name, name))
        globals()[name] = value
        return value
    msg = f"module 'workflow' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
