"""The immutable, typed model of a loaded workflow definition.

A definition goes YAML text → :mod:`workflow.loader` (every check) → these
frozen dataclasses.  Nothing here parses or evaluates; guards hold an
already-compiled :class:`Expression` made by :mod:`workflow.guards`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Literal, Protocol

from workflow.errors import Blocker, InvalidInput

__all__ = [
    "HISTORY_FUNCTIONS",
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
    "Requirement",
    "Role",
    "Side",
    "State",
    "Suspends",
    "Term",
    "TermExtension",
    "Timer",
    "TimerOutcome",
    "Transition",
]

Side = Literal["client", "agency"]
"""Which party a role belongs to: the client (opdrachtgever) or the agency."""

SYSTEM_ROLE = "system"
"""Reserved role of the engine's own actor (timers); never declared in a file."""

RESERVED_ROLES = frozenset({SYSTEM_ROLE})
"""Roles only the engine itself holds; an :class:`Actor` built by a caller cannot claim them."""

JSON = Any
"""A value as JSON knows it: dict, list, str, int, float, bool or None."""


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


@dataclass(frozen=True)
class Guard:
    """A condition that must hold; ``code`` and ``message`` make its blocker."""

    code: str
    message: str
    expression: Expression
    checks_input: bool = False
    """Marked in the definition as a check of the step's own input (see docs/definitions.md)."""

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

    def undeclared(self, payload: Mapping[str, JSON]) -> list[str]:
        """Every path in ``payload`` that lies outside :attr:`writes`, in payload order."""
        declared = [tuple(path.split(".")) for path in self.writes]
        return [
            ".".join(leaf) for leaf in _leaves(payload, ()) if not any(leaf[: len(path)] == path for path in declared)
        ]

    @property
    def uses_history(self) -> bool:
        """Whether any guard reads the case's history (so the engine must load it)."""
        return any(guard.expression.calls & HISTORY_FUNCTIONS for guard in self.guards)


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


def _freeze_json(value: Any, where: str) -> Any:
    """A deep, read-only copy of a JSON value (objects as read-only mappings, lists as tuples)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise InvalidInput.said("input.actor_attribute_keys", where=where, found=repr(list(value)))
        return MappingProxyType({k: _freeze_json(v, f"{where}.{k}") for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze_json(v, f"{where}[{i}]") for i, v in enumerate(value))
    raise InvalidInput.said("input.actor_attribute_json", where=where, kind=type(value).__name__)


def thaw_json(value: Any) -> JSON:
    """Plain JSON (dicts and lists) from a value frozen by an :class:`Actor`."""
    if isinstance(value, Mapping):
        return {k: thaw_json(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(v) for v in value]
    return value


@dataclass(frozen=True)
class Actor:
    """Who acts: an id, the roles held, for client-side users their tenant, and
    ``attributes`` the embedding service vouches for (e.g. a mandate limit).

    Authentication is the embedding service's job; the engine authorises.
    Guards read attributes as ``actor.attributes.<name>``; they are frozen
    (read-only) at construction.  Reserved roles (:data:`RESERVED_ROLES`) cannot
    be held: :class:`~workflow.errors.InvalidInput`.  Only the engine's own
    actor holds them; see :meth:`_system`.
    """

    id: str
    roles: tuple[str, ...]
    tenant: str | None = None
    attributes: Mapping[str, JSON] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        roles = (self.roles,) if isinstance(self.roles, str) else tuple(self.roles)
        object.__setattr__(self, "roles", roles)
        if not self.id or not isinstance(self.id, str):
            raise InvalidInput.said("input.actor_id", found=repr(self.id))
        if not isinstance(self.attributes, Mapping):
            raise InvalidInput.said("input.actor_attributes", kind=type(self.attributes).__name__)
        object.__setattr__(self, "attributes", _freeze_json(self.attributes, "attributes"))
        reserved = sorted(RESERVED_ROLES.intersection(roles))
        if reserved:
            raise InvalidInput.said("input.reserved_role", actor=self.id, roles=", ".join(reserved))

    @classmethod
    def _system(cls) -> Actor:
        """The engine's own actor (timers): the one way to hold :data:`SYSTEM_ROLE`. Engine-internal."""
        actor = object.__new__(cls)
        for name, value in (("id", SYSTEM_ROLE), ("roles", (SYSTEM_ROLE,)), ("tenant", None)):
            object.__setattr__(actor, name, value)
        object.__setattr__(actor, "attributes", MappingProxyType({}))
        return actor


