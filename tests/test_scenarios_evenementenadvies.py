"""Walks of the bundled event-advice definition of a veiligheidsregio."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from workflow import Actor, Engine, NotFound, load_definitions

from .paths import BUNDLED
from .scenario_support import MovableClock, Walk, blocker_codes_of_scenarios, guard_codes

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
    with Engine(f"sqlite:///{tmp_path / 'e.db'}", load_definitions(BUNDLED), clock=clock) as opened:
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
        application={"received_on": clock.date(), "complete": complete, "decision_due": clock.date(56)},
    )


def advice_requested(engine: Engine, clock: MovableClock, level: str = "B") -> Walk:
    walk = application(engine, clock)
    walk.fire("classify_risk", ADVISEUR, risk={"level": level, "reasoning": "publiek, alcohol"})
    walk.fire("request_advice", GEMEENTE, advice={"due_date": clock.date(40)})
    return walk


def test_b_event_with_advice_information_inspection_and_evaluation(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock)
    walk.fire("ask_info", ADVISEUR, info_request={"question": "Waar staan de nooduitgangen?"})
    walk.refused("provide_info", GEMEENTE, "required.info_request.answer")
    walk.fire("provide_info", GEMEENTE, info_request={"answer": "Zie plattegrond v2"})
    walk.fire("issue_advice", ADVISEUR, advice={"text": "Verleen met voorschriften", "conditions": ["2 EHBO-posten"]})
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "verleend", "decided_on": clock.date(45)})
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
    walk.refused("request_advice", GEMEENTE, "no_advice_for_a", advice={"due_date": clock.date(40)})
    walk.fire("no_advice", ADVISEUR)
    walk.refused(
        "decide_permit", GEMEENTE, "decision_after_event", permit={"decision": "verleend", "decided_on": clock.date(80)}
    )
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "verleend", "decided_on": clock.date(30)})
    walk.refused("close_refused", GEMEENTE, "permit_granted")
    clock.advance(70)
    assert walk.fire("hold_event", TOEZICHT) == "event_held"


def test_b_and_c_events_always_get_advice(engine: Engine, clock: MovableClock) -> None:
    walk = application(engine, clock)
    walk.fire("classify_risk", ADVISEUR, risk={"level": "B"})
    walk.refused("no_advice", ADVISEUR, "advice_required")
    walk.refused("request_advice", GEMEENTE, "advice_due_after_event", advice={"due_date": clock.date(80)})


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
    walk.fire("decide_permit", GEMEENTE, permit={"decision": "geweigerd", "decided_on": clock.date(45)})
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


def test_information_request_stops_the_advice_clock(engine: Engine, clock: MovableClock) -> None:
    walk = advice_requested(engine, clock)
    [before] = engine.timers(walk.case_id)
    walk.fire("ask_info", ADVISEUR, info_request={"question": "Plattegrond?"})
    assert [t.status for t in engine.timers(walk.case_id)] == ["paused"]
    clock.advance(10)
    walk.fire("provide_info", GEMEENTE, info_request={"answer": "Bijgevoegd"})
    [after] = engine.timers(walk.case_id)
    assert (after.status, after.due_at - before.due_at) == ("pending", timedelta(days=10))


def test_decision_term_extended_once_by_the_mandate_holder(engine: Engine, clock: MovableClock) -> None:
    walk = application(engine, clock)
    walk.fire("classify_risk", ADVISEUR, risk={"level": "A"})
    walk.fire("no_advice", ADVISEUR)
    [term] = engine.timers(walk.case_id)
    assert (term.state, term.flag) == ("no_advice_needed", "decision_term_passed")
    walk.refused("extend_decision_term", GEMEENTE, "role_not_allowed")
    walk.fire("extend_decision_term", MANDAAT)
    assert engine.timers(walk.case_id)[0].due_at - term.due_at == timedelta(weeks=6)
    walk.refused("extend_decision_term", MANDAAT, "deadline_already_extended")
    clock.advance(56 + 42 + 1)
    assert [o.outcome for o in engine.run_due_timers()] == ["flagged"]
    assert engine.get(walk.case_id).flags == ("decision_term_passed",)


@pytest.mark.slow
def test_every_guard_fires_in_some_scenario(tmp_path: Path) -> None:
    missing = guard_codes("evenementenadvies") - blocker_codes_of_scenarios(
        sys.modules[__name__], "evenementenadvies", tmp_path
    )
    assert not missing, f"guards no scenario made fire: {sorted(missing)}"
