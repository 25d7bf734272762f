"""Help in the language of the invocation: click's commands, options and words from the help catalogue.

The language is known only at run time (``--lang`` or ``WF_LANG``), and ``--help``
is handled before ``--lang`` is, so :func:`speaking_help` reads it from the raw
arguments before click parses them.  The texts come from :mod:`workflow._cli.help_nl`
and :mod:`workflow._cli.help_en` (plain dicts: ``wf --help`` imports no library
module) by keys derived from the command path: ``cli.help.case.show`` for the
command, ``cli.help.case.show.<parameter>`` for its options, else the shared
``cli.help.opt.<parameter>``.  Click's own words (``Usage:``, ``Options``,
``[default: ...]``, the placeholders of values) are replaced in the subclasses
below; click's usage errors are translated by :mod:`workflow._cli.usage_errors`.
A command function's docstring documents the code; the help shown is the catalogue's
(``tests/test_cli_help.py`` renders every command's help in both languages).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import click

__all__ = [
    "HelpCommand",
    "HelpGroup",
    "WfArgument",
    "WfOption",
    "argument",
    "command_key",
    "help_language",
    "helps",
    "option",
    "speaking_help",
]

F = TypeVar("F", bound=Callable[..., Any])
_LANGUAGE: ContextVar[str | None] = ContextVar("wf_help_language", default=None)
_METAVAR = re.compile(r"INTEGER RANGE|[A-Z]+")


def language_in(args: Sequence[str]) -> str | None:
    """The last ``--lang X`` / ``--lang=X`` among ``args`` (before a ``--``), if it names a language."""
    found = None
    for at, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and at + 1 < len(args):
            found = args[at + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    value = (found or "").strip().lower()
    return value if value in ("nl", "en") else None


@contextmanager
def speaking_help(args: Sequence[str]) -> Iterator[None]:
    """Help and usage errors of one invocation in the language its arguments (or ``WF_LANG``) ask for."""
    token = _LANGUAGE.set(language_in(args))
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def help_language() -> str:
    """``nl`` or ``en``: ``--lang`` of this invocation, else ``WF_LANG``, else Dutch."""
    value = _LANGUAGE.get() or os.environ.get("WF_LANG", "").strip().lower()
    return value if value in ("nl", "en") else "nl"


def _catalogue() -> dict[str, str]:
    if help_language() == "en":
        from workflow._cli.help_en import HELP
    else:
        from workflow._cli.help_nl import HELP
    return HELP


def helps(key: str, /, **params: object) -> str:
    """The help text of ``key`` in the help language (a missing key is a programming error: KeyError)."""
    template = _catalogue()[key]
    return template.format(**params) if params else template


def metavar(shown: str) -> str:
    """A value's placeholder (``CASE``, ``[PATH]``, ``INTEGER RANGE``) with each word in the help language."""
    words = _catalogue()
    return _METAVAR.sub(lambda m: words.get(f"cli.metavar.{m[0].replace(' ', '_')}", m[0]), shown)


def command_key(ctx: click.Context) -> str:
    """``cli.help.case.show`` for ``wf case show``; ``cli.help.wf`` for ``wf`` itself."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.command.name or "")
        ctx = ctx.parent
    return "cli.help." + (".".join(reversed(names)) or "wf")


def option_help(ctx: click.Context, name: str) -> str:
    """The help of option ``name`` of the command of ``ctx``: its own key, else the shared ``cli.help.opt.*``."""
    own = f"{command_key(ctx)}.{name}"
    return helps(own if own in _catalogue() else f"cli.help.opt.{name}")


class WfOption(click.Option):
    """An option whose help, default note and placeholder speak the help language."""

    def make_metavar(self, ctx: click.Context) -> str:
        return metavar(super().make_metavar(ctx))

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        extra = self.get_help_extra(ctx)
        notes = [helps("cli.click.default", default=extra["default"])] if "default" in extra else []
        notes += [extra["range"]] if "range" in extra else []
        notes += [helps("cli.click.required")] if "required" in extra else []
        text = option_help(ctx, self.name or "")
        return record[0], f"{text}  [{'; '.join(notes)}]" if notes else text


class WfArgument(click.Argument):
    """An argument whose placeholder (usage line, ``Missing argument``) speaks the help language."""

    def make_metavar(self, ctx: click.Context) -> str:
        return metavar(super().make_metavar(ctx))


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.option`` with :class:`WfOption`: the help comes from the catalogue, by the command's path."""
    decorate: Callable[[F], F] = click.option(*decls, cls=WfOption, **attrs)
    return decorate


def argument(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.argument`` with :class:`WfArgument`."""
    decorate: Callable[[F], F] = click.argument(*decls, cls=WfArgument, **attrs)
    return decorate


class HelpCommand(click.Command):
    """A command whose help (text, usage line, headings, options) comes from the help catalogue."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        found = super().get_help_option(ctx)
        if found is not None:
            found.help = helps("cli.help.opt.help")
        return found

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces[:1] == [self.options_metavar]:
            pieces[0] = helps("cli.click.options_metavar")
        return pieces

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=helps("cli.click.usage") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(helps(command_key(ctx)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = [p for p in self.get_params(ctx) if not isinstance(p, click.Argument)]
        rows = [record for record in (p.get_help_record(ctx) for p in params) if record is not None]
        if rows:
            with formatter.section(helps("cli.click.options")):
                formatter.write_dl(rows)


class HelpGroup(HelpCommand, click.Group):
    """A group of :class:`HelpCommand` (and nested :class:`HelpGroup`); its command list from the catalogue."""

    command_class = HelpCommand
    group_class = type

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if pieces[-1:] == [self.subcommand_metavar]:
            pieces[-1] = helps("cli.click.command_metavar")
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        HelpCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with the first sentence of its help, without loading the command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        base = command_key(ctx)
        prefix = "cli.help." if ctx.parent is None else f"{base}."
        rows = [(name, click.Command(name, help=helps(prefix + name)).get_short_help_str(limit)) for name in names]
        with formatter.section(helps("cli.click.commands")):
            formatter.write_dl(rows)


def show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``wf --version``: the installed version, in the help language."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(helps("cli.click.version", prog="wf", version=version("workflow")))
    ctx.exit()
