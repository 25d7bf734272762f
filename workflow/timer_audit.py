"""Timers checked against the events: the timer rows a case's log must have left, rebuilt by replaying it.

Every timer change happens in the transaction of an event: a start or a
step starts, pauses, resumes, extends or cancels deadlines and legal terms
(:mod:`workflow.timers`), and the due-timer runner marks the timer it handles
``done`` (or ``refused``) with the system's event.  Replaying a case's events
through the same code, into a scratch in-memory table, gives the rows the
case must have; :func:`timer_breaks` names every stored row that differs.
The working-day calendar must be the engine's (its closing days).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from workflow import timers
from workflow.chain import apply_diff
from workflow.errors import WorkflowError
from workflow.model import SYSTEM_ROLE, Case, Definition
from workflow.store import timers as stored_timers
from workflow.store.review import TIMER_FIELDS, TimerRow
from workflow.store.tables import timers as timer_table
from workflow.workdays import WorkCalendar

__all__ = ["TimerCheck", "TimerReplay", "difference", "needs_timers"]

_COMPARED = TIMER_FIELDS


def needs_timers(definition: Definition) -> bool:
    """Whether a case of ``definition`` can have timers (a state with a deadline, or legal terms)."""
    return bool(definition.terms) or any(state.deadline is not None for state in definition.states.values())


class TimerReplay:
    """A scratch in-memory timer table to replay cases into, one case at a time (``close()`` when done)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._db = sa.create_engine("sqlite://")
        self._conn = self._db.connect()
        timer_table.create(self._conn)

    def close(self) -> None:
        self._conn.close()
        self._db.dispose()

    def expected(self, definition: Definition, contents: Sequence[Mapping[str, Any]]) -> list[TimerRow]:
        """The timer rows a case's events (hashed contents, oldest first) leave, in the order they were made."""
        conn = self._conn
        conn.execute(timer_table.delete())
        case: Case | None = None
        for content in contents:
            at = datetime.fromisoformat(content["at"])
            if case is None:
                case = self._start(definition, content, at)
                continue
            case = self._step(definition, case, content, at)
        return [self._row(row) for row in conn.execute(sa.select(timer_table).order_by(timer_table.c.id))]

    def _start(self, definition: Definition, content: Mapping[str, Any], at: datetime) -> Case:
        data = apply_diff({}, content["data_diff"])
        state = content["to_state"]
        case = Case(
            content["case_id"], definition.workflow, definition.version, state, data, content["tenant"], None, 0, at, at
        )
        timers.on_start(self._conn, definition, case, at, self.calendar)
        if "imported" not in content:
            timers.sync_terms(self._conn, definition, case, {}, at, self.calendar)
        return case

    def _step(self, definition: Definition, case: Case, content: Mapping[str, Any], at: datetime) -> Case:
        conn, kind = self._conn, content["kind"]
        handled = self._runner_timer(case, at) if content["role"] == SYSTEM_ROLE else None
        if handled is not None:
            stored_timers.end_timer(conn, handled, "done", at)
        if kind == "refused" and handled is not None:
            stored_timers.end_timer(conn, handled, "refused", at)
        if kind != "fired":
            return replace(case, updated_at=at)
        data = apply_diff(dict(case.data), content["data_diff"])
        after = replace(
            case, state=content["to_state"] or case.state, data=data, version=case.version + 1, updated_at=at
        )
        transition = definition.transitions.get(content["transition"])
        if transition is None:  # a transition the definition does not know: the chain checks name that
            return after
        timers.on_step(conn, definition, case, after, transition, now=at, calendar=self.calendar)
        if "imported" not in content:
            timers.sync_terms(conn, definition, after, case.data, at, self.calendar)
        return after

    def _runner_timer(self, case: Case, at: datetime) -> int | None:
        """The timer the due-timer runner handled with the system's event at ``at``: the earliest due by then."""
        found = [t for t in stored_timers.timers_of(self._conn, case.id, ["pending"]) if t.due_at <= at]
        found.sort(key=lambda t: (t.due_at, t.id))
        return found[0].id if found else None

    @staticmethod
    def _row(row: sa.Row[Any]) -> TimerRow:
        return tuple(row._mapping[name] for name in _COMPARED)


Finding = tuple[str, tuple[tuple[str, Any], ...]]
"""What differs, as a break's detail key and its facts (put in words by :mod:`workflow.i18n.audit`)."""


def difference(expected: Sequence[TimerRow], stored: Sequence[TimerRow]) -> Finding | None:
    """What differs between the rows a case's events leave and its stored rows; None: nothing."""
    if len(expected) != len(stored):
        return "timer_count", (("stored", ("timer", len(stored))), ("expected", len(expected)))
    for number, (want, have) in enumerate(zip(expected, stored, strict=True), start=1):
        changed = tuple(name for name, a, b in zip(_COMPARED, want, have, strict=True) if a != b)
        if changed:
            return "timer_fields", (("number", number), ("fields", changed))
    return None


class TimerCheck:
    """Each case's stored timer rows checked against the rows its (intact) events leave, one case at a time."""

    def __init__(
        self,
        pinned: Callable[[str, int], Definition],
        calendar: WorkCalendar,
        stored: dict[str, list[TimerRow]],
    ) -> None:
        self._pinned, self._calendar, self._stored = pinned, calendar, stored
        self._needs: dict[tuple[str, int], Definition | None] = {}
        self._retired: set[tuple[str, int]] = set()
        self._replay: TimerReplay | None = None

    def _definition(self, workflow: str, version: int) -> Definition | None:
        """The definition, if its cases can have timers (None: they cannot, or it cannot be rebuilt)."""
        key = (workflow, version)
        if key not in self._needs:
            try:
                definition: Definition | None = self._pinned(workflow, version)
            except WorkflowError:  # changed or missing: definition_changed names it
                definition = None
            if definition is not None and definition.retired:
                self._retired.add(key)
            self._needs[key] = definition if definition is not None and needs_timers(definition) else None
        return self._needs[key]

    def check(self, contents: Sequence[Mapping[str, Any]], case_id: str, *, broken: bool) -> Finding | None:
        """What differs for this case (None: nothing); a ``broken`` chain explains nothing and is not checked."""
        stored = self._stored.pop(case_id, [])
        if broken:
            return None
        key = (contents[0]["workflow"], contents[0]["definition_version"])
        definition = self._definition(*key)
        if key in self._retired:  # its rules no longer load: nothing to replay its timers with (docs/audit.md)
            return None
        if definition is None and not stored:
            return None
        expected: list[TimerRow] = []
        if definition is not None:
            if self._replay is None:
                self._replay = TimerReplay(self._calendar)
            expected = self._replay.expected(definition, contents)
        return difference(expected, stored)

    def orphans(self, seen: set[str]) -> list[str]:
        """Cases with timer rows but no events (cases whose events have no row are named by their own breaks)."""
        return sorted(cid for cid in self._stored if cid not in seen)

    def close(self) -> None:
        if self._replay is not None:
            self._replay.close()
