"""One case's timeline: each state it was in, from when until when, in calendar and working days.

Read from the case's own audit events (the same visits the report's SQL
counts); suspended intervals (states that pause the clock) are marked, and
the current blockers of each next step come from the engine's explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workflow.legal import AtwCalendar
from workflow.model import Actor, Definition
from workflow.workdays import LOCAL

if TYPE_CHECKING:
    from workflow.engine import Engine

__all__ = ["Visit", "timeline"]


@dataclass(frozen=True)
class Visit:
    """One stay in a state; ``until`` None: the case is there now."""

    state: str
    label: str
    since: datetime
    until: datetime | None
    calendar_days: float
    working_days: int
    paused: bool
    final: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "label": self.label,
            "since": self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "calendar_days": self.calendar_days,
            "working_days": self.working_days,
            "paused": self.paused,
            "final": self.final,
        }


def _working_days(calendar: AtwCalendar, start: datetime, end: datetime) -> int:
    first, last = start.astimezone(LOCAL).date(), end.astimezone(LOCAL).date()
    days = (last - first).days
    return sum(1 for n in range(1, days + 1) if not calendar.is_free(first.fromordinal(first.toordinal() + n)))


def timeline(engine: Engine, case_id: str, *, actor: Actor | None = None) -> dict[str, Any]:
    """The case's visits (oldest first), the time counted without pauses, and what blocks its next steps."""
    case = engine.get(case_id, actor=actor)
    definition = engine.definition_of(case)
    events = [
        e
        for e in engine.history(case_id, actor=actor)
        if e.kind in ("started", "fired") and e.to_state is not None and e.from_state != e.to_state
    ]
    now, calendar = engine.now(), AtwCalendar()
    visits = []
    for event, following in zip(events, [*events[1:], None], strict=True):
        until = following.at if following is not None else None
        state = definition.states.get(event.to_state or "")
        end = until or (event.at if state is not None and state.final else now)  # a final state takes no time
        visits.append(
            Visit(
                state=event.to_state or "",
                label=state.label if state is not None else event.to_state or "",
                since=event.at,
                until=until,
                calendar_days=round((end - event.at).total_seconds() / 86400, 2),
                working_days=_working_days(calendar, event.at, end),
                paused=bool(state is not None and state.pauses_clock),
                final=bool(state is not None and state.final),
            )
        )
    final = definition.states[case.state].final
    blockers = [] if final else _blockers(engine, case_id, actor, definition)
    counted = [v for v in visits if not v.paused and not (final and v.until is None)]
    return {
        "case": case.id,
        "reference": case.reference,
        "state": case.state,
        "visits": [v.to_json() for v in visits],
        "working_days_counted": sum(v.working_days for v in counted),
        "calendar_days_counted": round(sum(v.calendar_days for v in counted), 2),
        "blockers": blockers,
    }


def _blockers(engine: Engine, case_id: str, actor: Actor | None, definition: Definition) -> list[dict[str, Any]]:
    """What holds each next step back: its id and label (the case's definition version), code and message."""
    found = []
    for option in engine.available(case_id, actor=actor):
        step = definition.transitions.get(option.transition)
        label = step.label if step is not None else option.transition
        for blocker in option.blockers:
            found.append(
                {"transition": option.transition, "label": label, "code": blocker.code, "message": blocker.message}
            )
    return found
