"""Tenant first, written as the attacks of issue 12: another organisation's case does not exist.

Each test is an attack by a client of tenant ``zeist`` (or a reviewer) on
tenant ``utrecht``'s case; on the old code each got something out — B's
state, a guard's verdict, B's events, B's start keys, another tenant's cases.
"""

from __future__ import annotations

import functools
import json
import os
import re
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from workflow import Actor, Case, Engine, InvalidInput, NotFound, WorkflowError, load_definitions, parse_definition
from workflow import assessing as assessing_module
from workflow import checks as checks_module

from .engine_support import AUDITOR, CLERK, CLIENT, COUNTER, OTHER_CLIENT, StepClock
from .strategies import json_values

Call = Callable[[Engine, str, Actor], object]


def theirs(engine: Engine, **data: object) -> Case:
    """Tenant utrecht's case (the victim's)."""
    return engine.start("counter", actor=CLIENT, tenant="utrecht", data=dict(data) or {"count": 7}, reference="B")


def refusal(call: Callable[[], object]) -> WorkflowError:
    with pytest.raises(WorkflowError) as info:
        call()
    return info.value


def same_as_unknown(engine: Engine, case_id: str, call: Callable[[str], object]) -> None:
    """The answer for ``case_id`` is the answer for an id that does not exist: class and message.

    Malformed arguments (an empty reason, a NUL) are ``InvalidInput`` before any lookup, alike for both.
    """
    unknown = uuid.uuid4().hex
    seen, missing = refusal(lambda: call(case_id)), refusal(lambda: call(unknown))
    assert type(seen) is type(missing)
    assert type(seen) in (NotFound, InvalidInput)
    assert str(seen).replace(case_id, unknown) == str(missing)
    # nor in what a traceback shows (a debug page, an error tracker with locals): no chained exception
    # telling "other_tenant" from "unknown_case", the same frames and the same locals
    assert (seen.__context__, seen.__cause__, missing.__context__, missing.__cause__) == (None, None, None, None)
    assert _shown_traceback(seen).replace(case_id, unknown) == _shown_traceback(missing)


def _shown_traceback(error: BaseException) -> str:
    """The engine's frames of the traceback as a debugger prints them, each with its locals (addresses out)."""
    stack = traceback.TracebackException.from_exception(error, capture_locals=True).stack
    engine_frames = traceback.StackSummary.from_list([f for f in stack if f"{os.sep}workflow{os.sep}" in f.filename])
    assert engine_frames  # the refusal is raised in the engine: there is something to compare
    return re.sub(r"0x[0-9a-f]+", "0x", "".join(engine_frames.format()))


