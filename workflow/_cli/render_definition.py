"""A workflow definition, as JSON and as text (``wf definitions list/show``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from workflow import catalogue_text as text

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
    yield text("cli.def.roles")
    for r in d.roles.values():
        side = text(f"cli.def.side.{r.side}")
        yield f"  {r.id:<28} {side:<13} {r.label}{text('cli.def.read_only') if r.read_only else ''}"
    yield ""
    yield text("cli.def.states")
    for s in d.states.values():
        marks = [text(f"cli.def.{m}") for m, on in (("initial", s.initial), ("final", s.final)) if on]
        if s.deadline:
            marks.append(text("cli.def.deadline", text=_deadline_text(s.deadline)))
        yield f"  {s.id:<28} {s.label}{'  [' + ', '.join(marks) + ']' if marks else ''}"
    yield ""
    yield text("cli.def.transitions")
    yield from _transition_lines(d)


def _transition_lines(d: Definition) -> Iterator[str]:
    for t in d.transitions.values():
        target = t.target or text("cli.def.stays")
        yield f"  {t.id}: {', '.join(t.sources)} -> {target}   {t.label}"
        yield text("cli.def.step_roles", roles=", ".join(t.roles))
        for req in t.requires:
            yield text("cli.def.requires", field=req.field, message=req.message)
        for g in t.guards:
            yield text("cli.def.guard", code=g.code, when=g.when)
            yield f"          {g.message}"
        for source, target in t.appends:
            yield text("cli.def.appends", source=source, target=target)
        for path, expression in t.derives:
            yield text("cli.def.derives", path=path, expression=expression.source)


def _deadline_text(deadline: Any) -> str:
    """A state's deadline in the current language: ``5 werkdagen``, ``uiterlijk op quote.valid_until``."""
    if deadline.days is None:
        said = text("cli.def.by", field=deadline.date_field)
    else:
        said = text("cli.def.within.working" if deadline.working else "cli.def.within.days", n=deadline.days)
    return said + (text("cli.def.from", field=deadline.from_field) if deadline.from_field else "")
