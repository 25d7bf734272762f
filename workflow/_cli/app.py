"""The root ``wf`` group: global options, the command groups, and how a command ends.

Every command runs inside :meth:`WfGroup.invoke`, which turns the library's
errors into a message and the error's own exit code, Ctrl-C into one line and
exit 130, a reader that stopped reading (``wf audit export ... | head -1``)
into a quiet exit 141, and unreadable or unwritable files into a message and
exit 2 — never a traceback for a user error.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from workflow._cli.logs import configure_logging
from workflow._cli.safe import shown
from workflow._cli.settings import Settings, root_options

__all__ = ["main"]

COMMANDS: dict[str, tuple[str, str, str]] = {
    "audit": ("audit", "audit_group", "Review the audit log: filter, export, verify it was not tampered with."),
    "case": ("case_view", "case_group", "Start cases, fire transitions, see what blocks them."),
    "db": ("db", "db_group", "Prepare the database."),
    "definitions": ("definitions", "definitions_group", "List, validate, show and draw workflow definitions."),
    "demo": ("demo", "demo", "Play one whole assignment on the bundled definition, then print its history."),
    "import": ("importing", "import_command", "Import each case of an event log with its original moments and actors."),
    "outbox": ("outbox", "outbox_group", "Deliver outbox messages to webhooks; list, retry and purge deliveries."),
    "report": (
        "report",
        "report_command",
        "Monitoring report from the audit log: running work, hours, deadlines, lead times, scores, results.",
    ),
    "term": (
        "term",
        "term",
        "Het einde van een wettelijke termijn vanaf DATUM (JJJJ-MM-DD of DD-MM-JJJJ), met de Algemene termijnenwet.",
    ),
    "timers": ("timers", "timers_group", "Act on deadlines that have passed."),
}
"""Command name → (module in ``workflow._cli``, attribute, the first line of its help).  A command's
module is imported when the command runs (or its own help is asked for), so ``wf --help`` imports
none of them; ``tests/test_cli_startup.py`` checks each line against the command's own help."""


GC_THRESHOLD = 200_000
"""The cyclic collector's first threshold while a command runs (Python's default: 700).

Starting a command allocates some 15,000 (``wf --help``) to 85,000 (``wf case show``; 116,000 with no
definitions cache) objects that nearly all live until it ends (modules, classes, the definitions);
with the default the collector runs some 130 times over them, 10 to 20 % of ``wf case show``.  A higher
threshold collects reference cycles less often, not never: memory stays bounded in a long command."""


@contextmanager
def collecting_rarely() -> Iterator[None]:
    """The collector's first threshold at least :data:`GC_THRESHOLD` within (0, collection off, stays 0);
    as before afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLD, before[0]) if before[0] else 0, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class WfGroup(click.Group):
    """The root group: maps what escapes a command to a message and an exit code; loads commands lazily."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command :func:`collecting_rarely`."""
        with collecting_rarely():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import importlib

        module, attribute, _ = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(f"workflow._cli.{module}"), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``wf --help`` from :data:`COMMANDS`, without importing any command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        summaries = [click.Command(name, help=COMMANDS[name][2]) for name in self.list_commands(ctx)]
        rows = [(command.name or "", command.get_short_help_str(limit)) for command in summaries]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse arguments that are not text (bytes the terminal could not decode) up front."""
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                from workflow._cli.failures import text, usage

                usage(text("cli.usage.argument_utf8", arg=shown(arg)))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from workflow import WorkflowError
        from workflow._cli.failures import broken_pipe, fail, interrupted, text, usage

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
            return result
        except WorkflowError as exc:
            fail(exc)
        except KeyboardInterrupt:
            interrupted()
        except BrokenPipeError:
            broken_pipe()
        except OSError as exc:
            if exc.filename is None:
                raise
            usage(text("cli.usage.file", file=repr(exc.filename), reason=exc.strerror or exc))
        except UnicodeEncodeError as exc:
            usage(text("cli.usage.value_utf8", reason=exc.reason))


@click.group(cls=WfGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@root_options
@click.version_option(package_name="workflow", prog_name="wf")
@click.pass_context
def main(ctx: click.Context, /, **options: Any) -> None:
    """wf — run assignments between public bodies on declared workflows.

    Definitions (YAML) declare states, transitions, roles and guards; the
    engine enforces them and records every attempt in an audit log.  The
    global options may also follow the command (wf case list --json).
    """
    settings = Settings(**options)
    ctx.obj = settings
    configure_logging(settings.log_level, settings.log_format)
