"""Fault injection: a failure at any point of a write leaves case and log as they were."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from workflow import Engine, GuardFailed
from workflow.store import queries

from .engine_support import CLERK

POINTS = ["update_case", "insert_event", "insert_case"]


class Boom(RuntimeError):
    pass


def failing(real: Callable[..., Any], *, after: bool) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if after:
            real(*args, **kwargs)
        raise Boom("injected fault")

    return wrapper


@pytest.mark.parametrize("point", ["update_case", "insert_event"])
@pytest.mark.parametrize("after", [False, True], ids=["before-write", "after-write"])
def test_fire_fault_leaves_nothing(engine: Engine, monkeypatch: pytest.MonkeyPatch, point: str, after: bool) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht", data={"count": 1})
    engine.fire(case.id, "tick", actor=CLERK)
    before_case, before_log = engine.get(case.id), engine.history(case.id)
    monkeypatch.setattr(queries, point, failing(getattr(queries, point), after=after))
    with pytest.raises(Boom):
        engine.fire(case.id, "set", actor=CLERK, input={"count": 5}, idempotency_key="k")
    monkeypatch.undo()
    assert engine.get(case.id) == before_case
    assert engine.history(case.id) == before_log
    # the key was not used up by the failed attempt
    assert not engine.fire(case.id, "set", actor=CLERK, input={"count": 5}, idempotency_key="k").replayed


@pytest.mark.parametrize("point", ["update_case", "insert_event"])
@pytest.mark.parametrize("after", [False, True], ids=["before-write", "after-write"])
def test_refusal_fault_leaves_nothing(engine: Engine, monkeypatch: pytest.MonkeyPatch, point: str, after: bool) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    before_log = engine.history(case.id)
    monkeypatch.setattr(queries, point, failing(getattr(queries, point), after=after))
    with pytest.raises(Boom):
        engine.fire(case.id, "submit", actor=CLERK)
    monkeypatch.undo()
    assert engine.history(case.id) == before_log
    with pytest.raises(GuardFailed):
        engine.fire(case.id, "submit", actor=CLERK)
    assert [e.seq for e in engine.history(case.id)] == [1, 2]


@pytest.mark.parametrize("point", ["insert_case", "insert_event"])
@pytest.mark.parametrize("after", [False, True], ids=["before-write", "after-write"])
def test_start_fault_leaves_nothing(engine: Engine, monkeypatch: pytest.MonkeyPatch, point: str, after: bool) -> None:
    monkeypatch.setattr(queries, point, failing(getattr(queries, point), after=after))
    with pytest.raises(Boom):
        engine.start("counter", actor=CLERK, tenant="utrecht", idempotency_key="start-1")
    monkeypatch.undo()
    assert engine.cases() == []
    case = engine.start("counter", actor=CLERK, tenant="utrecht", idempotency_key="start-1")
    assert [e.kind for e in engine.history(case.id)] == ["started"]
