"""A case's legal terms through its steps: started, suspended, resumed, extended, ended — no I/O.

The terms of a case live in its data under ``termijnen`` (:data:`~workflow.model.TERMS_KEY`),
one object per term, so every change is part of the step's own data diff and
so of its audit event (same transaction, same hash chain).  Counting is
:mod:`workflow.legal`'s: calendar days/weeks/months, then the Atw; a
suspension (Awb 4:15) moves the naive end by whole days and the Atw applies
again; one extension, only before the end and only by a mandated role.

One term, as kept (dates ISO ``YYYY-MM-DD``)::

    {"label", "rule": "atw"|"backward", "status": "running"|"suspended"|"ended",
     "start", "naive_end", "end", "length_days", "suspended_days",
     "suspended_on", "ground", "suspensions": [{"from", "until", "days", "ground"}],
     "extended_on", "ended_on"}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from workflow.errors import Blocker
from workflow.i18n import or_list, text
from workflow.i18n.time import date_text
from workflow.legal import TermResult, awb_suspension, extend, legal_term, suspend
from workflow.model import JSON, TERMS_KEY, Definition, Term, Transition
from workflow.paths import Missing, walk

__all__ = ["stored_terms", "term_blockers", "updated_terms"]


def stored_terms(data: Mapping[str, JSON]) -> dict[str, dict[str, Any]]:
    """The case's terms by name (copies), as kept in its data."""
    found = data.get(TERMS_KEY)
    if not isinstance(found, Mapping):
        return {}
    return {name: dict(entry) for name, entry in found.items() if isinstance(entry, Mapping)}


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def _anchor(term: Term, data: Mapping[str, JSON], today: date) -> date | None:
    if term.from_field is None:
        return today
    value = walk(data, tuple(term.from_field.split(".")))
    return None if isinstance(value, Missing) else _day(value)


def _result(entry: Mapping[str, Any]) -> TermResult:
    return TermResult(
        date.fromisoformat(entry["start"]),
        date.fromisoformat(entry["naive_end"]),
        date.fromisoformat(entry["end"]),
        (),
        int(entry["length_days"]),
        backward=entry["rule"] == "backward",
        suspended_days=int(entry.get("suspended_days", 0)),
        extended=entry.get("extended_on") is not None,
    )


def _counted(entry: dict[str, Any], result: TermResult) -> dict[str, Any]:
    return {
        **entry,
        "naive_end": result.naive_end.isoformat(),
        "end": result.end.isoformat(),
        "suspended_days": result.suspended_days,
    }


def _started(term: Term, anchor: date) -> dict[str, Any]:
    result = legal_term(anchor, days=term.days, weeks=term.weeks, months=term.months, backward=term.backward)
    entry = {
        "label": term.label,
        "rule": term.rule,
        "status": "running",
        "start": anchor.isoformat(),
        "length_days": result.length_days,
        "suspended_on": None,
        "ground": None,
        "suspensions": [],
        "extended_on": None,
        "ended_on": None,
    }
    return _counted(entry, result)


def _resumed(entry: dict[str, Any], today: date) -> dict[str, Any]:
    asked = date.fromisoformat(entry["suspended_on"])
    held = awb_suspension(asked, max(today, asked), entry.get("ground") or "")
    moved = _counted(entry, suspend(_result(entry), held.days))
    period = {"from": held.first_day.isoformat(), "until": held.resumed.isoformat(), "days": held.days}
    suspensions = [*entry.get("suspensions", []), {**period, "ground": entry.get("ground")}]
    return {**moved, "status": "running", "suspended_on": None, "ground": None, "suspensions": suspensions}


def _extended(term: Term, entry: dict[str, Any], today: date) -> dict[str, Any]:
    ext = term.extension
    if ext is None:  # pragma: no cover - the loader refuses extends_term of a term without 'extendable'
        return entry
    result = extend(_result(entry), days=ext.days, weeks=ext.weeks, months=ext.months, decided_on=today)
    return {**_counted(entry, result), "extended_on": today.isoformat()}


def _step_change(definition: Definition, terms: dict[str, dict[str, Any]], transition: Transition, today: date) -> None:
    if transition.suspends is not None and transition.suspends.term in terms:
        name = transition.suspends.term
        terms[name] = {
            **terms[name],
            "status": "suspended",
            "suspended_on": today.isoformat(),
            "ground": transition.suspends.ground,
        }
    if transition.resumes is not None and transition.resumes in terms:
        terms[transition.resumes] = _resumed(terms[transition.resumes], today)
    if transition.extends_term is not None and transition.extends_term in terms:
        name = transition.extends_term
        terms[name] = _extended(definition.terms[name], terms[name], today)


