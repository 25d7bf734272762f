"""The engine contract: runs unchanged on every database URL (see engine_support)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import structlog

from workflow import (
    Actor,
    AuditEvent,
    Case,
    ConflictError,
    DefinitionError,
    Engine,
    Forbidden,
    GuardFailed,
    InvalidInput,
    NotFound,
    TransitionRefused,
    parse_definition,
)
from workflow.chain import GENESIS, chain_hash, event_content

from .engine_support import AUDITOR, CLERK, CLIENT, COUNTER, OTHER_CLIENT, REVIEWER, StepClock


def start(engine: Engine, **data: object) -> Case:
    return engine.start("counter", actor=CLIENT, tenant="utrecht", data=dict(data), reference="REF-1")


def kinds(engine: Engine, case: Case) -> list[str]:
    return [e.kind for e in engine.history(case.id)]


# ------------------------------------------------------------------ start


def test_start_creates_case_and_first_event(engine: Engine) -> None:
    case = start(engine, count=1)
    assert (case.workflow, case.definition_version, case.state, case.version) == ("counter", 1, "open", 0)
    assert case.tenant == "utrecht"
    assert case.reference == "REF-1"
    assert case.created_at.tzinfo is not None
    assert engine.get(case.id) == case
    [event] = engine.history(case.id)
    assert (event.seq, event.kind, event.to_state, event.actor_id, event.role) == (
        1,
        "started",
        "open",
        "cees.client",
        "client",
    )
    assert event.prev_hash == GENESIS
    assert event.data_diff == ({"path": ["count"], "new": 1},)


def test_start_refusals(engine: Engine) -> None:
    with pytest.raises(NotFound, match="werkstroom 'nope' bestaat niet; geladen werkstromen: assignment, counter"):
        engine.start("nope", actor=CLERK, tenant="utrecht")
    with pytest.raises(Forbidden) as info:
        engine.start("counter", actor=OTHER_CLIENT, tenant="utrecht")
    assert [b.code for b in info.value.blockers] == ["other_tenant"]
    with pytest.raises(Forbidden) as info:
        engine.start("counter", actor=AUDITOR, tenant="utrecht")
    assert [b.code for b in info.value.blockers] == ["role_not_allowed"]
    with pytest.raises(GuardFailed) as failed:
        engine.start("counter", actor=CLERK, tenant="utrecht", data={"count": -1, "colour": "red"})
    assert [b.code for b in failed.value.blockers] == ["undeclared_input"]  # owned fields first, nothing else seen
    with pytest.raises(GuardFailed) as failed:
        engine.start("counter", actor=CLERK, tenant="utrecht", data={"count": -1, "note": 5})
    assert [b.code for b in failed.value.blockers] == ["invalid_data", "invalid_data"]
    assert engine.cases() == []


def test_start_idempotency(engine: Engine) -> None:
    first = engine.start("counter", actor=CLERK, tenant="utrecht", data={"count": 1}, idempotency_key="k1")
    again = engine.start("counter", actor=CLERK, tenant="utrecht", data={"count": 1}, idempotency_key="k1")
    assert again == first
    with pytest.raises(ConflictError, match="andere start") as reused:
        engine.start("counter", actor=CLERK, tenant="utrecht", data={"count": 2}, idempotency_key="k1")
    assert (reused.value.code, reused.value.key, reused.value.params["key"]) == ("conflict", "conflict.start_key", "k1")
    assert len(engine.cases()) == 1


# ------------------------------------------------------------------ fire


def test_fire_writes_state_data_version_and_one_event(engine: Engine) -> None:
    case = start(engine, count=1)
    result = engine.fire(case.id, "set", actor=CLERK, input={"note": "ready", "count": 3}, reason="checked")
    assert result.case.version == 1
    assert result.case.data == {"count": 3, "note": "ready"}
    assert not result.replayed
    submitted = engine.fire(case.id, "submit", actor=CLIENT, expected_version=1).case
    assert (submitted.state, submitted.version) == ("review", 2)
    assert engine.get(case.id) == submitted
    events = engine.history(case.id)
    assert [e.kind for e in events] == ["started", "fired", "fired"]
    fired = events[1]
    assert fired.id is not None  # the operator's history keeps the log position ...
    assert replace(fired, id=None) == result.event  # ... what fire returns to an actor does not (docs/audit.md)
    assert (fired.seq, fired.transition, fired.from_state, fired.to_state) == (2, "set", "open", "open")
    assert (fired.actor_id, fired.role, fired.tenant, fired.reason) == ("carla.clerk", "clerk", "utrecht", "checked")
    assert fired.input == {"note": "ready", "count": 3}
    assert fired.data_diff == ({"path": ["count"], "old": 1, "new": 3}, {"path": ["note"], "new": "ready"})
    definition = engine.definition_of(case)
    assert (fired.workflow, fired.definition_version, fired.definition_checksum) == ("counter", 1, definition.checksum)
    assert fired.at.tzinfo is not None


def test_refusal_reports_every_blocker_records_it_and_changes_nothing(engine: Engine) -> None:
    case = start(engine)
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "submit", actor=CLERK, reason="try")
    assert [b.code for b in info.value.blockers] == ["required.note", "count_positive", "count_small"]
    assert info.value.blockers[1].detail == "count heeft geen waarde"
    assert engine.get(case.id) == case
    refused = engine.history(case.id)[-1]
    assert (refused.kind, refused.transition, refused.to_state, refused.reason) == ("refused", "submit", None, "try")
    assert [b.code for b in refused.blockers] == ["required.note", "count_positive", "count_small"]


def test_guard_values_come_from_data_merged_with_input(engine: Engine) -> None:
    case = start(engine, count=0)
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "submit", actor=CLERK, input={"note": "x", "count": 11})
    assert [b.code for b in info.value.blockers] == ["count_small"]
    assert engine.fire(case.id, "submit", actor=CLERK, input={"note": "x", "count": 5}).case.state == "review"


def test_schema_violations_are_blockers(engine: Engine) -> None:
    case = start(engine)
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "set", actor=CLERK, input={"count": "many"})
    assert [b.code for b in info.value.blockers] == ["invalid_input", "invalid_data"]
    assert "count" in info.value.blockers[0].message
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "tick", actor=CLERK, input={"colour": "red"})
    assert [b.code for b in info.value.blockers] == ["undeclared_input"]  # a step writes only its declared input
    assert engine.get(case.id).version == 0


def test_wrong_state_is_a_refusal(engine: Engine) -> None:
    case = start(engine)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(case.id, "approve", actor=REVIEWER)
    assert type(info.value) is TransitionRefused
    assert [b.code for b in info.value.blockers] == ["wrong_state"]
    assert "'Approve' kan niet vanuit 'Open'" in info.value.blockers[0].message
    assert kinds(engine, case) == ["started", "refused"]


def test_unknown_transition_and_case(engine: Engine) -> None:
    case = start(engine)
    with pytest.raises(NotFound, match="stap 'fly' bestaat niet; counter v1 kent: tick, set"):
        engine.fire(case.id, "fly", actor=CLERK)
    with pytest.raises(NotFound, match="zaak 'missing' bestaat niet"):
        engine.fire("missing", "tick", actor=CLERK)
    assert kinds(engine, case) == ["started"]


@pytest.mark.parametrize(
    ("actor", "codes"),
    [
        (REVIEWER, ["role_not_allowed"]),
        (AUDITOR, ["role_not_allowed"]),
    ],
)
def test_role_and_tenant_refusals_are_recorded(engine: Engine, actor: Actor, codes: list[str]) -> None:
    case = start(engine, count=1)
    with pytest.raises(Forbidden) as info:
        engine.fire(case.id, "set", actor=actor, input={"count": 2})
    assert [b.code for b in info.value.blockers] == codes
    event = engine.history(case.id)[-1]
    assert (event.kind, event.actor_id) == ("refused", actor.id)
    assert engine.get(case.id).data == {"count": 1}


def test_an_actor_without_a_role_of_the_workflow_meets_no_case(engine: Engine) -> None:
    """A tenant alone opens nothing: no role of the case's workflow, no case (as for an unknown id)."""
    case = start(engine, count=1)
    nobody = Actor("nobody", [], "utrecht")
    with pytest.raises(NotFound, match=f"^zaak '{case.id}' bestaat niet$"):
        engine.fire(case.id, "set", actor=nobody, input={"count": 2})
    with pytest.raises(NotFound, match=f"^zaak '{case.id}' bestaat niet$"):
        engine.get(case.id, actor=nobody)
    assert engine.cases(actor=nobody) == []
    assert kinds(engine, case) == ["started"]
    assert engine.get(case.id).data == {"count": 1}


