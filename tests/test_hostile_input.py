"""Hostile and careless input: only the library's own errors leave the API, limits hold on every database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from workflow import Actor, Engine, InvalidInput, Limits, WorkflowError

from .engine_support import CLERK, StepClock, definitions

Call = Callable[[Engine, str], object]


def _deep(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def _deep_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


class _Object:
    pass


BAD_JSON: list[tuple[str, object]] = [
    ("deep object", _deep(2_500)),
    ("deep list", {"x": _deep_list(2_500)}),
    ("huge text", {"note": "x" * 5_000_000}),
    ("huge int", {"count": 10**5000}),
    ("lone surrogate", {"note": "a\udc80b"}),
    ("surrogate key", {"\ud800": 1}),
    ("NUL", {"note": "a\x00b"}),
    ("Decimal", {"count": Decimal("1.5")}),
    ("set", {"note": {1, 2}}),
    ("bytes", {"note": b"\xff"}),
    ("object", {"note": _Object()}),
    ("non-text key", {1: "one"}),
    ("NaN", {"count": float("nan")}),
    ("not a dict", ["count", 1]),
    ("text", "count=1"),
]

BAD_TEXT: list[tuple[str, object]] = [
    ("huge", "x" * 1_000_000),
    ("surrogate", "a\udc80"),
    ("NUL", "a\x00"),
    ("int", 7),
    ("bytes", b"\xff"),
    ("empty", ""),
]

BAD_ACTOR: list[tuple[str, object]] = [
    ("int", 7),
    ("text", "carla.clerk"),
    ("None", None),
    ("huge id", Actor("x" * 100_000, ["clerk"])),
    ("surrogate id", Actor("a\udc80", ["clerk"])),
    ("NUL id", Actor("a\x00", ["clerk"])),
    ("NUL tenant", Actor("c", ["client"], tenant="u\x00")),
]

# every public method, with one argument replaced by a bad value ("@" marks where)
CALLS: dict[str, Callable[[Engine, str, object], object]] = {
    "start data": lambda e, c, v: e.start("counter", actor=CLERK, tenant="utrecht", data=v),  # type: ignore[arg-type]
    "fire input": lambda e, c, v: e.fire(c, "set", actor=CLERK, input=v),  # type: ignore[arg-type]
    "explain input": lambda e, c, v: e.explain(c, "set", actor=CLERK, input=v),  # type: ignore[arg-type]
}
TEXT_CALLS: dict[str, Callable[[Engine, str, object], object]] = {
    "start workflow": lambda e, c, v: e.start(v, actor=CLERK, tenant="utrecht"),  # type: ignore[arg-type]
    "start tenant": lambda e, c, v: e.start("counter", actor=CLERK, tenant=v),  # type: ignore[arg-type]
    "start reference": lambda e, c, v: e.start("counter", actor=CLERK, tenant="u", reference=v),  # type: ignore[arg-type]
    "start key": lambda e, c, v: e.start("counter", actor=CLERK, tenant="u", idempotency_key=v),  # type: ignore[arg-type]
    "fire case": lambda e, c, v: e.fire(v, "tick", actor=CLERK),  # type: ignore[arg-type]
    "fire transition": lambda e, c, v: e.fire(c, v, actor=CLERK),  # type: ignore[arg-type]
    "fire reason": lambda e, c, v: e.fire(c, "tick", actor=CLERK, reason=v),  # type: ignore[arg-type]
    "fire key": lambda e, c, v: e.fire(c, "tick", actor=CLERK, idempotency_key=v),  # type: ignore[arg-type]
    "explain case": lambda e, c, v: e.explain(v, "tick", actor=CLERK),  # type: ignore[arg-type]
    "explain transition": lambda e, c, v: e.explain(c, v, actor=CLERK),  # type: ignore[arg-type]
    "available": lambda e, c, v: e.available(v, actor=CLERK),  # type: ignore[arg-type]
    "get": lambda e, c, v: e.get(v),  # type: ignore[arg-type]
    "history": lambda e, c, v: e.history(v),  # type: ignore[arg-type]
    "state_at": lambda e, c, v: e.state_at(v, datetime.now(UTC)),  # type: ignore[arg-type]
    "timers": lambda e, c, v: e.timers(v),  # type: ignore[arg-type]
    "cases workflow": lambda e, c, v: e.cases(workflow=v),  # type: ignore[arg-type]
    "cases tenant": lambda e, c, v: e.cases(tenant=v),  # type: ignore[arg-type]
    "cases after": lambda e, c, v: e.cases(after=v),  # type: ignore[arg-type]
}
ACTOR_CALLS: dict[str, Callable[[Engine, str, object], object]] = {
    "start": lambda e, c, v: e.start("counter", actor=v, tenant="utrecht"),  # type: ignore[arg-type]
    "fire": lambda e, c, v: e.fire(c, "tick", actor=v),  # type: ignore[arg-type]
    "explain": lambda e, c, v: e.explain(c, "tick", actor=v),  # type: ignore[arg-type]
    "available": lambda e, c, v: e.available(c, actor=v if v is not None else 7),  # type: ignore[arg-type]
    "get": lambda e, c, v: e.get(c, actor=v if v is not None else 7),  # type: ignore[arg-type]
    "history": lambda e, c, v: e.history(c, actor=v if v is not None else 7),  # type: ignore[arg-type]
    "timers": lambda e, c, v: e.timers(c, actor=v if v is not None else 7),  # type: ignore[arg-type]
    "due": lambda e, c, v: e.due(actor=v if v is not None else 7),  # type: ignore[arg-type]
    "cases": lambda e, c, v: e.cases(actor=v if v is not None else 7),  # type: ignore[arg-type]
}
OTHER_CALLS: dict[str, Callable[[Engine, str], object]] = {
    "state_at naive": lambda e, c: e.state_at(c, datetime(2026, 1, 1)),
    "state_at text": lambda e, c: e.state_at(c, "2026-01-01"),  # type: ignore[arg-type]
    "due within": lambda e, c: e.due(within=5),  # type: ignore[arg-type]
    "due limit": lambda e, c: e.due(limit="all"),  # type: ignore[arg-type]
    "cases limit": lambda e, c: e.cases(limit=None),  # type: ignore[arg-type]
    "fire expected_version": lambda e, c: e.fire(c, "tick", actor=CLERK, expected_version="1"),  # type: ignore[arg-type]
    "run_due_timers now": lambda e, c: e.run_due_timers("now"),  # type: ignore[arg-type]
    "run_due_timers limit": lambda e, c: e.run_due_timers(limit=1.5),  # type: ignore[arg-type]
    "audit case": lambda e, c: list(e.audit.query(case_id="a\x00")),
    "audit actor": lambda e, c: list(e.audit.query(actor="a\udc80")),
}


def _events(engine: Engine) -> int:
    with engine._db.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM wf_events")).scalar_one())


def _refused(call: Callable[[], object]) -> WorkflowError:
    with pytest.raises(WorkflowError) as caught:
        call()
    message = str(caught.value)
    assert message
    assert len(message) < 1000, "a message about a huge value must not repeat it"
    return caught.value


@pytest.mark.parametrize("call", list(CALLS), ids=list(CALLS))
def test_bad_json_is_refused_cleanly(engine: Engine, call: str) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    before = _events(engine)
    for label, value in BAD_JSON:
        error = _refused(lambda value=value: CALLS[call](engine, case.id, value))  # type: ignore[misc]
        assert isinstance(error, InvalidInput), (label, error)
    assert _events(engine) == before, "nothing is stored for a malformed request"


@pytest.mark.parametrize("call", list(TEXT_CALLS), ids=list(TEXT_CALLS))
def test_bad_text_is_refused_cleanly(engine: Engine, call: str) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    before = _events(engine)
    for label, value in BAD_TEXT:
        error = _refused(lambda value=value: TEXT_CALLS[call](engine, case.id, value))  # type: ignore[misc]
        assert isinstance(error, InvalidInput), (label, error)
    assert _events(engine) == before


@pytest.mark.parametrize("call", list(ACTOR_CALLS), ids=list(ACTOR_CALLS))
def test_bad_actor_is_refused_cleanly(engine: Engine, call: str) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    before = _events(engine)
    for label, value in BAD_ACTOR:
        error = _refused(lambda value=value: ACTOR_CALLS[call](engine, case.id, value))  # type: ignore[misc]
        assert isinstance(error, InvalidInput), (label, error)
        assert "actor" in str(error), (label, error)
    assert _events(engine) == before


@pytest.mark.parametrize("call", list(OTHER_CALLS), ids=list(OTHER_CALLS))
def test_bad_arguments_are_refused_cleanly(engine: Engine, call: str) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    _refused(lambda: OTHER_CALLS[call](engine, case.id))


def test_limits_are_configurable_and_named_in_the_refusal(db_url: str) -> None:
    limits = Limits(max_input_bytes=100, max_reason=10, max_depth=3)
    with Engine(db_url, definitions(), clock=StepClock(), upgrade=True, limits=limits) as engine:
        case = engine.start("counter", actor=CLERK, tenant="utrecht")
        with pytest.raises(InvalidInput, match=r"boven de grens max_reason van 10"):
            engine.fire(case.id, "tick", actor=CLERK, reason="r" * 11)
        with pytest.raises(InvalidInput, match=r"max_input_bytes van 100"):
            engine.fire(case.id, "set", actor=CLERK, input={"note": "n" * 200})
        with pytest.raises(InvalidInput, match=r"max_depth van 3"):
            engine.fire(case.id, "set", actor=CLERK, input={"note": [[["deep"]]]})
        assert engine.fire(case.id, "set", actor=CLERK, input={"note": "fits"}, reason="short").case.data == {
            "note": "fits"
        }


def test_case_data_grown_past_its_limit_is_refused_and_nothing_written(db_url: str) -> None:
    with Engine(db_url, definitions(), clock=StepClock(), upgrade=True, limits=Limits(max_data_bytes=300)) as engine:
        _grow_past_limit(engine)


def _grow_past_limit(engine: Engine) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht", data={"note": "n" * 100})
    before = _events(engine)
    with pytest.raises(InvalidInput, match=r"de zaakgegevens na deze stap is .* max_data_bytes van 300"):
        engine.fire(case.id, "set", actor=CLERK, input={"note": "n" * 400})
    assert _events(engine) == before
    assert engine.get(case.id).version == case.version


def test_limits_themselves_are_checked() -> None:
    with pytest.raises(InvalidInput, match="grens max_depth moet een geheel getal van minstens 1 zijn"):
        Limits(max_depth=0)
    with pytest.raises(InvalidInput, match=r"limits moet een workflow\.Limits zijn"):
        Engine("sqlite://", definitions(), limits={"max_depth": 3})  # type: ignore[arg-type]


def test_a_refused_attempt_within_limits_is_stored_bounded(engine: Engine) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    long_reason = "r" * engine.limits.max_reason
    with pytest.raises(WorkflowError):
        engine.fire(case.id, "approve", actor=CLERK, reason=long_reason)
    assert engine.history(case.id)[-1].reason == long_reason


def test_the_due_window_is_a_timedelta(engine: Engine) -> None:
    assert engine.due(within=timedelta(days=1)) == []
