"""A workflow definition, as JSON and as text (``wf definitions list/show``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflow import Definition

__all__ = ["definition_dict", "definition_lines", "definition_row"]


def definition_row(d: Definition) -> dict[str, Any]:
    """A definition in ``definitions list``: the same keys in JSON and in the table."""
    return {
        "workflow": d.workflow,
        "version": d.version,
        "title": d.title,
        "states": len(d.states),
        "transitions": len(d.transitions),
        "file": d.file,
    }


def definition_dict(d: Definition) -> dict[str, Any]:
    return {
        "workflow": d.workflow,
        "version": d.version,
        "title": d.title,
        "description": d.description,
        "file": d.file,
        "checksum": d.checksum,
        "roles": {r.id: {"label": r.label, "side": r.side, "read_only": r.read_only} for r in d.roles.values()},
        "states": {
            s.id: {
                "label": s.label,
                "initial": s.initial,
                "final": s.final,
                "deadline": s.deadline.text if s.deadline else None,
            }
            for s in d.states.values()
        },
        "transitions": {
            t.id: {
                "label": t.label,
                "from": list(t.sources),
                "to": t.target,
                "roles": list(t.roles),
                "requires": [{"field": q.field, "code": q.code, "message": q.message} for q in t.requires],
                "guards": [{"when": g.when, "code": g.code, "message": g.message} for g in t.guards],
                "appends": dict(t.appends),
                "derives": {path: expression.source for path, expression in t.derives},
            }
            for t in d.transitions.values()
        },
    }


def definition_lines(d: Definition) -> Iterator[str]:
    yield f"{d.title}  ({d.workflow} v{d.version}, {d.file})"
    if d.description:
        yield f"  {d.description}"
    yield ""
    yield "Roles:"
    for r in d.roles.values():
        yield f"  {r.id:<28} {r.side:<7} {r.label}{'  (read only)' if r.read_only else ''}"
    yield ""
    yield "States:"
    for s in d.states.values():
        marks = [m for m, on in (("initial", s.initial), ("final", s.final)) if on]
        if s.deadline:
            marks.append(f"deadline {s.deadline.text}")
        yield f"  {s.id:<28} {s.label}{'  [' + ', '.join(marks) + ']' if marks else ''}"
    yield ""
    yield "Transitions:"
    yield from _transition_lines(d)


def _transition_lines(d: Definition) -> Iterator[str]:
    for t in d.transitions.values():
        target = t.target or "(stays)"
        yield f"  {t.id}: {', '.join(t.sources)} -> {target}   {t.label}"
        yield f"      roles: {', '.join(t.roles)}"
        for req in t.requires:
            yield f"      requires {req.field}: {req.message}"
        for g in t.guards:
            yield f"      guard [{g.code}] {g.when}"
            yield f"          {g.message}"
        for source, target in t.appends:
            yield f"      appends {source} -> {target}"
        for path, expression in t.derives:
            yield f"      derives {path} = {expression.source}"
