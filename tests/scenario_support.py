"""Helpers for walking the bundled definitions: actors, a clock to move, and blocker coverage."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from workflow import Actor, Engine, TransitionRefused, load_definitions

from .paths import BUNDLED

SEEN: dict[str, set[str]] = defaultdict(set)
"""Blocker codes each workflow's scenarios have produced (checked against every guard)."""


class MovableClock:
    """Now is a fixed moment until a test moves it; tests never sleep."""

    def __init__(self, start: datetime = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)

    def date(self, days: int = 0) -> str:
        return (self.now + timedelta(days=days)).date().isoformat()


class Walk:
    """One case of one bundled workflow, with helpers to fire and to expect refusals."""

    def __init__(self, engine: Engine, clock: MovableClock, workflow: str) -> None:
        self.engine, self.clock, self.workflow = engine, clock, workflow
        self.case_id = ""

    def start(self, actor: Actor, tenant: str, **data: Any) -> Walk:
        self.case_id = self.engine.start(self.workflow, actor=actor, tenant=tenant, data=data).id
        return self

    def fire(self, transition: str, actor: Actor, **payload: Any) -> str:
        return self.engine.fire(self.case_id, transition, actor=actor, input=payload).case.state

    def refused(self, transition: str, actor: Actor, *codes: str, **payload: Any) -> list[str]:
        """Fire and expect a refusal naming (at least) ``codes``; records every code seen."""
        with pytest.raises(TransitionRefused) as info:
            self.engine.fire(self.case_id, transition, actor=actor, input=payload)
        found = [b.code for b in info.value.blockers]
        SEEN[self.workflow].update(found)
        missing = set(codes) - set(found)
        assert not missing, f"expected {missing} among {found}"
        return found

    @property
    def state(self) -> str:
        return self.engine.get(self.case_id).state


def guard_codes(workflow: str) -> set[str]:
    definition = load_definitions(BUNDLED)[workflow]
    return {g.code for t in definition.transitions.values() for g in t.guards}
