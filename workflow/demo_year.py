"""A seeded year of assignments for three gemeenten, played through the engine: the ``wf demo --year`` story.

Every step goes through :meth:`Engine.start` and :meth:`Engine.fire`, dated in
the twelve months before now (``at=``), so the log, its guards and its
refusals are the engine's own — nothing is written around it.  Werkprogramma
work and quoted maatwerk, bookings, suspensions, meerwerk, escalations,
results, reviews (a few refused self-reviews), handover with the client's
score, settlement and closing; the latest cases are still running.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from workflow.errors import TransitionRefused
from workflow.model import Actor
from workflow.workdays import LOCAL, is_working_day

if TYPE_CHECKING:
    from workflow.engine import Engine

__all__ = ["GEMEENTEN", "YearPlayed", "office_hours", "play_year", "year_before"]

GEMEENTEN = ("gemeente-utrecht", "gemeente-zeist", "gemeente-houten")
PRODUCTS = ("Toezicht geluid", "Vergunningverlening milieu", "Bodemadvies", "Asbestsanering", "Energiebesparing")
RESULTS = ("Alle bedrijven voldoen na hercontrole", "Vergunning binnen termijn verleend", "Sanering afgerond")
AGENCY = {
    "am": Actor("s.bakker", ("accountmanager",)),
    "tm": Actor("r.visser", ("teammanager",)),
    "pl": Actor("p.smit", ("projectleider",)),
    "pl2": Actor("n.el-amrani", ("projectleider",)),
    "lid": Actor("j.devries", ("teamlid",)),
    "qa": Actor("k.mulder", ("kwaliteitstoetser",)),
    "ctl": Actor("f.dekker", ("controller",)),
}


def client(tenant: str) -> Actor:
    """The ambtelijk opdrachtgever of ``tenant`` (a mandate the embedding service vouches for)."""
    return Actor(f"opdrachtgever@{tenant}", ("ambtelijk_opdrachtgever",), tenant, {"mandate_limit_eur": 60000})


@dataclass
class YearPlayed:
    """What the year played: cases, steps taken, refusals recorded, and the first and last moment."""

    cases: int = 0
    steps: int = 0
    refusals: int = 0
    first: datetime | None = None
    last: datetime | None = None
    references: list[str] = field(default_factory=list)
    period: tuple[date, date] | None = None
    """The year played, as days (Dutch time): :func:`year_before` the day it was played."""


def year_before(today: date) -> tuple[date, date]:
    """The year up to and including ``today``: from the day after the same date a year earlier (365 or 366 days)."""
    try:
        earlier = today.replace(year=today.year - 1)
    except ValueError:  # 29 February: a year earlier has none
        earlier = date(today.year - 1, 2, 28)
    return earlier + timedelta(days=1), today


@dataclass
class _Case:
    engine: Engine
    rng: random.Random
    case_id: str
    tenant: str
    at: datetime
    until: datetime
    played: YearPlayed
    stopped: bool = False

    def step(self, who: str, transition: str, data: dict[str, Any] | None = None, days: float = 1.0) -> bool:
        """Fire ``transition`` ``days`` working-ish days after the last step; False once the year has run out."""
        if self.stopped:
            return False
        moment = office_hours(self.at + timedelta(hours=max(1.0, days * 24 * self.rng.uniform(0.6, 1.4))))
        if moment >= self.until:
            self.stopped = True
            return False
        actor = client(self.tenant) if who == "client" else AGENCY[who]
        try:
            dated = _dated(data or {}, moment.astimezone(LOCAL).date().isoformat())
            self.engine.fire(self.case_id, transition, actor=actor, input=dated, at=moment)
            self.played.steps += 1
        except TransitionRefused:
            self.played.refusals += 1  # recorded in the log: where the process chafes
            return True
        finally:
            self.at = moment
        return True


OPENS, HOURS = time(8, 30), 8
"""The agency's office hours, Dutch time: steps are taken from 08:30 for eight hours, on working days."""


