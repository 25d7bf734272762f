"""Helpers for walking the bundled definitions: actors, a clock to move, and blocker coverage."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from workflow import Actor, DefinitionSet, Engine, TransitionRefused, load_definition, load_definitions

from .paths import BUNDLED, FIXTURES


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
        """Fire and expect a refusal naming (at least) ``codes``."""
        with pytest.raises(TransitionRefused) as info:
            self.engine.fire(self.case_id, transition, actor=actor, input=payload)
        found = [b.code for b in info.value.blockers]
        missing = set(codes) - set(found)
        assert not missing, f"expected {missing} among {found}"
        return found

    @property
    def state(self) -> str:
        return self.engine.get(self.case_id).state


def bundled_at(workflow: str, version: int) -> DefinitionSet:
    """The bundled definitions with ``workflow`` held at ``version`` (new cases start on it): old cases' walks."""
    kept = [d for d in load_definitions(BUNDLED).all_versions() if d.workflow != workflow or d.version == version]
    assert any(d.workflow == workflow for d in kept), f"{workflow} v{version} is not bundled"
    return DefinitionSet(kept)


def startable_at(workflow: str, version: int) -> DefinitionSet:
    """Like :func:`bundled_at`, with the old version's test copy in ``fixtures/legacy`` that declares its start data.

    Old bundled versions have no ``start:`` block (start data is closed by default since issue 12) and their
    text cannot change (stored cases are pinned to it); tests that start new cases on them use these copies.
    """
    legacy = load_definition(FIXTURES / "legacy" / f"{workflow}.v{version}.yaml")
    kept = [d for d in load_definitions(BUNDLED).all_versions() if d.workflow != workflow]
    return DefinitionSet([*kept, legacy])


def _loaded(definitions: DefinitionSet | Path | None) -> DefinitionSet:
    """A set as given, or loaded from a file or folder (default: the bundled definitions)."""
    if isinstance(definitions, DefinitionSet):
        return definitions
    return load_definitions(definitions or BUNDLED)


def guard_codes(workflow: str, definitions: DefinitionSet | Path | None = None) -> set[str]:
    """The guard codes of the newest version of ``workflow`` in ``definitions``."""
    definition = _loaded(definitions)[workflow]
    return {g.code for t in definition.transitions.values() for g in t.guards}


def _scenario_calls(module: ModuleType) -> Iterator[tuple[str, Callable[..., None], dict[str, Any]]]:
    """Each scenario test of ``module`` (one taking ``engine`` and ``clock``) once per parameter set."""
    for name, test in vars(module).items():
        if not name.startswith("test_") or "engine" not in inspect.signature(test).parameters:
            continue
        cases: list[dict[str, Any]] = [{}]
        for mark in getattr(test, "pytestmark", []):
            if mark.name == "parametrize":
                names = [n.strip() for n in mark.args[0].split(",")] if isinstance(mark.args[0], str) else mark.args[0]
                values = [getattr(v, "values", v) for v in mark.args[1]]
                rows = [v if len(names) > 1 else (v,) for v in values]
                cases = [{**case, **dict(zip(names, row, strict=True))} for case in cases for row in rows]
        for number, arguments in enumerate(cases):
            yield f"{name}_{number}", test, arguments


def blocker_codes_of_scenarios(
    module: ModuleType, workflow: str, folder: Path, definitions: DefinitionSet | Path | None = None
) -> set[str]:
    """The blocker codes the refusals of ``workflow`` recorded while walking every scenario of ``module``.

    Each scenario runs here on its own engine and clock, and the codes are read back
    from the audit log, so the coverage check depends on no other test having run.
    """
    codes: set[str] = set()
    for name, test, arguments in _scenario_calls(module):
        clock = MovableClock()
        with Engine(f"sqlite:///{folder / name}.db", _loaded(definitions), clock=clock) as engine:
            test(engine=engine, clock=clock, **arguments)
            refused = engine.audit.query(workflow=workflow, kind="refused")
            codes.update(blocker.code for event in refused for blocker in event.blockers)
    return codes


def quoted_case(db: str) -> tuple[str, str]:
    """A case of the bundled assignment with the quote sent (the demo's story up to it), and the day it was
    sent on: the case a client signs or lets lapse."""
    from workflow.demo import play

    with Engine(db, str(BUNDLED)) as engine:
        for step in play(engine):
            if step.transition == "send_quote":
                return step.case.id, engine.now().date().isoformat()
    raise AssertionError("the demo never sent the quote")
