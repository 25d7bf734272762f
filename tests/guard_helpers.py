"""Build small definitions around guard expressions, and evaluate them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from workflow import Blocker, Definition, GuardContext, History, check_transition, parse_definition

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

SCHEMA = {
    "type": "object",
    "properties": {
        "amount": {"type": "number"},
        "digits": {"type": "integer"},
        "note": {"type": "string"},
        "tags": {"type": "array"},
        "due": {"type": "string"},
        "start": {"type": "string"},
        "scope": {"type": "object", "properties": {"budget_hours": {"type": "number"}, "owner": {"type": "string"}}},
        "free": {"type": "object"},
    },
}


def definition_with_guards(*guards: str, requires: tuple[str, ...] = ()) -> Definition:
    guard_lines = "".join(
        f"      - when: {json.dumps(when)}\n        code: g{i}\n        message: Guard {i} failed.\n"
        for i, when in enumerate(guards)
    )
    text = f"""
workflow: g
version: 1
title: Guards
roles:
  clerk: {{label: Clerk, side: agency}}
data: {json.dumps(SCHEMA)}
states:
  open: {{initial: true}}
  done: {{final: true}}
transitions:
  finish:
    from: open
    to: done
    roles: [clerk]
    requires: {json.dumps(list(requires))}
    guards:
{guard_lines if guards else "      []"}
  review:
    from: open
    roles: [clerk]
"""
    return parse_definition(text, "guards.yaml")


def blockers(
    definition: Definition,
    data: dict[str, Any],
    *,
    actor: str = "ann",
    history: dict[str, tuple[str, ...]] | None = None,
) -> list[Blocker]:
    context = GuardContext(
        data=data,
        actor={"id": actor, "roles": ["clerk"], "tenant": None},
        case={"id": "c1", "workflow": "g", "state": "open", "version": 1, "tenant": "t", "reference": None},
        now=NOW,
        history=History(history or {}),
    )
    return check_transition(definition.transitions["finish"], context)


def passes(expression: str, data: dict[str, Any], **kwargs: Any) -> bool:
    found = blockers(definition_with_guards(expression), data, **kwargs)
    return not found
