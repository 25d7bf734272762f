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
    TERMS_KEY,
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
    "LANGUAGES",
    "SYSTEM_ACTOR",
    "SYSTEM_ROLE",
    "TERMS_KEY",
    "Actor",
    "AtwCalendar",
    "AuditEvent",
    "AuditLog",
    "Blocker",
    "Break",
    "Case",
    "CaseFacts",
    "CaseHistory",
    "Checkpoint",
    "Clock",
    "ConflictError",
    "Deadline",
    "Definition",
    "DefinitionError",
    "DefinitionSet",
    "Delivery",
    "Engine",
    "Explanation",
    "ExportContext",
    "FireResult",
    "Forbidden",
    "Guard",
    "GuardContext",
    "GuardFailed",
    "History",
    "HistoryRefused",
    "ImportProblem",
    "ImportReport",
    "InvalidInput",
    "Language",
    "LegalTermError",
    "Limits",
    "Listener",
    "LogMapping",
    "NotFound",
    "Outbox",
    "Problem",
    "Recorded",
    "RelaySettings",
    "RelayStats",
    "Requirement",
    "Role",
    "State",
    "StorageError",
    "Subscriber",
    "SubscriberFileError",
    "TermResult",
    "Timer",
    "TimerOutcome",
    "Transition",
    "TransitionRefused",
    "Verification",
    "WorkflowError",
    "as_language",
    "bundled_definitions_path",
    "catalogue_text",
    "check_transition",
    "date_text",
    "deadline_text",
    "diagram",
    "dutch_date",
    "export",
    "format_schema",
    "import_log",
    "legal_term",
    "list_deliveries",
    "load_definition",
    "load_definitions",
    "load_subscribers",
    "markdown",
    "moment_text",
    "outbox_message",
    "parse_definition",
    "play_demo",
    "propose_definition",
    "purge_outbox",
    "read_log",
    "read_mapping",
    "relay_outbox",
    "retry_deliveries",
    "span_text",
    "speaking",
    "unrouted_messages",
    "upgrade_database",
]

_LAZY = {
    "LANGUAGES": "workflow.i18n",
    "Language": "workflow.i18n",
    "as_language": "workflow.i18n",
    "catalogue_text": "workflow.i18n",
    "speaking": "workflow.i18n",
    "date_text": "workflow.i18n.time",
    "deadline_text": "workflow.i18n.time",
    "moment_text": "workflow.i18n.time",
    "span_text": "workflow.i18n.time",
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
    "Limits": "workflow.limits",
    "SYSTEM_ACTOR": "workflow.engine",
    "Listener": "workflow.engine",
    "Verification": "workflow.review",
    "upgrade_database": "workflow.engine",
    "play_demo": "workflow.demo",
    "AtwCalendar": "workflow.legal",
    "LegalTermError": "workflow.legal",
    "TermResult": "workflow.legal",
    "dutch_date": "workflow.legal",
    "legal_term": "workflow.legal",
    "Outbox": "workflow.outbox",
    "outbox_message": "workflow.outbox",
    "relay_outbox": "workflow.relay",
    "RelaySettings": "workflow.relay",
    "RelayStats": "workflow.relay",
    "retry_deliveries": "workflow.relay",
    "purge_outbox": "workflow.relay",
    "list_deliveries": "workflow.relay",
    "unrouted_messages": "workflow.relay",
    "Delivery": "workflow.store.outbox",
    "Subscriber": "workflow.subscribers",
    "SubscriberFileError": "workflow.subscribers",
    "load_subscribers": "workflow.subscribers",
    "CaseFacts": "workflow.exports",
    "ExportContext": "workflow.exports",
    "CaseHistory": "workflow.history",
    "HistoryRefused": "workflow.history",
    "Recorded": "workflow.history",
    "LogMapping": "workflow.eventlog",
    "read_mapping": "workflow.eventlog",
    "read_log": "workflow.eventlog",
    "propose_definition": "workflow.eventlog",
    "import_log": "workflow.importlog",
    "ImportReport": "workflow.importlog",
    "ImportProblem": "workflow.importlog",
}
"""Names whose modules import pydantic, jsonschema, YAML, SQLAlchemy, transitions or
the exporters: loaded on first use, so ``import workflow`` (errors and model) stays light."""

_RENAMED = {
    "catalogue_text": "text",
    "GUARD_FUNCTIONS": "FUNCTIONS",
    "play_demo": "play",
    "RelaySettings": "Settings",
    "list_deliveries": "deliveries",
    "purge_outbox": "purge",
    "relay_outbox": "relay",
    "retry_deliveries": "retry",
    "unrouted_messages": "unrouted",
}

if _typing.TYPE_CHECKING:
    from workflow.demo import play as play_demo
    from workflow.docgen import markdown
    from workflow.engine import SYSTEM_ACTOR, Clock, Engine, Listener, upgrade_database
    from workflow.evaluation import GuardContext, History, check_transition
    from workflow.eventlog import LogMapping, propose_definition, read_log, read_mapping
    from workflow.exports import CaseFacts, ExportContext, export
    from workflow.guards import FUNCTIONS as GUARD_FUNCTIONS
    from workflow.history import CaseHistory, HistoryRefused, Recorded
    from workflow.i18n import LANGUAGES, Language, as_language, speaking
    from workflow.i18n import text as catalogue_text
    from workflow.i18n.time import date_text, deadline_text, moment_text, span_text
    from workflow.importlog import ImportProblem, ImportReport, import_log
    from workflow.legal import AtwCalendar, LegalTermError, TermResult, dutch_date, legal_term
    from workflow.limits import Limits
    from workflow.loader import load_definition, load_definitions, parse_definition
    from workflow.machine import diagram
    from workflow.outbox import Outbox, outbox_message
    from workflow.relay import RelayStats
    from workflow.relay import Settings as RelaySettings
    from workflow.relay import deliveries as list_deliveries
    from workflow.relay import purge as purge_outbox
    from workflow.relay import relay as relay_outbox
    from workflow.relay import retry as retry_deliveries
    from workflow.relay import unrouted as unrouted_messages
    from workflow.resources import bundled_definitions_path, format_schema
    from workflow.review import AuditLog, Break, Checkpoint, Verification
    from workflow.store.outbox import Delivery
    from workflow.subscribers import Subscriber, SubscriberFileError, load_subscribers


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
