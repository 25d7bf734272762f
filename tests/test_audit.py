"""Tamper evidence and review of the audit log, on every database of the contract suite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from hashlib import sha256

import pytest
import sqlalchemy as sa

from workflow import Engine, GuardFailed, WorkflowError
from workflow.chain import chain_hash, event_content
from workflow.review import Checkpoint, Verification
from workflow.store.queries import event_row
from workflow.store.tables import events

from .engine_support import CLERK, CLIENT, REVIEWER, StepClock, open_engine


@pytest.fixture
def raw(db_url: str, engine: Engine) -> Iterator[sa.Engine]:
    """Direct database access with the append-only triggers dropped, as an attacker with DBA rights."""
    db = sa.create_engine(db_url)
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("ALTER TABLE wf_events DISABLE TRIGGER USER"))
            conn.execute(sa.text("ALTER TABLE wf_cases DISABLE TRIGGER USER"))
        else:
            conn.execute(sa.text("DROP TRIGGER wf_events_no_update"))
            conn.execute(sa.text("DROP TRIGGER wf_events_no_delete"))
            conn.execute(sa.text("DROP TRIGGER wf_cases_follow_events"))
    yield db
    db.dispose()


def make_case(engine: Engine) -> str:
    """A case with four events: started, fired, fired, refused."""
    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1})
    engine.fire(case.id, "tick", actor=CLERK)
    engine.fire(case.id, "set", actor=CLERK, input={"note": "n"})
    with pytest.raises(GuardFailed):
        engine.fire(case.id, "submit", actor=CLIENT, input={"count": 50})
    return case.id


def sql(db: sa.Engine, statement: str, **params: object) -> None:
    with db.begin() as conn:
        conn.execute(sa.text(statement), params)


def breaks(engine: Engine, **kwargs: object) -> list[tuple[str, int | None, str]]:
    return [(b.case_id, b.seq, b.kind) for b in engine.audit.verify(**kwargs).breaks]  # type: ignore[arg-type]


def test_intact_log_verifies(engine: Engine) -> None:
    ids = [make_case(engine) for _ in range(3)]
    result = engine.audit.verify()
    assert result.intact
    assert (result.cases, result.events) == (3, 12)
    assert engine.audit.verify(case_id=ids[0]).events == 4


def test_changed_field_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id, other = make_case(engine), make_case(engine)
    sql(raw, "UPDATE wf_events SET actor_id = 'mallory' WHERE case_id = :c AND seq = 2", c=case_id)
    assert breaks(engine) == [(case_id, 2, "content_changed")]
    assert breaks(engine, case_id=other) == []


def test_a_broken_chain_is_not_replayed(engine: Engine, raw: sa.Engine) -> None:
    """A diff no replay could apply, in a chain it breaks: named as the change it is, never applied."""
    case_id = make_case(engine)
    sql(raw, "UPDATE wf_events SET data_diff = :d WHERE case_id = :c AND seq = 2", d='[{"path": 7}]', c=case_id)
    assert breaks(engine) == [(case_id, 2, "content_changed")]


def test_changed_and_rehashed_event_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    second = engine.history(case_id)[1]
    forged = replace(second, reason="nothing to see")
    sql(
        raw,
        "UPDATE wf_events SET reason = :r, hash = :h WHERE case_id = :c AND seq = 2",
        r=forged.reason,
        h=chain_hash(event_content(forged)),
        c=case_id,
    )
    assert breaks(engine) == [(case_id, 2, "content_changed")]


def test_deleted_event_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c AND seq = 2", c=case_id)
    assert breaks(engine) == [(case_id, 2, "event_removed")]


def test_deleted_last_event_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c AND seq = 4", c=case_id)
    assert breaks(engine) == [(case_id, 4, "event_removed")]


def test_inserted_event_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    last = engine.history(case_id)[-1]
    forged = replace(
        last,
        seq=5,
        kind="fired",
        transition="approve",
        actor_id="mallory",
        blockers=(),
        prev_hash=last.hash,
        at=last.at + timedelta(seconds=1),
        id=None,
    )
    forged = replace(forged, hash=chain_hash(event_content(forged)))
    with raw.begin() as conn:
        conn.execute(events.insert().values(**event_row(forged)))
    assert breaks(engine) == [(case_id, 5, "event_inserted")]


def test_swapped_events_are_named(engine: Engine, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    sql(raw, "UPDATE wf_events SET seq = -1 WHERE case_id = :c AND seq = 2", c=case_id)
    sql(raw, "UPDATE wf_events SET seq = 2 WHERE case_id = :c AND seq = 3", c=case_id)
    sql(raw, "UPDATE wf_events SET seq = 3 WHERE case_id = :c AND seq = -1", c=case_id)
    assert breaks(engine) == [(case_id, 2, "order_changed"), (case_id, 3, "order_changed")]


def test_head_mismatch_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    sql(raw, "UPDATE wf_cases SET head_hash = :h WHERE id = :c", h="f" * 64, c=case_id)
    assert breaks(engine) == [(case_id, 4, "head_mismatch")]


def test_deleted_case_is_found_with_a_checkpoint(engine: Engine, raw: sa.Engine, clock: StepClock) -> None:
    case_id, kept = make_case(engine), make_case(engine)
    checkpoint = Checkpoint.from_json(engine.audit.checkpoint(clock()).to_json())
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c", c=case_id)
    sql(raw, "DELETE FROM wf_cases WHERE id = :c", c=case_id)
    assert breaks(engine) == []  # a chain cannot testify to its own absence
    assert breaks(engine, checkpoint=checkpoint) == [(case_id, None, "case_removed")]
    assert breaks(engine, case_id=kept, checkpoint=checkpoint) == []


def test_consistently_rewritten_case_is_found_with_a_checkpoint(
    engine: Engine, raw: sa.Engine, clock: StepClock
) -> None:
    case_id = make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    previous = None
    for event in engine.history(case_id):  # rewrite every event and the head, hashes recomputed
        changed = replace(event, actor_id="mallory", prev_hash=previous or event.prev_hash)
        changed = replace(changed, hash=chain_hash(event_content(changed)))
        sql(
            raw,
            "UPDATE wf_events SET actor_id = 'mallory', prev_hash = :p, hash = :h WHERE id = :i",
            p=changed.prev_hash,
            h=changed.hash,
            i=event.id,
        )
        previous = changed.hash
    sql(raw, "UPDATE wf_cases SET head_hash = :h WHERE id = :c", h=previous, c=case_id)
    assert breaks(engine) == []
    assert breaks(engine, checkpoint=checkpoint) == [(case_id, 4, "case_rewritten")]


def test_checkpoint_file_must_match_its_digest(engine: Engine, clock: StepClock) -> None:
    make_case(engine)
    text = engine.audit.checkpoint(clock()).to_json().decode()
    tampered = text.replace('"cases": {\n    "', '"cases": {\n    "x')
    with pytest.raises(WorkflowError, match="past niet bij zijn eigen digest"):
        Checkpoint.from_json(tampered)
    with pytest.raises(WorkflowError, match="geen controlepunt van het auditlog"):
        Checkpoint.from_json("{}")


# ------------------------------------------------------------------ review


def test_query_filters(engine: Engine, clock: StepClock) -> None:
    first, second = make_case(engine), make_case(engine)
    everything = list(engine.audit.query())
    assert len(everything) == 8
    assert [e.id for e in everything] == sorted(e.id for e in everything)  # type: ignore[type-var]
    assert {e.case_id for e in engine.audit.query(case_id=first)} == {first}
    refused = list(engine.audit.query(kind="refused", tenant="utrecht"))
    assert [(e.case_id, e.transition) for e in refused] == [(first, "submit"), (second, "submit")]
    assert len(list(engine.audit.query(actor="carla.clerk"))) == 4
    assert len(list(engine.audit.query(role="client"))) == 4
    assert len(list(engine.audit.query(transition="tick", workflow="counter"))) == 2
    middle = everything[3].at
    assert [e.id for e in engine.audit.query(since=middle)] == [e.id for e in everything[3:]]
    assert [e.id for e in engine.audit.query(until=middle)] == [e.id for e in everything[:3]]
    page = list(engine.audit.query(limit=3))
    assert [e.id for e in engine.audit.query(after=page[-1].id, limit=3)] == [e.id for e in everything[3:6]]
    by_case = [(e.case_id, e.seq) for e in engine.audit.query(by_case=True)]
    assert by_case == sorted(by_case)
    assert list(engine.audit.query(kind="nothing")) == []


def test_state_at_rebuilds_state_and_data(engine: Engine) -> None:
    case_id = make_case(engine)
    log = engine.history(case_id)
    engine.fire(case_id, "set", actor=CLERK, input={"count": 3})
    engine.fire(case_id, "submit", actor=CLERK)
    engine.fire(case_id, "approve", actor=REVIEWER)
    at_start = engine.state_at(case_id, log[0].at)
    assert (at_start.state, at_start.version, at_start.data) == ("open", 0, {"count": 1})
    after_set = engine.state_at(case_id, log[2].at)
    assert (after_set.state, after_set.version, after_set.data) == ("open", 2, {"count": 1, "note": "n"})
    now = engine.get(case_id)
    rebuilt = engine.state_at(case_id, now.updated_at)
    assert (rebuilt.state, rebuilt.version, rebuilt.data) == (now.state, now.version, now.data)
    with pytest.raises(WorkflowError, match="de zaak is gestart op"):
        engine.state_at(case_id, log[0].at - timedelta(seconds=1))


def test_verification_in_ranges_adds_up_to_the_whole(engine: Engine, raw: sa.Engine, clock: StepClock) -> None:
    ids = [make_case(engine) for _ in range(7)]
    checkpoint = engine.audit.checkpoint(clock())
    sql(raw, "UPDATE wf_events SET actor_id = 'mallory' WHERE case_id = :c AND seq = 3", c=ids[4])
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c", c=ids[1])
    sql(raw, "DELETE FROM wf_cases WHERE id = :c", c=ids[1])
    ranges = engine.audit.split(3)
    assert ranges[0][0] is None
    assert ranges[-1][1] is None
    merged = Verification.merge(engine.audit.verify(case_range=r) for r in ranges)
    whole = engine.audit.verify()
    assert (merged.cases, merged.events) == (whole.cases, whole.events) == (6, 24)
    assert sorted(merged.breaks, key=str) == sorted(whole.breaks, key=str)
    assert [(b.case_id, b.kind) for b in engine.audit.against_checkpoint(checkpoint)] == [(ids[1], "case_removed")]


def test_case_row_update_is_refused_by_the_database(engine: Engine, db_url: str) -> None:
    case_id = make_case(engine)
    db = sa.create_engine(db_url)
    try:
        with pytest.raises(sa.exc.DatabaseError, match="without the event that explains it"):
            sql(db, "UPDATE wf_cases SET state = 'done', version = version + 1 WHERE id = :c", c=case_id)
    finally:
        db.dispose()
    assert engine.get(case_id).state == "open"


def test_case_row_changed_without_its_event_is_named(engine: Engine, raw: sa.Engine) -> None:
    case_id, other = make_case(engine), make_case(engine)
    sql(raw, "UPDATE wf_cases SET state = 'done', data = :d, version = 7 WHERE id = :c", d='{"count":99}', c=case_id)
    assert breaks(engine) == [(case_id, 4, "case_row_changed")]
    assert "gegevens, status, versie" in engine.audit.verify(case_id=case_id).breaks[0].detail
    assert breaks(engine, case_id=other) == []


def test_changed_definition_is_named_and_refused(db_url: str, raw: sa.Engine, clock: StepClock) -> None:
    from workflow.errors import DefinitionError, NotFound
    from workflow.loader import parse_definition

    from .test_exact_numbers import BAG
    from .test_exact_numbers import CLERK as BAG_CLERK

    with Engine(db_url, [parse_definition(BAG)], clock=clock, upgrade=True) as bagged:
        case = bagged.start("bag", actor=BAG_CLERK, tenant="utrecht")
    edited = BAG.replace("roles: [clerk]", "roles: [clerk, client]")
    sql(raw, "UPDATE wf_definitions SET source = :s WHERE workflow = 'bag'", s=edited)
    with open_engine(db_url, clock) as other:  # does not load bag: it must rebuild it from the stored text
        assert ("bag v1", None, "definition_changed") in breaks(other)
        with pytest.raises(DefinitionError, match="past niet meer bij haar checksum"):
            other.get(case.id)  # the operator is told
        # an actor outside the case's organisation cannot be judged by roles the text may have changed:
        # the case does not exist for it, as for reading (tenant first; a stranger must not learn of it)
        with pytest.raises(NotFound):
            other.fire(case.id, "put", actor=BAG_CLERK, input={"b": 1})
        sql(
            raw, "UPDATE wf_definitions SET checksum = :h WHERE workflow = 'bag'", h=sha256(edited.encode()).hexdigest()
        )
        assert breaks(other) == [(case.id, 1, "definition_changed")]


def test_a_thousand_changed_events_are_all_reported(engine: Engine, raw: sa.Engine) -> None:
    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1})
    for _ in range(1000):
        engine.fire(case.id, "set", actor=CLERK, input={"note": "n"})
    sql(raw, "UPDATE wf_events SET actor_id = 'mallory' WHERE case_id = :c AND seq > 1", c=case.id)
    found = breaks(engine)
    assert found == [(case.id, seq, "content_changed") for seq in range(2, 1002)]


def test_a_step_dated_before_the_last_change_is_refused(engine: Engine) -> None:
    from datetime import timedelta

    from workflow import InvalidInput

    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1})
    fired = engine.fire(case.id, "tick", actor=CLERK)
    with pytest.raises(InvalidInput, match="vóór de laatste wijziging van de zaak"):
        engine.fire(case.id, "tick", actor=CLERK, at=fired.event.at - timedelta(milliseconds=1))
    assert len(engine.history(case.id)) == 2
    later = engine.fire(case.id, "tick", actor=CLERK, at=fired.event.at + timedelta(milliseconds=500))
    assert later.event.at == fired.event.at + timedelta(milliseconds=500)


def test_a_step_dated_after_now_is_refused(engine: Engine) -> None:
    """A future-dated step would lock the case: every later step would lie "before its last change"."""
    from datetime import timedelta

    from workflow import InvalidInput

    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1})
    with pytest.raises(InvalidInput, match="ligt na nu"):
        engine.fire(case.id, "tick", actor=CLERK, at=engine.now() + timedelta(days=365))
    with pytest.raises(InvalidInput, match="ligt na nu"):
        engine.start("counter", actor=CLIENT, tenant="utrecht", at=engine.now() + timedelta(days=1))
    assert engine.fire(case.id, "tick", actor=CLERK).case.version == 1
