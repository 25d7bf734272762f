"""Assignment v3, told the way a practitioner at an omgevingsdienst tells it.

Each story walks one case on the engine API and, at each point where someone
tries the wrong step or the right step too early, asserts every blocker they
meet — the exact set of codes — with the start of its Dutch message.  The last
test checks that together the stories meet every guard of the definition.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workflow import Actor, Engine, GuardFailed, TransitionRefused, load_definitions

from .paths import BUNDLED
from .scenario_support import MovableClock, blocker_codes_of_scenarios, guard_codes

TENANT = "gemeente-utrecht"
AMB = Actor("m.jansen", ["ambtelijk_opdrachtgever"], TENANT, attributes={"mandate_limit_eur": 25000})
NO_REGISTER = Actor("n.nieuw", ["ambtelijk_opdrachtgever"], TENANT)  # no mandate recorded for this signer
BESTUUR = Actor("college.utrecht", ["bestuurlijk_opdrachtgever"], TENANT)
CONTACT = Actor("c.peters", ["contactpersoon"], TENANT)
AM = Actor("s.bakker", ["accountmanager"])
TM = Actor("r.visser", ["teammanager"])
AM_TM = Actor("h.dubbel", ["accountmanager", "teammanager"])  # one person, both hats
PL = Actor("p.smit", ["projectleider"])
TL = Actor("j.devries", ["teamlid"])
PL_QA = Actor("e.dubbel", ["projectleider", "kwaliteitstoetser"])
QA = Actor("k.mulder", ["kwaliteitstoetser"])
CONTROLLER = Actor("f.dekker", ["controller"])
DIRECTEUR = Actor("d.directeur", ["directeur"], attributes={"decision_mandate": ["last_onder_dwangsom"]})

Expected = dict[str, str]
"""Blocker code -> the start of its Dutch message."""


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()  # Thursday 26 November 2026, 10:00 Dutch time


@pytest.fixture
def engine(db_url: str, clock: MovableClock) -> Iterator[Engine]:
    """SQLite, and PostgreSQL when WF_TEST_POSTGRES_URL is set."""
    with Engine(db_url, load_definitions(BUNDLED), clock=clock, upgrade=True) as opened:
        yield opened


class Story:
    """One assignment case, fired step by step."""

    def __init__(self, engine: Engine, clock: MovableClock, received_on: str | None = None) -> None:
        self.engine, self.clock = engine, clock
        data = {"received_on": received_on or clock.date()}
        case = engine.start("assignment", actor=AMB, tenant=TENANT, data=data)
        assert case.definition_version == 3
        self.id = case.id

    def fire(self, transition: str, actor: Actor, **payload: Any) -> str:
        return self.engine.fire(self.id, transition, actor=actor, input=payload).case.state

    def refused(self, transition: str, actor: Actor, expected: Expected, **payload: Any) -> None:
        """Every blocker ``actor`` meets, exactly: the codes, each message starting as expected."""
        with pytest.raises(TransitionRefused) as info:
            self.engine.fire(self.id, transition, actor=actor, input=payload)
        found = {b.code: b.message for b in info.value.blockers}
        assert set(found) == set(expected), f"{transition} by {actor.id}: {found}"
        for code, start in expected.items():
            assert found[code].startswith(start), f"{code}: {found[code]!r}"

    @property
    def state(self) -> str:
        return self.engine.get(self.id).state

    @property
    def data(self) -> dict[str, Any]:
        return dict(self.engine.get(self.id).data)


def question(clock: MovableClock) -> dict[str, Any]:
    return {
        "summary": "Toezicht op geluid bij bedrijventerrein Lage Weide",
        "origin": "Raadsvragen",
        "goal": "Naleving geluidsvoorschriften",
        "expected_result": "Toezichtsrapport",
        "bevoegd_gezag": "gemeente Utrecht",
        "wanted_date": clock.date(90),
        "urgency": "normaal",
        "politically_sensitive": True,
    }


DVO = {"year": 2026, "product": "Toezicht geluid", "tarief_eur": 100}


def classified(story: Story, task_kind: str = "maatwerk", funding: str = "offerte", **extra: Any) -> None:
    story.fire("confirm_receipt", AM)
    story.fire("clarify", AM, question=question(story.clock))
    story.fire("confirm_question", CONTACT)
    story.fire("classify", AM, task_kind=task_kind, funding=funding, dvo=DVO, **extra)


def scope(clock: MovableClock, hours: int = 120) -> dict[str, Any]:
    return {
        "description": "Metingen bij 12 bedrijven",
        "deliverables": ["Rapport"],
        "budget_hours": hours,
        "deadline": clock.date(90),
    }


def quote_sent(story: Story, hours: int = 120) -> None:
    classified(story)
    story.fire("draft_quote", AM, scope=scope(story.clock, hours), quote={"valid_until": story.clock.date(30)})
    story.fire("check_capacity", TM)
    story.fire("send_quote", AM)


def signature(story: Story, amount: float, **extra: Any) -> dict[str, Any]:
    confirmation = {"signed_on": story.clock.date(), "amount_eur": amount, **extra}
    return {"confirmation": confirmation, "scope": {"cost_centre": "6.2.14"}}


def executing(story: Story, hours: int = 120) -> None:
    quote_sent(story, hours)
    story.fire("confirm", AMB, **signature(story, hours * 100))
    story.fire("plan_assignment", TM, execution={"projectleider": PL.id})
    story.fire("start_execution", PL, execution={"case_number": "Z-1"})


def booking(story: Story, hours: float, days: int = 0) -> dict[str, Any]:
    return {"booking": {"date": story.clock.date(days), "hours": hours, "activity": "Metingen"}}


def reviewed(story: Story) -> None:
    story.fire("submit_for_review", PL, delivery={"deliverables": ["Rapport"]})
    story.fire("approve_review", QA)


def test_happy_path_from_question_to_evaluation(engine: Engine, clock: MovableClock) -> None:
    """The gemeente asks, the dienst clarifies, the gemeente confirms; quote, signature, work, handover."""
    story = Story(engine, clock, received_on=clock.date(-3))
    story.refused("confirm_receipt", AMB, {"role_not_allowed": "Alleen Accountmanager mag"})
    story.fire("confirm_receipt", AM)
    story.refused(
        "clarify",
        AM,
        {
            "required.question.origin": "Vul de herkomst van de vraag in",
            "required.question.urgency": "Kies de urgentie",
            "required.question.politically_sensitive": "Geef aan of de vraag bestuurlijk gevoelig is",
        },
        question={k: v for k, v in question(clock).items() if k not in ("origin", "urgency", "politically_sensitive")},
    )
    story.fire("clarify", AM, question=question(clock))
    # the agency cannot confirm the question for the client
    story.refused(
        "confirm_question", AM, {"role_not_allowed": "Alleen Ambtelijk opdrachtgever, Contactpersoon of Bestuur mag"}
    )
    story.fire("confirm_question", CONTACT)
    story.refused(
        "classify",
        AM,
        {"required.dvo.tarief_eur": "Vul het uurtarief uit de DVO in"},
        task_kind="maatwerk",
        funding="offerte",
        dvo={"year": 2026, "product": "Toezicht geluid"},
    )
    story.fire("classify", AM, task_kind="maatwerk", funding="offerte", dvo=DVO)
    story.refused(
        "plan",
        TM,
        {"confirmation_needed": "Vraag de accountmanager een offerte op te stellen"},
        **{"scope": scope(clock), "execution": {"projectleider": PL.id}},
    )
    story.refused(
        "draft_quote",
        AM,
        {
            "budget_positive": "Vul een begroting in uren in die groter is dan 0",
            "quote_validity_past": "Vul bij geldig tot een datum in de toekomst in",
        },
        scope=scope(clock, hours=0),
        quote={"valid_until": clock.date(-1)},
    )
    story.fire("draft_quote", AM, scope=scope(clock), quote={"valid_until": clock.date(30)})
    assert story.data["scope"]["budget_eur"] == 12000  # 120 h x the DVO tarief: the engine computes it
    story.refused("send_quote", AM, {"wrong_state": "'Offerte uitbrengen' kan niet vanuit 'Offerte in opstelling'"})
    story.fire("check_capacity", TM)
    story.fire("send_quote", AM)
    story.refused(
        "confirm",
        AMB,
        {
            "signed_in_future": "Vul als datum van ondertekening vandaag of een eerdere dag in",
            "signed_differs_from_quote": "Vul als getekend bedrag het budget uit de offerte in",
        },
        confirmation={"signed_on": clock.date(1), "amount_eur": 20000},
        scope={"cost_centre": "6.2.14"},
    )
    assert story.fire("confirm", AMB, **signature(story, 12000)) == "confirmed"
    story.refused("start_execution", PL, {"wrong_state": "'Uitvoering starten' kan niet vanuit"})
    story.fire("plan_assignment", TM, execution={"projectleider": PL.id})
    story.fire("start_execution", PL, execution={"case_number": "Z-2026-1"})
    story.refused("book_hours", QA, {"role_not_allowed": "Alleen Projectleider of Teamlid mag"}, **booking(story, 4))
    story.fire("book_hours", TL, **booking(story, 60))
    story.fire("book_hours", PL, **booking(story, 50))
    story.fire("report_progress", PL, progress={"note": "Metingen klaar, rapport in concept."})
    story.fire("record_result", PL, result={"text": "Alle bedrijven bezocht", "highlight": True})
    story.fire("submit_for_review", PL, delivery={"deliverables": ["Rapport"]})
    story.fire("approve_review", QA)
    story.refused(
        "accept",
        AMB,
        {"wrong_state": "'Accepteren en beoordelen' kan niet vanuit 'Toets goedgekeurd'"},
        evaluation={"satisfaction": 8},
    )
    story.fire("deliver", AM)
    # the client gives the score, not the accountmanager; and it lies in 1..10
    story.refused(
        "accept",
        AM,
        {"role_not_allowed": "Alleen Ambtelijk opdrachtgever of Bestuur mag"},
        evaluation={"satisfaction": 8},
    )
    story.refused(
        "accept",
        AMB,
        {"satisfaction_range": "Vul een tevredenheidscijfer van 1 tot en met 10 in"},
        evaluation={"satisfaction": 11},
    )
    story.fire("accept", AMB, evaluation={"satisfaction": 8, "remarks": "Goed contact"})
    story.refused(
        "settle",
        AMB,
        {"role_not_allowed": "Alleen Controller mag"},
        settlement={"hours": 110, "final_costs_eur": 12000},
    )
    story.refused(
        "settle",
        CONTROLLER,
        {"difference_unexplained": "Vul de verklaring van het verschil in"},
        settlement={"hours": 110, "final_costs_eur": 99999},
    )
    story.fire(
        "settle",
        CONTROLLER,
        settlement={"hours": 110, "final_costs_eur": 11000, "difference_explanation": "10 uur minder dan begroot"},
    )
    assert story.data["settlement"]["difference_eur"] == -1000
    story.fire("close", AM, evaluation={"lessons": "Vooraf meetpunten afstemmen."})
    data = story.data
    assert story.state == "closed"
    assert data["evaluation"]["satisfaction"] == 8
    assert data["results"][0]["highlight"] is True
    assert [b["hours"] for b in data["hours"]["bookings"]] == [60, 50]
    assert data["hours"]["spent"] == 110


def test_the_service_clock_starts_when_the_question_comes_in(engine: Engine, clock: MovableClock) -> None:
    """Started on Thursday 26 November: 5 working days from then, whatever date of receipt the starter gives."""
    for received_on in ("2026-11-20", "2020-01-01", "2031-01-01"):
        story = Story(engine, clock, received_on=received_on)
        (timer,) = engine.timers(story.id)
        assert timer.due_at.date().isoformat() == "2026-12-03"  # Thu 26 + 5 working days = Thu 3 December


def test_a_client_cannot_set_the_agencys_receipt_clock(engine: Engine, clock: MovableClock) -> None:
    """Attack: the contactpersoon backdates the receipt to 2020 (an overdue timer and flag against the agency at
    once) or dates it ahead (the norm delayed). The norm runs from the start; the accountmanager confirms or
    corrects the date, never to a day after today."""
    backdated = engine.start("assignment", actor=CONTACT, tenant=TENANT, data={"received_on": "2020-01-01"})
    assert [o.outcome for o in engine.run_due_timers()] == []
    assert engine.get(backdated.id).flags == ()
    ahead = Story(engine, clock, received_on="2031-01-01")
    message = "Vul als datum van ontvangst vandaag of een eerdere dag in"
    ahead.refused("confirm_receipt", AM, {"receipt_in_future": message})
    ahead.refused("confirm_receipt", AM, {"receipt_in_future": message}, received_on=clock.date(1))
    assert ahead.fire("confirm_receipt", AM, received_on=clock.date(-1)) == "clarifying"
    assert engine.get(ahead.id).data["received_on"] == clock.date(-1)
    clock.advance(8)  # past the norm counted from the start: the flag is the agency's own lateness
    assert engine.get(backdated.id).flags == ()
    engine.run_due_timers()
    assert engine.get(backdated.id).flags == ("receipt_overdue",)


def test_the_question_at_the_start_is_closed(engine: Engine, clock: MovableClock) -> None:
    """Attack: any key under ``question`` was stored at the start; the schema now names the only ones."""
    with pytest.raises(GuardFailed) as info:
        engine.start(
            "assignment",
            actor=CONTACT,
            tenant=TENANT,
            data={"received_on": clock.date(), "question": {"summary": "Geluid", "scope": {"budget_eur": 1}}},
        )
    assert {b.code for b in info.value.blockers} == {"invalid_data"}
    assert engine.cases() == []


def test_the_quote_is_revised_and_the_capacity_checked_again(engine: Engine, clock: MovableClock) -> None:
    """The gemeente wants less; the accountmanager revises; someone else checks capacity each time."""
    story = Story(engine, clock)
    classified(story)
    story.fire("draft_quote", AM_TM, scope=scope(clock, 200), quote={"valid_until": clock.date(30)})
    # who drafted the quote does not check its capacity, whatever hats they wear
    story.refused("check_capacity", AM_TM, {"capacity_four_eyes": "Laat een andere teammanager de capaciteit toetsen"})
    story.fire("check_capacity", TM)
    story.fire("send_quote", AM)
    story.refused(
        "revise_quote",
        AM,
        {"required.quote.revision": "Vul de wijziging in de offerte in"},
        scope=scope(clock, 120),
        quote={"valid_until": clock.date(30)},
    )
    story.fire(
        "revise_quote",
        AM,
        scope=scope(clock, 120),
        quote={"valid_until": clock.date(30), "revision": "Minder bedrijven op verzoek van de gemeente"},
    )
    assert story.state == "quote_drafting"
    assert story.data["scope"]["budget_eur"] == 12000
    story.refused("send_quote", AM, {"wrong_state": "'Offerte uitbrengen' kan niet vanuit 'Offerte in opstelling'"})
    story.refused("check_capacity", AM_TM, {"capacity_four_eyes": "Laat een andere teammanager"})
    story.fire("check_capacity", TM)
    story.fire("send_quote", AM)
    # the old amount cannot be signed: what is signed is what is quoted now
    story.refused(
        "confirm",
        AMB,
        {"signed_differs_from_quote": "Vul als getekend bedrag het budget uit de offerte in"},
        **signature(story, 20000),
    )
    assert story.fire("confirm", AMB, **signature(story, 12000)) == "confirmed"


def test_reclassification_is_its_own_step_and_a_basistaak_is_not_quoted(engine: Engine, clock: MovableClock) -> None:
    """Maatwerk turns out to be a basistaak in the werkprogramma: reclassified, with a reason, then planned."""
    story = Story(engine, clock)
    classified(story)
    story.fire("draft_quote", AM, scope=scope(clock), quote={"valid_until": clock.date(30)})
    story.refused(
        "reclassify",
        AM,
        {
            "required.reclassification.reason": "Vul de reden van herclassificatie in",
            "basistaak_in_werkprogramma": "Kies als financiering werkprogramma of incidenteel",
        },
        task_kind="basistaak",
        funding="offerte",
    )
    story.refused(
        "reclassify",
        AM,
        {"werkprogramma_item_missing": "Vul de regel in het werkprogramma in"},
        task_kind="basistaak",
        funding="werkprogramma",
        reclassification={"reason": "Staat in het programma"},
    )
    story.fire(
        "reclassify",
        AM,
        task_kind="basistaak",
        funding="werkprogramma",
        werkprogramma={"item": "WP 2026 regel 14: geluid"},
        reclassification={"reason": "Staat in het programma"},
    )
    story.refused(
        "draft_quote",
        AM,
        {"quote_only_outside_programme": "Herclassificeer de financiering naar offerte"},
        scope=scope(clock),
        quote={"valid_until": clock.date(30)},
    )
    story.fire("plan", TM, scope=scope(clock, 40), execution={"projectleider": PL.id})
    assert story.data["scope"]["budget_eur"] == 4000  # P x Q: hours x the DVO tarief


def test_overrun_is_booked_and_flagged_and_meerwerk_is_approved(engine: Engine, clock: MovableClock) -> None:
    """Real hours beyond the budget are booked, never refused; the forecast warns; meerwerk raises the budget."""
    story = Story(engine, clock)
    executing(story, hours=100)
    story.refused(
        "book_hours",
        TL,
        {
            "hours_positive": "Vul bij geboekte uren een aantal groter dan 0 in",
            "booking_in_future": "Vul als datum van de boeking vandaag of een eerdere dag in",
        },
        **booking(story, -9, days=2),
    )
    story.refused(
        "book_hours",
        TL,
        {"required.booking.activity": "Vul de activiteit in"},
        booking={"date": clock.date(), "hours": 8},
    )
    story.fire("book_hours", TL, **booking(story, 90))
    story.fire("update_forecast", PL, forecast={"remaining_hours": 30})
    assert story.data["forecast"] == {"remaining_hours": 30, "total_hours": 120, "over_budget": True}
    story.fire("book_hours", PL, **booking(story, 20))  # 110 of 100: booked, and flagged
    assert story.data["hours"] == {**story.data["hours"], "spent": 110, "over_budget": True}
    story.refused("approve_change", AMB, {"no_change_pending": "Vraag eerst meerwerk aan"})
    story.refused(
        "request_change",
        PL,
        {"extra_hours_positive": "Vul bij extra uren een aantal groter dan 0 in"},
        meerwerk={"reason": "Hercontroles", "extra_hours": 0},
    )
    story.fire("request_change", PL, meerwerk={"reason": "Hercontroles", "extra_hours": 30})
    story.refused(
        "request_change",
        AM,
        {"change_pending": "Laat de ambtelijk opdrachtgever eerst beslissen"},
        meerwerk={"reason": "Nog meer", "extra_hours": 5},
    )
    story.refused("approve_change", PL, {"role_not_allowed": "Alleen Ambtelijk opdrachtgever of Bestuur mag"})
    story.refused("approve_change", NO_REGISTER, {"mandate_unknown": "Laat uw budgetmandaat vastleggen"})
    story.fire("approve_change", AMB)
    data = story.data
    assert data["scope"]["budget_hours"] == 130
    assert data["scope"]["budget_eur"] == 13000
    assert data["hours"]["over_budget"] is False
    # a second request, above the signer's mandate: the bestuur decides
    story.fire("request_change", AMB, meerwerk={"reason": "Uitbreiding naar heel Lage Weide", "extra_hours": 150})
    story.refused("approve_change", AMB, {"above_mandate": "Leg het meerwerk voor aan het bestuur"})
    story.refused("decline_change", AMB, {"required.meerwerk.decline_reason": "Vul de reden van afwijzing in"})
    story.fire("approve_change", BESTUUR)
    assert story.data["scope"]["budget_eur"] == 28000


def test_escalation_is_raised_and_resolved(engine: Engine, clock: MovableClock) -> None:
    story = Story(engine, clock)
    executing(story)
    story.refused(
        "resolve_escalation", AM, {"no_open_escalation": "Escaleer eerst"}, escalation={"resolution": "Afgesproken"}
    )
    story.refused(
        "escalate",
        PL,
        {"required.escalation.reason": "Vul de reden van de escalatie in"},
        escalation={"level": "directeur"},
    )
    story.fire("escalate", PL, escalation={"level": "directeur", "reason": "Termijn in gevaar"})
    assert story.data["escalation"]["open"] is True
    story.refused(
        "escalate",
        AMB,
        {"escalation_open": "Los eerst de lopende escalatie op"},
        escalation={"level": "bestuurlijk_overleg", "reason": "Geschil"},
    )
    story.refused(
        "resolve_escalation",
        PL,
        {"role_not_allowed": "Alleen Accountmanager, Directeur"},
        escalation={"resolution": "Afgesproken"},
    )
    story.fire("resolve_escalation", DIRECTEUR, escalation={"resolution": "Extra inzet in december"})
    assert story.data["escalation"]["open"] is False
    story.fire("escalate", AMB, escalation={"level": "accountmanager", "reason": "Rapport onduidelijk"})


def test_rejected_review_goes_back_to_execution(engine: Engine, clock: MovableClock) -> None:
    """The reviewer sends the work back; whoever worked on it cannot review it."""
    story = Story(engine, clock)
    executing(story)
    story.fire("book_hours", PL_QA, **booking(story, 10))
    story.refused("submit_for_review", PL, {"required.delivery.deliverables": "Vul de opgeleverde producten in"})
    story.fire("submit_for_review", PL, delivery={"deliverables": ["Rapport"]})
    story.refused("approve_review", PL_QA, {"four_eyes": "Laat een andere kwaliteitstoetser toetsen"})
    story.refused(
        "reject_review",
        PL_QA,
        {
            "four_eyes": "Laat een andere kwaliteitstoetser toetsen",
            "required.review.remarks": "Vul de bevindingen van de toets in",
        },
    )
    story.refused("deliver", AM, {"wrong_state": "'Overdragen aan de opdrachtgever' kan niet vanuit"})
    story.fire("reject_review", QA, review={"remarks": "Meetpunten 3 en 7 ontbreken"})
    assert story.state == "in_execution"
    story.fire("book_hours", PL, **booking(story, 6))
    reviewed(story)
    story.fire("deliver", PL)
    assert story.state == "delivered"


def test_deemed_acceptance_after_the_acceptance_window(engine: Engine, clock: MovableClock) -> None:
    """The gemeente does not react within 10 working days: the work counts as accepted, without a score."""
    story = Story(engine, clock)
    executing(story)
    story.fire("book_hours", PL, **booking(story, 100))
    reviewed(story)
    story.fire("deliver", AM)
    story.refused("deem_accepted", AMB, {"role_not_allowed": "Alleen"})  # only the engine, when the window passed
    clock.advance(7)
    assert engine.run_due_timers() == []
    assert story.state == "delivered"
    clock.advance(10)
    outcomes = engine.run_due_timers()
    assert [(o.outcome, o.transition) for o in outcomes] == [("fired", "deem_accepted")]
    data = story.data
    assert story.state == "accepted"
    assert data["acceptance"]["deemed"] is True
    assert "satisfaction" not in data.get("evaluation", {})
    story.fire(
        "settle",
        CONTROLLER,
        settlement={
            "hours": 100,
            "final_costs_eur": 12000,
            "difference_explanation": "20 uur minder; vaste prijs afgesproken",
        },
    )


def test_cancellation_is_settled_by_the_controller(engine: Engine, clock: MovableClock) -> None:
    """The gemeente cancels; the controller, not the gemeente, settles the work already done."""
    story = Story(engine, clock)
    executing(story)
    story.fire("book_hours", TL, **booking(story, 30))
    story.refused("cancel", AMB, {"required.end_reason": "Vul de reden van beëindiging in"})
    story.refused(
        "cancel",
        AMB,
        {"undeclared_input": "'Annuleren' mag 'settlement.hours' niet schrijven"},
        end_reason="Raad heeft anders besloten",
        settlement={"hours": 0},
    )
    story.fire("cancel", AMB, end_reason="Raad heeft anders besloten")
    assert story.state == "cancelling"
    story.refused(
        "settle_cancellation",
        AMB,
        {"role_not_allowed": "Alleen Controller mag"},
        settlement={"hours": 30, "final_costs_eur": 3000},
    )
    story.refused(
        "settle_cancellation",
        CONTROLLER,
        {"difference_unexplained": "Vul de verklaring van het verschil in"},
        settlement={"hours": 20, "final_costs_eur": 2000},
    )
    story.fire("settle_cancellation", CONTROLLER, settlement={"hours": 30, "final_costs_eur": 3000})
    assert story.state == "cancelled"
    assert story.data["settlement"]["difference_eur"] == 3000 - 12000


def test_the_question_is_sent_back_referred_or_the_quote_expires(engine: Engine, clock: MovableClock) -> None:
    """Not what we meant; a question for another body; a quote nobody signed."""
    story = Story(engine, clock)
    story.fire("confirm_receipt", AM)
    story.fire("clarify", AM, question=question(clock))
    story.refused("amend_question", CONTACT, {"required.question_review.remarks": "Vul de opmerkingen bij de vraag in"})
    assert story.fire("amend_question", CONTACT, question_review={"remarks": "Ook trillingen"}) == "clarifying"
    story.refused(
        "refer",
        AM,
        {
            "required.referral.to": "Vul de organisatie waarnaar is doorverwezen in",
            "required.referral.reason": "Vul de reden van doorverwijzing in",
        },
    )
    assert story.fire("refer", AM, referral={"to": "GGD regio Utrecht", "reason": "Gezondheidsvraag"}) == "referred"

    unsigned = Story(engine, clock)
    quote_sent(unsigned)
    unsigned.refused("expire_quote", AM, {"quote_still_valid": "Wacht tot na de datum geldig tot"})
    clock.advance(31)
    unsigned.refused(
        "confirm",
        AMB,
        {"quote_expired": "Vraag de accountmanager om een herziene offerte"},
        **signature(unsigned, 12000),
    )
    engine.run_due_timers()
    assert unsigned.state == "withdrawn"


def test_signing_above_mandate_is_the_bestuur_with_a_besluit(engine: Engine, clock: MovableClock) -> None:
    story = Story(engine, clock)
    quote_sent(story, hours=400)  # EUR 40,000: above the ambtelijk opdrachtgever's 25,000
    story.refused("confirm", AMB, {"above_mandate": "Leg de opdracht voor aan het bestuur"}, **signature(story, 40000))
    story.refused(
        "confirm", NO_REGISTER, {"mandate_unknown": "Laat uw budgetmandaat vastleggen"}, **signature(story, 40000)
    )
    story.refused("confirm", BESTUUR, {"besluit_missing": "Vul het besluitnummer in"}, **signature(story, 40000))
    story.fire("confirm", BESTUUR, **signature(story, 40000, besluit="B&W 2026/311"))


def test_namens_decisions_need_a_decision_mandate(engine: Engine, clock: MovableClock) -> None:
    """A besluit taken on the gemeente's behalf is recorded with its mandate; spending authority is not enough."""
    story = Story(engine, clock)
    executing(story)
    decision = {
        "subject": "Bedrijf X, Lage Weide",
        "kind": "last_onder_dwangsom",
        "basis": "ondermandaat",
        "mandaatbesluit": "Mandaatbesluit ODRU 2025",
        "decided_on": clock.date(),
    }
    story.refused(
        "record_decision",
        PL,
        {"no_decision_mandate": "Laat de teammanager of directeur met besluitmandaat"},
        decision=decision,
    )
    story.refused(
        "record_decision",
        DIRECTEUR,
        {"decision_in_future": "Vul als datum van het besluit vandaag"},
        decision={**decision, "decided_on": clock.date(3)},
    )
    story.fire("record_decision", DIRECTEUR, decision=decision)
    assert story.data["decisions"] == [decision]


