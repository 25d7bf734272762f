"""One renderer per domain object, so every command prints it the same way.

For each object a ``*_dict`` (the JSON form) and text lines or a row (the human
form).  Text forms pass every user-supplied value through :func:`shown`; JSON
forms carry the values unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from workflow import catalogue_text as text
from workflow import deadline_text, moment_text, span_text
from workflow._cli.safe import shown

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
"""The zone of dates shown to people (terms end on a Dutch calendar day)."""

if TYPE_CHECKING:
    from workflow import AuditEvent, Blocker, Case, Definition, Explanation, Problem, Timer, TimerOutcome

__all__ = [
    "blocker_dict",
    "blocker_lines",
    "case_detail_dict",
    "case_dict",
    "case_list_dict",
    "case_row",
    "due_words",
    "event_dict",
    "event_lines",
    "explanation_dict",
    "explanation_line",
    "outcome_dict",
    "outcome_line",
    "problem_dict",
    "timer_dict",
    "timer_line",
]


def local(moment: datetime) -> datetime:
    """``moment`` in Dutch time (Europe/Amsterdam), for people."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Amsterdam"))


# ---- blocker and problem


def blocker_dict(b: Blocker) -> dict[str, Any]:
    return {"code": b.code, "message": b.message, "detail": b.detail}


def blocker_lines(blockers: Iterable[Blocker], indent: str = "  ") -> Iterator[str]:
    for b in blockers:
        detail = f" ({shown(b.detail)})" if b.detail else ""
        yield f"{indent}- {shown(b.message)}{detail}  [{shown(b.code)}]"


def problem_dict(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "column": p.column, "message": p.message, "code": p.code}


# ---- event


def event_dict(e: AuditEvent) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "transition": e.transition,
        "from": e.from_state,
        "to": e.to_state,
        "actor": e.actor_id,
        "role": e.role,
        "tenant": e.tenant,
        "reason": e.reason,
        "input": e.input,
        "data_diff": list(e.data_diff),
        "blockers": [blocker_dict(b) for b in e.blockers],
        "definition": f"{e.workflow}@{e.definition_version}",
        "at": e.at.isoformat(),
        "hash": e.hash,
    }


