"""``wf case``: start cases, fire transitions, see what blocks them, read their history.

``case show`` and ``case list`` (reading many fields at once) are in ``case_view``.
"""

from __future__ import annotations

from typing import Any

import click

from workflow import TransitionRefused
from workflow import catalogue_text as text
from workflow._cli.failures import EXIT_REFUSED, fail, input_hints, usage
from workflow._cli.helping import HelpGroup, argument, option
from workflow._cli.output import echo_lines, emit
from workflow._cli.params import json_object
from workflow._cli.render import blocker_lines, case_dict, event_dict, event_lines, explanation_dict
from workflow._cli.safe import shown
from workflow._cli.settings import current, global_options

__all__ = ["case_group"]


@click.group("case", cls=HelpGroup)
def case_group() -> None:
    """Start cases, fire transitions, see what blocks them."""


@case_group.command("start")
@argument("workflow")
@option("--data", metavar="JSON|@FILE")
@option("--reference", metavar="REF")
@option("--key", metavar="KEY")
@global_options()
def case_start(workflow: str, data: str | None, reference: str | None, key: str | None) -> None:
    """Start a case of WORKFLOW for --tenant (or the actor's tenant)."""
    settings = current()
    actor = settings.actor()
    assert actor is not None
    payload = json_object(data, "--data")
    tenant = settings.tenant or usage(text("cli.usage.tenant"))
    with settings.engine() as engine:
        case = engine.start(
            workflow, actor=actor, tenant=tenant, data=payload, reference=reference, idempotency_key=key
        )
        first = engine.history(case.id)[0]
        label = engine.definition_of(case).states[case.state].label
    if settings.as_json:
        emit(case_dict(case, first))
    else:
        started: dict[str, Any] = {"id": shown(case.id), "workflow": case.workflow, "version": case.definition_version}
        click.echo(
            text(
                "cli.started",
                **started,
                tenant=shown(case.tenant),
                label=label,
                state=case.state,
                case_version=case.version,
            )
        )


@case_group.command("fire")
@argument("case_id", metavar="CASE")
@argument("transition")
@option("--input", "payload", metavar="JSON|@FILE")
@option("--reason", metavar="TEXT")
@option("--expect-version", type=int, metavar="N")
@option("--key", metavar="KEY")
@global_options()
def case_fire(
    case_id: str, transition: str, payload: str | None, reason: str | None, expect_version: int | None, key: str | None
) -> None:
    """Take TRANSITION on CASE; exit 1 with every blocker when the workflow says no."""
    settings = current()
    actor = settings.actor()
    assert actor is not None
    data = json_object(payload, "--input")
    with settings.engine() as engine:
        try:
            result = engine.fire(
                case_id,
                transition,
                actor=actor,
                input=data,
                reason=reason,
                expected_version=expect_version,
                idempotency_key=key,
            )
        except TransitionRefused as refused:
            fail(refused, input_hints(refused.blockers))
        definition = engine.definition_of(result.case)
        label = definition.states[result.case.state].label
    if settings.as_json:
        emit(case_dict(result.case, result.event))
        return
    replay = text("cli.replayed") if result.replayed else ""
    source = definition.states[result.event.from_state].label if result.event.from_state else ""
    step = definition.transitions[transition].label if transition in definition.transitions else transition
    fired: dict[str, Any] = {"transition": shown(step), "source": source, "label": label, "state": result.case.state}
    click.echo(text("cli.fired", **fired, version=result.case.version, replay=replay))


@case_group.command("explain")
@argument("case_id", metavar="CASE")
@argument("transition")
@option("--input", "payload", metavar="JSON|@FILE")
@global_options()
def case_explain(case_id: str, transition: str, payload: str | None) -> None:
    """Say whether TRANSITION may be taken now, or every blocker; exit 0 allowed, 1 blocked."""
    settings = current()
    actor = settings.actor()
    assert actor is not None
    data = json_object(payload, "--input")
    with settings.engine(read_only=True) as engine:
        explanation = engine.explain(case_id, transition, actor=actor, input=data)
        states = engine.definition_of(engine.get(case_id, actor=actor)).states
    if settings.as_json:
        emit(explanation_dict(explanation))
    elif explanation.allowed:
        source, target = (
            states[explanation.from_state].label,
            states[explanation.to_state or explanation.from_state].label,
        )
        who: dict[str, Any] = {"transition": shown(explanation.label), "actor": shown(actor.id)}
        click.echo(text("cli.explain.allowed", **who, source=source, target=target))
    else:
        click.echo(text("cli.explain.blocked", transition=shown(explanation.label), actor=shown(actor.id)))
        echo_lines(blocker_lines(explanation.blockers))
        echo_lines(f"  {hint}" for hint in input_hints(explanation.blockers))
    raise click.exceptions.Exit(0 if explanation.allowed else EXIT_REFUSED)


@case_group.command("history")
@argument("case_id", metavar="CASE")
@global_options()
def case_history(case_id: str) -> None:
    """The case's audit events, oldest first (JSON lines with --json)."""
    settings = current()
    actor = settings.actor(required=False)
    with settings.reader() as engine:
        events = engine.history(case_id, actor=actor)
        definition = engine.definition_of(engine.get(case_id, actor=actor))
    for event in events:
        if settings.as_json:
            emit(event_dict(event))
        else:
            echo_lines(event_lines(event, definition))
