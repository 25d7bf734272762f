"""The root ``wf`` group: global options, the command groups, and how a command ends.

Every command runs inside :meth:`WfGroup.invoke`, which turns the library's
errors into a message and the error's own exit code, Ctrl-C into one line and
exit 130, a reader that stopped reading (``wf audit export ... | head -1``)
into a quiet exit 141, and unreadable or unwritable files into a message and
exit 2 — never a traceback for a user error.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from workflow._cli.audit import audit_group
from workflow._cli.case import case_group
from workflow._cli.case_view import case_list, case_show
from workflow._cli.db import db_group
from workflow._cli.definitions import definitions_group
from workflow._cli.demo import demo
from workflow._cli.failures import broken_pipe, fail, interrupted, text, usage
from workflow._cli.importing import import_command
from workflow._cli.logs import configure_logging
from workflow._cli.outbox import outbox_group
from workflow._cli.safe import shown
from workflow._cli.settings import Settings, root_options
from workflow._cli.term import term
from workflow._cli.timers import timers_group

__all__ = ["main"]

_CASE_COMMANDS = (case_show, case_list)  # registered on case_group by their module


class WfGroup(click.Group):
    """The root group: maps what escapes a command to a message and an exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse arguments that are not text (bytes the terminal could not decode) up front."""
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                usage(text("cli.usage.argument_utf8", arg=shown(arg)))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from workflow import WorkflowError

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


for _group in (
    definitions_group,
    case_group,
    audit_group,
    timers_group,
    db_group,
    demo,
    outbox_group,
    term,
    import_command,
):
    main.add_command(_group)