def office_hours(moment: datetime) -> datetime:
    """``moment`` if it falls in office hours on a working day; otherwise a moment in the next office hours.

    Which minute of those hours follows from the minute of the day ``moment``
    fell on, so the story stays the same for the same seed.  Never earlier than ``moment``.
    """
    local = moment.astimezone(LOCAL)
    opens = datetime.combine(local.date(), OPENS, LOCAL)
    if is_working_day(local.date()) and opens <= local < opens + timedelta(hours=HOURS):
        return moment
    day = local.date() + timedelta(days=1) if local >= opens else local.date()
    while not is_working_day(day):
        day += timedelta(days=1)
    minute = (local.hour * 60 + local.minute) % (HOURS * 60)
    shifted = datetime.combine(day, OPENS, LOCAL) + timedelta(minutes=minute, seconds=local.second)
    return shifted.astimezone(moment.tzinfo)


def _dated(data: dict[str, Any], day: str) -> dict[str, Any]:
    """``data`` with every ``"@day"`` replaced by the step's own date."""
    return {k: _dated(v, day) if isinstance(v, dict) else day if v == "@day" else v for k, v in data.items()}


def _question(case: _Case, product: str) -> dict[str, Any]:
    wanted = (case.at + timedelta(days=60)).date().isoformat()
    return {
        "question": {
            "summary": f"{product} voor {case.tenant.removeprefix('gemeente-').title()}",
            "origin": "Werkprogramma en signalen uit de wijk",
            "goal": "Naleving en advies op orde",
            "expected_result": "Rapport met maatregelen",
            "bevoegd_gezag": case.tenant,
            "wanted_date": wanted,
            "urgency": "spoed" if case.rng.random() < 0.1 else "normaal",
            "politically_sensitive": case.rng.random() < 0.2,
        }
    }


def _intake(case: _Case, quoted: bool) -> tuple[bool, int, int]:
    """From receipt to planned; (planned, budget hours, tariff)."""
    rng, product = case.rng, case.rng.choice(PRODUCTS)
    case.step("am", "confirm_receipt", days=1)
    case.step("am", "clarify", _question(case, product), days=3)
    case.step("client", "confirm_question", days=2)
    if rng.random() < 0.04:
        return case.step("am", "refer", {"referral": {"to": "Veiligheidsregio", "reason": "Niet onze taak"}}), 0, 0
    kind, funding = (
        ("maatwerk", "offerte") if quoted else (rng.choice(("basistaak", "basistaak", "plustaak")), "werkprogramma")
    )
    tariff, hours = 105, rng.choice((24, 40, 60, 80, 120, 160))
    dvo = {"year": case.at.year, "product": product, "tarief_eur": tariff}
    classified = {"task_kind": kind, "funding": funding, "dvo": dvo}
    if funding == "werkprogramma":
        classified["werkprogramma"] = {"item": f"WP-{case.at.year}-{rng.randint(1, 40):02d}"}
    case.step("am", "classify", classified, days=2)
    deadline = (case.at + timedelta(days=rng.choice((30, 45, 60, 90)))).date().isoformat()
    scope = {
        "description": f"{product}: uitvoering",
        "deliverables": ["Rapport"],
        "budget_hours": hours,
        "deadline": deadline,
    }
    if not quoted:
        case.step("tm", "plan", {"scope": scope, "execution": {"projectleider": "p.smit"}}, days=3)
        return not case.stopped, hours, tariff
    valid = (case.at + timedelta(days=40)).date().isoformat()
    case.step("am", "draft_quote", {"scope": scope, "quote": {"valid_until": valid}}, days=3)
    case.step("tm", "check_capacity", {"capacity": {"remarks": "Past in de planning"}}, days=2)
    case.step("am", "send_quote", days=1)
    signed = {"signed_on": "@day", "amount_eur": hours * tariff, "reference": f"OB-{rng.randint(100, 999)}"}
    case.step("client", "confirm", {"scope": {"cost_centre": "6.2.14"}, "confirmation": signed}, days=6)
    case.step("tm", "plan_assignment", {"execution": {"projectleider": "p.smit"}}, days=2)
    return not case.stopped, hours, tariff


