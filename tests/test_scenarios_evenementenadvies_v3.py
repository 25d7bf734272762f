"""Walks of version 3 of the bundled event-advice definition (cases started before version 4 keep it).

Each engine here loads only ``evenementenadvies.v3.yaml``, so new cases start on
version 3 and these walks keep covering it; version 4 has its own scenarios
(``test_scenarios_evenementenadvies.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from workflow import Actor, DefinitionSet, Engine, NotFound, TransitionRefused, load_definition, load_definitions
from workflow.guard_context import Budget, GuardContext
from workflow.guards import Scope, compile_expression
from workflow.workdays import WorkCalendar

from .paths import BUNDLED, FIXTURES
from .scenario_support import MovableClock, Walk, blocker_codes_of_scenarios, guard_codes

V3 = FIXTURES / "legacy" / "evenementenadvies.v3.yaml"
V4 = BUNDLED / "evenementenadvies.yaml"

TENANT = "gemeente-amersfoort"
GEMEENTE = Actor("v.vergunning", ["gemeente_behandelaar"], TENANT)
OTHER_GEMEENTE = Actor("x.elders", ["gemeente_behandelaar"], "gemeente-nijkerk")
ADVISEUR = Actor("e.adviseur", ["adviseur_evenementen"])
COLLEGA = Actor("f.collega", ["adviseur_evenementen"])
TEAMLEIDER = Actor("t.leider", ["teamleider"])
TOEZICHT = Actor("h.toezicht", ["toezichthouder"])
AM = Actor("s.bakker", ["accountmanager"])


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def engine(tmp_path: Path, clock: MovableClock) -> Iterator[Engine]:
    with Engine(f"sqlite:///{tmp_path / 'e.db'}", load_definitions(V3), clock=clock) as opened:
        yield opened


def application(
    engine: Engine, clock: MovableClock, *, size: str = "klein", days_ahead: int = 70, complete: bool = True
) -> Walk:
    return Walk(engine, clock, "evenementenadvies").start(
        GEMEENTE,
        TENANT,
        event={
            "name": "Zomerfestival",
            "date": clock.date(days_ahead),
            "size": size,
            "visitors": 4000,
            "location": "Park",
        },
        application={"received_on": clock.date(), "complete": complete},
    )


def advice_requested(engine: Engine, clock: MovableClock, level: str = "B") -> Walk:
    walk = application(engine, clock)
    walk.fire("classify_risk", ADVISEUR, risk={"level": level, "reasoning": "publiek, alcohol"})
    walk.fire("request_advice", GEMEENTE)
    return walk


def test_b_event_with_advice_information_inspection_and_evaluation(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock)
    walk.fire("ask_info", ADVISEUR, info_request={"question": "Waar staan de nooduitgangen?"})
    walk.refused("provide_info", GEMEENTE, "required.info_request.answer")
    walk.fire("provide_info", GEMEENTE, info_request={"answer": "Zie plattegrond v2"})
    walk.fire("issue_advice", ADVISEUR, advice={"text": "Verleen met voorschriften", "conditions": ["2 EHBO-posten"]})
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "verleend", "decided_on": clock.date()})
    walk.fire("plan_inspection", TOEZICHT)
    walk.refused("hold_event", TOEZICHT, "event_not_yet")
    clock.advance(70)
    walk.fire("hold_event", TOEZICHT, inspection={"findings": "geen bijzonderheden"})
    walk.refused("evaluate", ADVISEUR, "required.evaluation.remarks")
    walk.fire("evaluate", ADVISEUR, evaluation={"remarks": "Goed verlopen", "incidents": 0})
    assert walk.fire("close", AM) == "closed"


def test_a_event_needs_no_advice(engine: Engine, clock: MovableClock) -> None:
    walk = application(engine, clock)
    walk.fire("classify_risk", ADVISEUR, risk={"level": "A"})
    walk.refused("request_advice", GEMEENTE, "no_advice_for_a")
    walk.fire("no_advice", ADVISEUR)
    walk.refused(
        "decide_permit", GEMEENTE, "decision_after_event", permit={"decision": "verleend", "decided_on": clock.date(80)}
    )
    walk.refused(
        "decide_permit", GEMEENTE, "decision_date_invalid", permit={"decision": "verleend", "decided_on": clock.date(1)}
    )
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "verleend", "decided_on": clock.date()})
    walk.refused("close_refused", GEMEENTE, "permit_granted")
    clock.advance(70)
    assert walk.fire("hold_event", TOEZICHT) == "event_held"


def test_b_and_c_events_always_get_advice(engine: Engine, clock: MovableClock) -> None:
    walk = application(engine, clock)
    walk.fire("classify_risk", ADVISEUR, risk={"level": "B"})
    walk.refused("no_advice", ADVISEUR, "advice_required")
    clock.advance(50)
    walk.refused("request_advice", GEMEENTE, "advice_too_late")


def test_c_advice_is_set_by_someone_else(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock, level="C")
    walk.refused("issue_advice", ADVISEUR, "four_eyes_c", advice={"text": "Advies"})
    assert walk.fire("issue_advice", TEAMLEIDER, advice={"text": "Advies"}) == "advice_issued"


def test_no_advice_after_the_event(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock)
    clock.advance(71)
    walk.refused("issue_advice", COLLEGA, "event_passed", advice={"text": "Te laat"})


@pytest.mark.parametrize(
    ("size", "days", "complete", "codes"),
    [
        ("klein", 50, True, ["application_late"]),
        ("groot", 70, True, ["application_late"]),
        ("klein", 70, False, ["application_incomplete"]),
    ],
)
def test_late_or_incomplete_application(
    engine: Engine, clock: MovableClock, size: str, days: int, complete: bool, codes: list[str]
) -> None:
    walk = application(engine, clock, size=size, days_ahead=days, complete=complete)
    walk.refused("classify_risk", ADVISEUR, *codes, risk={"level": "B"})
    assert walk.fire("reject_application", GEMEENTE, end_reason="Te laat of onvolledig") == "rejected"


def test_timely_complete_application_is_not_rejected(engine: Engine, clock: MovableClock) -> None:
    walk = application(engine, clock, size="groot", days_ahead=90)
    walk.refused("reject_application", GEMEENTE, "application_acceptable", end_reason="Zomaar")


def test_refused_permit_is_closed_without_event(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock)
    walk.fire("issue_advice", ADVISEUR, advice={"text": "Niet verlenen: onvoldoende vluchtwegen"})
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "geweigerd", "decided_on": clock.date()})
    walk.refused("plan_inspection", TOEZICHT, "permit_refused")
    clock.advance(70)
    walk.refused("hold_event", TOEZICHT, "permit_refused")
    assert walk.fire("close_refused", GEMEENTE) == "closed"


def test_withdrawal_and_tenants(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock)
    with pytest.raises(NotFound):  # another organisation's case does not exist for this actor
        engine.fire(walk.case_id, "withdraw", actor=OTHER_GEMEENTE)
    walk.refused("issue_advice", GEMEENTE, "role_not_allowed", advice={"text": "x"})
    assert walk.fire("withdraw", GEMEENTE, end_reason="Organisator trekt zich terug") == "withdrawn"


MANDAAT = Actor("b.mandaat", ["mandaathouder"], TENANT)


def _at(clock: MovableClock, day: str) -> None:
    """Move the clock to 09:00 (UTC) on ``day``."""
    clock.now = datetime.combine(date.fromisoformat(day), time(9), tzinfo=UTC)


def _term(engine: Engine, walk: Walk, name: str = "beslistermijn") -> dict[str, Any]:
    return dict(engine.get(walk.case_id).data["termijnen"][name])


def _received(engine: Engine, clock: MovableClock, day: str) -> Walk:
    _at(clock, day)
    return application(engine, clock, days_ahead=120)


@pytest.mark.parametrize(
    ("received", "legal_end"),
    [
        ("2026-03-10", "2026-05-06"),  # naive end Tue 5 May (Bevrijdingsdag, every year)
        ("2026-03-07", "2026-05-04"),  # naive end Saturday
        ("2026-03-02", "2026-04-28"),  # naive end Koningsdag
        ("2026-02-06", "2026-04-07"),  # naive end Goede Vrijdag, then the weekend and tweede Paasdag
    ],
)
def test_decision_term_is_the_legal_end_from_receipt(
    engine: Engine, clock: MovableClock, received: str, legal_end: str
) -> None:
    walk = _received(engine, clock, received)
    term = _term(engine, walk)
    assert (term["start"], term["end"], term["status"]) == (received, legal_end, "running")
    [timer] = [t for t in engine.timers(walk.case_id) if t.term == "beslistermijn"]
    assert timer.due_at == WorkCalendar.end_of(date.fromisoformat(legal_end))


def test_decision_term_runs_across_states_until_the_decision(engine: Engine, clock: MovableClock) -> None:
    walk = _received(engine, clock, "2026-03-10")
    walk.fire("classify_risk", ADVISEUR, risk={"level": "B"})
    walk.fire("request_advice", GEMEENTE)
    walk.fire("ask_info", ADVISEUR, info_request={"question": "Plattegrond?"})
    walk.fire("provide_info", GEMEENTE, info_request={"answer": "Bijgevoegd"})
    walk.fire("issue_advice", ADVISEUR, advice={"text": "Verlenen"})
    term = _term(engine, walk)
    assert (term["end"], term["status"]) == ("2026-05-06", "running")
    assert engine.get(walk.case_id).data["termijnen"]["adviestermijn"]["status"] == "ended"
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "verleend", "decided_on": clock.date()})
    assert _term(engine, walk)["status"] == "ended"
    assert not [t for t in engine.timers(walk.case_id) if t.term and t.status == "pending"]


def test_advice_term_is_counted_back_from_the_event(engine: Engine, clock: MovableClock) -> None:
    _at(clock, "2026-03-10")
    walk = application(engine, clock, days_ahead=96)  # event on Sunday 14 June 2026
    walk.fire("classify_risk", ADVISEUR, risk={"level": "B"})
    walk.fire("request_advice", GEMEENTE)
    advice = _term(engine, walk, "adviestermijn")
    # Whit Sunday: a term counted back is not rolled forward (Atw art. 1 lid 2)
    assert (advice["start"], advice["end"], advice["rule"]) == ("2026-06-14", "2026-05-24", "backward")


def test_suspension_counts_whole_days_and_moves_the_end(engine: Engine, clock: MovableClock) -> None:
    walk = _received(engine, clock, "2026-03-10")
    walk.refused("suspend_decision_term", GEMEENTE, "role_not_allowed")
    walk.refused("resume_decision_term", GEMEENTE, "term_not_suspended")
    walk.fire("suspend_decision_term", MANDAAT)  # asked on 10 March: suspended from 11 March
    assert _term(engine, walk)["status"] == "suspended"
    assert [t.status for t in engine.timers(walk.case_id) if t.term] == ["paused"]
    walk.refused("suspend_decision_term", MANDAAT, "term_already_suspended")
    clock.now += timedelta(days=9, hours=7)  # completed on 19 March, late in the day: 8 whole days
    walk.fire("resume_decision_term", GEMEENTE)
    term = _term(engine, walk)
    assert (term["suspended_days"], term["naive_end"], term["end"]) == (8, "2026-05-13", "2026-05-13")
    assert term["suspensions"][0]["ground"].startswith("Awb 4:15 lid 1 onder a")
    [timer] = [t for t in engine.timers(walk.case_id) if t.term]
    assert (timer.status, timer.due_at) == ("pending", WorkCalendar.end_of(date(2026, 5, 13)))
    event = engine.history(walk.case_id, actor=MANDAAT)[-1]
    assert any(change["path"][:2] == ["termijnen", "beslistermijn"] for change in event.data_diff)


def test_extension_once_before_the_end_by_the_mandate_holder(engine: Engine, clock: MovableClock) -> None:
    walk = _received(engine, clock, "2026-03-10")
    clock.advance(30)
    walk.refused("extend_decision_term", GEMEENTE, "role_not_allowed")
    walk.fire("extend_decision_term", MANDAAT)
    term = _term(engine, walk)
    assert (term["end"], term["extended_on"]) == ("2026-06-16", "2026-04-09")  # 5 May + 6 weeks = Tue 16 June
    walk.refused("extend_decision_term", MANDAAT, "term_already_extended")
    [timer] = [t for t in engine.timers(walk.case_id) if t.term]
    assert (timer.extended, timer.due_at) == (True, WorkCalendar.end_of(date(2026, 6, 16)))


def test_extension_refused_after_expiry_and_the_term_flags(engine: Engine, clock: MovableClock) -> None:
    walk = _received(engine, clock, "2026-03-10")
    _at(clock, "2026-05-07")
    found = walk.refused("extend_decision_term", MANDAAT, "term_expired")
    assert found == ["term_expired"]
    assert [o.outcome for o in engine.run_due_timers()] == ["flagged"]
    assert engine.get(walk.case_id).flags == ("decision_term_passed",)


def test_guards_read_a_terms_end(engine: Engine, clock: MovableClock) -> None:
    walk = _received(engine, clock, "2026-03-10")
    case = engine.get(walk.case_id)
    definition = load_definitions(V3)["evenementenadvies"]
    context = GuardContext(data=case.data, actor={}, case={}, now=clock.now, terms=case.data["termijnen"])
    end = compile_expression(
        'term_end("beslistermijn") == "2026-05-06"', Scope(lambda p: True, frozenset(), frozenset(definition.terms))
    )
    passed = compile_expression(
        'term_passed("beslistermijn")', Scope(lambda p: True, frozenset(), frozenset(definition.terms))
    )
    assert end.evaluate(context, Budget()) is True
    assert passed.evaluate(context, Budget()) is False
    late = GuardContext(
        data=case.data, actor={}, case={}, now=clock.now + timedelta(days=58), terms=case.data["termijnen"]
    )
    assert passed.evaluate(late, Budget()) is True


@pytest.mark.parametrize("reopened_with", [(V3, V4), (V4,)], ids=["v3-and-v4-loaded", "only-v4-loaded"])
def test_a_v3_case_opens_and_continues_after_v4_arrives(
    db_url: str, clock: MovableClock, reopened_with: tuple[Path, ...]
) -> None:
    """Cases stay pinned to the version they started on: the registry keeps v3 loaded (its file is
    still bundled) or rebuilds it from the source stored when it was first used."""
    url = db_url  # SQLite, and PostgreSQL when WF_TEST_POSTGRES_URL is set
    with Engine(url, load_definitions(V3), clock=clock) as before:
        walk = application(before, clock)
        walk.fire("classify_risk", ADVISEUR, risk={"level": "B"})
    with Engine(url, DefinitionSet([load_definition(p) for p in reopened_with]), clock=clock) as after:
        walk.engine = after
        case = after.get(walk.case_id)
        assert (case.definition_version, case.state) == (3, "risk_classified")
        assert after.definition_of(case).version == 3
        walk.refused("no_advice", ADVISEUR, "advice_required")  # a v3 guard, v3 transition
        assert walk.fire("request_advice", GEMEENTE) == "advice_requested"
        walk.fire("issue_advice", ADVISEUR, advice={"text": "Verlenen"})
        walk.fire("decide_permit", GEMEENTE, permit={"decision": "verleend", "decided_on": clock.date()})
        assert after.get(walk.case_id).definition_version == 3
        fresh = after.start(
            "evenementenadvies", actor=GEMEENTE, tenant=TENANT, data={"melding": {"received_on": clock.date()}}
        )
        assert fresh.definition_version == 4


@pytest.mark.slow
def test_every_guard_fires_in_some_scenario(tmp_path: Path) -> None:
    missing = guard_codes("evenementenadvies", V3) - blocker_codes_of_scenarios(
        sys.modules[__name__], "evenementenadvies", tmp_path, V3
    )
    assert not missing, f"guards no scenario made fire: {sorted(missing)}"


def test_term_blockers_speak_the_engines_language(engine: Engine, clock: MovableClock) -> None:
    walk = _received(engine, clock, "2026-03-10")
    _at(clock, "2026-05-07")
    messages = {}
    for language in ("nl", "en"):
        engine.language = language
        with pytest.raises(TransitionRefused) as refused:
            engine.fire(walk.case_id, "extend_decision_term", actor=MANDAAT)
        [blocker] = [b for b in refused.value.blockers if b.code == "term_expired"]
        messages[language] = (blocker.message, blocker.detail)
    assert messages["nl"] == (
        "De beslistermijn is verstreken op woensdag 6 mei 2026; verdagen kan alleen vóór het einde van de termijn.",
        "vandaag is het donderdag 7 mei 2026",
    )
    assert messages["en"] == (
        "The beslistermijn ended on Wednesday 6 May 2026; extending is possible only before the term ends.",
        "today is Thursday 7 May 2026",
    )
