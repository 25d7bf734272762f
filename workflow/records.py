"""The records the engine hands out at run time: who acts, a case, an audit event, results, timers.

Frozen dataclasses without behaviour beyond checking themselves; the
definition's own types are in :mod:`workflow.model`, which re-exports these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from workflow.errors import Blocker, InvalidInput

__all__ = [
    "EVENT_FIELDS",
    "HASHED_FIELDS",
    "JSON",
    "RESERVED_ROLES",
    "SYSTEM_ROLE",
    "Actor",
    "AuditEvent",
    "Case",
    "Explanation",
    "FireResult",
    "Timer",
    "TimerOutcome",
    "thaw_json",
]

SYSTEM_ROLE = "system"
"""Reserved role of the engine's own actor (timers); never declared in a file."""

RESERVED_ROLES = frozenset({SYSTEM_ROLE})
"""Roles only the engine itself holds; an :class:`Actor` built by a caller cannot claim them."""

JSON = Any
"""A value as JSON knows it: dict, list, str, int, float, bool or None."""


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
    kind = type(value).__name__
    raise InvalidInput.said("input.actor_attribute_json", where=where, kind=kind)


def thaw_json(value: Any) -> JSON:
    """Plain JSON (dicts and lists) from a value frozen by an :class:`Actor`."""
    if isinstance(value, Mapping):
        return {k: thaw_json(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(v) for v in value]
    return value


@dataclass(frozen=True, init=False)
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

    def __init__(
        self,
        id: str,
        roles: Iterable[str] | str = (),
        tenant: str | None = None,
        attributes: Mapping[str, JSON] | None = None,
    ) -> None:
        """``roles`` may be any iterable of names (a list, a tuple) or one name."""
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "roles", (roles,) if isinstance(roles, str) else tuple(roles))
        object.__setattr__(self, "tenant", tenant)
        object.__setattr__(self, "attributes", {} if attributes is None else attributes)
        self._check()

    def _check(self) -> None:
        roles = self.roles
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
    """The event's position in the whole log (database id; not part of the hash). None where an actor-scoped
    caller reads it (``audit.query(actor=…)``, ``history(actor=…)``, what ``fire`` returns): positions would count
    other organisations' events."""
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
    """What a fire did: the case after it, its audit event (``event.id`` None), and whether it was a replay."""

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

    id: int | None
    """The deadline's row number over every organisation's deadlines (database id).  None where an actor-scoped
    caller reads it (``timers(actor=…)``, ``due(actor=…)``): the numbers would count other organisations'
    deadlines."""
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
