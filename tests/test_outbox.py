"""The transactional outbox: messages written with their step, their shape, the subscribers file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from workflow import Engine, GuardFailed, StorageError
from workflow.outbox import Outbox, notification, outbox_message
from workflow.store import outbox as outbox_queries
from workflow.store.tables import outbox
from workflow.subscribers import Subscriber, SubscriberFileError, parse_subscribers

from .engine_support import CLERK, DEADLINES, StepClock, definitions

URN = "urn:workflow:case:"


def messages(url: str) -> list[dict[str, Any]]:
    db = sa.create_engine(url)
    with db.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(outbox).order_by(outbox.c.id))]
    db.dispose()
    return rows


def test_every_committed_step_writes_one_message(engine: Engine, db_url: str) -> None:
    case = engine.start("counter", actor=CLERK, tenant="utrecht", reference="Z-1")
    engine.fire(case.id, "tick", actor=CLERK)
    engine.fire(case.id, "set", actor=CLERK, input={"count": 3})
    found = messages(db_url)
    assert [(m["seq"], m["action"], m["resource"]) for m in found] == [
        (1, "started", "case"),
        (2, "fired", "event"),
        (3, "fired", "event"),
    ]
    assert found[0]["main_object"] == found[0]["resource_url"] == URN + case.id
    assert found[1]["resource_url"] == f"{URN}{case.id}/events/2"
    assert found[2]["attributes"] == {
        "workflow": "counter",
        "definition_version": "1",
        "tenant": "utrecht",
        "state": "open",
        "from_state": "open",
        "transition": "set",
        "seq": "3",
        "reference": "Z-1",
    }
    assert {m["channel"] for m in found} == {"counter"}


def test_a_refusal_writes_no_message_unless_configured(db_url: str) -> None:
    settings: list[tuple[Outbox | bool, list[int]]] = [(True, [1]), (Outbox(refused=True, channel="zaken"), [1, 2])]
    for setting, expected in settings:
        with Engine(db_url, definitions(), clock=StepClock(), upgrade=True, outbox=setting) as engine:
            case = engine.start("counter", actor=CLERK, tenant="t")
            with pytest.raises(GuardFailed):
                engine.fire(case.id, "submit", actor=CLERK)
        assert [m["seq"] for m in messages(db_url) if m["case_id"] == case.id] == expected
    refused = messages(db_url)[-1]
    assert (refused["action"], refused["channel"]) == ("refused", "zaken")


def test_no_outbox_writes_nothing(db_url: str) -> None:
    with Engine(db_url, definitions(), clock=StepClock(), upgrade=True, outbox=False) as engine:
        case = engine.start("counter", actor=CLERK, tenant="t")
        engine.fire(case.id, "tick", actor=CLERK)
    assert messages(db_url) == []


def test_message_and_step_commit_together(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")

    def broken(conn: sa.Connection, message: Any) -> None:
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(outbox_queries, "insert_message", broken)
    with pytest.raises(StorageError, match="er is niets vastgelegd"):
        engine.fire(case.id, "tick", actor=CLERK)
    monkeypatch.undo()
    assert len(engine.history(case.id)) == 1
    assert engine.get(case.id).version == 0
    assert [m["seq"] for m in messages(db_url)] == [1]


def test_a_deadline_that_fires_is_a_timer_message(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'timers.db'}"
    with Engine(url, definitions(), clock=StepClock(), upgrade=True) as engine:
        workflow = next(d.workflow for d in definitions() if d.file == str(DEADLINES))
        case = engine.start(workflow, actor=CLERK, tenant="t")
        outcomes = engine.run_due_timers(datetime(2030, 1, 1, tzinfo=UTC))
    actions = {"fired": "timer", "flagged": "flagged"}
    expected = [actions[o.outcome] for o in outcomes if o.case_id == case.id and o.outcome in actions]
    assert expected, "the deadlines fixture should fire or flag something"
    assert [m["action"] for m in messages(url) if m["case_id"] == case.id][1:] == expected


def test_notification_uses_the_zgw_field_names() -> None:
    message = {
        "channel": "assignment",
        "main_object": "https://zaken.example.nl/cases/abc",
        "resource": "event",
        "resource_url": "https://zaken.example.nl/cases/abc/events/4",
        "action": "fired",
        "created_at": datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        "attributes": {"state": "confirmed", "seq": "4"},
    }
    assert notification(message) == {
        "kanaal": "assignment",
        "hoofdObject": "https://zaken.example.nl/cases/abc",
        "resource": "event",
        "resourceUrl": "https://zaken.example.nl/cases/abc/events/4",
        "actie": "fired",
        "aanmaakdatum": "2026-11-27T09:30:00Z",
        "kenmerken": {"state": "confirmed", "seq": "4"},
    }


def test_base_url_names_the_case(engine: Engine) -> None:
    case = engine.start("counter", actor=CLERK, tenant="t")
    event = engine.history(case.id)[0]
    message = outbox_message(case, event, Outbox(base_url="https://zaken.example.nl/cases/"))
    assert message["main_object"] == f"https://zaken.example.nl/cases/{case.id}"


GOOD = """\
subscribers:
  - name: zaaksysteem
    url: https://zaken.example.nl/hooks/workflow
    channels: [assignment]
    secret_env: HOOK_SECRET
  - name: portal
    url: http://127.0.0.1:8080/hook
    secret: "0123456789abcdef"
"""


def test_subscribers_file_is_read() -> None:
    found = parse_subscribers(GOOD, "subs.yaml", {"HOOK_SECRET": "x" * 32})
    assert found == [
        Subscriber("zaaksysteem", "https://zaken.example.nl/hooks/workflow", "x" * 32, ("assignment",)),
        Subscriber("portal", "http://127.0.0.1:8080/hook", "0123456789abcdef", None),
    ]
    assert "x" * 32 not in repr(found)


def test_every_problem_of_a_subscribers_file_has_its_line() -> None:
    text = """\
subscribers:
  - name: Bad Name
    url: ftp://example.nl
    secret: short
  - name: hook
    url: https://example.nl
    secret_env: MISSING
    colour: red
  - name: hook
    url: https://example.nl
    secret: "0123456789abcdef"
    secret_env: ALSO
"""
    with pytest.raises(SubscriberFileError) as caught:
        parse_subscribers(text, "subs.yaml", {})
    where = [(p.line, p.message.split(";")[0].split(",")[0]) for p in caught.value.problems]
    assert where == [
        (2, "verwacht een naam als 'zaaksysteem' ([a-z][a-z0-9_-]*)"),
        (3, "verwacht een http://- of https://-URL"),
        (4, "het geheim moet tekst van minstens 16 tekens zijn"),
        (7, "omgevingsvariabele 'MISSING' is niet gezet"),
        (8, "onbekende sleutel 'colour'"),
        (9, "verwacht precies een van 'secret' of 'secret_env' (de naam van een omgevingsvariabele)"),
    ]
    assert str(caught.value).startswith("6 problemen in het abonneebestand")
    assert "subs.yaml:3:10: verwacht een http" in str(caught.value)


def test_a_broken_subscribers_file_is_a_yaml_problem() -> None:
    with pytest.raises(SubscriberFileError, match=r"subs.yaml:\d+:\d+: YAML-syntaxis"):
        parse_subscribers("subscribers: [", "subs.yaml", {})
