"""The one exception tree of the library.

Every error the library raises on purpose derives from :class:`WorkflowError`::

    class                     code                 exit  meaning
    WorkflowError             error                2
    ├─ DefinitionError        invalid_definition   2     every problem of one load, each with file:line:col
    ├─ NotFound               not_found            2     unknown case / workflow / transition
    ├─ InvalidInput           invalid_input        2     a value given to the API is malformed or too large
    ├─ TransitionRefused      refused              1     the workflow says no; carries every Blocker
    │   ├─ Forbidden          forbidden            1     role or tenant
    │   └─ GuardFailed        guard_failed         1     guards or required fields
    ├─ RetiredDefinition      retired_definition   1     the case's definition version no longer loads: read only
    ├─ ConflictError          conflict             1     concurrent change, stale expected_version, idempotency clash
    └─ StorageError           storage              2     database unreachable, schema too old

Each class keeps its context as attributes and builds its own message, so a
caller can either show ``str(exc)`` or format the attributes itself.  Each
class also carries its identity: ``code`` is a stable name (for programs, JSON
output and translations) and ``exit_code`` is what a command line exits with:
1 when the workflow refused (the request was understood and said no), 2 when
the request could not be carried out as given (bad input, unknown names, an
invalid definition, or a database that cannot be used: fix the URL or run
``wf db upgrade`` and try again).

Messages speak the current language (Dutch unless the engine or the command
line says ``en``): they come from the catalogue in :mod:`workflow._speech`,
the only module this one imports.  ``code`` and ``exit_code`` never change
with the language; an error made with :meth:`WorkflowError.said` also keeps
the catalogue ``key`` and its ``params`` for programs.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Self

from workflow._speech import say

__all__ = [
    "Blocker",
    "ConflictError",
    "DefinitionError",
    "Forbidden",
    "GuardFailed",
    "InvalidInput",
    "NotFound",
    "Problem",
    "StorageError",
    "TransitionRefused",
    "WorkflowError",
    "say",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition file, at a place in it.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    ``code`` is the stable catalogue key of the message (``definition.unknown``...),
    the same in every language; empty where a problem has none.
    """

    file: str
    line: int
    column: int
    message: str
    code: str = ""

    def __str__(self) -> str:
        """``file:line:col: message``; ``file: message`` for the file as a whole (no made-up place)."""
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Blocker:
    """Why a transition cannot be taken now.

    ``code`` is stable (for programs and translations); ``message`` is the
    definition's human text; ``detail`` adds a plain explanation when the
    engine itself found something (a missing value, a type mismatch).
    """

    code: str
    message: str
    detail: str | None = None

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.detail})" if self.detail else text


class WorkflowError(Exception):
    """Root of every error the workflow library raises on purpose.

    ``code`` names the error for programs; ``exit_code`` is the exit status a
    command line gives it.  Subclasses override both as class attributes.
    """

    code: str = "error"
    exit_code: int = 2
    key: str = ""
    """The catalogue key of the message ("" when the message was given as text)."""
    params: dict[str, object] = {}  # noqa: RUF012 - read-only default, replaced per instance by said()

    @classmethod
    def said(cls, key: str, /, **params: object) -> Self:
        """An error whose message is the catalogue's ``key`` in the current language, filled with ``params``."""
        error = cls(say(key, **params))
        error.key, error.params = key, params
        return error


class DefinitionError(WorkflowError):
    """A definition could not be loaded; ``problems`` lists every problem found."""

    code = "invalid_definition"
    exit_code = 2

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        count = len(self.problems)
        lines = [say("error.definition.one") if count == 1 else say("error.definition", count=count)]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class NotFound(WorkflowError):
    """An unknown case, workflow, definition version or transition was named."""

    code = "not_found"
    exit_code = 2

    def __init__(self, kind: str, name: object, hint: str = "", *, message: str | None = None) -> None:
        self.kind = kind
        self.name = name
        if message is None:
            try:
                named = say(f"error.kind.{kind.replace(' ', '_')}")
            except KeyError:
                named = kind
            message = say("error.not_found", kind=named, name=repr(name))
        super().__init__(f"{message}; {hint}" if hint else message)


class TransitionRefused(WorkflowError):
    """The workflow does not allow this transition now; see ``blockers``."""

    code = "refused"
    exit_code = 1

    def __init__(self, transition: str, blockers: Sequence[Blocker], *, starting: str | None = None) -> None:
        self.transition = transition
        self.blockers: tuple[Blocker, ...] = tuple(blockers)
        self.starting = starting
        """The workflow whose case could not be started (``transition`` is then ``start <workflow>``); None: a step."""
        if starting is None:
            lines = [say("error.refused", transition=transition)]
        else:
            lines = [say("error.refused.start", workflow=starting)]
        lines += [f"  - {b}" for b in self.blockers]
        super().__init__("\n".join(lines))


class Forbidden(TransitionRefused):
    """The actor's roles or tenant do not allow this."""

    code = "forbidden"


class GuardFailed(TransitionRefused):
    """One or more guards or required fields do not hold."""

    code = "guard_failed"


class InvalidInput(WorkflowError):
    """A value given to the API is malformed, of the wrong type or too large.

    Raise it with a message that names the value, says what was expected and
    what was found (its type or size), and what to do instead.
    """

    code = "invalid_input"
    exit_code = 2


class RetiredDefinition(WorkflowError):
    """A case pinned to a stored definition version the current loader refuses: readable, not acted on."""

    code = "retired_definition"
    exit_code = 1

    def __init__(self, workflow: str, version: int, problems: Sequence[str], newest: int | None = None) -> None:
        self.workflow = workflow
        self.version = version
        self.problems = tuple(problems)
        count = len(self.problems)
        first = self.problems[0] if self.problems else "?"
        start = (
            f"start a new case on version {newest} (`wf case start {workflow}`) and refer to this one; "
            if newest
            else ""
        )
        msg = (
            f"{workflow} version {version} no longer loads under the current definition rules "
            f"({count} problem{'s' if count != 1 else ''}, the first: {first}); its cases can be read and verified "
            f"(get, history, wf case show, wf audit) but not acted on. To carry the work on, {start}"
            f"or open the database with the release that wrote version {version} to finish the case"
        )
        super().__init__(msg)


class ConflictError(WorkflowError):
    """A concurrent change, a stale ``expected_version`` or a reused idempotency key."""

    code = "conflict"
    exit_code = 1


class StorageError(WorkflowError):
    """The database could not be used (unreachable, schema too old, ...).

    Exit code 2: the command could not be carried out as given; nothing was
    refused by the workflow.  Fix the database URL, or run ``wf db upgrade``.
    """

    code = "storage"
    exit_code = 2


_OS_REASONS = {errno.ENOENT: "missing", errno.EACCES: "denied", errno.EPERM: "denied", errno.EISDIR: "folder"}


def unreadable(file: str, exc: OSError) -> DefinitionError:
    """A definition file the system would not let us read, said in the language (not the system's English)."""
    number = exc.errno or 0
    reason = say(f"definition.os.{_OS_REASONS.get(number, 'other')}", code=errno.errorcode.get(number, str(number)))
    return DefinitionError([Problem(file, 0, 0, say("definition.unreadable", reason=reason), "definition.unreadable")])
