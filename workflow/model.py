"""The immutable, typed model of a loaded workflow definition.

A definition goes YAML text → :mod:`workflow.loader` (every check) → these
frozen dataclasses.  Nothing here parses or evaluates; guards hold an
already-compiled :class:`Expression` made by :mod:`workflow.guards`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol

from workflow.records import (
    EVENT_FIELDS,
    HASHED_FIELDS,
    JSON,
    RESERVED_ROLES,
    SYSTEM_ROLE,
    Actor,
    AuditEvent,
    Case,
    Explanation,
    FireResult,
    Timer,
    TimerOutcome,
    thaw_json,
)
from workflow.report_spec import ReportSpec

__all__ = [
    "EVENT_FIELDS",
    "HASHED_FIELDS",
    "HISTORY_FUNCTIONS",
    "JSON",
    "RESERVED_ROLES",
    "SYSTEM_ROLE",
    "TERMS_KEY",
    "Actor",
    "AuditEvent",
    "Case",
    "Deadline",
    "Definition",
    "DefinitionSet",
    "Explanation",
    "Expression",
    "FireResult",
    "Guard",
    "ReportSpec",
    "Requirement",
    "Role",
    "Side",
    "Start",
    "State",
    "Suspends",
    "Term",
    "TermExtension",
    "Timer",
    "TimerOutcome",
    "Transition",
    "thaw_json",
]

Side = Literal["client", "agency"]
"""Which party a role belongs to: the client (opdrachtgever) or the agency."""


class Expression(Protocol):
    """A guard expression compiled once at load; see :mod:`workflow.guards`."""

    @property
    def source(self) -> str: ...

    @property
    def calls(self) -> frozenset[str]: ...


HISTORY_FUNCTIONS = frozenset({"count", "actors", "last_actor"})
"""Guard functions that read the case's history of fired transitions."""


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    side: Side
    description: str | None = None
    read_only: bool = False


@dataclass(frozen=True)
class Deadline:
    """When a state's time runs out, and what happens then.

    Either ``days`` (with ``working`` telling calendar or Dutch working days)
    or ``date_field`` (a data path holding an ISO date) is set.
    """

    days: int | None
    working: bool
    date_field: str | None
    warn_at: float | None
    then: str | None
    flag: str | None
    text: str
    from_field: str | None = None
    """Data path of the date a ``days`` term counts from (None: from entering the state)."""


TERMS_KEY = "termijnen"
"""The data key under which the engine keeps a case's legal terms (start, end, suspension, extension)."""


@dataclass(frozen=True)
class TermExtension:
    """How far a term may be extended, once, and who holds the mandate to do it."""

    days: int
    weeks: int
    months: int
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """A legal term: calendar days/weeks/months from a date, counted under a rule (``atw`` or ``backward``).

    ``from_field`` is the data path of the date it is counted from (e.g. the
    receipt); None counts from the day the case enters ``starts_in``.  The
    term starts when the case is in ``starts_in`` (None: from the start of the
    case) and ends when the case reaches a state of ``runs_until``, whatever
    states lie between.
    """

    name: str
    label: str
    days: int
    weeks: int
    months: int
    rule: Literal["atw", "backward"]
    from_field: str | None
    starts_in: str | None
    runs_until: tuple[str, ...]
    extension: TermExtension | None = None
    warn_at: float | None = None
    then: str | None = None
    flag: str | None = None

    @property
    def backward(self) -> bool:
        return self.rule == "backward"

    @property
    def text(self) -> str:
        parts = [(self.months, "maand", "maanden"), (self.weeks, "week", "weken"), (self.days, "dag", "dagen")]
        length = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)
        return (
            f"{length} {'vóór' if self.backward else 'na'} {self.from_field or 'binnenkomst in ' + str(self.starts_in)}"
        )


@dataclass(frozen=True)
class Suspends:
    """A transition that suspends a term (opschorting) on a named legal ground, e.g. Awb 4:15 lid 1 onder a."""

    term: str
    ground: str


@dataclass(frozen=True)
class Requirement:
    """A data path that must hold a value before a transition; else a blocker.

    ``checks_input``: the definition says this requirement is about what the
    step's own input supplies (the loader refuses it otherwise when the input
    may write ``field``).
    """

    field: str
    message: str
    code: str
    checks_input: bool = False
    asks: str | None = None
    """The transition the message asks its reader to take (or have taken)."""


@dataclass(frozen=True)
class Guard:
    """A condition that must hold; ``code`` and ``message`` make its blocker."""

    code: str
    message: str
    expression: Expression
    checks_input: bool = False
    """Marked in the definition as a check of the step's own input (see docs/definitions.md)."""
    field: str | None = None
    """The data field the message asks to fill in."""
    asks: str | None = None
    """The transition the message asks its reader to take (or have taken)."""

    @property
    def when(self) -> str:
        return self.expression.source


@dataclass(frozen=True)
class State:
    id: str
    label: str
    description: str | None = None
    initial: bool = False
    final: bool = False
    deadline: Deadline | None = None
    pauses_clock: bool = False
    """Time spent here does not count towards the deadline of the state it interrupts (opschorting)."""


