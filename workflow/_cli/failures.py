"""What a failed command shows and how it exits.

Every library error carries its identity (``code``, ``exit_code``, see
``workflow.errors``); this module only renders it: one message on stderr (or
one JSON object on stdout with ``--json``), the blockers of a refusal or the
problems of a definition, and the error's own exit code.  A user error never
prints a traceback, except with ``--log-level debug``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

import click

from workflow._cli.output import emit
from workflow._cli.render import blocker_dict, blocker_lines, problem_dict
from workflow._cli.safe import shown
from workflow._cli.settings import Settings

if TYPE_CHECKING:
    from workflow import Blocker, WorkflowError

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "broken_pipe",
    "clean",
    "fail",
    "interrupted",
    "usage",
]

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as shells report a command stopped with Ctrl-C."""
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: the reader of our output stopped (``| head -1``), as shells report for ``cat`` or ``grep``."""

_BACKGROUND = re.compile(r"\s*\(Background on this error at: [^)]*\)")


def clean(message: str) -> str:
    """A message without SQLAlchemy's "Background on this error" links."""
    return _BACKGROUND.sub("", message)


def _settings() -> Settings:
    found = click.get_current_context(silent=True)
    settings = found.find_object(Settings) if found is not None else None
    return settings if settings is not None else Settings()


def text(key: str, **params: object) -> str:
    """The catalogue's ``key`` in the language of ``--lang`` (a failure is shown outside the command)."""
    from workflow import as_language, catalogue_text

    return catalogue_text(key, lang=as_language(_settings().lang), **params)


def input_hints(blockers: Iterable[Blocker]) -> list[str]:
    """For each blocker that is a missing data field (``required.<path>``), how to give it with ``--input``."""
    import json

    hints = []
    for blocker in blockers:
        if not blocker.code.startswith("required."):
            continue
        example: Any = "…"
        for part in reversed(blocker.code.removeprefix("required.").split(".")):
            example = {part: example}
        hints.append(text("cli.hint.input", example=json.dumps(example, ensure_ascii=False)))
    return list(dict.fromkeys(hints))


def fail(exc: WorkflowError, hints: Iterable[str] = ()) -> NoReturn:
    """Show ``exc`` (and ``hints``, lines of advice after a refusal's blockers) and exit with its own exit code."""
    from workflow import DefinitionError, TransitionRefused

    settings = _settings()
    if settings.log_level == "debug":
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    message = clean(str(exc))
    if exc.key == "storage.read_only":  # the library's words name read_only=True; a CLI user gave --read-only
        message = text("cli.read_only", operation=exc.params["operation"], flag="--read-only")
    if settings.as_json:
        payload: dict[str, Any] = {"error": exc.code, "message": message}
        if isinstance(exc, TransitionRefused):
            payload["blockers"] = [blocker_dict(b) for b in exc.blockers]
        if isinstance(exc, DefinitionError):
            payload["problems"] = [problem_dict(p) for p in exc.problems]
        emit(payload)
    elif isinstance(exc, TransitionRefused):
        first = (
            text("cli.refused", transition=shown(exc.transition))
            if exc.starting is None
            else text("cli.refused.start", workflow=shown(exc.starting))
        )
        refused = [first, *blocker_lines(exc.blockers)]
        refused += [f"  {hint}" for hint in hints]
        click.echo(text("cli.error", message="\n".join(refused)), err=True)
    else:
        # line by line: the library's own line breaks stay, anything else a value brought is made visible
        lines = (shown(line.replace("\t", "    ")) for line in message.split("\n"))
        click.echo(text("cli.error", message="\n".join(lines)), err=True)
    raise click.exceptions.Exit(exc.exit_code)


def usage(message: str) -> NoReturn:
    """Bad usage or input: a message (JSON with --json) and exit code 2."""
    if _settings().as_json:
        emit({"error": "usage", "message": message})
    else:
        click.echo(text("cli.error", message=message), err=True)
    raise click.exceptions.Exit(EXIT_USAGE)


def broken_pipe() -> NoReturn:
    """The reader closed our standard output: stop quietly with 141, as a command killed by SIGPIPE would.

    Nothing is printed (the reader is gone; a message on stderr would only be
    noise after ``| head``).  Standard output is pointed at the null device so
    the interpreter's last flush of what is still buffered cannot fail again.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor (tests' runners)
        pass
    raise click.exceptions.Exit(EXIT_BROKEN_PIPE)


def interrupted() -> NoReturn:
    """Ctrl-C: one line, exit 130."""
    click.echo(text("cli.interrupted"), err=True)
    raise click.exceptions.Exit(EXIT_INTERRUPTED)
