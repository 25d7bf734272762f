"""A definition as a Markdown page: diagram, roles, states, transitions, guards.

``docs/workflows/<workflow>.md`` is generated with this (``wf definitions doc``);
a test fails when a checked-in page no longer matches its definition.
"""

from __future__ import annotations

from workflow.machine import diagram
from workflow.model import Definition

__all__ = ["NOTES_MARKER", "markdown"]

NOTES_MARKER = "<!-- hand-written below: why each phase is as it is; kept when the page above is generated again -->"
"""Everything after this line of a page is the author's, not generated: :func:`markdown` keeps it."""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(definition: Definition, existing: str | None = None) -> str:
    """The Markdown page of one definition version; the hand-written notes of ``existing`` kept after it."""
    page = _generated(definition)
    if existing is not None and NOTES_MARKER in existing:
        page += "\n" + NOTES_MARKER + existing.split(NOTES_MARKER, 1)[1]
    return page


def _generated(definition: Definition) -> str:
    d = definition
    lines = [
        f"# {d.title}",
        "",
        f"<!-- generated from {d.file.rsplit('/', 1)[-1]} by `wf definitions doc {d.workflow}`; do not edit -->",
        "",
        f"Workflow `{d.workflow}`, version {d.version}.",
    ]
    if d.description:
        lines += ["", d.description]
    lines += [
        "",
        "```mermaid",
        diagram(d, "mermaid").rstrip(),
        "```",
        "",
        "## Roles",
        "",
        "| role | label | side | notes |",
        "|---|---|---|---|",
    ]
    for role in d.roles.values():
        notes = (
            "read only" + (f"; {role.description}" if role.description else "")
            if role.read_only
            else (role.description or "")
        )
        lines.append(f"| `{role.id}` | {_cell(role.label)} | {role.side} | {_cell(notes)} |")
    lines += ["", "## States", "", "| state | label | | deadline |", "|---|---|---|---|"]
    for state in d.states.values():
        kind = "initial" if state.initial else ("final" if state.final else "")
        deadline = ""
        if state.deadline:
            dl = state.deadline
            deadline = dl.text + (f", warn at {dl.warn_at:.0%}" if dl.warn_at else "")
            deadline += f", then `{dl.then}`" if dl.then else ""
            deadline += f", flag `{dl.flag}`" if dl.flag else ""
        lines.append(f"| `{state.id}` | {_cell(state.label)} | {kind} | {_cell(deadline)} |")
    lines += _term_lines(d)
    lines += ["", "## Transitions", ""]
    for t in d.transitions.values():
        target = f"`{t.target}`" if t.target else "(stays)"
        lines += [
            f"### `{t.id}` — {t.label}",
            "",
            f"From {', '.join(f'`{s}`' for s in t.sources)} to {target}; by {', '.join(f'`{r}`' for r in t.roles)}.",
        ]
        if t.description:
            lines += ["", t.description]
        if t.requires:
            lines += ["", "Requires:", ""]
            lines += [f"- `{r.field}` — {r.message} (`{r.code}`)" for r in t.requires]
        if t.guards:
            lines += ["", "| guard | when | message |", "|---|---|---|"]
            lines += [f"| `{g.code}` | `{_cell(g.when)}` | {_cell(g.message)} |" for g in t.guards]
        if t.suspends:
            lines += ["", f"Suspends term `{t.suspends.term}` (ground: {t.suspends.ground})."]
        if t.resumes:
            lines += ["", f"Resumes term `{t.resumes}` (end moved by the whole days suspended)."]
        if t.extends_term:
            lines += ["", f"Extends term `{t.extends_term}` once."]
        if t.appends or t.derives:
            lines += ["", "Kept by the engine (no input writes it):", ""]
            lines += [f"- `{source}` appended to `{target}`, never overwritten" for source, target in t.appends]
            lines += [f"- `{path}` = `{_cell(e.source)}`" for path, e in t.derives]
        fields = ", ".join(f"`{name}`" for name in t.writes)
        lines += ["", f"Writes: {fields or 'nothing (takes no input)'}."]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _term_lines(d: Definition) -> list[str]:
    """The definition's legal terms as a table (none: nothing)."""
    if not d.terms:
        return []
    lines = ["", "## Legal terms", "", "| term | length | rule | ends in | extension |", "|---|---|---|---|---|"]
    for term in d.terms.values():
        ext = term.extension
        extension = ""
        if ext is not None:
            amount = ", ".join(
                f"{n} {unit}" for n, unit in ((ext.months, "months"), (ext.weeks, "weeks"), (ext.days, "days")) if n
            )
            extension = f"once, {amount}, by {', '.join(f'`{r}`' for r in ext.roles)}"
        ends = ", ".join(f"`{s}`" for s in term.runs_until)
        lines.append(f"| `{term.name}` | {_cell(term.text)} | {term.rule} | {ends} | {extension} |")
    return lines
