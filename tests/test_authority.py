"""Authority the actor cannot grant itself, written as the attacks of issue 12.

Each test is the bypass a hostile user tried on the bundled ``assignment``
definition (or on ``Actor``), on SQLite and PostgreSQL: the mandate raised in
the signer's own input, the four-eyes check fooled by a typed name, the client
rewriting the agency's hours at acceptance, and the ``system`` role claimed.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

import pytest

from workflow import SYSTEM_ACTOR, Actor, Engine, TransitionRefused, WorkflowError
from workflow.errors import InvalidInput

from .engine_support import StepClock
from .scenario_support import startable_at

TENANT = "gemeente-utrecht"
AMBTELIJK = Actor("m.jansen", ["ambtelijk_opdrachtgever"], TENANT, attributes={"mandate_limit_eur": 25000})
AM = Actor("s.bakker", ["accountmanager"])
TM = Actor("r.visser", ["teammanager"])
PL = Actor("p.smit", ["projectleider", "kwaliteitstoetser"])
QA = Actor("k.mulder", ["kwaliteitstoetser"])


@pytest.fixture
def engine(db_url: str, clock: StepClock) -> Iterator[Engine]:
    """These attacks were written on assignment v2, which old cases still run on; v3's: test_assignment_v3_*.py."""
    with Engine(db_url, startable_at("assignment", 2), clock=clock, upgrade=True) as opened:
        yield opened


def _quoted(engine: Engine, budget_eur: int) -> str:
    """A plustaak case with the agency's quote sent: scope and budget written by the agency."""
    today = engine.now().date()
    case = engine.start("assignment", actor=AMBTELIJK, tenant=TENANT, data={"received_on": today.isoformat()})
    engine.fire(case.id, "confirm_receipt", actor=AM)
    question = dict.fromkeys(("origin", "goal", "expected_result", "bevoegd_gezag"), "x")
    engine.fire(
        case.id, "classify", actor=AM, input={"question": {**question, "wanted_date": "2027-06-01"}, "kind": "plustaak"}
    )
    scope = {"description": "Metingen", "deliverables": ["Rapport"], "budget_hours": 100, "budget_eur": budget_eur}
    quote = {"hours": 100, "amount_eur": budget_eur, "valid_until": "2027-01-31", "capacity_checked": True}
    engine.fire(case.id, "draft_quote", actor=AM, input={"scope": {**scope, "deadline": "2027-06-01"}, "quote": quote})
    engine.fire(case.id, "send_quote", actor=TM)
    return case.id


def _signed(today: str) -> dict[str, object]:
    return {"confirmation": {"signed_on": today}, "scope": {"cost_centre": "6.2.14"}}


def _codes(info: pytest.ExceptionInfo[TransitionRefused]) -> list[str]:
    return [b.code for b in info.value.blockers]


def test_client_cannot_raise_its_own_mandate_in_the_signing_input(engine: Engine) -> None:
    case_id = _quoted(engine, budget_eur=90000)
    attack = {**_signed("2026-11-26"), "mandate": {"ambtelijk_limit_eur": 1_000_000_000}}
    with pytest.raises(TransitionRefused) as info:
        engine.fire(case_id, "confirm", actor=AMBTELIJK, input=attack)
    assert _codes(info) == ["undeclared_input"]
    assert "'mandate.ambtelijk_limit_eur'" in info.value.blockers[0].message
    case = engine.get(case_id)
    assert (case.state, "mandate" in case.data) == ("quote_sent", False)
    with pytest.raises(TransitionRefused) as info:  # the honest request: the mandate comes from the actor
        engine.fire(case_id, "confirm", actor=AMBTELIJK, input=_signed("2026-11-26"))
    assert _codes(info) == ["above_mandate"]


def test_signing_within_the_mandate_the_service_vouches_for(engine: Engine) -> None:
    case_id = _quoted(engine, budget_eur=20000)
    assert engine.fire(case_id, "confirm", actor=AMBTELIJK, input=_signed("2026-11-26")).case.state == "confirmed"