def test_cross_tenant_fire_is_not_found_and_not_in_the_case_log(engine: Engine) -> None:
    case = start(engine)
    with pytest.raises(NotFound, match=f"^zaak '{case.id}' bestaat niet$"):
        engine.fire(case.id, "submit", actor=OTHER_CLIENT)
    assert kinds(engine, case) == ["started"]


def test_tenant_isolation_on_reads(engine: Engine) -> None:
    mine = start(engine)
    theirs = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist")
    with pytest.raises(NotFound):
        engine.get(theirs.id, actor=CLIENT)
    with pytest.raises(NotFound):
        engine.history(theirs.id, actor=CLIENT)
    with pytest.raises(NotFound):
        engine.explain(theirs.id, "set", actor=CLIENT)
    assert engine.get(theirs.id, actor=CLERK) == theirs
    assert engine.get(theirs.id, actor=AUDITOR) == theirs
    assert [c.id for c in engine.cases(actor=CLIENT)] == [mine.id]
    assert engine.cases(actor=CLIENT, tenant="zeist") == []
    assert {c.id for c in engine.cases(actor=AUDITOR)} == {mine.id, theirs.id}
    assert [c.id for c in engine.cases(tenant="zeist")] == [theirs.id]


def test_four_eyes_with_actors_function(engine: Engine) -> None:
    case = start(engine, count=1, note="n")
    submitter = Actor("rob.reviewer", ["clerk", "reviewer"])
    engine.fire(case.id, "submit", actor=submitter)
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "approve", actor=submitter)
    assert [b.code for b in info.value.blockers] == ["four_eyes"]
    assert engine.fire(case.id, "approve", actor=Actor("other.reviewer", ["reviewer"])).case.state == "done"


