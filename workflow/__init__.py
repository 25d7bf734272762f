"""workflow: a state-machine workflow engine for assignments between public bodies.

Public names are re-exported here; the modules behind them are implementation.
Nothing is imported with the package itself: each name's module is imported on
first use of the name (the errors and the model are light; the loader brings
pydantic, jsonschema and YAML, the engine SQLAlchemy), so ``wf --help`` imports
no module of the library but the command line's own.
"""

import typing as _typing

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
    "Reader",
    "Recorded",
    "RelaySettings",
    "RelayStats",
    "ReportRequest",
    "Requirement",
    "RetiredDefinition",
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
    "case_timeline",
    "catalogue_text",
    "check_transition",
    "configure_on_first_log",
    "counted",
    "date_text",
    "deadline_text",
    "definitions_cache_dir",
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
    "number_text",
    "outbox_message",
    "parse_definition",
    "parse_period",
    "play_demo",
    "play_year",
    "propose_definition",
    "purge_outbox",
    "read_log",
    "read_mapping",
    "relay_outbox",
    "report_csv",
    "report_html",
    "report_json",
    "report_lines",
    "retry_deliveries",
    "safe_text",
    "short_moment_text",
    "span_text",
    "speaking",
    "unrouted_messages",
    "upgrade_database",
]

_LAZY = {
    "Blocker": "workflow.errors",
    "ConflictError": "workflow.errors",
    "DefinitionError": "workflow.errors",
    "Forbidden": "workflow.errors",
    "GuardFailed": "workflow.errors",
    "InvalidInput": "workflow.errors",
    "NotFound": "workflow.errors",
    "Problem": "workflow.errors",
    "RetiredDefinition": "workflow.errors",
    "StorageError": "workflow.errors",
    "TransitionRefused": "workflow.errors",
    "WorkflowError": "workflow.errors",
    "SYSTEM_ROLE": "workflow.model",
    "TERMS_KEY": "workflow.model",
    "Actor": "workflow.model",
    "AuditEvent": "workflow.model",
    "Case": "workflow.model",
    "Deadline": "workflow.model",
    "Definition": "workflow.model",
    "DefinitionSet": "workflow.model",
    "Explanation": "workflow.model",
    "FireResult": "workflow.model",
    "Guard": "workflow.model",
    "Requirement": "workflow.model",
    "Role": "workflow.model",
    "State": "workflow.model",
    "Timer": "workflow.model",
    "TimerOutcome": "workflow.model",
    "Transition": "workflow.model",
    "LANGUAGES": "workflow.i18n",
    "Language": "workflow.i18n",
    "as_language": "workflow.i18n",
    "catalogue_text": "workflow.i18n",
    "speaking": "workflow.i18n",
    "date_text": "workflow.i18n.time",
    "deadline_text": "workflow.i18n.time",
    "moment_text": "workflow.i18n.time",
    "number_text": "workflow.i18n.numbers",
    "counted": "workflow.i18n.numbers",
    "short_moment_text": "workflow.i18n.time",
    "span_text": "workflow.i18n.time",
    "GUARD_FUNCTIONS": "workflow.guards",
    "GuardContext": "workflow.evaluation",
    "History": "workflow.evaluation",
    "bundled_definitions_path": "workflow.resources",
    "check_transition": "workflow.evaluation",
    "format_schema": "workflow.resources",
    "load_definition": "workflow.loader",
    "definitions_cache_dir": "workflow.defcache",
    "configure_on_first_log": "workflow._log",
    "load_definitions": "workflow.defcache",
    "parse_definition": "workflow.loader",
    "diagram": "workflow.machine",
    "export": "workflow.exports",
    "markdown": "workflow.docgen",
    "AuditLog": "workflow.review",
    "Break": "workflow.review",
    "Checkpoint": "workflow.review",
    "Clock": "workflow.engine",
    "Engine": "workflow.engine",
    "Reader": "workflow.reader",
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
    "ReportRequest": "workflow.reporting.build",
    "play_year": "workflow.demo_year",
    "parse_period": "workflow.reporting.build",
    "report_lines": "workflow.reporting.render",
    "report_csv": "workflow.reporting.render",
    "report_json": "workflow.reporting.render",
    "report_html": "workflow.reporting.html",
    "case_timeline": "workflow.timeline",
    "safe_text": "workflow.textsafe",
}
"""Every public name → its module, imported on first use of the name, so ``import workflow`` imports
nothing (and names whose modules import pydantic, jsonschema, YAML or SQLAlchemy cost only when used)."""

