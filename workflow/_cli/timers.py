"""``wf timers run``: act on deadlines that have passed."""

from __future__ import annotations

import time

import click

from workflow._cli.failures import text
from workflow._cli.helping import HelpGroup, option
from workflow._cli.output import emit
from workflow._cli.render import outcome_dict, outcome_line
from workflow._cli.settings import current, global_options

__all__ = ["timers_group"]


@click.group("timers", cls=HelpGroup)
def timers_group() -> None:
    """Act on deadlines that have passed."""


@timers_group.command("run")
@option("--once", is_flag=True)
@option(
    "--every",
    type=click.IntRange(1, 86_400),
    metavar="SECONDS",
)
@global_options()
def timers_run(once: bool, every: int | None) -> None:
    """Fire each passed deadline's transition as the system actor, or raise its flag.

    Several runners may run side by side (processes or machines sharing one
    PostgreSQL): each deadline is handled exactly once.
    """
    if once and every is not None:
        raise click.UsageError(text("cli.usage.once_every"))
    settings = current()
    with settings.engine() as engine:
        while True:
            counts = dict.fromkeys(("fired", "refused", "flagged", "stale"), 0)
            for outcome in engine.run_due_timers():
                counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
                if settings.as_json:
                    emit(outcome_dict(outcome))
                else:
                    click.echo(outcome_line(outcome))
            if every is None:
                if not settings.as_json:
                    click.echo(text("cli.timers.done", **counts) if any(counts.values()) else text("cli.timers.none"))
                return
            time.sleep(every)
