"""A small hand-built log for the report tests: four cases, two gemeenten, every measure once.

Moments are UTC; 07:00 UTC is 09:00 in Amsterdam (summer time).  The Atw
calendar of May 2026 has 5 May (Bevrijdingsdag), 14 May (Hemelvaartsdag),
15 May (the Friday after it, equated) and 25 May (Tweede Pinksterdag) off.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from workflow import Actor, Engine, load_definitions

from .paths import FIXTURES

OPDRACHT = FIXTURES / "reports" / "opdracht.yaml"
AS_OF = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
WORKER = Actor("w.werker", ("medewerker",))
CLIENT_A = Actor("a.klant", ("opdrachtgever",), "gemeente-a")
CLIENT_B = Actor("b.klant", ("opdrachtgever",), "gemeente-b")
AUDITOR = Actor("x.auditor", ("auditor",), "rijk")


def at(month: int, day: int, hour: int = 7) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def open_report_engine(url: str) -> Engine:
    return Engine(url, load_definitions(OPDRACHT).all_versions(), clock=lambda: AS_OF, upgrade=True)


def _start(engine: Engine, client: Actor, ref: str, data: dict[str, Any], when: datetime) -> str:
    return engine.start("opdracht", actor=client, tenant=client.tenant or "", data=data, reference=ref, at=when).id


def _data(kind: str, funding: str, year: int) -> dict[str, Any]:
    return {"task_kind": kind, "funding": funding, "dvo": {"year": year}}


def build_log(engine: Engine) -> dict[str, str]:
    """The four cases; returns their ids by reference."""
    fire = engine.fire
    a = _start(engine, CLIENT_A, "A-1", _data("basistaak", "werkprogramma", 2026), at(5, 4))
    fire(a, "start_work", actor=WORKER, input={"scope": {"budget_hours": 10, "deadline": "2026-05-20"}}, at=at(5, 6))
    fire(a, "book_hours", actor=WORKER, input={"booking": {"hours": 4, "date": "2026-05-07"}}, at=at(5, 7))
    fire(a, "suspend", actor=WORKER, at=at(5, 11))
    fire(a, "resume", actor=WORKER, at=at(5, 18))
    fire(a, "book_hours", actor=WORKER, input={"booking": {"hours": 3, "date": "2026-05-19"}}, at=at(5, 19))
    fire(a, "deliver", actor=WORKER, at=at(5, 20))
    fire(a, "accept", actor=CLIENT_A, input={"evaluation": {"satisfaction": 8}}, at=at(5, 26))

    b = _start(engine, CLIENT_A, "A-2", _data("plustaak", "offerte", 2026), at(5, 4))
    fire(b, "start_work", actor=WORKER, input={"scope": {"budget_hours": 5, "deadline": "2026-05-15"}}, at=at(5, 4, 8))
    fire(b, "book_hours", actor=WORKER, input={"booking": {"hours": 6, "date": "2026-05-05"}}, at=at(5, 5))
    fire(b, "request_change", actor=WORKER, input={"meerwerk": {"extra_hours": 2, "reason": "x"}}, at=at(5, 6))
    fire(b, "approve_change", actor=CLIENT_A, input={"scope": {"budget_hours": 7}}, at=at(5, 7))
    fire(b, "escalate", actor=CLIENT_A, input={"escalation": {"level": "directeur"}}, at=at(5, 7, 8))
    fire(b, "resolve_escalation", actor=WORKER, at=at(5, 8))
    result = {"result": {"text": "Handhavingsbesluit genomen", "highlight": True}}
    fire(b, "record_result", actor=WORKER, input=result, at=at(5, 8, 8))
    fire(b, "deliver", actor=WORKER, at=at(5, 18))
    fire(b, "accept", actor=CLIENT_A, input={"evaluation": {"satisfaction": 6}}, at=at(6, 2))

    c = _start(engine, CLIENT_B, "B-1", _data("maatwerk", "incidenteel", 2025), at(5, 11))
    fire(c, "start_work", actor=WORKER, input={"scope": {"deadline": "2026-06-10"}}, at=at(5, 12))
    try:
        fire(c, "deliver", actor=WORKER, at=at(5, 13))
    except Exception as exc:  # the refusal is recorded in the log: that is what this step is for
        assert getattr(exc, "code", "") in ("guard_failed", "no_budget"), exc
    fire(c, "book_hours", actor=WORKER, input={"booking": {"hours": 2, "date": "2026-05-13"}}, at=at(5, 13, 9))

    d = _start(engine, CLIENT_B, "B-2", _data("basistaak", "werkprogramma", 2026), at(6, 1))
    fire(d, "cancel", actor=CLIENT_B, at=at(6, 2))
    return {"A-1": a, "A-2": b, "B-1": c, "B-2": d}
