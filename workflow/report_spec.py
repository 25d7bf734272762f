"""What ``wf report`` measures in a definition's own names: its ``report:`` section, compiled.

A value type of the definition (re-exported by :mod:`workflow.model`); the
report itself is :mod:`workflow.reporting`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReportSpec"]


@dataclass(frozen=True)
class ReportSpec:
    """What ``wf report`` measures, in a definition's own names (its ``report:`` section).

    Data paths (dotted) of the case data; transition ids; input paths of those transitions' input.
    None: the definition does not record that measure.
    """

    task_kind: str | None = None
    funding: str | None = None
    year: str | None = None
    hours_agreed: str | None = None
    deadline: str | None = None
    delivered: str | None = None
    hours: tuple[str, str] | None = None
    """(booking transition, input path of the hours booked)."""
    meerwerk_requested: tuple[str, str | None] | None = None
    """(transition, input path of the extra hours asked)."""
    meerwerk_granted: str | None = None
    meerwerk_declined: str | None = None
    escalation_opened: str | None = None
    escalation_resolved: str | None = None
    satisfaction: tuple[str, str] | None = None
    """(transition, input path of the score)."""
    results: tuple[str, str, str | None] | None = None
    """(transition, input path of the text, input path of the highlight mark)."""