def test_incidental_work_is_confirmed_afterwards(engine: Engine, clock: MovableClock) -> None:
    story = Story(engine, clock)
    classified(story, task_kind="plustaak", funding="incidenteel")
    story.fire("plan", TM, scope=scope(clock, 10), execution={"projectleider": PL.id})
    story.fire("start_execution", PL, execution={"case_number": "Z-9"})
    story.fire("book_hours", PL, **booking(story, 8))
    reviewed(story)
    story.refused("deliver", AM, {"incidental_unconfirmed": "Vraag de ambtelijk opdrachtgever eerst"})
    story.fire("confirm_afterwards", AMB, **signature(story, 1000))
    story.fire("deliver", AM)

    programme = Story(engine, clock)
    classified(programme, task_kind="basistaak", funding="werkprogramma", werkprogramma={"item": "WP regel 3"})
    programme.fire("plan", TM, scope=scope(clock, 10), execution={"projectleider": PL.id})
    programme.fire("start_execution", PL, execution={"case_number": "Z-10"})
    programme.refused(
        "confirm_afterwards",
        AMB,
        {"only_incidental": "Teken achteraf alleen incidenteel werk"},
        **signature(programme, 1000),
    )


def test_the_stories_meet_every_guard(tmp_path: Path) -> None:
    walked = blocker_codes_of_scenarios(sys.modules[__name__], "assignment", tmp_path)
    assert guard_codes("assignment") - walked == set()