def updated_terms(
    definition: Definition, data: Mapping[str, JSON], state: str, transition: Transition | None, today: date
) -> dict[str, dict[str, Any]]:
    """The case's terms after a step (``transition``, None for the start) that leaves it in ``state``.

    The step's own change comes first (suspend, resume, extend); then each
    term whose ``runs_until`` holds ``state`` ends, and each term not yet
    started starts when the case is where it starts and its date is known.
    """
    terms = stored_terms(data)
    if transition is not None:
        _step_change(definition, terms, transition, today)
    for name, term in definition.terms.items():
        entry = terms.get(name)
        if entry is not None:
            if entry["status"] != "ended" and state in term.runs_until:
                terms[name] = {**entry, "status": "ended", "ended_on": today.isoformat()}
            continue
        if state in term.runs_until or term.starts_in not in (None, state):
            continue
        anchor = _anchor(term, data, today)
        if anchor is not None:
            terms[name] = _started(term, anchor)
    return terms


def _blocker(code: str, message: str, detail: str | None = None) -> Blocker:
    return Blocker(code, message, detail)


def _running(name: str, entry: Mapping[str, Any] | None, label: str) -> Blocker | None:
    if entry is None or entry.get("status") == "ended":
        state = text("term.not_started" if entry is None else "term.ended")
        return _blocker("term_not_running", text("term_not_running", label=label, state=state), name)
    return None


def _expired(entry: Mapping[str, Any], label: str, today: date, what: str) -> Blocker | None:
    end = date.fromisoformat(entry["end"])
    if today <= end:
        return None
    msg = text("term_expired", label=label, end=date_text(end), what=text(f"term.verb.{what}"))
    return _blocker("term_expired", msg, text("term_expired.detail", today=date_text(today)))


def _extension_blockers(term: Term, entry: Mapping[str, Any], role: str | None, today: date) -> list[Blocker]:
    found: list[Blocker] = []
    if term.extension is not None and role not in term.extension.roles:
        names = or_list(term.extension.roles)
        msg = text("term_extension_role", roles=names, label=term.label, role=role or text("term.nobody"))
        found.append(_blocker("term_extension_role", msg))
    if entry.get("extended_on") is not None:
        end = date_text(date.fromisoformat(entry["end"]))
        msg = text("term_already_extended", label=term.label, end=end)
        found.append(
            _blocker("term_already_extended", msg, text("term_already_extended.detail", on=entry["extended_on"]))
        )
    expired = _expired(entry, term.label, today, "extend")
    return [*found, *([expired] if expired else [])]


def term_blockers(
    definition: Definition, data: Mapping[str, JSON], transition: Transition, role: str | None, today: date
) -> list[Blocker]:
    """Every reason the step may not suspend, resume or extend its term now (Dutch, stable codes)."""
    terms = stored_terms(data)
    found: list[Blocker] = []
    if transition.suspends is not None:
        term = definition.terms[transition.suspends.term]
        entry = terms.get(term.name)
        not_running = _running(term.name, entry, term.label)
        if not_running is not None or entry is None:
            found += [not_running] if not_running else []
        elif entry["status"] == "suspended":
            since = date_text(date.fromisoformat(entry["suspended_on"]))
            msg = text("term_already_suspended", label=term.label, since=since)
            found.append(_blocker("term_already_suspended", msg, entry.get("ground")))
        else:
            expired = _expired(entry, term.label, today, "suspend")
            found += [expired] if expired else []
    if transition.resumes is not None:
        term = definition.terms[transition.resumes]
        entry = terms.get(term.name)
        not_running = _running(term.name, entry, term.label)
        if not_running is not None or entry is None:
            found += [not_running] if not_running else []
        elif entry["status"] != "suspended":
            msg = text("term_not_suspended", label=term.label)
            found.append(_blocker("term_not_suspended", msg))
    if transition.extends_term is not None:
        term = definition.terms[transition.extends_term]
        entry = terms.get(term.name)
        not_running = _running(term.name, entry, term.label)
        if not_running is not None or entry is None:
            found += [not_running] if not_running else []
        else:
            found += _extension_blockers(term, entry, role, today)
    return found
