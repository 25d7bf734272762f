"""Deadlines on cases: timer rows written and ended in the transaction of the step itself.

Entering a state with a deadline starts a timer; leaving it cancels the
timer, except into a state that pauses the clock (opschorting): then the
timer waits, and coming back resumes it with its due moment moved on by the
time (or the working days) the clock stood still.  A staying step with
``extends`` moves the due moment once.  A legal term (:mod:`workflow.case_terms`)
has a timer of its own, kept in step with the term in the case's data by
:func:`sync_terms`; state changes do not touch it.  The due-timer runner
(:meth:`workflow.Engine.run_due_timers`) fires what falls due.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from workflow.assessing import running_timer
from workflow.case_terms import stored_terms
from workflow.model import JSON, Case, Definition, Timer, Transition
from workflow.store import timers as stored
from workflow.workdays import WorkCalendar

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["on_start", "on_step", "running_timer", "sync_terms"]


def _date_at(data: Mapping[str, JSON], path: str) -> date | None:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def on_start(conn: sa.Connection, definition: Definition, case: Case, now: datetime, calendar: WorkCalendar) -> None:
    """Start the deadline of the state the case is in, if it has one."""
    deadline = definition.states[case.state].deadline
    if deadline is None:
        return
    if deadline.date_field is not None:
        day = _date_at(case.data, deadline.date_field)
        if day is None:  # no date recorded: nothing to schedule (the definition's requires should prevent this)
            return
        due = calendar.end_of(day)
    else:
        origin = _date_at(case.data, deadline.from_field) if deadline.from_field else None
        # the service clock runs from that date (its last second, so the date itself is day 0)
        start = now if origin is None else calendar.end_of(origin) - timedelta(seconds=1)
        due = calendar.due(start, deadline.days or 0, working=deadline.working)
    warn = now + (due - now) * deadline.warn_at if deadline.warn_at and due > now else None
    stored.insert_timer(
        conn,
        case.id,
        case.state,
        due_at=due,
        warn_at=warn,
        started_at=now,
        working=deadline.working,
        then=deadline.then,
        flag=deadline.flag,
    )


def _deadlines(conn: sa.Connection, case_id: str, statuses: list[str]) -> list[Timer]:
    """The case's state deadlines (not its legal terms) with one of ``statuses``."""
    return [t for t in stored.timers_of(conn, case_id, statuses) if t.term is None]


def on_step(
    conn: sa.Connection,
    definition: Definition,
    before: Case,
    after: Case,
    transition: Transition,
    *,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    """Start, pause, resume, cancel or extend timers for one committed step.

    A definition without state deadlines has no state timers to look for: no query at all.
    """
    if not any(state.deadline is not None for state in definition.states.values()):
        return
    if after.state == before.state:
        if transition.extends is not None:
            _extend(conn, running_timer(conn, before), transition.extends, now, calendar)
        return
    if definition.states[after.state].pauses_clock:
        for timer in _deadlines(conn, before.id, ["pending"]):
            stored.pause_timer(conn, stored.row_id(timer), now)
    else:
        resumed = False
        for timer in _deadlines(conn, before.id, ["pending", "paused", "refused"]):
            if timer.status == "paused" and timer.state == after.state and timer.paused_at is not None:
                due = calendar.shift(timer.due_at, timer.paused_at, now, working=timer.working)
                warn = timer.warn_at + (due - timer.due_at) if timer.warn_at else None
                stored.resume_timer(conn, stored.row_id(timer), due, warn, now)
                resumed = True
            else:
                stored.end_timer(conn, stored.row_id(timer), "cancelled", now)
        if resumed:
            return
    on_start(conn, definition, after, now, calendar)


def _extend(
    conn: sa.Connection, timer: Timer | None, extends: tuple[int, bool], now: datetime, calendar: WorkCalendar
) -> None:
    if timer is None:  # pragma: no cover - the engine refuses an extension without a running deadline
        return
    days, working = extends
    if working:
        due = calendar.end_of(calendar.add_working_days(calendar.due_day(timer.due_at), days))
    else:
        due = timer.due_at + timedelta(days=days)
    warn = timer.warn_at + (due - timer.due_at) if timer.warn_at else None
    stored.extend_timer(conn, stored.row_id(timer), due, warn, now)


def _term_timer(conn: sa.Connection, case_id: str, term: str) -> Timer | None:
    found = stored.timers_of(conn, case_id, ["pending", "paused"])
    return next((t for t in found if t.term == term), None)


def sync_terms(
    conn: sa.Connection,
    definition: Definition,
    after: Case,
    before: Mapping[str, JSON],
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    """Start, pause, resume, move or end each legal term's timer as the step changed the term."""
    old = stored_terms(before)
    for name, entry in stored_terms(after.data).items():
        prev = old.get(name)
        due = calendar.end_of(date.fromisoformat(entry["end"]))
        if prev is None:
            term = definition.terms.get(name)
            warn_share = term.warn_at if term is not None else None
            warn = now + (due - now) * warn_share if warn_share and due > now else None
            then, flag = (term.then, term.flag) if term is not None else (None, None)
            stored.insert_timer(
                conn, after.id, after.state, due_at=due, warn_at=warn, started_at=now,
                working=False, then=then, flag=flag, term=name,
            )  # fmt: skip
            continue
        if prev == entry:
            continue
        timer = _term_timer(conn, after.id, name)
        if timer is None:
            continue
        warn = timer.warn_at + (due - timer.due_at) if timer.warn_at else None
        if entry["status"] == "ended":
            stored.end_timer(conn, stored.row_id(timer), "cancelled", now)
        elif entry["status"] == "suspended":
            stored.pause_timer(conn, stored.row_id(timer), now)
        elif prev["status"] == "suspended":
            stored.resume_timer(conn, stored.row_id(timer), due, warn, now)
        if entry["status"] != "ended" and entry.get("extended_on") != prev.get("extended_on"):
            stored.extend_timer(conn, stored.row_id(timer), due, warn, now)
