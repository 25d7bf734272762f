"""Benchmark: load, validate and compile assignment.yaml; evaluate its guards.

Run: python bench/definitions_bench.py [--runs N]
Prints medians with min and max over several runs (not a test; no assertions).
"""

from __future__ import annotations

import argparse
import functools
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import measure, row

from workflow import GuardContext, History, check_transition, parse_definition
from workflow.machine import graph_for

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "definitions" / "assignment.yaml").read_bytes()

DATA = {  # a v3 case in execution, quote signed, hours booked
    "received_on": "2026-11-20",
    "task_kind": "maatwerk",
    "funding": "offerte",
    "dvo": {"year": 2026, "product": "Toezicht geluid", "tarief_eur": 100},
    "question": {
        "summary": "s",
        "origin": "raad",
        "goal": "g",
        "expected_result": "r",
        "bevoegd_gezag": "gemeente",
        "wanted_date": "2027-03-01",
        "urgency": "normaal",
        "politically_sensitive": False,
    },
    "quote": {"valid_until": "2027-01-31"},
    "scope": {
        "description": "Toezicht",
        "deliverables": ["rapport"],
        "budget_hours": 40,
        "budget_eur": 4000,
        "deadline": "2027-03-01",
        "cost_centre": "K-1",
    },
    "confirmation": {"signed_on": "2026-11-20", "amount_eur": 4000},
    "execution": {"projectleider": "p.de.vries", "case_number": "Z-1"},
    "hours": {"bookings": [{"date": "2026-11-21", "hours": 35, "activity": "x"}], "spent": 35, "over_budget": False},
    "booking": {"date": "2026-11-25", "hours": 4, "activity": "rapport"},
    "delivery": {"deliverables": ["rapport"]},
    "meerwerk": {"reason": "x", "extra_hours": 8, "extra_eur": 800},
    "evaluation": {"satisfaction": 8},
    "settlement": {"hours": 39, "final_costs_eur": 3900, "difference_explanation": "1 uur minder"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    print(f"assignment.yaml: {len(SOURCE)} bytes; {args.runs} runs each\n")
    print(
        row("load + validate + compile", measure(lambda: parse_definition(SOURCE, "assignment.yaml"), runs=args.runs))
    )
    definition = parse_definition(SOURCE, "assignment.yaml")
    graph_for(definition)
    print(row("state graph lookup (cached)", measure(lambda: graph_for(definition), runs=args.runs, inner=1000)))

    context = GuardContext(
        data=DATA,
        actor={"id": "k.toetser", "roles": ["kwaliteitstoetser"], "tenant": None},
        case={
            "id": "c1",
            "workflow": "assignment",
            "state": "in_execution",
            "version": 7,
            "tenant": "utrecht",
            "reference": None,
        },
        now=datetime(2026, 11, 26, tzinfo=UTC),
        history=History({"book_hours": ("p.de.vries",), "confirm": ("a.opdrachtgever",)}),
    )
    print("\nguard evaluation per transition (requires + every guard):")
    for transition in definition.transitions.values():
        checks = len(transition.requires) + len(transition.guards)
        if not transition.guards:
            continue
        stats = measure(functools.partial(check_transition, transition, context), runs=args.runs, inner=200)
        print(row(f"  {transition.id} ({checks} checks)", stats))


if __name__ == "__main__":
    main()
