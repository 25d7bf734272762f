"""History guards read per-case aggregates kept by the write path, backfilled by the migration."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from workflow import Actor, Engine, History, TransitionRefused
from workflow.store import migrate, queries

from .engine_support import CLERK, REVIEWER

OTHER_CLERK = Actor("otto.clerk", ["clerk"])


def _history(engine: Engine, case_id: str) -> queries.FiredHistory:
    with engine._db.connect() as conn:
        return queries.fired_history(conn, case_id)


def _fire_some(engine: Engine) -> str:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    for actor in (CLERK, OTHER_CLERK, CLERK, OTHER_CLERK, CLERK):
        engine.fire(case.id, "tick", actor=actor)
    engine.fire(case.id, "submit", actor=CLERK, input={"count": 3, "note": "n"})
    engine.fire(case.id, "reopen", actor=REVIEWER)
    engine.fire(case.id, "submit", actor=OTHER_CLERK, input={"count": 3, "note": "n"})
    return case.id


def test_aggregates_count_last_and_distinct_actors(engine: Engine) -> None:
    case_id = _fire_some(engine)
    found = _history(engine, case_id)
    assert found.counts == {"tick": 5, "submit": 2, "reopen": 1}
    assert found.last_actors == {"tick": CLERK.id, "submit": OTHER_CLERK.id, "reopen": REVIEWER.id}
    assert found.actors == {
        "tick": (CLERK.id, OTHER_CLERK.id),
        "submit": (CLERK.id, OTHER_CLERK.id),
        "reopen": (REVIEWER.id,),
    }


def test_refused_attempts_do_not_count(engine: Engine) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    engine.fire(case.id, "tick", actor=CLERK)
    with pytest.raises(TransitionRefused):
        engine.fire(case.id, "approve", actor=REVIEWER)
    assert _history(engine, case.id).counts == {"tick": 1}


def test_four_eyes_reads_the_aggregates(engine: Engine) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht")
    engine.fire(case.id, "submit", actor=CLERK, input={"count": 3, "note": "n"})
    assert engine.explain(case.id, "approve", actor=REVIEWER).allowed
    assert not engine.explain(case.id, "approve", actor=Actor(CLERK.id, ["reviewer"])).allowed


def test_history_from_a_listing_keeps_each_actor_once() -> None:
    history = History({"review": ("bob", "cis", "bob")})
    assert history.count("review") == 3
    assert history.actors("review") == ("bob", "cis")
    assert history.last_actor("review") == "bob"
    assert history.last_actor("other") is None


def test_migration_backfills_the_aggregates_from_the_log(engine: Engine) -> None:
    case_id = _fire_some(engine)
    before = _history(engine, case_id)
    with engine._db.connect() as conn, conn.begin():
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0005_tenant")
        assert not sa.inspect(conn).has_table("wf_case_history")
        command.upgrade(config, "head")
    assert _history(engine, case_id) == before
