"""Importing the history of another system: each case of an event log started and stepped through the engine.

:func:`import_log` reads a CSV or XES log with a :class:`~workflow.eventlog.LogMapping`
and records each case with :meth:`Engine.import_case`: one transaction per
case, every step with its original moment and actor, checked (or, with
``trust_history``, recorded as imported history).  A case that fails keeps
nothing; the report names every event that could not be imported and why.
Re-running the same import adds nothing (keys from the source's case ids and
events).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.engine import Engine
from workflow.errors import WorkflowError
from workflow.eventlog import LogMapping, SourceEvent, read_log, read_mapping
from workflow.history import CaseHistory, HistoryRefused
from workflow.i18n import text
from workflow.i18n.numbers import counted
from workflow.model import Actor
from workflow.writepath import StepRequest

__all__ = ["ImportProblem", "ImportReport", "Progress", "import_log"]

Progress = Callable[[int, int], object]
"""Called after each case with (cases done, cases in the log)."""


@dataclass(frozen=True)
class ImportProblem:
    """One event (or line) that could not be imported, and why; its whole case was left out."""

    case: str | None
    line: int | None
    activity: str | None
    code: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("case", "line", "activity", "code", "reason")}

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "the log"
        case = f"case {self.case!r} " if self.case is not None else ""
        activity = f" ({self.activity})" if self.activity else ""
        return f"{case}{where}{activity}: {self.code}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did: cases started and steps recorded, cases already there, and every problem.

    ``starts`` counts the cases this import started (each from its first
    source event), ``steps`` the steps appended after a start; ``events`` is
    both together (every audit event written).
    """

    cases: int = 0
    imported: int = 0
    unchanged: int = 0
    starts: int = 0
    steps: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def events(self) -> int:
        return self.starts + self.steps

    @property
    def failed(self) -> int:
        return len({p.case for p in self.problems if p.case is not None})

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "imported": self.imported,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "starts": self.starts,
            "steps": self.steps,
            "events": self.events,
            "problems": [p.to_dict() for p in self.problems],
        }

    def lines(self) -> list[str]:
        head = text(
            "import.summary",
            cases=counted(self.cases, "case"),
            imported=self.imported,
            starts=self.starts,
            steps=counted(self.steps, "step"),
            unchanged=self.unchanged,
            failed=self.failed,
        )
        return [head, *(f"  {problem}" for problem in self.problems)]


def _key(mapping: LogMapping, event: SourceEvent, occurrence: int) -> str:
    """A source event's idempotency key: its case, activity, moment and resource (and which repeat of them)."""
    text = "\x1f".join([event.case, event.activity, event.at.isoformat(), event.resource or "", str(occurrence)])
    return f"{mapping.source}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def _actor(event: SourceEvent, tenant: str) -> Actor:
    return Actor(event.resource or "unknown", (event.role,) if event.role else (), tenant=tenant)


def case_history(mapping: LogMapping, case: str, events: list[SourceEvent]) -> CaseHistory:
    """A case of the log as the engine records it: started by its first event's actor at its moment."""
    first = events[0]
    tenant = first.tenant or mapping.tenant or "default"
    seen: dict[tuple[str, str, str | None], int] = {}
    steps = []
    for event in events:
        same = (event.activity, event.at.isoformat(), event.resource)
        seen[same] = occurrence = seen.get(same, -1) + 1
        key = _key(mapping, event, occurrence)
        steps.append(StepRequest(event.transition, _actor(event, tenant), dict(event.input), event.at, None, key))
    data = {k: v for e in events for k, v in e.data.items()}
    reference = next((e.reference for e in events if e.reference), None)
    key = f"{mapping.source}:{case}"
    return CaseHistory(mapping.workflow, tenant, key, _actor(first, tenant), first.at, tuple(steps), reference, data)


def _problems(case: str, events: list[SourceEvent], error: WorkflowError) -> ImportProblem:
    step = error.step if isinstance(error, HistoryRefused) else None
    cause = error.cause if isinstance(error, HistoryRefused) else error
    event = events[step] if step is not None else events[0]
    return ImportProblem(case, event.line, event.activity if step is not None else "(start)", cause.code, str(cause))


def import_log(
    engine: Engine,
    path: str | Path,
    mapping: LogMapping | str | Path,
    *,
    trust_history: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every case of the log at ``path``; see the module's docstring.  Returns the report."""
    if not isinstance(mapping, LogMapping):
        mapping = read_mapping(mapping)
    cases, unreadable = read_log(path, mapping)
    report = ImportReport(cases=len(cases))
    report.problems += [ImportProblem(p.case, p.line, None, p.error.code, str(p.error)) for p in unreadable]
    broken = {p.case for p in unreadable}  # a case with an unreadable line is left out whole
    for done, (case, events) in enumerate(cases.items(), start=1):
        if case not in broken:
            _import_case(engine, mapping, case, events, trust_history, report)
        if progress is not None:
            progress(done, len(cases))
    return report


def _import_case(
    engine: Engine, mapping: LogMapping, case: str, events: list[SourceEvent], trust: bool, report: ImportReport
) -> None:
    try:
        recorded = engine.import_case(case_history(mapping, case, events), trust_history=trust)
    except WorkflowError as exc:
        report.problems.append(_problems(case, events, exc))
        return
    report.starts += int(recorded.started)
    report.steps += recorded.added - int(recorded.started)
    if recorded.added:
        report.imported += 1
    else:
        report.unchanged += 1
