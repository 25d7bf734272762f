"""The load-time checks of a definition's ``report:`` section (what ``wf report`` measures).

Part of :mod:`workflow.loader`: each transition the section names must be
declared, each data path must exist in the case data's schema; every
problem is reported through the loader's ``at``.  Input paths (the field of
a booking, a score) are read from the step's input and not checked here.
"""

from __future__ import annotations

from typing import Any

import pydantic

from workflow import _format as fmt
from workflow._schema import has_path
from workflow.loader_texts import Report, q
from workflow.model import ReportSpec

__all__ = ["compile_report"]

_DATA_PATHS = ("task_kind", "funding", "year", "hours_agreed", "deadline")
_TRANSITIONS = (
    "delivered",
    "meerwerk_granted",
    "meerwerk_declined",
    "escalation_opened",
    "escalation_resolved",
)


def compile_report(raw: Any, schema: dict[str, Any], transitions: set[str], at: Report) -> ReportSpec | None:
    """The section as a :class:`ReportSpec`; None when absent or wrong (the shape is reported by the loader)."""
    if raw is None:
        return None
    try:
        doc = fmt.ReportDoc.model_validate(raw)
    except pydantic.ValidationError:
        return None  # the top-level shape check has reported where
    ok = True
    for name in _DATA_PATHS:
        path = getattr(doc, name)
        if path is not None and not has_path(schema, path.split(".")):
            at(("report", name), "definition.report_path", where=f"report.{name}", path=q(path))
            ok = False
    named = [(name, getattr(doc, name)) for name in _TRANSITIONS]
    for name in ("hours", "meerwerk_requested", "satisfaction", "results"):
        step = getattr(doc, name)
        named.append((name, step.transition if step is not None else None))
    for name, transition in named:
        if transition is not None and transition not in transitions:
            known = ", ".join(sorted(transitions))
            at(("report", name), "definition.report_step", where=f"report.{name}", name=q(transition), known=known)
            ok = False
    if not ok:
        return None
    return _spec(doc)


def _spec(doc: fmt.ReportDoc) -> ReportSpec:
    hours = (doc.hours.transition, doc.hours.field) if doc.hours is not None and doc.hours.field else None
    asked = doc.meerwerk_requested
    score = doc.satisfaction
    results = doc.results
    return ReportSpec(
        task_kind=doc.task_kind,
        funding=doc.funding,
        year=doc.year,
        hours_agreed=doc.hours_agreed,
        deadline=doc.deadline,
        delivered=doc.delivered,
        hours=hours,
        meerwerk_requested=(asked.transition, asked.field) if asked is not None else None,
        meerwerk_granted=doc.meerwerk_granted,
        meerwerk_declined=doc.meerwerk_declined,
        escalation_opened=doc.escalation_opened,
        escalation_resolved=doc.escalation_resolved,
        satisfaction=(score.transition, score.field) if score is not None and score.field else None,
        results=(results.transition, results.text, results.highlight) if results is not None else None,
    )
