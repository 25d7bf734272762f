"""A whole assignment played on the bundled definition: the ``wf demo`` story.

Library code: it drives the engine through its public API and yields each
step; the command line prints them.  The story follows DOMAIN.md on
assignment v3: the question clarified and confirmed by the client, maatwerk
outside the werkprogramma (a refused attempt to plan it without a signed
confirmation), the quote checked by the teammanager and signed as quoted (a
refused signature for another amount), hour bookings, a progress note, a
forecast over budget and meerwerk, a result worth showing, a quality review (a
refused self-review), handover, the client's satisfaction score, settlement
against the quote with the difference explained, evaluation and closing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from workflow.errors import TransitionRefused
from workflow.i18n import text
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
    "teamlid": Actor("j.devries", ("teamlid",)),
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
        (text("demo.story.1"), "accountmanager", "confirm_receipt", {}, False),
        (
            text("demo.story.2"),
            "accountmanager",
            "clarify",
            {
                "question": {
                    "summary": "Toezicht op geluid bij bedrijventerrein Lage Weide",
                    "origin": "Raadsvragen over geluidsoverlast bedrijventerrein",
                    "goal": "Inzicht in naleving geluidsvoorschriften",
                    "expected_result": "Toezichtsrapport met maatregelen",
                    "bevoegd_gezag": "gemeente Utrecht",
                    "wanted_date": deadline,
                    "urgency": "normaal",
                    "politically_sensitive": True,
                }
            },
            False,
        ),
        (text("demo.story.3"), "ambtelijk", "confirm_question", {}, False),
        (
            text("demo.story.4"),
            "accountmanager",
            "classify",
            {
                "task_kind": "maatwerk",
                "funding": "offerte",
                "dvo": {"year": 2026, "product": "Toezicht geluid", "tarief_eur": 105},
            },
            False,
        ),
        (text("demo.story.5"), "teammanager", "plan", {}, True),
        (
            text("demo.story.6"),
            "accountmanager",
            "draft_quote",
            {
                "scope": {
                    "description": "Geluidsmetingen en controlebezoeken bij 12 bedrijven",
                    "deliverables": ["Meetrapport", "Toezichtsrapport"],
                    "budget_hours": 120,
                    "deadline": deadline,
                },
                "quote": {"valid_until": valid_until},
            },
            False,
        ),
        (
            text("demo.story.7"),
            "teammanager",
            "check_capacity",
            {"capacity": {"remarks": "Team geluid heeft in het eerste kwartaal ruimte"}},
            False,
        ),
        (text("demo.story.8"), "accountmanager", "send_quote", {}, False),
        (
            text("demo.story.9"),
            "ambtelijk",
            "confirm",
            {
                "scope": {"cost_centre": "6.2.14"},
                "confirmation": {"signed_on": today, "amount_eur": 10000, "reference": "OB-2026-117"},
            },
            True,
        ),
        (
            text("demo.story.10"),
            "ambtelijk",
            "confirm",
            {
                "scope": {"cost_centre": "6.2.14"},
                "confirmation": {"signed_on": today, "amount_eur": 12600, "reference": "OB-2026-117"},
            },
            False,
        ),
        (
            text("demo.story.11"),
            "teammanager",
            "plan_assignment",
            {"execution": {"projectleider": ACTORS["projectleider"].id}},
            False,
        ),
        (
            text("demo.story.12"),
            "projectleider",
            "start_execution",
            {"execution": {"case_number": "Z-2026-04711"}},
            False,
        ),
        (
            text("demo.story.13"),
            "teamlid",
            "book_hours",
            {"booking": {"date": today, "hours": 60, "activity": "Geluidsmetingen"}},
            False,
        ),
        (
            text("demo.story.14"),
            "projectleider",
            "book_hours",
            {"booking": {"date": today, "hours": 50, "activity": "Controlebezoeken"}},
            False,
        ),
        (
            text("demo.story.15"),
            "projectleider",
            "report_progress",
            {"progress": {"note": "Metingen klaar; bij drie bedrijven is een hercontrole nodig."}},
            False,
        ),
        (
            text("demo.story.16"),
            "projectleider",
            "update_forecast",
            {"forecast": {"remaining_hours": 25}},
            False,
        ),
        (
            text("demo.story.17"),
            "projectleider",
            "request_change",
            {"meerwerk": {"reason": "Hercontrole bij drie bedrijven", "extra_hours": 20}},
            False,
        ),
        (text("demo.story.18"), "ambtelijk", "approve_change", {}, False),
        (
            text("demo.story.19"),
            "projectleider",
            "book_hours",
            {"booking": {"date": today, "hours": 25, "activity": "Hercontroles"}},
            False,
        ),
        (
            text("demo.story.20"),
            "projectleider",
            "record_result",
            {"result": {"text": "Alle 12 bedrijven voldoen na hercontrole aan de normen", "highlight": True}},
            False,
        ),
        (
            text("demo.story.21"),
            "projectleider",
            "submit_for_review",
            {"delivery": {"deliverables": ["Meetrapport", "Toezichtsrapport"]}},
            False,
        ),
        (text("demo.story.22"), "projectleider", "approve_review", {}, True),
        (
            text("demo.story.23"),
            "toetser",
            "approve_review",
            {"review": {"remarks": "Rapport volledig en navolgbaar"}},
            False,
        ),
        (text("demo.story.24"), "accountmanager", "deliver", {}, False),
        (
            text("demo.story.25"),
            "ambtelijk",
            "accept",
            {"evaluation": {"satisfaction": 8, "remarks": "Heldere afspraken, op tijd geleverd."}},
            False,
        ),
        (
            text("demo.story.26"),
            "controller",
            "settle",
            {
                "settlement": {
                    "hours": 135,
                    "final_costs_eur": 14175,
                    "difference_explanation": "5 uur minder dan begroot na meerwerk",
                }
            },
            False,
        ),
        (
            text("demo.story.27"),
            "accountmanager",
            "close",
            {"evaluation": {"lessons": "Hercontroles vooraf in de offerte opnemen."}},
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
        data={"received_on": iso},
    )
    yield DemoStep(text("demo.story.0"), client, None, case)
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
