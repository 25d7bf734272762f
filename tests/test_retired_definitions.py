"""Cases pinned to an older definition version whose stored text the current loader refuses.

``assignment`` version 1 (as an earlier release stored it in wf_definitions)
has guards its own step's input can satisfy; the guard rule of issue 12 now
refuses that text.  Its cases must stay readable — get, history, state_at,
``wf case show/history``, ``wf audit verify`` — and acting on them is refused
with :class:`RetiredDefinition` naming the workflow and version and what to do.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Actor, DefinitionError, Engine, NotFound, RetiredDefinition, load_definitions, parse_definition
from workflow.loader import _Compiler

from .engine_support import StepClock
from .paths import BUNDLED, FIXTURES

V1 = FIXTURES / "legacy" / "assignment.v1.yaml"
TENANT = "gemeente-utrecht"
AMBTELIJK = Actor("m.jansen", ["ambtelijk_opdrachtgever"], TENANT)
AM = Actor("s.bakker", ["accountmanager"])
OTHER = Actor("olga", ["ambtelijk_opdrachtgever"], "gemeente-zeist")


def test_the_current_loader_refuses_the_stored_v1_text() -> None:
    with pytest.raises(DefinitionError, match="dus wie 'record_progress' uitvoert kan er zelf aan voldoen"):
        parse_definition(V1.read_text(encoding="utf-8"), "assignment.v1.yaml")


def _old_release(db_url: str, monkeypatch: pytest.MonkeyPatch, *, receipt: bool) -> str:
    """A case an earlier release started on assignment v1 (its loader had no guard rule)."""
    with monkeypatch.context() as old_release:
        old_release.setattr(_Compiler, "input_owned", lambda *_: True)
        v1 = parse_definition(V1.read_text(encoding="utf-8"), str(V1))
    with Engine(db_url, [v1], clock=StepClock(), upgrade=True) as engine:
        case = engine.start("assignment", actor=AMBTELIJK, tenant=TENANT, reference="UTR-1")
        if receipt:
            engine.fire(case.id, "confirm_receipt", actor=AM)
    return case.id


@pytest.fixture
def v1_case(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A v1 case moved on once (receipt confirmed)."""
    return _old_release(db_url, monkeypatch, receipt=True)


def _today(db_url: str) -> Engine:
    return Engine(db_url, load_definitions(BUNDLED), clock=StepClock(datetime(2026, 12, 1, tzinfo=UTC)))


def test_a_case_on_a_refused_stored_version_stays_readable(db_url: str, v1_case: str) -> None:
    with _today(db_url) as engine:
        case = engine.get(v1_case)
        assert (case.workflow, case.definition_version, case.state) == ("assignment", 1, "clarifying")
        assert engine.get(v1_case, actor=AMBTELIJK) == case  # visibility judged in v1's own roles
        assert [e.kind for e in engine.history(v1_case, actor=AMBTELIJK)] == ["started", "fired"]
        assert engine.state_at(v1_case, datetime(2030, 1, 1, tzinfo=UTC)).state == "clarifying"
        definition = engine.definition_of(case)
        assert definition.retired
        assert definition.states["clarifying"].label == "Vraagverheldering"
        verified = engine.audit.verify()
        assert verified.intact, verified.breaks
        assert [e.seq for e in engine.audit.query(case_id=v1_case, actor=AMBTELIJK)] == [1, 2]
        with pytest.raises(NotFound):  # tenant first still: another gemeente learns nothing, not even "retired"
            engine.get(v1_case, actor=OTHER)


def test_acting_on_it_is_refused_naming_workflow_version_and_what_to_do(db_url: str, v1_case: str) -> None:
    with _today(db_url) as engine:
        for act in (
            lambda: engine.fire(v1_case, "classify", actor=AM, input={"kind": "basistaak"}),
            lambda: engine.explain(v1_case, "classify", actor=AM),
            lambda: engine.available(v1_case, actor=AM),
        ):
            with pytest.raises(RetiredDefinition) as info:
                act()
            message = str(info.value)
            assert "assignment version 1" in message
            newest = max(d.version for d in load_definitions(BUNDLED).all_versions() if d.workflow == "assignment")
            assert f"start a new case on version {newest}" in message
            assert "can be read" in message
        with pytest.raises(NotFound):
            engine.fire(v1_case, "classify", actor=OTHER)
        assert len(engine.history(v1_case)) == 2  # nothing written, not even a refusal


def test_a_deadline_of_a_retired_case_is_refused_not_stuck(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    received = _old_release(db_url, monkeypatch, receipt=False)  # 'received' runs a 5-working-day deadline
    with _today(db_url) as engine:
        assert [t.state for t in engine.timers(received)] == ["received"]
        later = engine.now() + timedelta(days=400)
        outcomes = engine.run_due_timers(later)
        assert [(o.case_id, o.outcome) for o in outcomes] == [(received, "refused")]
        assert engine.run_due_timers(later) == []  # never raised, never retried for ever
        assert len(engine.history(received)) == 1  # no flag written on a version that no longer loads


def test_cli_shows_and_verifies_a_retired_case_and_refuses_to_fire(db_url: str, v1_case: str) -> None:
    runner = CliRunner()
    base = ["--db", db_url, "--definitions", str(BUNDLED), "--lang", "en"]
    show = runner.invoke(main, [*base, "case", "show", v1_case])
    assert show.exit_code == 0, show.output
    assert "Vraagverheldering" in show.output
    assert "assignment version 1 no longer loads" in show.output
    shown = runner.invoke(main, [*base, "--json", "case", "show", v1_case])
    assert json.loads(shown.stdout)["retired"].startswith("assignment version 1")
    history = runner.invoke(main, [*base, "case", "history", v1_case])
    assert history.exit_code == 0, history.output
    verify = runner.invoke(main, ["--db", db_url, "audit", "verify"])
    assert verify.exit_code == 0, verify.output
    who = ["--actor", "s.bakker", "--role", "accountmanager"]
    fired = runner.invoke(main, [*base, *who, "case", "fire", v1_case, "classify"])
    assert fired.exit_code == 1, fired.output
    assert "assignment version 1" in fired.output
    assert "Traceback" not in fired.output


def test_an_export_with_labels_reads_the_retired_version(db_url: str, v1_case: str) -> None:
    runner = CliRunner()
    exported = runner.invoke(main, ["--db", db_url, "audit", "export", "--format", "jsonl", "--case", v1_case])
    assert exported.exit_code == 0, exported.output
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert records[-1]["to_state_label"] == "Vraagverheldering"
