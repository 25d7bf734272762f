"""The one exception tree of the library.

Every error the library raises on purpose derives from :class:`WorkflowError`::

    WorkflowError
    ├─ DefinitionError        every problem of one load, each with file:line:col
    ├─ NotFound               unknown case / workflow / transition
    ├─ TransitionRefused      the workflow says no; carries every Blocker
    │   ├─ Forbidden          role or tenant
    │   └─ GuardFailed        guards or required fields
    ├─ InvalidInput           bad input given to the API (e.g. an actor claiming a reserved role)
    ├─ ConflictError          concurrent change, stale expected_version, idempotency clash
    └─ StorageError           database unreachable, schema too old

Each class keeps its context as attributes and builds its own message, so a
caller can either show ``str(exc)`` or format the attributes itself.  This
module imports nothing from the rest of the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition file, at a place in it.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    """

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
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
    """Root of every error the workflow library raises on purpose."""


class DefinitionError(WorkflowError):
    """A definition could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in workflow definition"
        lines = [f"{head}; fix each and load again:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class NotFound(WorkflowError):
    """An unknown case, workflow, definition version or transition was named."""

    def __init__(self, kind: str, name: object, hint: str = "") -> None:
        self.kind = kind
        self.name = name
        msg = f"no {kind} {name!r}"
        super().__init__(f"{msg}; {hint}" if hint else msg)


class TransitionRefused(WorkflowError):
    """The workflow does not allow this transition now; see ``blockers``."""

    def __init__(self, transition: str, blockers: Sequence[Blocker]) -> None:
        self.transition = transition
        self.blockers: tuple[Blocker, ...] = tuple(blockers)
        lines = [f"transition {transition!r} refused:"]
        lines += [f"  - {b}" for b in self.blockers]
        super().__init__("\n".join(lines))


class Forbidden(TransitionRefused):
    """The actor's roles or tenant do not allow this."""


class GuardFailed(TransitionRefused):
    """One or more guards or required fields do not hold."""


class InvalidInput(WorkflowError):
    """bad input given to the API"""

    code = "invalid_input"


class ConflictError(WorkflowError):
    """A concurrent change, a stale ``expected_version`` or a reused idempotency key."""


class StorageError(WorkflowError):
    """The database could not be used (unreachable, schema too old, ...)."""