# ------------------------------------------------------------------ concurrency controls


def test_expected_version(engine: Engine) -> None:
    case = start(engine)
    engine.fire(case.id, "tick", actor=CLERK, expected_version=0)
    with pytest.raises(ConflictError, match="staat op versie 1, niet op de verwachte 0") as stale:
        engine.fire(case.id, "tick", actor=CLERK, expected_version=0)
    found = stale.value
    assert (found.key, found.params["version"], found.params["expected"]) == ("conflict.version", 1, 0)
    assert kinds(engine, case) == ["started", "fired"]


def test_idempotent_fire(engine: Engine) -> None:
    case = start(engine)
    first = engine.fire(case.id, "set", actor=CLERK, input={"count": 2}, idempotency_key="req-1")
    again = engine.fire(case.id, "set", actor=CLERK, input={"count": 2}, idempotency_key="req-1")
    assert again.replayed
    assert again.event == first.event
    assert again.case.version == 1
    with pytest.raises(ConflictError, match="ander verzoek"):
        engine.fire(case.id, "set", actor=CLERK, input={"count": 3}, idempotency_key="req-1")
    assert kinds(engine, case) == ["started", "fired"]


def test_a_repeat_is_not_answered_across_tenants(engine: Engine) -> None:
    case = start(engine)
    engine.fire(case.id, "set", actor=CLIENT, input={"count": 2}, idempotency_key="k")
    with pytest.raises(NotFound, match=f"^zaak '{case.id}' bestaat niet$"):
        engine.fire(case.id, "set", actor=OTHER_CLIENT, input={"count": 2}, idempotency_key="k")


def test_refused_attempt_does_not_use_up_its_key(engine: Engine) -> None:
    case = start(engine)
    with pytest.raises(GuardFailed):
        engine.fire(case.id, "submit", actor=CLERK, idempotency_key="s-1")
    engine.fire(case.id, "set", actor=CLERK, input={"count": 1, "note": "x"})
    assert engine.fire(case.id, "submit", actor=CLERK, idempotency_key="s-1").case.state == "review"


# ------------------------------------------------------------------ questions


def test_explain_and_available_write_nothing_and_match_fire(engine: Engine) -> None:
    case = start(engine, count=20)
    explanation = engine.explain(case.id, "submit", actor=CLERK)
    assert not explanation.allowed
    assert (explanation.from_state, explanation.to_state) == ("open", "review")
    with pytest.raises(GuardFailed) as info:
        engine.fire(case.id, "submit", actor=CLERK)
    assert explanation.blockers == info.value.blockers
    before = len(engine.history(case.id))
    available = engine.available(case.id, actor=CLERK)
    assert [(e.transition, e.allowed) for e in available] == [("tick", True), ("set", True), ("submit", False)]
    assert engine.explain(case.id, "submit", actor=CLERK, input={"note": "n", "count": 2}).allowed
    assert len(engine.history(case.id)) == before
    assert engine.get(case.id) == case


def test_cases_are_paged(engine: Engine) -> None:
    made = [start(engine).id for _ in range(5)]
    first = engine.cases(limit=2)
    second = engine.cases(limit=2, after=first[-1].id)
    third = engine.cases(limit=2, after=second[-1].id)
    assert [c.id for c in first + second + third] == made
    assert engine.cases(workflow="counter", state="review") == []
    with pytest.raises(NotFound):
        engine.cases(after="unknown")
    with pytest.raises(InvalidInput, match="limit"):
        engine.cases(limit=0)


# ------------------------------------------------------------------ audit chain


def test_events_are_hash_chained(engine: Engine) -> None:
    case = start(engine)
    engine.fire(case.id, "tick", actor=CLERK)
    with pytest.raises(GuardFailed):
        engine.fire(case.id, "submit", actor=CLERK)
    events = engine.history(case.id)
    previous = GENESIS
    for event in events:
        assert event.prev_hash == previous
        assert event.hash == chain_hash(event_content(event))
        previous = event.hash
    tampered: AuditEvent = replace(events[1], actor_id="someone.else")
    assert chain_hash(event_content(tampered)) != events[1].hash


