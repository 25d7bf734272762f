"""``wf demo``: one whole assignment played on the bundled definition, then its history."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workflow import catalogue_text as text
from workflow._cli.helping import HelpCommand, option
from workflow._cli.output import echo_lines, emit
from workflow._cli.render import blocker_dict, blocker_lines, event_dict, event_lines
from workflow._cli.safe import shown
from workflow._cli.settings import current, global_options

if TYPE_CHECKING:
    from workflow import Definition

__all__ = ["demo"]


@click.command("demo", cls=HelpCommand)
@option("--db", "demo_db", metavar="URL")
@option("--year", is_flag=True)
@option(
    "-o", "--output", type=click.Path(path_type=Path), default=Path("wf-jaarrapport.html"), show_default=True,
)  # fmt: skip
@option("--keep", is_flag=True)
@global_options(own=("db",))
def demo(demo_db: str | None, year: bool, output: Path, keep: bool) -> None:
    """Play one whole assignment on the bundled definition, then print its history.

    Without ``--db`` the demo plays in a fresh temporary folder, removed when
    it is done unless ``--keep`` (the report of ``--year`` goes to ``-o``, never there).
    """
    folder = None if demo_db else Path(tempfile.mkdtemp(prefix="wf-demo-"))
    url = f"sqlite:///{folder / 'demo.db'}" if folder is not None else str(demo_db)
    kept = folder is None or keep
    try:
        if year:
            from workflow._cli.demo_year import demo_year

            demo_year(url, output, fresh=folder is not None, kept=kept)
        else:
            _play(url, kept=kept)
    finally:
        if folder is not None and not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _play(url: str, *, kept: bool) -> None:
    from workflow import Engine, bundled_definitions_path, play_demo

    settings = current()
    with Engine(url, bundled_definitions_path(), language=settings.lang) as engine:
        case = None
        for step in play_demo(engine):
            case = step.case
            _show_step(step, engine.definition_of(step.case), as_json=settings.as_json)
        assert case is not None
        events = engine.history(case.id)
        definition = engine.definition_of(case)
    if settings.as_json:
        for event in events:
            emit(event_dict(event))
        return
    click.echo("\n" + text("cli.demo.log", id=case.id))
    for event in events:
        echo_lines(event_lines(event, definition))
    if not kept:
        click.echo("\n" + text("cli.demo.cleaned"))
        return
    click.echo(
        "\n" + text("cli.demo.more", url=url) + "\n"
        f"  wf --db {url} case show {case.id}\n  wf --db {url} case history {case.id}"
    )


def _show_step(step: Any, definition: Definition, *, as_json: bool) -> None:
    blockers = step.refusal.blockers if step.refusal else ()
    if as_json:
        emit(
            {
                "step": step.title,
                "actor": step.actor.id,
                "transition": step.transition,
                "state": step.case.state,
                "refused": step.refusal is not None,
                "blockers": [blocker_dict(b) for b in blockers],
            }
        )
        return
    roles = ", ".join(definition.roles[r].label if r in definition.roles else r for r in step.actor.roles)
    who = f"{shown(step.actor.id)} ({roles})"
    step_name = definition.transitions[step.transition].label if step.transition else ""
    state = definition.states[step.case.state].label
    if step.refusal is not None:
        click.echo(f"x {step.title}\n" + text("cli.demo.refused", who=who, transition=step_name))
        echo_lines(blocker_lines(blockers, "    "))
    else:
        what = f"{step_name} -> {state}" if step.transition else text("cli.demo.started", state=state)
        click.echo(f"v {step.title}\n    {who}: {what}")