def _labels(definition: Definition | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The labels of states, transitions and roles (empty without a definition: ids are shown)."""
    if definition is None:
        return {}, {}, {}
    return (
        {k: s.label for k, s in definition.states.items()},
        {k: t.label for k, t in definition.transitions.items()},
        {k: r.label for k, r in definition.roles.items()},
    )


def event_lines(e: AuditEvent, definition: Definition | None = None) -> Iterator[str]:
    """One line per event (seq, Dutch time, step, actor), then its reason and blockers indented.

    With the case's ``definition``, states, transitions and roles show by their labels."""
    states, steps, roles = _labels(definition)
    source = states.get(e.from_state or "", e.from_state or "")
    target = states.get(e.to_state or "", e.to_state or "")
    step_name = steps.get(e.transition or "", e.transition or "")
    step = {
        "started": text("cli.event.started", state=shown(target)),
        "fired": text("cli.event.fired", transition=shown(step_name), source=shown(source), target=shown(target)),
        "refused": text("cli.event.refused", transition=shown(step_name), source=shown(source)),
    }.get(e.kind, f"{shown(e.kind)} {shown(step_name)}")
    role = f" ({shown(roles.get(e.role, e.role))})" if e.role else ""
    at = local(e.at)
    yield f"{e.seq:>3}  {at:%Y-%m-%d %H:%M:%S} {at.tzname()}  {step}  {text('cli.event.by')} {shown(e.actor_id)}{role}"
    if e.reason:
        yield text("cli.event.reason", reason=shown(e.reason))
    yield from blocker_lines(e.blockers, "       ")


# ---- case


def case_dict(case: Case, event: AuditEvent | None = None) -> dict[str, Any]:
    """The short JSON form: id, workflow, state, version (and the event that made it)."""
    summary: dict[str, Any] = {"id": case.id, "workflow": case.workflow, "state": case.state, "version": case.version}
    if event is not None:
        summary["event"] = event_dict(event)
    return summary


def case_list_dict(case: Case) -> dict[str, Any]:
    """The JSON form of a case in a list."""
    return {
        **case_dict(case),
        "tenant": case.tenant,
        "reference": case.reference,
        "updated_at": case.updated_at.isoformat(),
    }


def case_detail_dict(case: Case, label: str) -> dict[str, Any]:
    """The full JSON form, with data and the state's label."""
    return {
        **case_dict(case),
        "definition_version": case.definition_version,
        "label": label,
        "tenant": case.tenant,
        "reference": case.reference,
        "data": case.data,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def case_row(case: Case, state: str | None = None) -> dict[str, Any]:
    """The text row of a case in a table (the table shows each cell safely); ``state``: the state's label."""
    return {
        "id": case.id,
        "workflow": case.workflow,
        "state": state or case.state,
        "version": case.version,
        "tenant": case.tenant,
        "reference": case.reference or "",
        "updated": f"{local(case.updated_at):%Y-%m-%d %H:%M %Z}",
    }


# ---- explanation


def explanation_dict(e: Explanation) -> dict[str, Any]:
    return {
        "transition": e.transition,
        "label": e.label,
        "allowed": e.allowed,
        "from": e.from_state,
        "to": e.to_state,
        "blockers": [blocker_dict(b) for b in e.blockers],
    }


def explanation_line(e: Explanation, definition: Definition | None = None) -> Iterator[str]:
    """A transition from here (its label, the target state's label): allowed or blocked, then its blockers."""
    states, _, _ = _labels(definition)
    mark = text("cli.allowed") if e.allowed else text("cli.blocked")
    target = states.get(e.to_state or "", e.to_state or "")
    yield f"  {shown(e.label):<30} -> {shown(target):<24} {mark}   [{shown(e.transition)}]"
    if not e.allowed:
        yield from blocker_lines(e.blockers, "      ")


# ---- timer (a deadline of a case) and its outcome


def timer_dict(t: Timer, now: datetime) -> dict[str, Any]:
    return {
        "state": t.state,
        "due": t.due_at.isoformat(),
        "warn": t.warn_at.isoformat() if t.warn_at else None,
        "status": t.status,
        "overdue": t.overdue(now),
        "then": t.then,
        "flag": t.flag,
        "extended": t.extended,
        "term": t.term,
    }


def due_words(timer: Timer, now: datetime) -> str:
    """How the deadline stands: paused, late since when, or so many days left."""
    if timer.status == "paused":
        return text("cli.due.paused")
    seconds = (timer.due_at - now).total_seconds()
    if timer.overdue(now):
        refused = text("cli.due.refused") if timer.status == "refused" else ""
        return text("cli.due.overdue", since=moment_text(timer.due_at), span=span_text(seconds)) + refused
    warning = text("cli.due.warning") if timer.warning(now) else ""
    return text("cli.due.left", span=span_text(seconds)) + warning


def timer_line(t: Timer, now: datetime, definition: Definition | None = None) -> str:
    """A deadline: the state it runs in (label), its end in Dutch time, how it stands, what follows."""
    states, steps, _ = _labels(definition)
    action = text("cli.deadline.then", transition=steps.get(t.then, t.then)) if t.then else ""
    action = action or text("cli.deadline.flag", flag=t.flag)
    status = due_words(t, now)
    return text(
        "cli.deadline", state=states.get(t.state, t.state), due=deadline_text(t.due_at), status=status, action=action
    )


def _day(text: str) -> date:
    return date.fromisoformat(text)


def term_lines(data: Mapping[str, Any], now: datetime) -> list[str]:
    """The case's running (and suspended) legal terms with their legal end: "uiterlijk woensdag 6 mei 2026"."""
    from workflow import TERMS_KEY, date_text

    terms = data.get(TERMS_KEY)
    if not isinstance(terms, Mapping):
        return []
    today = now.astimezone(DUTCH_TIME).date()
    lines = []
    for name, entry in terms.items():
        if not isinstance(entry, Mapping) or entry.get("status") == "ended":
            continue
        end = _day(entry["end"])
        notes = []
        if entry.get("status") == "suspended":
            since = date_text(_day(entry["suspended_on"]))
            notes.append(text("cli.term.suspended", since=since, ground=shown(entry.get("ground"))))
        elif today > end:
            notes.append(text("cli.term.expired"))
        if entry.get("suspended_days"):
            notes.append(text("cli.term.suspended_days", days=entry["suspended_days"]))
        if entry.get("extended_on"):
            notes.append(text("cli.term.extended", on=date_text(_day(entry["extended_on"]))))
        label = shown(entry.get("label") or name)
        suffix = f" ({'; '.join(notes)})" if notes else ""
        lines.append(text("cli.term.line", label=label, end=date_text(end), notes=suffix))
    return lines


def outcome_dict(o: TimerOutcome) -> dict[str, Any]:
    return {"case_id": o.case_id, "state": o.state, "outcome": o.outcome, "transition": o.transition, "flag": o.flag}


def outcome_line(o: TimerOutcome) -> str:
    return text(f"cli.timer.{o.outcome}", case=shown(o.case_id), state=o.state, transition=o.transition, flag=o.flag)
