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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from workflow._cli.helping import HelpGroup, WfOption, show_version, speaking_help
from workflow._cli.logs import configure_logging
from workflow._cli.safe import shown
from workflow._cli.settings import Settings, root_options

__all__ = ["main"]

COMMANDS: dict[str, tuple[str, str]] = {
    "audit": ("audit", "audit_group"),
    "case": ("case_view", "case_group"),
    "db": ("db", "db_group"),
    "definitions": ("definitions", "definitions_group"),
    "demo": ("demo", "demo"),
    "import": ("importing", "import_command"),
    "outbox": ("outbox", "outbox_group"),
    "report": ("report", "report_command"),
    "term": ("term", "term"),
    "timers": ("timers", "timers_group"),
}
"""Command name → (module in ``workflow._cli``, attribute).  A command's module is imported when the
command runs (or its own help is asked for), so ``wf --help`` imports none of them: the command list
of ``wf --help`` comes from the help catalogue (``cli.help.<command>``), like each command's own help."""


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


class WfGroup(HelpGroup):
    """The root group: maps what escapes a command to a message and an exit code; loads commands lazily;
    speaks the language of ``--lang``/``WF_LANG`` in help and usage errors too."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Run the command in the language of its arguments, :func:`collecting_rarely`."""
        given = list(sys.argv[1:] if args is None else args)
        with speaking_help(given), collecting_rarely():
            return super().main(given, *rest, **extra)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            from workflow._cli.usage_errors import localised

            raise localised(exc) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import importlib

        module, attribute = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(f"workflow._cli.{module}"), attribute)
        return command

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
        except click.UsageError as exc:
            from workflow._cli.usage_errors import localised

            raise localised(exc) from None


@click.group(cls=WfGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@root_options
@click.option("--version", cls=WfOption, is_flag=True, expose_value=False, is_eager=True, callback=show_version)
@click.pass_context
def main(ctx: click.Context, /, **options: Any) -> None:
    """``wf``: the global options into :class:`Settings`, and logging set up (the help: ``cli.help.wf``)."""
    settings = Settings(**options)
    ctx.obj = settings
    configure_logging(settings.log_level, settings.log_format)