@dataclass(frozen=True)
class Case:
    """One running instance of a definition version (one assignment)."""

    id: str
    workflow: str
    definition_version: int
    state: str
    data: Mapping[str, JSON]
    tenant: str
    reference: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    flags: tuple[str, ...] = ()
    """Raised by deadlines that passed (e.g. ``receipt_overdue``); they stay until the case ends."""


@dataclass(frozen=True)
class AuditEvent:
    """One append-only record of an attempt on a case, chained by hash to the one before."""

    case_id: str
    seq: int
    kind: str
    """``started``, ``fired``, ``refused`` (an attempt the checks refused) or ``flagged`` (a deadline's flag)."""
    transition: str | None
    from_state: str | None
    to_state: str | None
    actor_id: str
    role: str | None
    tenant: str
    reason: str | None
    input: Mapping[str, JSON] | None
    data_diff: tuple[Mapping[str, JSON], ...]
    blockers: tuple[Blocker, ...]
    workflow: str
    definition_version: int
    definition_checksum: str
    at: datetime
    idempotency_key: str | None
    prev_hash: str
    hash: str
    id: int | None = None
    """The event's position in the whole log (database id; not part of the hash)."""
    imported: bool = False
    """Imported history recorded without the engine's checks (``wf import --trust-history``).

    Part of the hashed content only when true, so events written before it existed keep their hashes."""

    def to_dict(self) -> dict[str, Any]:
        """Every field (:data:`EVENT_FIELDS`) as plain data (blockers as mappings); ``at`` stays a datetime."""
        return {
            "id": self.id,
            "case_id": self.case_id,
            "seq": self.seq,
            "kind": self.kind,
            "transition": self.transition,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "actor_id": self.actor_id,
            "role": self.role,
            "tenant": self.tenant,
            "reason": self.reason,
            "input": dict(self.input) if self.input is not None else None,
            "data_diff": [dict(change) for change in self.data_diff],
            "blockers": [{"code": b.code, "message": b.message, "detail": b.detail} for b in self.blockers],
            "workflow": self.workflow,
            "definition_version": self.definition_version,
            "definition_checksum": self.definition_checksum,
            "at": self.at,
            "idempotency_key": self.idempotency_key,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            "imported": self.imported,
        }

    def to_record(self) -> dict[str, Any]:
        """The event as JSON-ready data: the one serialisation (hash, exports, CLI) with the field names.

        ``at`` becomes ISO 8601 text in UTC with microseconds, exactly as hashed.
        """
        record = self.to_dict()
        record["at"] = self.at.astimezone(UTC).isoformat(timespec="microseconds")
        return record


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(AuditEvent))
"""An audit event's field names, in order: the keys of :meth:`AuditEvent.to_record` (hash, store, exports)."""

HASHED_FIELDS: tuple[str, ...] = tuple(name for name in EVENT_FIELDS if name not in ("hash", "id", "imported"))
"""What an event's hash always covers: every field but its own hash, its position in the log and
``imported`` (covered as ``"imported": true`` only when set: :func:`workflow.chain.event_content`)."""


@dataclass(frozen=True)
class FireResult:
    """What a fire did: the case after it, its audit event, and whether it was a replay."""

    case: Case
    event: AuditEvent
    replayed: bool = False


@dataclass(frozen=True)
class Explanation:
    """Whether ``transition`` may fire now for an actor, and every blocker if not."""

    transition: str
    label: str
    allowed: bool
    from_state: str
    to_state: str
    blockers: tuple[Blocker, ...] = ()


@dataclass(frozen=True)
class Timer:
    """A state's deadline on one case: when it falls due, and what happens then."""

    id: int
    case_id: str
    state: str
    status: str
    """``pending``, ``paused``, ``done``, ``refused`` or ``cancelled``."""
    due_at: datetime
    warn_at: datetime | None
    started_at: datetime
    paused_at: datetime | None
    working: bool
    then: str | None
    flag: str | None
    extended: bool
    term: str | None = None
    """The legal term this timer watches (None: a state's deadline)."""

    def overdue(self, now: datetime) -> bool:
        return self.status in ("pending", "refused") and self.due_at <= now

    def warning(self, now: datetime) -> bool:
        return self.status == "pending" and self.warn_at is not None and self.warn_at <= now < self.due_at


@dataclass(frozen=True)
class TimerOutcome:
    """What a due-timer runner did with one timer."""

    timer_id: int
    case_id: str
    state: str
    outcome: str
    """``fired`` (the deadline's transition), ``refused`` (its guards said no), ``flagged`` or ``stale``."""
    transition: str | None = None
    flag: str | None = None
