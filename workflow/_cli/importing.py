"""``wf import``: bring the history of another system in from an event log (CSV or XES)."""

from __future__ import annotations

import sys

import click

from workflow import catalogue_text as text
from workflow._cli.failures import EXIT_REFUSED, usage
from workflow._cli.helping import HelpCommand, argument, option
from workflow._cli.output import echo_lines, emit
from workflow._cli.settings import current, global_options

__all__ = ["import_command"]


def _progress(done: int, total: int) -> None:
    if done == total or done % max(1, total // 100) == 0:
        click.echo("\r" + text("cli.import.progress", done=done, total=total), err=True, nl=done == total)


@click.command("import", cls=HelpCommand)
@argument("log_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@option("--mapping", required=True, type=click.Path(exists=True, dir_okay=False))
@option(
    "--trust-history",
    is_flag=True,
)
@option("--report", type=click.Path(dir_okay=False), metavar="FILE")
@global_options()
def import_command(log_file: str, mapping: str, trust_history: bool, report: str | None) -> None:
    """Import each case of an event log with its original moments and actors.

    One transaction per case: a case with an event that cannot be imported is
    left out whole, and the report says which event and why. Running the same
    import again adds nothing. Exit 0 when every case is in, 1 otherwise.
    """
    import json

    from workflow import import_log

    settings = current()
    if settings.actor_id or settings.roles or settings.tenant:
        usage(text("cli.import.no_actor"))
    progress = _progress if sys.stderr.isatty() else None
    with settings.engine() as engine:
        result = import_log(engine, log_file, mapping, trust_history=trust_history, progress=progress)
    if report:
        with open(report, "w", encoding="utf-8") as handle:
            json.dump(result.to_dict(), handle, indent=2, ensure_ascii=False)
    if settings.as_json:
        emit(result.to_dict())
    else:
        echo_lines(result.lines())
    raise click.exceptions.Exit(0 if not result.problems else EXIT_REFUSED)