def _executing(engine: Engine, started_by: Actor) -> str:
    case_id = _quoted(engine, budget_eur=10000)
    engine.fire(case_id, "confirm", actor=AMBTELIJK, input=_signed("2026-11-26"))
    engine.fire(case_id, "plan", actor=TM, input={"execution": {"projectleider": PL.id}})
    engine.fire(case_id, "start_execution", actor=started_by, input={"execution": {"case_number": "Z-1"}})
    return case_id


DELIVERY = {"delivery": {"deliverables": ["Rapport"], "hours_booked": 10}}


def test_projectleider_cannot_pass_four_eyes_by_naming_someone_else(engine: Engine) -> None:
    case_id = _executing(engine, started_by=PL)
    attack = {**DELIVERY, "execution": {"projectleider": "someone.else"}}
    with pytest.raises(TransitionRefused) as info:
        engine.fire(case_id, "deliver", actor=PL, input=attack)
    assert _codes(info) == ["undeclared_input"]
    assert "'execution.projectleider'" in info.value.blockers[0].message
    with pytest.raises(TransitionRefused) as info:  # the recorded actors decide, not a name in the data
        engine.fire(case_id, "deliver", actor=PL, input=DELIVERY)
    assert _codes(info) == ["four_eyes"]
    assert engine.get(case_id).data["execution"]["projectleider"] == PL.id
    assert engine.fire(case_id, "deliver", actor=QA, input=DELIVERY).case.state == "delivered"


def test_client_cannot_overwrite_the_agencys_hours_and_budget_at_acceptance(engine: Engine) -> None:
    case_id = _executing(engine, started_by=TM)
    engine.fire(case_id, "record_progress", actor=PL, input={"execution": {"hours_spent": 60}})
    engine.fire(case_id, "deliver", actor=QA, input=DELIVERY)
    before = engine.get(case_id)
    attack = {"execution": {"hours_spent": 1}, "scope": {"budget_hours": 1, "budget_eur": 1}}
    with pytest.raises(TransitionRefused) as info:
        engine.fire(case_id, "accept", actor=AMBTELIJK, input=attack)
    assert _codes(info) == ["undeclared_input"] * 3
    after = engine.get(case_id)
    assert (after.state, after.data, after.version) == ("delivered", before.data, before.version)
    accepted = engine.fire(case_id, "accept", actor=AMBTELIJK, input={"acceptance": {"remarks": "Akkoord"}})
    assert accepted.case.data["execution"]["hours_spent"] == 60


@pytest.mark.parametrize("roles", [["system"], "system", ["ambtelijk_opdrachtgever", "system"]])
def test_a_caller_cannot_build_an_actor_holding_the_system_role(roles: list[str] | str) -> None:
    with pytest.raises(InvalidInput, match="gereserveerde rol") as info:
        Actor("m", roles, tenant="A")
    assert isinstance(info.value, WorkflowError)
    assert info.value.code == "invalid_input"


def test_a_claimed_system_role_cannot_fire_a_system_transition(engine: Engine) -> None:
    case_id = _quoted(engine, budget_eur=10000)
    with pytest.raises(InvalidInput):
        engine.fire(case_id, "expire_quote", actor=Actor("m", ["system"], tenant=TENANT))
    assert engine.get(case_id).state == "quote_sent"


def test_the_engines_own_actor_still_acts_as_system() -> None:
    assert SYSTEM_ACTOR.roles == ("system",)
    assert Actor._system() == SYSTEM_ACTOR


def test_actor_attributes_are_a_frozen_copy() -> None:
    given = {"mandate_limit_eur": 25000, "regions": ["Utrecht"]}
    actor = Actor("m", ["ambtelijk_opdrachtgever"], TENANT, attributes=given)
    given["mandate_limit_eur"] = 10**9
    assert actor.attributes["mandate_limit_eur"] == 25000
    assert isinstance(actor.attributes, MappingProxyType)
    with pytest.raises(TypeError):
        actor.attributes["mandate_limit_eur"] = 10**9  # type: ignore[index]
    assert actor.attributes["regions"] == ("Utrecht",)
    with pytest.raises(InvalidInput, match="moet JSON zijn"):
        Actor("m", ["r"], attributes={"when": object()})
