"""What a caller acting for one organisation receives about deadlines and outbox messages counts nothing of
another's (SQLite, PostgreSQL).

``Timer.id`` is the row number of ``wf_timers``, one sequence over every
organisation's deadlines: a client of gemeente Utrecht that read its own
deadlines a day apart learnt from the gap how many deadlines every other
gemeente had started meanwhile.  An actor-scoped caller now gets ``id`` None,
as it does for audit events; the trusted operator (no ``actor``) keeps the
row numbers.  A tenant-filtered outbox subscriber receives no global number
either: its idempotency key is the case id, the event's number in the case
and the subscriber's name.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from click.testing import CliRunner

from cli import main
from workflow import Actor, Engine, Timer
from workflow.relay import relay
from workflow.subscribers import Subscriber

from .engine_support import CLERK
from .outbox_support import SECRET, ManualClock, Received, Receiver, running

UTRECHT = Actor("m.jansen", ["ambtelijk_opdrachtgever"], "gemeente-utrecht")
ZEIST = Actor("z.devries", ["ambtelijk_opdrachtgever"], "gemeente-zeist")
SOON = timedelta(days=60)


def _start(engine: Engine, actor: Actor) -> str:
    assert actor.tenant is not None
    return engine.start("assignment", actor=actor, tenant=actor.tenant, data={"received_on": "2026-11-20"}).id


def _zeist_busy(engine: Engine) -> None:
    """Gemeente Zeist starts cases: each starts deadlines (the service term, the legal term)."""
    for _ in range(3):
        _start(engine, ZEIST)


def _attack(first: list[Timer], second: list[Timer]) -> int | None:
    """Olga's sum: the row numbers between her two cases' first deadlines, less her own deadlines (None: no numbers)."""
    if first[0].id is None or second[0].id is None:
        return None
    return second[0].id - first[0].id - len(first)


def _own(timer: Timer) -> dict[str, Any]:
    """What a timer says beyond its case and its moments (which are the case's own)."""
    seen = asdict(timer)
    for own in ("case_id", "due_at", "warn_at", "started_at", "paused_at"):
        seen.pop(own)
    return seen


def test_a_client_reading_its_deadlines_learns_nothing_of_another_gemeentes_deadlines(engine: Engine) -> None:
    first = _start(engine, UTRECHT)
    before = engine.timers(first, actor=UTRECHT)
    due_before = engine.due(within=SOON, actor=UTRECHT)
    _zeist_busy(engine)
    second = _start(engine, UTRECHT)
    after = engine.timers(second, actor=UTRECHT)
    assert before
    assert after
    assert _attack(before, after) is None  # with row numbers: 3 cases' deadlines of Zeist's in between
    assert [_own(t) for t in before] == [_own(t) for t in after]  # nothing in them but her own case's
    assert engine.timers(first, actor=UTRECHT) == before  # read again after Zeist's starts: the same
    due_after = engine.due(within=SOON, actor=UTRECHT)
    assert [(c.id, t) for c, t in due_after if c.id == first] == [(c.id, t) for c, t in due_before]
    assert {c.tenant for c, _ in due_after} == {"gemeente-utrecht"}
    assert {t.id for _, t in due_after} == {None}
    # the trusted operator (no actor) keeps the row numbers, and the runner acts on them
    assert _attack(engine.timers(first), engine.timers(second)) == len(engine.timers(first)) * 3
    assert all(t.id is not None for _, t in engine.due(within=SOON))


def _seen(received: Received, case_id: str) -> dict[str, Any]:
    """What the receiver got, its case named CASE, the step's moment and the sending moment left out (and the
    signature over it): the moments are the case's own (how long a send waited is a matter of timing)."""
    body = {**received.body, "kenmerken": dict(received.body["kenmerken"])}
    body.pop("aanmaakdatum")
    moments = {"x-workflow-timestamp", "x-workflow-signature"}
    headers = [(name, value) for name, value in received.headers if name.lower() not in moments]
    return {"seen": repr((received.key, body, headers)).replace(case_id, "CASE")}


def test_a_gemeentes_webhook_receives_no_number_that_counts_another_gemeentes_messages(
    engine: Engine, db_url: str
) -> None:
    """Two cases of Utrecht with the same steps, one with Zeist's steps in between: they arrive alike."""
    quiet = engine.start("counter", actor=CLERK, tenant="gemeente-utrecht", reference="R")
    engine.fire(quiet.id, "tick", actor=CLERK)
    crowded = engine.start("counter", actor=CLERK, tenant="gemeente-utrecht", reference="R")
    for _ in range(3):
        engine.fire(engine.start("counter", actor=CLERK, tenant="gemeente-zeist").id, "tick", actor=CLERK)
    engine.fire(crowded.id, "tick", actor=CLERK)
    with running(Receiver()) as receiver:
        utrecht = Subscriber("zaaksysteem-utrecht", receiver.url, SECRET, None, ("gemeente-utrecht",))
        relay(db_url, [utrecht], once=True, now=ManualClock())
    by_case: dict[str, list[dict[str, Any]]] = {}
    for received in receiver.received:
        case_id = received.body["hoofdObject"].rsplit(":", 1)[1]
        by_case.setdefault(case_id, []).append(_seen(received, case_id))
    assert len(by_case[quiet.id]) == 2
    assert by_case[quiet.id] == by_case[crowded.id]
    assert receiver.received[0].key == f"{quiet.id}:1:zaaksysteem-utrecht"  # deduplicated by case and seq


def test_the_command_line_shows_a_client_no_deadline_row_numbers(engine: Engine, db_url: str) -> None:
    case_id = _start(engine, UTRECHT)
    who = ["--actor", UTRECHT.id, "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-utrecht"]
    shown = CliRunner().invoke(main, ["--db", db_url, "--json", *who, "case", "show", case_id])
    assert shown.exit_code == 0, shown.output
    deadlines = json.loads(shown.output)["deadlines"]
    assert deadlines
    assert all("id" not in deadline for deadline in deadlines)
    listed = CliRunner().invoke(main, ["--db", db_url, "--json", *who, "case", "list", "--due-within", "60"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [row["id"] for row in rows] == [case_id]  # the case's id; no deadline's
