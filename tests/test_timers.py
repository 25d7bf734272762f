"""Deadlines: timers in the step's transaction, paused clocks, extension, runners."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from workflow import SYSTEM_ACTOR, Actor, Engine, Forbidden, GuardFailed
from workflow.store import queries
from workflow.store.tables import events, timers

from .engine_support import StepClock, definitions

CLERK = Actor("carla.clerk", ["clerk"])
MANDATED = Actor("mia.mandaat", ["mandated"])
THURSDAY = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def at(clock: StepClock, moment: datetime) -> None:
    clock.now = moment


def test_start_schedules_the_deadline_in_working_days(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    [timer] = engine.timers(case.id)
    # Fri 27, Mon 30, Tue 1, Wed 2, Thu 3 December; due at the end of that day, Dutch time (UTC+1)
    assert timer.due_at == datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert (timer.state, timer.status, timer.flag, timer.then) == ("waiting", "pending", "late", None)
    assert timer.warn_at is not None
    assert THURSDAY < timer.warn_at < timer.due_at
    assert timer.warning(timer.warn_at + timedelta(minutes=1))
    assert not timer.overdue(timer.due_at - timedelta(minutes=1))


def test_closing_days_count_as_no_working_day(db_url: str, clock: StepClock) -> None:
    at(clock, THURSDAY)
    with Engine(db_url, definitions(), clock=clock, upgrade=True, closing_days=[date(2026, 11, 30)]) as engine:
        case = engine.start("deadlines", actor=CLERK, tenant="t")
        assert engine.timers(case.id)[0].due_at == datetime(2026, 12, 4, 23, 0, tzinfo=UTC)


def test_passed_deadline_raises_its_flag_once(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    assert engine.run_due_timers(datetime(2026, 12, 3, 22, 59, tzinfo=UTC)) == []
    [outcome] = engine.run_due_timers(datetime(2026, 12, 3, 23, 0, tzinfo=UTC))
    assert (outcome.case_id, outcome.outcome, outcome.flag) == (case.id, "flagged", "late")
    assert engine.get(case.id).flags == ("late",)
    assert engine.get(case.id).version == 0  # a flag is not a transition
    last = engine.history(case.id)[-1]
    assert (last.kind, last.actor_id, last.role) == ("flagged", "system", "system")
    assert engine.run_due_timers(datetime(2026, 12, 31, tzinfo=UTC)) == []
    assert engine.audit.verify(case_id=case.id).intact


def test_passed_date_deadline_fires_its_transition_as_the_system(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    engine.fire(case.id, "quote", actor=CLERK, input={"due": "2026-12-10"})
    [timer] = engine.timers(case.id)
    assert timer.due_at == datetime(2026, 12, 10, 23, 0, tzinfo=UTC)
    [outcome] = engine.run_due_timers(datetime(2026, 12, 11, 8, 0, tzinfo=UTC))
    assert (outcome.outcome, outcome.transition) == ("fired", "expire")
    assert engine.get(case.id).state == "expired"
    fired = engine.history(case.id)[-1]
    assert (fired.kind, fired.transition, fired.actor_id, fired.role) == ("fired", "expire", "system", "system")
    assert fired.reason is not None
    assert fired.reason.startswith("deadline of quoting passed")


def test_refused_deadline_transition_is_recorded_and_stays_overdue(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    engine.fire(case.id, "quote", actor=CLERK, input={"due": "2026-12-10"})
    engine.fire(case.id, "change_due", actor=CLERK, input={"due": "2027-01-31"})
    [outcome] = engine.run_due_timers(datetime(2026, 12, 11, 8, 0, tzinfo=UTC))
    assert outcome.outcome == "refused"
    refused = engine.history(case.id)[-1]
    assert (refused.kind, refused.actor_id, [b.code for b in refused.blockers]) == (
        "refused",
        "system",
        ["still_valid"],
    )
    [timer] = engine.timers(case.id)
    assert timer.status == "refused"
    at(clock, datetime(2026, 12, 12, tzinfo=UTC))
    assert [(c.id, t.state) for c, t in engine.due()] == [(case.id, "quoting")]


def test_leaving_a_state_cancels_its_timer_and_starts_the_next(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    engine.fire(case.id, "start", actor=CLERK)
    [timer] = engine.timers(case.id)
    assert (timer.state, timer.then) == ("working", "give_up")
    assert timer.due_at == datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # 10 calendar days: Sunday 6 December
    engine.fire(case.id, "finish", actor=CLERK)
    assert engine.timers(case.id) == []
    assert engine.run_due_timers(datetime(2027, 1, 1, tzinfo=UTC)) == []


def test_a_pausing_state_stops_the_clock(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    due = engine.timers(case.id)[0].due_at
    at(clock, datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # Friday
    engine.fire(case.id, "pause", actor=CLERK)
    [paused] = engine.timers(case.id)
    assert paused.status == "paused"
    assert engine.run_due_timers(datetime(2026, 12, 31, tzinfo=UTC)) == []  # a paused clock never falls due
    at(clock, datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wednesday: Mon 30, Tue 1, Wed 2 passed paused
    engine.fire(case.id, "resume", actor=CLERK)
    [resumed] = engine.timers(case.id)
    assert resumed.status == "pending"
    assert resumed.due_at == datetime(2026, 12, 8, 23, 0, tzinfo=UTC)  # Thu 3 Dec + 3 working days
    assert resumed.due_at > due


def test_a_term_is_extended_once_by_a_mandated_role(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")
    due = engine.timers(case.id)[0].due_at
    with pytest.raises(Forbidden):
        engine.fire(case.id, "extend", actor=CLERK)
    assert engine.explain(case.id, "extend", actor=MANDATED).allowed
    engine.fire(case.id, "extend", actor=MANDATED, reason="aanvullend onderzoek")
    [timer] = engine.timers(case.id)
    assert timer.extended
    assert timer.due_at.date() == (due + timedelta(weeks=6)).date()
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "extend", actor=MANDATED)
    assert [b.code for b in info.value.blockers] == ["deadline_already_extended"]
    assert not engine.explain(case.id, "extend", actor=MANDATED).allowed


def test_overdue_and_due_within(engine: Engine, clock: StepClock) -> None:
    at(clock, THURSDAY)
    soon = engine.start("deadlines", actor=CLERK, tenant="t")
    later = engine.start("deadlines", actor=CLERK, tenant="t")
    engine.fire(later.id, "start", actor=CLERK)  # due 6 December
    at(clock, datetime(2026, 12, 5, tzinfo=UTC))
    assert [c.id for c, _ in engine.due()] == [soon.id]
    assert [c.id for c, _ in engine.due(within=timedelta(days=2))] == [soon.id, later.id]


def test_a_runner_that_dies_midway_loses_no_timer(
    engine: Engine, clock: StepClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(clock, THURSDAY)
    case = engine.start("deadlines", actor=CLERK, tenant="t")

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt("runner killed")

    monkeypatch.setattr(queries, "update_case", crash)
    with pytest.raises(KeyboardInterrupt):
        engine.run_due_timers(datetime(2026, 12, 4, tzinfo=UTC))
    monkeypatch.undo()
    assert [t.status for t in engine.timers(case.id)] == ["pending"]
    assert [o.outcome for o in engine.run_due_timers(datetime(2026, 12, 4, tzinfo=UTC))] == ["flagged"]


def test_system_actor_is_public() -> None:
    assert SYSTEM_ACTOR.roles == ("system",)


# ------------------------------------------------------------------ parallel runners


def _runner(url: str, results: Any) -> None:
    try:
        with Engine(url, definitions()) as engine:
            handled = engine.run_due_timers(datetime(2027, 6, 1, tzinfo=UTC))
        results.put(("ok", [o.timer_id for o in handled]))
    except Exception as exc:  # report, so the test fails with the reason
        results.put(("error", repr(exc)))


@pytest.mark.slow
def test_parallel_runners_fire_each_timer_exactly_once(db_url: str, clock: StepClock) -> None:
    count = 1000 if db_url.startswith("postgresql") else 200
    at(clock, THURSDAY)
    with Engine(db_url, definitions(), clock=clock, upgrade=True) as engine:
        for _ in range(count):
            case = engine.start("deadlines", actor=CLERK, tenant="t")
            engine.fire(case.id, "start", actor=CLERK)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    procs = [context.Process(target=_runner, args=(db_url, results)) for _ in range(4)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    handled = [timer_id for _, ids in outcomes for timer_id in ids]
    assert len(handled) == len(set(handled)) == count
    db = sa.create_engine(db_url)
    with db.connect() as conn:
        statuses: dict[str, int] = dict(
            conn.execute(
                sa.select(timers.c.status, sa.func.count()).where(timers.c.state == "working").group_by(timers.c.status)
            ).all()
        )
        system_fires = conn.execute(
            sa.select(sa.func.count()).where(
                events.c.kind == "fired", events.c.transition == "give_up", events.c.actor_id == "system"
            )
        ).scalar()
    db.dispose()
    assert statuses == {"done": count}
    assert system_fires == count
