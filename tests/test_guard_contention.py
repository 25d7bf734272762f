"""A hostile guard while a second process writes (issue 14).

A definition whose guard spends its whole budget on every fire is fired in a
loop by one process; another process writes other cases meanwhile.  The
guard is bounded (milliseconds), so the lock it is evaluated under is held
briefly: the second writer is not starved, and should it ever wait past the
busy timeout it gets a clean ``StorageError`` — never a raw driver error.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from workflow import Actor, Engine, StorageError, WorkflowError, parse_definition
from workflow.guard_context import BUDGET, DAY_COST
from workflow.store import database

from .engine_support import StepClock, database_urls, make_url

CLERK = Actor("carla.clerk", ["clerk"])
NEAR_BUDGET_DAYS = BUDGET // DAY_COST - 10
"""Days a guard walks (twice) so one evaluation spends close to its whole budget, and passes."""

COSTLY = f"""
workflow: costly
version: 1
title: Costly
roles:
  clerk: {{label: Clerk, side: agency}}
states:
  open: {{initial: true}}
  done: {{final: true}}
transitions:
  probe:
    from: open
    roles: [clerk]
    guards:
      - when: "working_days_between('2000-01-01', add_days('2000-01-01', {NEAR_BUDGET_DAYS})) > 0"
        code: costly
        message: Costly guard failed.
  tick: {{from: open, roles: [clerk]}}
  finish: {{from: open, to: done, roles: [clerk]}}
"""
HOSTILE_SECONDS = 4.0
HONEST_FIRES = 60


def _hostile(url: str, case_id: str, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    fired = 0
    try:
        with Engine(url, parse_definition(COSTLY)) as engine:
            until = time.monotonic() + HOSTILE_SECONDS
            while time.monotonic() < until:
                engine.fire(case_id, "probe", actor=CLERK)
                fired += 1
    except Exception as exc:  # reported, so the test says why
        results.put(("hostile", "error", repr(exc)))
        return
    results.put(("hostile", "fired", fired))


def _honest(url: str, case_id: str, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    done, clean, raw = 0, [], []
    with Engine(url, parse_definition(COSTLY)) as engine:
        for _ in range(HONEST_FIRES):
            try:
                engine.fire(case_id, "tick", actor=CLERK)
                done += 1
            except WorkflowError as exc:
                clean.append(f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # a raw driver error: what must never escape
                raw.append(repr(exc))
    results.put(("honest", "outcome", (done, clean, raw)))


@pytest.mark.slow
@pytest.mark.parametrize("kind", database_urls())
def test_a_guard_at_its_budget_does_not_starve_another_process(kind: str, tmp_path: Path) -> None:
    for url in make_url(kind, tmp_path):
        with Engine(url, parse_definition(COSTLY), upgrade=True) as engine:
            costly = engine.start("costly", actor=CLERK, tenant="t").id
            other = engine.start("costly", actor=CLERK, tenant="t").id
            engine.fire(costly, "probe", actor=CLERK)  # the guard passes: it spends, it does not fail
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        hostile = context.Process(target=_hostile, args=(url, costly, results))
        honest = context.Process(target=_honest, args=(url, other, results))
        hostile.start()
        time.sleep(0.5)  # the hostile loop is running before the honest writer begins
        honest.start()
        outcomes = {who: (what, detail) for who, what, detail in (results.get(timeout=300) for _ in range(2))}
        for proc in (hostile, honest):
            proc.join(timeout=60)
        assert outcomes["hostile"][0] == "fired", outcomes["hostile"]
        assert outcomes["hostile"][1] > 0
        done, clean, raw = outcomes["honest"][1]
        assert raw == [], f"raw driver errors escaped: {raw}"
        assert all(m.startswith("StorageError: database error") and "Background" not in m for m in clean), clean
        assert done == HONEST_FIRES, f"the honest writer was starved: {done} of {HONEST_FIRES}; {clean[:3]}"
        with Engine(url, parse_definition(COSTLY)) as engine:
            assert engine.get(other).version == HONEST_FIRES


def test_a_lock_wait_past_the_busy_timeout_is_a_clean_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If a writer ever waits longer than the busy timeout (shortened here), it gets StorageError, not sqlite3's."""
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    with Engine(url, parse_definition(COSTLY), clock=StepClock(), upgrade=True) as engine:
        case_id = engine.start("costly", actor=CLERK, tenant="t").id
        holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process in the middle of its (costly) step
        try:
            with pytest.raises(StorageError) as info:
                engine.fire(case_id, "probe", actor=CLERK)
            assert engine.get(case_id).version == 0  # reading is not blocked by the writer (WAL)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        message = str(info.value)
        assert "database is locked" in message
        assert "er is niets vastgelegd" in message
        assert "Background on this error" not in message
        assert engine.fire(case_id, "probe", actor=CLERK).case.version == 1  # the lock freed, it goes through