# ------------------------------------------------------------------ listeners and logging


def test_listeners_run_after_commit_and_cannot_undo(engine: Engine) -> None:
    seen: list[tuple[str, int, str]] = []

    def record(case: Case, event: AuditEvent) -> None:
        seen.append((event.kind, case.version, engine.get(case.id).state))

    def explode(case: Case, event: AuditEvent) -> None:
        raise RuntimeError("listener bug")

    engine.add_listener(explode)
    engine.add_listener(record)
    case = start(engine, count=1, note="n")
    result = engine.fire(case.id, "submit", actor=CLERK)
    with pytest.raises(Forbidden):
        engine.fire(case.id, "approve", actor=CLERK)
    assert result.case.state == "review"
    assert seen == [("started", 0, "open"), ("fired", 1, "review")]
    engine.remove_listener(explode)
    engine.remove_listener(record)


def test_logs_carry_case_workflow_transition_actor(engine: Engine) -> None:
    case = start(engine)
    with structlog.testing.capture_logs() as logs:
        engine.fire(case.id, "tick", actor=CLERK)
    [entry] = [e for e in logs if e["event"] == "transition fired"]
    assert {k: entry[k] for k in ("case_id", "workflow", "transition", "actor")} == {
        "case_id": case.id,
        "workflow": "counter",
        "transition": "tick",
        "actor": "carla.clerk",
    }


def test_library_is_silent_when_logging_is_not_configured(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    structlog.reset_defaults()
    case = start(engine)
    engine.fire(case.id, "tick", actor=CLERK)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


# ------------------------------------------------------------------ pinned definitions


def test_changed_text_under_the_same_version_is_refused(db_url: str, clock: StepClock) -> None:
    original = COUNTER.read_text()
    with Engine(db_url, parse_definition(original, "counter.yaml"), clock=clock, upgrade=True):
        pass
    changed = parse_definition(original.replace("label: Tick", "label: Tock"), "counter.yaml")
    with pytest.raises(DefinitionError, match="verhoog 'version' naar 2"):
        Engine(db_url, changed, clock=clock, upgrade=True)


def test_cases_stay_on_their_version(db_url: str, clock: StepClock) -> None:
    v1_text = COUNTER.read_text()
    with Engine(db_url, parse_definition(v1_text, "counter.yaml"), clock=clock, upgrade=True) as engine:
        old = engine.start("counter", actor=CLERK, tenant="utrecht")
    v2_text = v1_text.replace("version: 1", "version: 2").replace(
        "  tick:\n    from: open\n    label: Tick\n    roles: [clerk]\n", ""
    )
    v2 = parse_definition(v2_text, "counter.v2.yaml")
    with Engine(db_url, v2, clock=clock, upgrade=True) as engine:  # v1's file is gone; its stored text serves old cases
        new = engine.start("counter", actor=CLERK, tenant="utrecht")
        assert new.definition_version == 2
        assert engine.fire(old.id, "tick", actor=CLERK).case.version == 1
        with pytest.raises(NotFound, match="stap 'tick' bestaat niet"):
            engine.fire(new.id, "tick", actor=CLERK)
        assert engine.definition_of(old).version == 1


def test_clock_must_be_aware(db_url: str) -> None:
    with pytest.raises(InvalidInput, match="zonder tijdzone"):
        Engine(
            db_url, parse_definition(COUNTER.read_text(), "c.yaml"), clock=lambda: datetime(2026, 1, 1), upgrade=True
        )


def test_default_definitions_are_the_bundled_ones(tmp_path: Path) -> None:
    with Engine(f"sqlite:///{tmp_path / 'x.db'}") as engine:
        assert "assignment" in engine.definitions


def test_timestamps_are_utc(engine: Engine, clock: StepClock) -> None:
    case = start(engine)
    assert case.created_at == clock.now
    assert engine.get(case.id).created_at.utcoffset() == UTC.utcoffset(None)


def test_one_engine_shared_by_threads(engine: Engine) -> None:
    import threading

    case_ids = [start(engine).id for _ in range(5)]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(40):
                engine.fire(case_ids[(i + offset) % 5], "tick", actor=CLERK)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(engine.get(case_id).version for case_id in case_ids) == 160
    for case_id in case_ids:
        assert [e.seq for e in engine.history(case_id)] == list(range(1, engine.get(case_id).version + 2))


def test_available_without_an_actor_asks_as_every_writable_role(engine: Engine) -> None:
    """The trusted operator (no actor) sees what the workflow itself requires, not a role refusal."""
    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1})
    found = {e.transition: e for e in engine.available(case.id, actor=None)}
    assert found
    assert all(b.code != "role_not_allowed" for e in found.values() for b in e.blockers)
