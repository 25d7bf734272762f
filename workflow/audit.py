"""The audit chain: canonical event content, its SHA-256 hash, data diffs.

Each event's hash covers its whole content and the previous event's hash,
so changing, removing, inserting or reordering events breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

__all__ = ["GENESIS", "chain_hash", "data_diff", "event_content", "request_hash"]

GENESIS = "0" * 64
"""The ``prev_hash`` of a case's first event."""


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    msg = f"cannot put {type(value).__name__} into an audit event"
    raise TypeError(msg)


def canonical(content: Mapping[str, Any]) -> bytes:
    """Deterministic JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def chain_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical content (which includes ``prev_hash``)."""
    return hashlib.sha256(canonical(content)).hexdigest()


def request_hash(transition: str, payload: Any) -> str:
    """Fingerprint of what was asked, to tell an idempotent repeat from a clash."""
    return hashlib.sha256(canonical({"transition": transition, "input": payload})).hexdigest()


def data_diff(old: Any, new: Any, path: str = "") -> list[dict[str, Any]]:
    """Every changed leaf as ``{"path", "old", "new"}`` (absent values are left out of the pair)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        changes: list[dict[str, Any]] = []
        for key in sorted(set(old) | set(new), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in new:
                changes.append({"path": sub, "old": old[key]})
            elif key not in old:
                changes.append({"path": sub, "new": new[key]})
            else:
                changes.extend(data_diff(old[key], new[key], sub))
        return changes
    if old == new and type(old) is type(new):
        return []
    return [{"path": path, "old": old, "new": new}]


def event_content(event: Any) -> dict[str, Any]:
    """Everything an :class:`~workflow.model.AuditEvent` records except its own hash."""
    return {
        "case_id": event.case_id,
        "seq": event.seq,
        "kind": event.kind,
        "transition": event.transition,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "actor_id": event.actor_id,
        "role": event.role,
        "tenant": event.tenant,
        "reason": event.reason,
        "input": event.input,
        "data_diff": [dict(d) for d in event.data_diff],
        "blockers": [{"code": b.code, "message": b.message, "detail": b.detail} for b in event.blockers],
        "workflow": event.workflow,
        "definition_version": event.definition_version,
        "definition_checksum": event.definition_checksum,
        "at": event.at,
        "idempotency_key": event.idempotency_key,
        "prev_hash": event.prev_hash,
    }
