"""Data paths: ``scope.budget_hours`` as a walk through nested JSON objects.

The one walker of a dotted data path into case data, used by guards
(names and ``has()``), by ``requires`` and by anything else that reads a
field of the data by its path.  Only objects (mappings) are entered, by key;
lists, text and other values end the walk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Missing", "split", "value_at", "walk"]


@dataclass(frozen=True)
class Missing:
    """Where a walk stopped: ``parts[:depth]`` was reached and held ``found``.

    ``found`` is the object lacking the next key, or the non-object value that
    cannot be entered (then ``entered`` is false).
    """

    depth: int
    found: Any
    entered: bool


def split(path: str) -> tuple[str, ...]:
    """``"scope.budget_hours"`` as ``("scope", "budget_hours")``."""
    return tuple(path.split("."))


def walk(data: Any, parts: Sequence[str]) -> Any:
    """The value at ``parts`` inside ``data``, or a :class:`Missing` saying where the walk stopped."""
    value = data
    for depth, part in enumerate(parts):
        if not isinstance(value, Mapping):
            return Missing(depth, value, entered=False)
        if part not in value:
            return Missing(depth, value, entered=True)
        value = value[part]
    return value


def value_at(data: Any, path: str | Sequence[str], default: Any = None) -> Any:
    """The value at ``path`` (dotted text or parts), or ``default`` when there is none."""
    value = walk(data, split(path) if isinstance(path, str) else path)
    return default if isinstance(value, Missing) else value