_RENAMED = {
    "definitions_cache_dir": "default_cache_dir",
    "catalogue_text": "text",
    "GUARD_FUNCTIONS": "FUNCTIONS",
    "play_demo": "play",
    "RelaySettings": "Settings",
    "list_deliveries": "deliveries",
    "purge_outbox": "purge",
    "relay_outbox": "relay",
    "retry_deliveries": "retry",
    "report_lines": "text_lines",
    "report_csv": "csv_files",
    "report_json": "json_text",
    "report_html": "html_report",
    "case_timeline": "timeline",
    "unrouted_messages": "unrouted",
}

if _typing.TYPE_CHECKING:
    from workflow._log import configure_on_first_log
    from workflow.defcache import default_cache_dir as definitions_cache_dir
    from workflow.defcache import load_definitions
    from workflow.demo import play as play_demo
    from workflow.demo_year import play_year
    from workflow.docgen import markdown
    from workflow.engine import SYSTEM_ACTOR, Clock, Engine, Listener, upgrade_database
    from workflow.errors import (
        Blocker,
        ConflictError,
        DefinitionError,
        Forbidden,
        GuardFailed,
        InvalidInput,
        NotFound,
        Problem,
        RetiredDefinition,
        StorageError,
        TransitionRefused,
        WorkflowError,
    )
    from workflow.evaluation import GuardContext, History, check_transition
    from workflow.eventlog import LogMapping, propose_definition, read_log, read_mapping
    from workflow.exports import CaseFacts, ExportContext, export
    from workflow.guards import FUNCTIONS as GUARD_FUNCTIONS
    from workflow.history import CaseHistory, HistoryRefused, Recorded
    from workflow.i18n import LANGUAGES, Language, as_language, speaking
    from workflow.i18n import text as catalogue_text
    from workflow.i18n.numbers import counted, number_text
    from workflow.i18n.time import date_text, deadline_text, moment_text, short_moment_text, span_text
    from workflow.importlog import ImportProblem, ImportReport, import_log
    from workflow.legal import AtwCalendar, LegalTermError, TermResult, dutch_date, legal_term
    from workflow.limits import Limits
    from workflow.loader import load_definition, parse_definition
    from workflow.machine import diagram
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
    from workflow.outbox import Outbox, outbox_message
    from workflow.reader import Reader
    from workflow.relay import RelayStats
    from workflow.relay import Settings as RelaySettings
    from workflow.relay import deliveries as list_deliveries
    from workflow.relay import purge as purge_outbox
    from workflow.relay import relay as relay_outbox
    from workflow.relay import retry as retry_deliveries
    from workflow.relay import unrouted as unrouted_messages
    from workflow.reporting.build import ReportRequest, parse_period
    from workflow.reporting.html import html_report as report_html
    from workflow.reporting.render import csv_files as report_csv
    from workflow.reporting.render import json_text as report_json
    from workflow.reporting.render import text_lines as report_lines
    from workflow.resources import bundled_definitions_path, format_schema
    from workflow.review import AuditLog, Break, Checkpoint, Verification
    from workflow.store.outbox import Delivery
    from workflow.subscribers import Subscriber, SubscriberFileError, load_subscribers
    from workflow.textsafe import safe_text
    from workflow.timeline import timeline as case_timeline


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