CALLS: dict[str, Callable[[Engine, str, Actor], object]] = {
    "fire": lambda e, c, a: e.fire(c, "submit", actor=a, input={"count": 5, "note": "x"}, reason="r"),
    "fire_unknown_transition": lambda e, c, a: e.fire(c, "no_such_step", actor=a),
    "fire_replay": lambda e, c, a: e.fire(c, "set", actor=a, input={"count": 1}, idempotency_key="k-1"),
    "explain": lambda e, c, a: e.explain(c, "submit", actor=a, input={"count": 3}),
    "explain_unknown_transition": lambda e, c, a: e.explain(c, "no_such_step", actor=a),
    "available": lambda e, c, a: e.available(c, actor=a),
    "get": lambda e, c, a: e.get(c, actor=a),
    "history": lambda e, c, a: e.history(c, actor=a),
    "state_at": lambda e, c, a: e.state_at(c, datetime(2030, 1, 1, tzinfo=UTC), actor=a),
    "timers": lambda e, c, a: e.timers(c, actor=a),
    "cases_after": lambda e, c, a: e.cases(after=c, actor=a),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_call_on_another_tenants_case_answers_as_for_an_unknown_id(engine: Engine, name: str) -> None:
    case = theirs(engine)
    engine.fire(case.id, "set", actor=CLIENT, input={"count": 7}, idempotency_key="k-1")
    same_as_unknown(engine, case.id, lambda cid: CALLS[name](engine, cid, OTHER_CLIENT))
    assert [e.kind for e in engine.history(case.id)] == ["started", "fired"]


def test_binary_search_of_the_budget_through_refusals_learns_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: bisect B's ``count`` through the guard ``count <= 10`` of ``submit``."""
    case = theirs(engine, count=7, note="n")
    assessed: list[str] = []
    real = checks_module.assess

    def counting(*args: Any, **kwargs: Any) -> Any:
        assessed.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(assessing_module, "assess", counting)
    answers = set()
    for guess in (0, 5, 8, 10, 11, 20, 1000):
        error = refusal(functools.partial(engine.fire, case.id, "submit", actor=OTHER_CLIENT, input={"count": guess}))
        answers.add((type(error), str(error)))
        same_as_unknown(engine, case.id, lambda cid: engine.fire(cid, "submit", actor=OTHER_CLIENT))
    assert answers == {(NotFound, f"zaak {case.id!r} bestaat niet")}
    assert assessed == []  # no guard (no check at all) evaluated against B's data
    assert [e.kind for e in engine.history(case.id)] == ["started"]
    engine.explain(case.id, "submit", actor=CLIENT, input={"count": 5})
    assert assessed  # the patched function is the one every check goes through: the empty list above means it


def test_unknown_transition_on_another_tenants_case_names_no_workflow(engine: Engine) -> None:
    case = theirs(engine)
    error = refusal(lambda: engine.fire(case.id, "no_such_step", actor=OTHER_CLIENT))
    assert str(error) == f"zaak {case.id!r} bestaat niet"
    assert "counter" not in str(error)
    assert "tick" not in str(error)


def test_the_attempt_is_recorded_bounded_and_outside_the_case_chain(engine: Engine) -> None:
    case = theirs(engine)
    huge = "x" * 3_000  # as large as the default limits let through (larger is InvalidInput before any lookup)
    refusal(lambda: engine.fire(case.id, "set", actor=OTHER_CLIENT, input={"note": huge}, reason=huge))
    refusal(lambda: engine.get(case.id, actor=OTHER_CLIENT))
    unknown = uuid.uuid4().hex
    refusal(lambda: engine.get(unknown, actor=OTHER_CLIENT))  # an unknown id: the same write, another code
    records = engine.audit.security_events()
    assert [(r.actor_id, r.actor_tenant, r.case_id, r.operation, r.code) for r in records] == [
        ("olga.other", "zeist", case.id, "fire", "other_tenant"),
        ("olga.other", "zeist", case.id, "get", "other_tenant"),
        ("olga.other", "zeist", unknown, "get", "unknown_case"),
    ]
    assert huge not in repr(records)
    assert [e.kind for e in engine.history(case.id)] == ["started"]
    assert engine.audit.security_events(case_id=uuid.uuid4().hex) == []


def test_an_actor_id_with_a_nul_answers_alike_for_any_case(engine: Engine) -> None:
    """NUL in an actor id is refused before any lookup (limits), so an unseen case and an unknown id answer alike."""
    case = theirs(engine)
    nul = Actor("o\x00lga", ["client"], "zee\x00st")
    answers = set()
    for case_id in (case.id, uuid.uuid4().hex):
        with pytest.raises(InvalidInput) as caught:
            engine.get(case_id, actor=nul)
        answers.add(str(caught.value))
    assert len(answers) == 1
    assert engine.audit.security_events() == []


def test_agency_and_auditor_still_see_every_tenant(engine: Engine) -> None:
    case = theirs(engine)
    assert engine.get(case.id, actor=CLERK) == case
    assert engine.get(case.id, actor=AUDITOR) == case
    assert engine.fire(case.id, "tick", actor=CLERK).case.version == 1
    assert engine.audit.security_events() == []


def test_cases_after_another_tenants_id_answers_as_for_an_unknown_id(engine: Engine) -> None:
    case = theirs(engine)
    mine = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist")
    same_as_unknown(engine, case.id, lambda cid: engine.cases(after=cid, actor=OTHER_CLIENT))
    assert engine.cases(after=mine.id, actor=OTHER_CLIENT) == []
    assert [c.id for c in engine.cases(after=case.id, actor=CLERK)] == [mine.id]


# ------------------------------------------------------------------ role sides per definition, limits after filtering

SIDECAR = """\
workflow: sidecar
version: 1
title: Sidecar
roles:
  client: {label: Client here is the agency, side: agency}
states:
  waiting: {initial: true, deadline: {within: 1 days, flag: late}}
  done: {final: true}
transitions:
  finish: {from: waiting, to: done, roles: [client]}
"""

VISIT = """\
workflow: visit
version: 1
title: Visit
roles:
  clerk: {label: Clerk, side: agency}
  client: {label: Client, side: client}
states:
  waiting: {initial: true, deadline: {within: 1 days, flag: late}}
  done: {final: true}
transitions:
  finish: {from: waiting, to: done, roles: [clerk]}
"""


def two_definitions(db_url: str, tmp_path: Path) -> Engine:
    (tmp_path / "sidecar.yaml").write_text(SIDECAR)
    (tmp_path / "visit.yaml").write_text(VISIT)
    loaded = [
        *load_definitions(COUNTER).all_versions(),
        parse_definition(SIDECAR, str(tmp_path / "sidecar.yaml")),
        parse_definition(VISIT, str(tmp_path / "visit.yaml")),
    ]
    return Engine(db_url, loaded, clock=StepClock(), upgrade=True)


def test_a_second_definition_declaring_the_role_agency_side_opens_only_itself(db_url: str, tmp_path: Path) -> None:
    with two_definitions(db_url, tmp_path) as engine:
        victim = theirs(engine)
        mine = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist")
        side = engine.start("sidecar", actor=Actor("s", ["client"], "elsewhere"), tenant="elsewhere")
        listed = {c.id for c in engine.cases(actor=OTHER_CLIENT)}
        assert listed == {mine.id, side.id}  # sidecar: "client" is agency-side there, and only there
        assert engine.cases(actor=OTHER_CLIENT, tenant="utrecht") == []
        assert victim.id not in {c.id for c, _ in engine.due(within=timedelta(days=30), actor=OTHER_CLIENT)}
        same_as_unknown(engine, victim.id, lambda cid: engine.get(cid, actor=OTHER_CLIENT))


def test_due_applies_its_limit_after_the_visibility_filter(db_url: str, tmp_path: Path) -> None:
    with two_definitions(db_url, tmp_path) as engine:
        others = [engine.start("visit", actor=CLERK, tenant="utrecht") for _ in range(3)]
        own = engine.start("visit", actor=CLERK, tenant="zeist")
        due = engine.due(within=timedelta(days=30), actor=OTHER_CLIENT, limit=1)
        assert [c.id for c, _ in due] == [own.id]
        assert len(engine.due(within=timedelta(days=30), limit=10)) == len(others) + 1
        assert [c.id for c in engine.cases(actor=OTHER_CLIENT, workflow="visit", limit=1)] == [own.id]


# ------------------------------------------------------------------ idempotency keys per tenant


def test_two_gemeenten_may_use_the_same_zaak_number_as_key(engine: Engine) -> None:
    utrecht = engine.start("counter", actor=CLIENT, tenant="utrecht", idempotency_key="ZAAK-2026-001")
    zeist = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist", idempotency_key="ZAAK-2026-001")
    assert utrecht.id != zeist.id
    assert zeist.tenant == "zeist"
    again = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist", idempotency_key="ZAAK-2026-001")
    assert again.id == zeist.id


def test_a_tenant_cannot_learn_or_claim_another_tenants_start_key(engine: Engine) -> None:
    victim = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 3}, idempotency_key="K")
    claimed = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist", data={"count": 9}, idempotency_key="K")
    assert claimed.id != victim.id  # neither B's case nor a conflict naming B's use of the key
    assert engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 3}, idempotency_key="K") == victim


