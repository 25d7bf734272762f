"""A case started on assignment v2 still opens and continues on v2 after v3 is bundled.

The registry pins a case to the definition version it started under: a
loaded one (``assignment.v2.yaml`` stays bundled), or else the text stored in
the database when the version was first used.  New cases start on v3.
"""

from __future__ import annotations

import pytest

from workflow import Actor, DefinitionSet, Engine, TransitionRefused, load_definition, load_definitions

from .engine_support import StepClock
from .paths import BUNDLED
from .scenario_support import bundled_at

TENANT = "gemeente-utrecht"
AMB = Actor("m.jansen", ["ambtelijk_opdrachtgever"], TENANT, attributes={"mandate_limit_eur": 25000})
AM = Actor("s.bakker", ["accountmanager"])
TM = Actor("r.visser", ["teammanager"])
PL = Actor("p.smit", ["projectleider"])


def _v2_case(url: str, clock: StepClock) -> str:
    """Before the upgrade: a plustaak case on v2, clarified and classified the v2 way (``kind``)."""
    with Engine(url, bundled_at("assignment", 2), clock=clock, upgrade=True) as engine:
        case = engine.start("assignment", actor=AMB, tenant=TENANT, data={"received_on": "2026-11-20"})
        engine.fire(case.id, "confirm_receipt", actor=AM)
        question = dict.fromkeys(("origin", "goal", "expected_result", "bevoegd_gezag"), "x")
        question["wanted_date"] = "2027-06-01"
        engine.fire(case.id, "classify", actor=AM, input={"question": question, "kind": "plustaak"})
        return case.id


def test_a_v2_case_continues_on_v2_while_new_cases_start_on_v3(db_url: str, clock: StepClock) -> None:
    case_id = _v2_case(db_url, clock)
    with Engine(db_url, load_definitions(BUNDLED), clock=clock, upgrade=True) as engine:
        case = engine.get(case_id)
        assert (case.definition_version, case.state) == (2, "classified")
        assert engine.definition_of(case).file.endswith("assignment.v2.yaml")
        # v2's own steps and names: the quote with hours and amount, sent by the teammanager
        scope = {"description": "Metingen", "deliverables": ["Rapport"], "budget_hours": 100, "budget_eur": 10000}
        quote = {"hours": 100, "amount_eur": 10000, "valid_until": "2027-01-31", "capacity_checked": True}
        engine.fire(
            case_id, "draft_quote", actor=AM, input={"scope": {**scope, "deadline": "2027-06-01"}, "quote": quote}
        )
        assert engine.fire(case_id, "send_quote", actor=TM).case.state == "quote_sent"
        new = engine.start("assignment", actor=AMB, tenant=TENANT, data={"received_on": "2026-11-26"})
        assert new.definition_version == 3
        assert engine.fire(new.id, "confirm_receipt", actor=AM).case.state == "clarifying"


def test_a_v2_case_continues_from_the_stored_text_when_only_v3_is_loaded(db_url: str, clock: StepClock) -> None:
    case_id = _v2_case(db_url, clock)
    only_v3 = DefinitionSet([load_definition(BUNDLED / "assignment.yaml")])
    with Engine(db_url, only_v3, clock=clock, upgrade=True) as engine:
        case = engine.get(case_id)
        assert engine.definition_of(case).file == "<stored assignment v2>"
        plan = {"scope": {"description": "Metingen", "budget_hours": 40, "deadline": "2027-06-01"}}
        with pytest.raises(TransitionRefused) as info:  # v2's rule, in v2's words
            engine.fire(case_id, "plan", actor=TM, input={**plan, "execution": {"projectleider": PL.id}})
        (blocker,) = info.value.blockers
        assert blocker.code == "confirmation_needed"
        assert blocker.message.endswith("na een getekende opdrachtbevestiging; stel een offerte op.")
        rejected = engine.fire(case_id, "reject", actor=AM, input={"end_reason": "Valt onder de GGD"})
        assert (rejected.case.state, rejected.case.definition_version) == ("rejected", 2)