@dataclass(frozen=True)
class Transition:
    id: str
    label: str
    sources: tuple[str, ...]
    target: str | None
    """None: the step records data and keeps the case in its state."""
    roles: tuple[str, ...]
    requires: tuple[Requirement, ...] = ()
    guards: tuple[Guard, ...] = ()
    input_schema: Mapping[str, JSON] | None = None
    description: str | None = None
    extends: tuple[int, bool] | None = None
    """(days, working): the step extends the running deadline of its state, once."""
    writes: tuple[str, ...] = ()
    """Data paths the step's input may write (each with everything under it); nothing else."""
    suspends: Suspends | None = None
    """The legal term this step suspends, and on which ground."""
    resumes: str | None = None
    """The legal term this step lets run again (its end moved by the whole days suspended)."""
    extends_term: str | None = None
    """The legal term this step extends, once, by the term's ``extendable`` amount."""
    appends: tuple[tuple[str, str], ...] = ()
    """(input path, list path): the input's value is appended to the list, and not kept at the input path."""
    derives: tuple[tuple[str, Expression], ...] = ()
    """(data path, expression): fields only the engine writes, computed after the input (see step_data)."""
    empty_input_valid: bool = False
    """The input schema accepts no input (``{}``), as checked at load; False: not known, so it is checked."""

    def undeclared(self, payload: Mapping[str, JSON]) -> list[str]:
        """Every path in ``payload`` that lies outside :attr:`writes`, in payload order."""
        return _undeclared(self.writes, payload)

    @property
    def uses_history(self) -> bool:
        """Whether any guard reads the case's history (so the engine must load it)."""
        return any(guard.expression.calls & HISTORY_FUNCTIONS for guard in self.guards)


@dataclass(frozen=True)
class Start:
    """Starting a case: who may start it and which data fields the start may write (``start:``).

    Closed by default, like a transition's ``input``: without a ``start:``
    block (or without its ``input``) a case starts with no data at all.
    """

    roles: tuple[str, ...] | None = None
    """The roles that may start a case; None: every role of the definition that may write."""
    writes: tuple[str, ...] = ()
    """Data paths the start may write (each with everything under it); nothing else."""
    input_schema: Mapping[str, JSON] | None = None

    def undeclared(self, payload: Mapping[str, JSON]) -> list[str]:
        """Every path in ``payload`` that lies outside :attr:`writes`, in payload order."""
        return _undeclared(self.writes, payload)


def _undeclared(writes: tuple[str, ...], payload: Mapping[str, JSON]) -> list[str]:
    declared = [tuple(path.split(".")) for path in writes]
    return [".".join(leaf) for leaf in _leaves(payload, ()) if not any(leaf[: len(path)] == path for path in declared)]


def _leaves(value: Mapping[str, JSON], prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The path of every non-object value (and every empty object) in ``value``."""
    for key, item in value.items():
        path = (*prefix, str(key))
        if isinstance(item, Mapping) and item:
            yield from _leaves(item, path)
        else:
            yield path


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Definition:
    """One version of one workflow, checked and compiled.

    ``source`` and ``checksum`` (SHA-256 of the file's bytes) let the engine
    pin cases to exactly this text.
    """

    workflow: str
    version: int
    title: str
    roles: Mapping[str, Role]
    data_schema: Mapping[str, JSON]
    states: Mapping[str, State]
    transitions: Mapping[str, Transition]
    source: str = field(repr=False)
    checksum: str
    file: str
    description: str | None = None
    terms: Mapping[str, Term] = field(default_factory=dict)
    """Legal terms by name (see :class:`Term`)."""
    start: Start = field(default_factory=Start)
    """Who may start a case and what the start may write (closed by default)."""
    retired: tuple[str, ...] = ()
    """Why the current loader refuses this stored version (empty: it loads); its cases are read, never
    acted on (see :mod:`workflow.retired`)."""
    report: ReportSpec | None = None
    """What ``wf report`` measures (the ``report:`` section); None when the definition names none."""

    def __post_init__(self) -> None:
        for name in ("roles", "data_schema", "states", "transitions", "terms"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    @property
    def key(self) -> tuple[str, int]:
        """``(workflow, version)``: what a case is pinned to."""
        return (self.workflow, self.version)

    @property
    def initial_state(self) -> State:
        return next(s for s in self.states.values() if s.initial)

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        """Every transition that may leave ``state``, in definition order."""
        return tuple(t for t in self.transitions.values() if state in t.sources)

    def target_of(self, transition: Transition, state: str) -> str:
        """The state ``transition`` leads to from ``state`` (itself for a staying step)."""
        return transition.target if transition.target is not None else state


class DefinitionSet(Mapping[str, Definition]):
    """Loaded definitions: the newest version per workflow id by ``set[id]``,
    every version by :meth:`get`.  Immutable."""

    def __init__(self, definitions: Iterable[Definition] = ()) -> None:
        self._versions: dict[tuple[str, int], Definition] = {}
        latest: dict[str, Definition] = {}
        for definition in sorted(definitions, key=lambda d: d.key):
            self._versions[definition.key] = definition
            latest[definition.workflow] = definition
        self._latest = latest

    def __getitem__(self, workflow: str) -> Definition:
        return self._latest[workflow]

    def __iter__(self) -> Iterator[str]:
        return iter(self._latest)

    def __len__(self) -> int:
        return len(self._latest)

    def get_version(self, workflow: str, version: int) -> Definition | None:
        """One exact version, or None."""
        return self._versions.get((workflow, version))

    def all_versions(self) -> tuple[Definition, ...]:
        """Every loaded definition, ordered by workflow id then version."""
        return tuple(self._versions.values())

    def __repr__(self) -> str:
        return f"DefinitionSet({', '.join(f'{w} v{v}' for w, v in self._versions)})"