# ------------------------------------------------------------------ audit review honours the actor


def test_audit_review_shows_a_client_only_its_own_tenant(engine: Engine) -> None:
    victim = theirs(engine)
    mine = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist")
    assert {e.case_id for e in engine.audit.query(actor=OTHER_CLIENT)} == {mine.id}
    assert list(engine.audit.query(actor=OTHER_CLIENT, tenant="utrecht")) == []
    assert list(engine.audit.query(actor=OTHER_CLIENT, case_id=victim.id)) == []
    assert {e.case_id for e in engine.audit.query(actor=AUDITOR)} == {mine.id, victim.id}
    assert {e.case_id for e in engine.audit.query()} == {mine.id, victim.id}  # the trusted operator
    assert [e.actor_id for e in engine.audit.query(actor_id="olga.other")] == ["olga.other"]
    unseen, unknown = engine.audit.verify(actor=OTHER_CLIENT, case_id=victim.id), engine.audit.verify(case_id="x")
    assert (unseen.cases, unseen.events) == (unknown.cases, unknown.events) == (0, 0)
    assert engine.audit.verify(actor=OTHER_CLIENT).cases == 1
    assert set(engine.audit.checkpoint(engine.now(), actor=OTHER_CLIENT).heads) == {mine.id}


def cli(url: str, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", url, "--json", *args])
    return result


def test_audit_commands_honour_the_reviewer(db_url: str, tmp_path: Path) -> None:
    with two_definitions(db_url, tmp_path) as engine:
        victim = theirs(engine)
        mine = engine.start("counter", actor=OTHER_CLIENT, tenant="zeist")
    olga = ("--actor", "olga.other", "--role", "client", "--tenant", "zeist")
    log = cli(db_url, *olga, "audit", "log", "--tenant", "utrecht")
    assert log.exit_code == 0, log.output
    assert log.stdout == ""
    own = cli(db_url, *olga, "audit", "log")
    assert {json.loads(line)["case_id"] for line in own.stdout.splitlines()} == {mine.id}
    export = cli(db_url, *olga, "audit", "export", "--format", "jsonl", "--case", victim.id)
    assert (export.exit_code, export.stdout) == (0, "")
    verify = cli(db_url, *olga, "audit", "verify", "--case", victim.id)
    assert json.loads(verify.stdout)["events"] == 0
    operator = cli(db_url, "audit", "log", "--tenant", "utrecht")
    assert {json.loads(line)["case_id"] for line in operator.stdout.splitlines()} == {victim.id}


def test_the_system_role_cannot_be_claimed_on_the_command_line(db_url: str) -> None:
    with Engine(db_url, load_definitions(COUNTER), clock=StepClock(), upgrade=True) as engine:
        case = theirs(engine)
    who = ["--actor", "m", "--role", "system", "--tenant", "zeist"]
    result = CliRunner().invoke(
        main, ["--db", db_url, "--definitions", str(COUNTER), *who, "case", "fire", case.id, "tick"]
    )
    assert result.exit_code != 0
    assert "system" in result.output
    with Engine(db_url, load_definitions(COUNTER), clock=StepClock()) as engine:
        assert [e.kind for e in engine.history(case.id)] == ["started"]


# ------------------------------------------------------------------ the property

outsiders = st.builds(
    Actor,
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12),
    st.sampled_from([(), ("client",), ("nobody",), ("client", "nobody")]),
    st.one_of(st.none(), st.sampled_from(["zeist", "amersfoort", "UTRECHT", "utrecht "])),
)
transitions = st.one_of(st.sampled_from(["tick", "set", "submit", "approve", "reopen"]), st.text(max_size=12))
inputs = st.dictionaries(st.sampled_from(["count", "note", "x"]), json_values, max_size=3)


@st.composite
def calls(draw: st.DrawFn) -> Callable[[Engine, str, Actor], object]:
    transition, payload = draw(transitions), draw(inputs)
    key = draw(st.one_of(st.none(), st.just("k-1"), st.text(min_size=1, max_size=8)))
    reason = draw(st.one_of(st.none(), st.text(max_size=20)))
    options: list[Callable[[Engine, str, Actor], object]] = [
        lambda e, c, a: e.fire(c, transition, actor=a, input=payload, reason=reason, idempotency_key=key),
        lambda e, c, a: e.explain(c, transition, actor=a, input=payload),
        *CALLS.values(),
    ]
    return draw(st.sampled_from(options))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actor=outsiders, call=calls())
def test_property_another_tenants_case_is_indistinguishable_from_a_missing_one(
    engine: Engine, actor: Actor, call: Callable[[Engine, str, Actor], object]
) -> None:
    case = engine.cases(actor=CLIENT, limit=1) or [theirs(engine, count=7, note="n")]
    same_as_unknown(engine, case[0].id, lambda cid: call(engine, cid, actor))
