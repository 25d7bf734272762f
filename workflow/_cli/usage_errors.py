"""Click's usage errors in the help language: translated by their type and attributes, shown the ``wf`` way.

Click words its errors in English (``No such option: --x``, ``Missing argument 'CASE'``,
``Invalid value for '--limit': 'x' is not a valid integer``).  :func:`localised` makes
each one a :class:`LocalUsageError` with the help catalogue's text (``cli.parse.*``) in the
language of the invocation; the usage line and the hint come from the localised
command (:mod:`workflow._cli.helping`).  The exit code stays 2.  Imported only when
parsing fails.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from typing import IO, Any

import click

from workflow import catalogue_text
from workflow._cli.helping import help_language, helps

__all__ = ["LocalUsageError", "localised"]

_PATH = re.compile(r"^\w+ (?P<file>'.*') (?P<problem>does not exist|is a directory|is a file|is not \w+)\.$")
_PATH_PROBLEMS = {
    "does not exist": "missing",
    "is a directory": "directory",
    "is a file": "file",
    "is not readable": "unreadable",
    "is not writable": "unwritable",
}
_EXTRA = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.DOTALL)


say = helps


def _error(message: str) -> str:
    """``fout: ...`` as every error of ``wf`` reads."""
    return catalogue_text("cli.error", lang="en" if help_language() == "en" else "nl", message=message)


class LocalUsageError(click.UsageError):
    """A usage error already in the help language: usage line, hint, ``fout: ...``, exit 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        lines = []
        ctx = self.ctx
        if ctx is not None:
            lines.append(ctx.get_usage())
            names = ctx.command.get_help_option_names(ctx)
            if names and ctx.command.add_help_option:
                lines.append(say("cli.parse.try", command=ctx.command_path, option=max(names, key=len)))
            lines.append("")
        lines.append(_error(self.message))
        click.echo("\n".join(lines), file=file, err=file is None)


def localised(exc: click.UsageError) -> click.UsageError:
    """``exc`` in the help language (a help page shown for no arguments, or one already translated, as it is)."""
    if isinstance(exc, (LocalUsageError, click.exceptions.NoArgsIsHelpError)):
        return exc
    return LocalUsageError(_message(exc), exc.ctx)


def _message(exc: click.UsageError) -> str:
    if isinstance(exc, click.NoSuchOption):
        return say("cli.parse.no_option", name=exc.option_name) + _suggest(exc.possibilities)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return say("cli.parse.no_command", name=exc.command_name) + _suggest(_commands_like(exc))
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.BadParameter):
        name = exc.param_hint or (exc.param.get_error_hint(exc.ctx) if exc.param is not None else "")
        return say("cli.parse.bad_value", name=name, reason=_reason(exc))
    if isinstance(exc, click.BadOptionUsage):
        flag = "does not take a value" in exc.message  # the parser's message, without the parameter
        return say("cli.parse.no_value" if flag else "cli.parse.needs_value", name=exc.option_name)
    extra = _EXTRA.match(exc.message)
    if extra:
        return say("cli.parse.extra", args=extra["args"])
    if exc.message == "Missing command.":
        return say("cli.parse.command_missing")
    return exc.message


def _suggest(names: list[str] | None) -> str:
    return say("cli.parse.did_you_mean", names=", ".join(f"'{name}'" for name in names)) if names else ""


def _commands_like(exc: click.exceptions.NoSuchCommand) -> list[str] | None:
    """Click's suggestions; for the root group (its commands load lazily) the close names among them."""
    if exc.possibilities or exc.ctx is None or not isinstance(exc.ctx.command, click.Group):
        return exc.possibilities
    return get_close_matches(exc.command_name, exc.ctx.command.list_commands(exc.ctx)) or None


def _missing(exc: click.MissingParameter) -> str:
    param = exc.param
    name = param.get_error_hint(exc.ctx) if param is not None else ""
    kind = "cli.parse.missing_argument" if isinstance(param, click.Argument) else "cli.parse.missing_option"
    message = say(kind, name=name)
    if param is not None and isinstance(param.type, click.Choice):
        message += "; " + say("cli.parse.choose", choices=", ".join(map(str, param.type.choices)))
    return message


def _reason(exc: click.BadParameter) -> str:
    """What the value should have been and what it was, for click's own types; another type's message as it is."""
    kind = exc.param.type if exc.param is not None else None
    found = exc.message.split(" is not", 1)[0]
    if isinstance(kind, click.IntRange):
        if kind.max is None:
            expected = say("cli.parse.expect.from", min=kind.min)
        else:
            expected = say("cli.parse.expect.between", min=kind.min, max=kind.max)
    elif isinstance(kind, click.types.IntParamType):
        expected = say("cli.parse.expect.integer")
    elif isinstance(kind, click.types.FloatParamType):
        expected = say("cli.parse.expect.number")
    elif isinstance(kind, click.Choice):
        expected = say("cli.parse.expect.choice", choices=", ".join(map(str, kind.choices)))
    elif isinstance(kind, click.Path) and (path := _PATH.match(exc.message)) and path["problem"] in _PATH_PROBLEMS:
        return say(f"cli.parse.path.{_PATH_PROBLEMS[path['problem']]}", file=path["file"])
    else:
        return exc.message
    return say("cli.parse.expected", expected=expected, found=found)
