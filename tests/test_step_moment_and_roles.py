"""What docs/security.md says of a step's moment (``at``) and of an actor with several roles, held to the code."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import structlog
from click.testing import CliRunner

from cli import main
from workflow import Actor, Engine

from .paths import BUNDLED
from .scenario_support import quoted_case

CLIENT = ["--actor", "m.jansen", "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-utrecht"]


@pytest.mark.parametrize(
    "command",
    [
        ["case", "fire", "CASE", "confirm", "--at", "2020-01-01T00:00:00+00:00"],
        ["case", "start", "assignment", "--at", "2020-01-01T00:00:00+00:00"],
    ],
    ids=["fire", "start"],
)
def test_wf_offers_no_at_for_a_step(tmp_path: Path, command: list[str]) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    case, _ = quoted_case(db)
    with Engine(db, str(BUNDLED)) as engine:
        before = (engine.get(case).version, len(engine.cases()))
    args = [case if part == "CASE" else part for part in command]
    result = CliRunner().invoke(main, ["--db", db, "--definitions", str(BUNDLED), *CLIENT, *args])
    assert result.exit_code == 2, result.output
    assert "--at" in result.stderr
    with Engine(db, str(BUNDLED)) as engine:
        assert (engine.get(case).version, len(engine.cases())) == before  # nothing fired, nothing started


def test_an_actor_with_two_roles_is_recorded_in_the_first_of_the_transitions_roles(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    case, today = quoted_case(db)
    both = Actor(
        "m.jansen",
        ("bestuurlijk_opdrachtgever", "ambtelijk_opdrachtgever"),
        "gemeente-utrecht",
        {"mandate_limit_eur": 1000},
    )
    signed = {
        "scope": {"cost_centre": "6.2.14"},
        "confirmation": {"signed_on": today, "amount_eur": 12600, "reference": "OB-1", "besluit": "B-2026-1"},
    }
    with Engine(db, str(BUNDLED)) as engine:
        roles = engine.definition_of(engine.get(case)).transitions["confirm"].roles
        fired = engine.fire(case, "confirm", actor=both, input=json.loads(json.dumps(signed)))
    # the guard let the bestuurlijk role through above the mandate; the event names confirm's first role held
    assert fired.case.state == "confirmed"
    assert roles[0] == "ambtelijk_opdrachtgever"
    assert fired.event.role == "ambtelijk_opdrachtgever"


def test_a_dated_step_logs_the_moment_it_was_given_beside_the_log_lines_own_time(engine: Engine) -> None:
    clerk = Actor("carla.clerk", ["clerk"])
    earlier = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    with structlog.testing.capture_logs() as logs:
        case = engine.start("counter", actor=clerk, tenant="t", at=earlier)
        engine.fire(case.id, "tick", actor=clerk, at=earlier + timedelta(days=1))
        engine.fire(case.id, "tick", actor=clerk)
    by_event = [(e["event"], e.get("dated_at")) for e in logs if e["event"] in ("case started", "transition fired")]
    assert by_event == [
        ("case started", "2026-11-01T09:00:00+00:00"),
        ("transition fired", "2026-11-02T09:00:00+00:00"),
        ("transition fired", None),  # dated now: nothing to add
    ]
