"""``wf case show`` and ``wf case list``: a case in full, and pages of cases."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from workflow import catalogue_text as text
from workflow import deadline_text, moment_text
from workflow._cli.case import case_group
from workflow._cli.helping import argument, option
from workflow._cli.output import echo_lines, emit, table
from workflow._cli.params import MOMENT
from workflow._cli.render import (
    case_detail_dict,
    case_list_dict,
    case_row,
    due_words,
    explanation_dict,
    explanation_line,
    term_lines,
    timer_dict,
    timer_line,
)
from workflow._cli.safe import shown
from workflow._cli.settings import Settings, current, global_options

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workflow import Actor, Case, Definition, Engine, Explanation, Timer

__all__ = ["case_list", "case_show"]


@case_group.command("show")
@argument("case_id", metavar="CASE")
@option("--at", "moment", type=MOMENT)
@option("--timeline", is_flag=True)
@global_options()
def case_show(case_id: str, moment: datetime | None, timeline: bool) -> None:
    """Show a case: state, data, version, and each transition from here, allowed or blocked."""
    from workflow import TERMS_KEY, RetiredDefinition

    if timeline:
        from workflow._cli.report import show_timeline

        if moment is not None:
            from workflow._cli.failures import usage

            usage(text("cli.usage.timeline_at"))
        show_timeline(case_id)
        return

    settings = current()
    actor = settings.actor(required=False)
    retired = None
    with settings.reader() as engine:
        case = engine.get(case_id, actor=actor) if moment is None else engine.state_at(case_id, moment, actor=actor)
        definition = engine.definition_of(case)
        try:
            options = engine.available(case_id, actor=actor) if moment is None else []
        except RetiredDefinition as exc:  # readable, never continued: say so instead of the steps
            options, retired = [], str(exc)
        deadlines = engine.timers(case_id, actor=actor) if moment is None else []
        now = engine.now()
    if settings.as_json:
        emit(
            {
                "case": case_detail_dict(case, definition.states[case.state].label),
                "transitions": [explanation_dict(o) for o in options],
                "flags": list(case.flags),
                "deadlines": [timer_dict(t, now) for t in deadlines],
                "terms": dict(case.data.get(TERMS_KEY) or {}),
                **({"retired": retired} if retired else {}),
            }
        )
        return
    echo_lines(_case_lines(case, definition, moment, deadlines, now))
    if retired:
        echo_lines([shown(retired)])
    elif moment is None:
        echo_lines(_transition_lines(options, actor, definition))


def _case_lines(
    case: Case, definition: Definition, moment: datetime | None, deadlines: list[Timer], now: datetime
) -> list[str]:
    reference = text("cli.case.reference", reference=shown(case.reference)) if case.reference else ""
    title: dict[str, Any] = {"id": shown(case.id), "title": definition.title, "workflow": case.workflow}
    lines = [text("cli.case.title", **title, version=case.definition_version)]
    if moment is not None:
        lines.append(text("cli.case.as_of", moment=moment_text(moment)))
    lines += [
        text("cli.case.state", state=case.state, label=definition.states[case.state].label),
        text("cli.case.version", version=case.version),
        text("cli.case.tenant", tenant=shown(case.tenant)) + reference,
        text("cli.case.updated", moment=moment_text(case.updated_at)),
    ]
    if case.flags:
        lines.append(text("cli.case.flags", flags=", ".join(case.flags)))
    lines += [timer_line(t, now, definition) for t in deadlines if t.term is None]
    lines += term_lines(case.data, now)
    data = json.dumps(case.data, ensure_ascii=False, indent=2)
    head = text("cli.case.data")
    lines.append(head + ("\n" + " " * len(head)).join(shown(line) for line in data.split("\n")))
    return lines


def _transition_lines(options: list[Explanation], actor: Actor | None, definition: Definition) -> list[str]:
    if not options:
        return [text("cli.case.no_transitions")]
    who = text("cli.case.transitions_for", actor=shown(actor.id)) if actor else text("cli.case.transitions_anyone")
    lines = [who]
    for choice in options:
        lines += explanation_line(choice, definition)
    return lines


@case_group.command("list")
@option("--workflow")
@option("--state")
@option("--tenant", "tenant_filter", metavar="ORG")
@option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@option("--after", metavar="CASE")
@option("--overdue", is_flag=True)
@option(
    "--due-within",
    type=click.IntRange(0, 3650),
    metavar="DAYS",
)
@global_options(own=("tenant",))
def case_list(
    *,
    workflow: str | None,
    state: str | None,
    tenant_filter: str | None,
    limit: int,
    after: str | None,
    overdue: bool,
    due_within: int | None,
) -> None:
    """List cases, oldest first, one page at a time (JSON lines with --json).

    Here --tenant filters; give the actor's organisation before the command
    (wf --tenant ORG case list) or in WF_TENANT.
    """
    settings = current()
    actor = settings.actor(required=False)
    filters = {"workflow": workflow, "state": state, "tenant": tenant_filter}
    if overdue or due_within is not None:
        _list_due(settings, actor, due_within or 0, filters, limit)
        return
    with settings.engine(read_only=True) as engine:
        page = engine.cases(**filters, actor=actor, limit=limit, after=after)
        labels = {} if settings.as_json else state_labels(engine, page)
    if settings.as_json:
        for case in page:
            emit(case_list_dict(case))
        return
    rows = [case_row(c, labels[c.workflow, c.definition_version, c.state]) for c in page]
    table(rows, ["id", "workflow", "state", "version", "tenant", "reference", "updated"])
    if len(page) == limit:
        click.echo(text("cli.case.more", id=shown(page[-1].id)))


def state_labels(engine: Engine, cases: Iterable[Case]) -> dict[tuple[str, int, str], str]:
    """(workflow, definition version, state) → the state's label, from each case's own definition version
    (one definition read per version on the page; ids stay in ``--json``)."""
    labels: dict[tuple[str, int, str], str] = {}
    versions: dict[tuple[str, int], dict[str, str]] = {}
    for case in cases:
        pinned = (case.workflow, case.definition_version)
        if pinned not in versions:
            states = engine.definition_of(case).states
            versions[pinned] = {name: state.label for name, state in states.items()}
        labels[(*pinned, case.state)] = versions[pinned].get(case.state, case.state)
    return labels


def _list_due(settings: Settings, actor: Actor | None, days: int, filters: dict[str, Any], limit: int) -> None:
    from datetime import timedelta

    with settings.engine(read_only=True) as engine:
        now = engine.now()
        found = engine.due(within=timedelta(days=days), actor=actor, limit=limit, **filters)
        labels = {} if settings.as_json else state_labels(engine, [c for c, _ in found])
    rows = [
        {
            "id": c.id,
            "workflow": c.workflow,
            "state": labels.get((c.workflow, c.definition_version, c.state), c.state),
            "tenant": c.tenant,
            "due": t.due_at.isoformat(timespec="minutes") if settings.as_json else deadline_text(t.due_at),
            "status": due_words(t, now),
            "action": t.then or t.flag or "",
        }
        for c, t in found
    ]
    if settings.as_json:
        for row in rows:
            emit(row)
    else:
        table(rows, ["id", "workflow", "state", "tenant", "due", "status", "action"])
