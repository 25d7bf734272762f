"""A whole assignment played on the bundled definition: the ``wf demo`` story.

Library code: it drives the engine through its public API and yields each
step; the command line prints them.  The story follows DOMAIN.md: intake,
clarification, a refused attempt to plan work without a signed confirmation,
quote and confirmation, execution, a refused four-eyes violation, delivery,
acceptance, settlement, evaluation and closing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from workflow.errors import TransitionRefused
from workflow.model import Actor, Case, FireResult

if TYPE_CHECKING:
    from workflow.engine import Engine

__all__ = ["ACTORS", "DemoStep", "play"]

TENANT = "gemeente-utrecht"
ACTORS = {
    # the mandate comes from the embedding service (its register of mandates), never from case data
    "ambtelijk": Actor("m.jansen", ("ambtelijk_opdrachtgever",), TENANT, {"mandate_limit_eur": 25000}),
    "accountmanager": Actor("s.bakker", ("accountmanager",)),
    "teammanager": Actor("r.visser", ("teammanager",)),
    "projectleider": Actor("p.smit", ("projectleider", "kwaliteitstoetser")),
    "toetser": Actor("k.mulder", ("kwaliteitstoetser",)),
    "controller": Actor("f.dekker", ("controller",)),
}


@dataclass(frozen=True)
class DemoStep:
    """One step of the story: what was tried, by whom, and what came of it."""

    title: str
    actor: Actor
    transition: str | None
    case: Case
    result: FireResult | None = None
    refusal: TransitionRefused | None = None


def _steps(today: str, valid_until: str, deadline: str) -> list[tuple[str, str, str, dict[str, Any], bool]]:
    """(title, actor key, transition, input, expected to be refused)."""
    return [
        ("De omgevingsdienst bevestigt de ontvangst", "accountmanager", "confirm_receipt", {}, False),
        (
            "Vraagverheldering: waar komt de vraag vandaan, wat is het doel?",
            "accountmanager",
            "classify",
            {
                "question": {
                    "origin": "Raadsvragen over geluidsoverlast bedrijventerrein",
                    "goal": "Inzicht in naleving geluidsvoorschriften",
                    "expected_result": "Toezichtsrapport met maatregelen",
                    "bevoegd_gezag": "gemeente Utrecht",
                    "wanted_date": deadline,
                },
                "kind": "plustaak",
            },
            False,
        ),
        ("Poging om in te plannen zonder getekende opdrachtbevestiging", "teammanager", "plan", {}, True),
        (
            "De accountmanager stelt een offerte op",
            "accountmanager",
            "draft_quote",
            {
                "scope": {
                    "description": "Geluidsmetingen en controlebezoeken bij 12 bedrijven",
                    "deliverables": ["Meetrapport", "Toezichtsrapport"],
                    "budget_hours": 120,
                    "budget_eur": 12600,
                    "deadline": deadline,
                },
                "quote": {"hours": 120, "amount_eur": 12600, "valid_until": valid_until, "capacity_checked": True},
            },
            False,
        ),
        ("De teammanager keurt de offerte goed en brengt haar uit", "teammanager", "send_quote", {}, False),
        (
            "De ambtelijk opdrachtgever tekent binnen mandaat",
            "ambtelijk",
            "confirm",
            {
                "scope": {"cost_centre": "6.2.14"},
                "confirmation": {"signed_on": today, "reference": "OB-2026-117"},
            },
            False,
        ),
        (
            "De teammanager plant in en wijst een projectleider toe",
            "teammanager",
            "plan",
            {"execution": {"projectleider": ACTORS["projectleider"].id}},
            False,
        ),
        (
            "De projectleider start de uitvoering",
            "projectleider",
            "start_execution",
            {"execution": {"case_number": "Z-2026-04711"}},
            False,
        ),
        ("De projectleider boekt uren", "projectleider", "record_progress", {"execution": {"hours_spent": 104}}, False),
        (
            "De projectleider probeert zijn eigen werk op te leveren",
            "projectleider",
            "deliver",
            {"delivery": {"deliverables": ["Meetrapport", "Toezichtsrapport"], "hours_booked": 104}},
            True,
        ),
        (
            "Een collega doet de vier-ogencontrole en levert op",
            "toetser",
            "deliver",
            {"delivery": {"deliverables": ["Meetrapport", "Toezichtsrapport"], "hours_booked": 104}},
            False,
        ),
        ("De ambtelijk opdrachtgever accepteert", "ambtelijk", "accept", {}, False),
        (
            "De controller rekent af tegen de offerte",
            "controller",
            "settle",
            {"settlement": {"hours": 104, "final_costs_eur": 10920}},
            False,
        ),
        (
            "Evaluatie en afsluiten",
            "accountmanager",
            "close",
            {"evaluation": {"satisfaction": 8, "remarks": "Heldere afspraken, op tijd geleverd."}},
            False,
        ),
    ]


def play(engine: Engine) -> Iterator[DemoStep]:
    """Play the story on ``engine`` (with the bundled ``assignment`` definition), step by step.

    A step expected to be refused yields its refusal; any other refusal is
    raised, since the story would not make sense after it.
    """
    today = engine.now().date()
    iso = today.isoformat()
    client = ACTORS["ambtelijk"]
    case = engine.start(
        "assignment",
        actor=client,
        tenant=TENANT,
        reference="UTR-2026-0042",
        data={
            "received_on": iso,
            "question": {"summary": "Toezicht op geluid bij bedrijventerrein Lage Weide"},
        },
    )
    yield DemoStep("De gemeente dient een vraag in", client, None, case)
    valid_until = (today + timedelta(days=30)).isoformat()
    deadline = (today + timedelta(days=90)).isoformat()
    for title, who, transition, payload, refused in _steps(iso, valid_until, deadline):
        actor = ACTORS[who]
        try:
            result = engine.fire(case.id, transition, actor=actor, input=payload, reason=title)
        except TransitionRefused as refusal:
            if not refused:
                raise
            yield DemoStep(title, actor, transition, engine.get(case.id), refusal=refusal)
            continue
        case = result.case
        yield DemoStep(title, actor, transition, case, result=result)
