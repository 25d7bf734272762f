"""Limits on what a caller may hand the engine, checked before anything is written.

:class:`Limits` names every bound (sizes of texts and JSON values, nesting
depth, digits of a number); :meth:`Limits.check_start` and
:meth:`Limits.check_fire` check a request against them, and :func:`text` and
:func:`actor` check the arguments of every public engine method.  A value out
of bounds, of the wrong type, or holding a NUL character or a lone surrogate
is refused with :class:`~workflow.errors.InvalidInput` naming the limit and
the value's size — the same on every database, before any write.  JSON is
walked without recursion, so a value nested thousands deep is refused, not a
``RecursionError``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from workflow.errors import InvalidInput, say
from workflow.i18n.numbers import whole_text
from workflow.model import Actor

__all__ = [
    "DEFAULT",
    "MAX_NAME",
    "Limits",
    "actor",
    "dated",
    "identifier",
    "instance",
    "json_value",
    "optional_text",
    "text",
]

MAX_NAME = 256
"""Longest case id, workflow, state or transition name an engine method takes (longer ones name nothing)."""


@dataclass(frozen=True)
class Limits:
    """Bounds on what one request may carry; the defaults suit case files between public bodies.

    Sizes of JSON values are in bytes of their UTF-8 JSON text (close to what is
    stored); sizes of texts in characters.
    """

    max_data_bytes: int = 256 * 1024
    """Case data given at start, and the data a step leaves (data plus input)."""
    max_input_bytes: int = 64 * 1024
    """The input of one step."""
    max_depth: int = 32
    """Nesting of objects and lists in data and input."""
    max_number_digits: int = 30
    """Digits of a whole number in data or input (money in cents fits easily)."""
    max_reason: int = 4000
    """Characters of a step's reason."""
    max_reference: int = 256
    """Characters of a case's reference."""
    max_actor_id: int = 256
    """Characters of an actor's id."""
    max_tenant: int = 128
    """Characters of a tenant."""
    max_idempotency_key: int = 256
    """Characters of an idempotency key."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if type(value) is not int or value < 1:
                raise InvalidInput.said("input.limit_value", name=item.name, found=repr(value))

    def check_start(
        self,
        who: Actor,
        tenant: object,
        data: object,
        reference: object,
        idempotency_key: object,
    ) -> None:
        """Refuse a start whose actor, tenant, data, reference or key is malformed or too large."""
        actor(who, self)
        text("tenant", tenant, self.max_tenant, "max_tenant")
        optional_text("reference", reference, self.max_reference, "max_reference")
        optional_text("idempotency key", idempotency_key, self.max_idempotency_key, "max_idempotency_key")
        json_value("data", data, self.max_data_bytes, "max_data_bytes", self)

    def check_fire(self, who: Actor, payload: object, reason: object, idempotency_key: object) -> None:
        """Refuse a fire whose actor, input, reason or key is malformed or too large."""
        actor(who, self)
        optional_text("reason", reason, self.max_reason, "max_reason")
        optional_text("idempotency key", idempotency_key, self.max_idempotency_key, "max_idempotency_key")
        json_value("input", payload, self.max_input_bytes, "max_input_bytes", self)

    def check_data(self, data: Mapping[str, Any]) -> None:
        """Refuse case data a step would leave beyond ``max_data_bytes``."""
        json_value(say("input.data_after"), data, self.max_data_bytes, "max_data_bytes", self)


DEFAULT = Limits()
"""The limits an engine uses unless given others."""


def _bad_characters(name: str, value: str) -> InvalidInput | None:
    if "\x00" in value:
        return InvalidInput.said("input.nul", name=name, position=value.index(chr(0)))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return InvalidInput.said("input.surrogate", name=name, position=exc.start)
    return None


def text(name: str, value: object, limit: int, limit_name: str = "") -> str:
    """``value`` if it is a non-empty text within ``limit`` characters without NUL or lone surrogates."""
    if not isinstance(value, str):
        raise InvalidInput.said("input.text_type", name=name, kind=type(value).__name__)
    if not value:
        raise InvalidInput.said("input.text_empty", name=name)
    if len(value) > limit:
        named = f"{limit_name} " if limit_name else ""
        raise InvalidInput.said(
            "input.text_long", name=name, length=whole_text(len(value)), limit_name=named, limit=whole_text(limit)
        )
    problem = _bad_characters(name, value)
    if problem is not None:
        raise problem
    return value


def optional_text(name: str, value: object, limit: int, limit_name: str = "") -> None:
    """Like :func:`text`, but None passes."""
    if value is not None:
        text(name, value, limit, limit_name)


def identifier(name: str, value: object) -> str:
    """A case id or a workflow, state or transition name: a sound text of at most :data:`MAX_NAME` characters."""
    return text(name, value, MAX_NAME)


def actor(value: object, limits: Limits = DEFAULT) -> Actor:
    """``value`` if it is an :class:`Actor` whose id, roles and tenant are sound texts."""
    if not isinstance(value, Actor):
        raise InvalidInput.said("input.actor_type", kind=type(value).__name__)
    text("actor.id", value.id, limits.max_actor_id, "max_actor_id")
    for role in value.roles:
        text("actor.roles", role, limits.max_actor_id, "max_actor_id")
    if value.tenant is not None:
        text("actor.tenant", value.tenant, limits.max_tenant, "max_tenant")
    return value


EXACT_INT = 2**53
"""Integers beyond ±2**53 are refused (RFC 7493: not every reader keeps them exactly)."""


class _Walk:
    """Counts the JSON size of a value while checking its types, depth and texts, without recursion."""

    def __init__(self, name: str, limit: int, limit_name: str, limits: Limits) -> None:
        self.name, self.limit, self.limit_name, self.limits = name, limit, limit_name, limits
        self.size = 0

    def refuse(self, where: str, key: str, **params: object) -> InvalidInput:
        return InvalidInput.said(key, name=f"{self.name}{where}", **params)

    def add(self, size: int) -> None:
        self.size += size
        if self.size > self.limit:
            shown = {"size": whole_text(self.size), "limit": whole_text(self.limit), "limit_name": self.limit_name}
            raise InvalidInput.said("input.json_size", name=self.name, **shown)

    def scalar(self, where: str, value: object) -> None:
        if value is None or isinstance(value, bool):
            self.add(5)
        elif isinstance(value, int):
            if not -EXACT_INT <= value <= EXACT_INT:  # stored as canonical text and hashed: must come back exactly
                raise self.refuse(where, "input.big_int")
            digits = value.bit_length() * 0.30103
            if digits > self.limits.max_number_digits:
                raise self.refuse(
                    where, "input.digits", digits=whole_text(int(digits)), limit=self.limits.max_number_digits
                )
            self.add(int(digits) + 2)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise self.refuse(where, "input.not_finite", found=repr(value))
            self.add(24)
        elif isinstance(value, str):
            self.add(len(value) + 2)
            problem = _bad_characters(f"{self.name}{where}", value)
            if problem is not None:
                raise problem
            self.add(len(value.encode("utf-8")) - len(value))
        else:
            raise self.refuse(where, "input.not_json", kind=type(value).__name__)

    def run(self, value: object) -> None:
        stack: list[tuple[str, object, int]] = [("", value, 0)]
        while stack:
            where, item, depth = stack.pop()
            if not isinstance(item, Mapping | list | tuple):
                self.scalar(where, item)
                continue
            if depth >= self.limits.max_depth:
                raise self.refuse(where, "input.too_deep", limit=self.limits.max_depth)
            self.add(2 + len(item))  # brackets and separators: a huge container is refused before it is walked
            if isinstance(item, Mapping):
                for key, child in item.items():
                    if not isinstance(key, str):
                        raise self.refuse(where, "input.key_type", kind=type(key).__name__)
                    self.scalar(f"{where} key", key)
                    stack.append((f"{where}.{key[:40]}", child, depth + 1))
            else:
                stack.extend((f"{where}[{i}]", child, depth + 1) for i, child in enumerate(item))


def json_value(name: str, value: object, limit: int, limit_name: str, limits: Limits = DEFAULT) -> None:
    """Refuse ``value`` unless it is a JSON object within ``limit`` bytes, ``max_depth`` and the text rules."""
    if not isinstance(value, Mapping):
        raise InvalidInput.said("input.json_object", name=name, kind=type(value).__name__)
    _Walk(name, limit, limit_name, limits).run(value)


def instance(name: str, value: object, kind: type, expected: str) -> None:
    """Refuse an argument of the wrong type with :class:`InvalidInput` (never an AttributeError later)."""
    if not isinstance(value, kind):
        raise InvalidInput.said("input.argument_type", name=name, expected=expected, kind=type(value).__name__)


def dated(at: datetime | None, now: datetime) -> datetime:
    """The moment of a step: ``at`` (aware, not after ``now``) or now.

    A step dated in the future would make every later step "before the case's last change".
    """
    if at is None:
        return now
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise InvalidInput.said("input.aware_at", found=repr(at))
    moment = at.astimezone(UTC)
    if moment > now:
        raise InvalidInput.said("input.at_future", moment=moment.isoformat(), now=now.isoformat())
    return moment