def _execute(case: _Case, hours: int) -> float:
    """Bookings, and now and then a suspension, meerwerk, an escalation, a result; the hours booked."""
    rng, booked = case.rng, 0.0
    case.step("pl", "start_execution", {"execution": {"case_number": f"Z-{rng.randint(10000, 99999)}"}}, days=2)
    share = rng.choice((0.7, 0.85, 0.95, 1.05, 1.3))
    for n in range(rng.randint(3, 6)):
        chunk = round(hours * share / 5, 1)
        who = "lid" if n % 2 else "pl"
        booking = {"date": "@day", "hours": chunk, "activity": "Uitvoering"}
        if case.step(who, "book_hours", {"booking": booking}, days=4):
            booked += chunk
        if n == 1 and rng.random() < 0.25:
            waiting = {"reason": "Wachten op gegevens", "waiting_for": "Aanlevering door de gemeente"}
            case.step("pl", "suspend", {"suspension": waiting}, days=1)
            case.step("pl", "resume", days=rng.choice((5, 10, 15)))
        if n == 2 and rng.random() < 0.2:
            case.step("pl", "request_change", {"meerwerk": {"reason": "Extra controles", "extra_hours": 16}}, days=1)
            if rng.random() < 0.75:
                case.step("client", "approve_change", days=3)
            else:
                case.step("client", "decline_change", {"meerwerk": {"decline_reason": "Geen budget"}}, days=3)
        if n == 2 and rng.random() < 0.1:
            case.step("client", "escalate", {"escalation": {"level": "accountmanager", "reason": "Termijn in gevaar"}})
            case.step("am", "resolve_escalation", {"escalation": {"resolution": "Nieuwe planning afgesproken"}}, days=3)
    if rng.random() < 0.45:
        highlight = rng.random() < 0.5
        text = rng.choice(
            ("Alle bedrijven voldoen na hercontrole", "Vergunning binnen termijn verleend", "Sanering afgerond")
        )
        case.step("pl", "record_result", {"result": {"text": text, "highlight": highlight}}, days=1)
    return booked


def _finish(case: _Case, booked: float, tariff: int) -> None:
    rng = case.rng
    case.step("pl", "submit_for_review", {"delivery": {"deliverables": ["Rapport"]}}, days=2)
    if rng.random() < 0.1:
        case.step("pl", "approve_review", days=1)  # a self-review: refused (four eyes) and recorded
    case.step("qa", "approve_review", {"review": {"remarks": "Volledig en navolgbaar"}}, days=2)
    case.step("am", "deliver", days=1)
    score = max(1, min(10, round(rng.gauss(7.6, 1.1))))
    case.step("client", "accept", {"evaluation": {"satisfaction": score, "remarks": "Goed samengewerkt"}}, days=5)
    explained = "Afgerekend op de geboekte uren"
    settled = {"hours": booked, "final_costs_eur": round(booked * tariff, 2), "difference_explanation": explained}
    case.step("ctl", "settle", {"settlement": settled}, days=5)
    case.step("am", "close", {"evaluation": {"lessons": "Afspraken vooraf vastleggen"}}, days=3)


def play_year(
    engine: Engine, *, per_gemeente: int = 20, seed: int = 2026, progress: Callable[[int], None] | None = None
) -> YearPlayed:
    """Play ``per_gemeente`` assignments for each of :data:`GEMEENTEN` over the year before now."""
    rng, now = random.Random(seed), engine.now()  # noqa: S311 - a seeded story, not a secret
    played = YearPlayed(period=year_before(now.astimezone(LOCAL).date()))
    starts = sorted(now - timedelta(days=rng.uniform(15, 360)) for _ in range(per_gemeente * len(GEMEENTEN)))
    for n, start in enumerate(starts):
        tenant = GEMEENTEN[n % len(GEMEENTEN)]
        start = office_hours(start.replace(hour=8, minute=rng.randint(0, 59), second=0, microsecond=0))
        reference = f"{tenant.removeprefix('gemeente-')[:3].upper()}-{start.year}-{n + 1:04d}"
        started = engine.start(
            "assignment", actor=client(tenant), tenant=tenant, reference=reference,
            data={"received_on": start.astimezone(LOCAL).date().isoformat()}, at=start,
        )  # fmt: skip
        case = _Case(engine, rng, started.id, tenant, start, now - timedelta(hours=1), played)
        played.cases, played.first = played.cases + 1, min(played.first or start, start)
        played.references.append(reference)
        planned, hours, tariff = _intake(case, quoted=rng.random() < 0.3)
        if planned:
            booked = _execute(case, hours)
            _finish(case, booked, tariff)
        played.last = max(played.last or case.at, case.at)
        if progress is not None:
            progress(n + 1)
    return played
