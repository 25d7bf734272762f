"""A client of another organisation cannot tell its cases from unknown ones (hostile review, 2026-11-27).

A damaged stored definition, a forged checkpoint and the log's global event
ids must each answer a client the same for "another organisation's" and
"no such" — on every database of the contract suite.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cli import main
from workflow import Actor, Checkpoint, DefinitionError, Engine, InvalidInput, NotFound
from workflow.checkpoint import CheckpointError
from workflow.loader import parse_definition

from .engine_support import StepClock, open_engine
from .test_audit import raw, sql

__all__ = ["raw"]  # the fixture: direct access with the append-only triggers dropped

DESK = """
workflow: desk
version: 1
title: Desk
roles:
  clerk: {label: Clerk, side: agency}
  client: {label: Client, side: client}
data:
  type: object
states:
  open: {initial: true, label: Open}
  done: {final: true, label: Done}
transitions:
  close:
    from: open
    to: done
    label: Close
    roles: [client]
"""
UTRECHT = Actor("cees.client", ["client"], tenant="utrecht")
ZEIST = Actor("olga.other", ["client"], tenant="zeist")


@pytest.fixture
def desk(db_url: str, clock: StepClock) -> Iterator[Engine]:
    with Engine(db_url, [parse_definition(DESK)], clock=clock, upgrade=True) as engine:
        yield engine


def _answer(call: object) -> tuple[str, str]:
    try:
        call()  # type: ignore[operator]
    except NotFound as exc:
        return type(exc).__name__, str(exc)
    raise AssertionError("no NotFound")


def test_a_damaged_definition_is_hidden_like_an_unknown_case(db_url: str, desk: Engine, clock: StepClock) -> None:
    case = desk.start("desk", actor=UTRECHT, tenant="utrecht")
    with sa.create_engine(db_url).begin() as conn:
        conn.execute(sa.text("UPDATE wf_definitions SET source = source || '#' WHERE workflow = 'desk'"))
    with open_engine(db_url, clock) as other:  # does not load desk: it rebuilds it from the damaged text
        hidden = _answer(lambda: other.get(case.id, actor=ZEIST))
        unknown = _answer(lambda: other.get("no-such-case", actor=ZEIST))
        assert hidden == (unknown[0], unknown[1].replace("no-such-case", case.id))
        for read in (other.history, other.get):
            with pytest.raises(NotFound):
                read(case.id, actor=ZEIST)
            with pytest.raises(DefinitionError, match="desk"):  # its own organisation and the operator: the damage
                read(case.id, actor=UTRECHT)
            with pytest.raises(DefinitionError, match="desk"):
                read(case.id)


def _forged(checkpoint: Checkpoint, ids: dict[str, tuple[str, str, int] | None]) -> Checkpoint:
    """``checkpoint`` with ``ids`` added (owner, or None: none recorded), its digest recomputed: a forgery."""
    heads = {**checkpoint.heads, **dict.fromkeys(ids, (1, "0" * 64))}
    owners = {**checkpoint.owners, **{c: o for c, o in ids.items() if o is not None}}
    forged = Checkpoint.make(checkpoint.created_at, heads, None, None, owners)
    return Checkpoint.from_json(forged.to_json())


def _verdicts(engine: Engine, checkpoint: Checkpoint, actor: Actor) -> dict[str, list[tuple[str, str]]]:
    """Per case id: what verify and against_checkpoint say of it to ``actor`` (kind, detail)."""
    found: dict[str, list[tuple[str, str]]] = {}
    breaks = [*engine.audit.verify(actor=actor, checkpoint=checkpoint).breaks]
    breaks += engine.audit.against_checkpoint(checkpoint, actor=actor)
    for item in breaks:
        found.setdefault(item.case_id, []).append((item.kind, item.detail))
    return found


def test_a_forged_checkpoint_cannot_tell_another_organisations_case_from_none(desk: Engine, clock: StepClock) -> None:
    """Review finding 2: a made-up id was ``case_removed``, a real Utrecht id silently left out."""
    theirs = desk.start("desk", actor=UTRECHT, tenant="utrecht").id
    desk.start("desk", actor=ZEIST, tenant="zeist")
    own = desk.audit.checkpoint(clock(), actor=ZEIST)
    assert theirs not in own.heads
    assert set(own.owners.values()) == {("zeist", "desk", 1)}
    made_up = "00000000-0000-4000-8000-000000000000"
    for owner in (("zeist", "desk", 1), None, ("utrecht", "desk", 1), ("zeist", "other", 1)):
        verdicts = _verdicts(desk, _forged(own, {theirs: owner, made_up: owner}), ZEIST)
        assert verdicts.get(theirs) == verdicts.get(made_up)
        in_scope = owner is None or owner[:2] == ("zeist", "desk")  # the checkpoint's word, not the log's
        assert [kind for kind, _ in verdicts.get(theirs, [])] == (["case_removed"] * 2 if in_scope else [])
        for path in ("verify", "report"):
            counts = [
                len(desk.audit.verify(actor=ZEIST, checkpoint=_forged(own, {c: owner})).breaks)
                if path == "verify"
                else len(desk.audit.against_checkpoint(_forged(own, {c: owner}), actor=ZEIST))
                for c in (theirs, made_up)
            ]
            assert counts[0] == counts[1]


def test_a_client_still_finds_its_own_removed_case(desk: Engine, raw: sa.Engine, clock: StepClock) -> None:
    mine, kept = (desk.start("desk", actor=ZEIST, tenant="zeist").id for _ in range(2))
    theirs = desk.start("desk", actor=UTRECHT, tenant="utrecht").id
    own = Checkpoint.from_json(desk.audit.checkpoint(clock(), actor=ZEIST).to_json())
    operators = Checkpoint.from_json(desk.audit.checkpoint(clock()).to_json())
    assert desk.audit.verify(actor=ZEIST, checkpoint=operators).breaks == ()  # no false alarm for Utrecht's case
    for gone in (mine, theirs):
        sql(raw, "DELETE FROM wf_events WHERE case_id = :c", c=gone)
        sql(raw, "DELETE FROM wf_cases WHERE id = :c", c=gone)
    for checkpoint in (own, operators):
        found = desk.audit.verify(actor=ZEIST, checkpoint=checkpoint).breaks
        assert [(b.case_id, b.kind) for b in found] == [(mine, "case_removed")]
        assert [(b.case_id, b.kind) for b in desk.audit.against_checkpoint(checkpoint, actor=ZEIST)] == [
            (mine, "case_removed")
        ]
    removed = {b.case_id for b in desk.audit.verify(checkpoint=operators).breaks if b.kind == "case_removed"}
    assert removed == {mine, theirs}  # the operator: every case
    for tenants, expected in ((["zeist"], [mine]), (["zeist", "utrecht"], sorted([mine, theirs]))):
        narrowed = desk.audit.verify(checkpoint=operators, tenants=tenants, versions=[("desk", 1)])
        assert sorted(b.case_id for b in narrowed.breaks) == expected  # a report for named clients: each once
    assert kept not in removed


def test_a_checkpoint_of_the_second_format_is_the_operators_only(desk: Engine, clock: StepClock) -> None:
    """``/2`` recorded no owners: read, compared for the operator, refused for a reviewer who sees only some cases."""
    desk.start("desk", actor=ZEIST, tenant="zeist")
    theirs = desk.start("desk", actor=UTRECHT, tenant="utrecht").id
    taken = desk.audit.checkpoint(clock())
    old = replace(taken, owners={}, format="wf-audit-checkpoint/2")
    old = Checkpoint.from_json(replace(old, digest=old.compute_digest()).to_json())
    assert old.owners == {}
    assert b'"wf-audit-checkpoint/2"' in old.to_json()
    assert desk.audit.verify(checkpoint=old).intact
    assert theirs in old.heads
    with pytest.raises(CheckpointError, match="formaat wf-audit-checkpoint/2"):
        desk.audit.against_checkpoint(old, actor=ZEIST)
    with pytest.raises(CheckpointError, match="vergelijk zonder --actor"):
        desk.audit.verify(checkpoint=old, actor=ZEIST)


def test_the_cli_read_commands_record_no_probe_and_fire_does(db_url: str, desk: Engine, tmp_path: Path) -> None:
    """Review finding 6, as docs/security.md now says: the read commands open the database read-only."""
    case = desk.start("desk", actor=UTRECHT, tenant="utrecht")
    source = tmp_path / "desk.yaml"
    source.write_text(DESK)
    zeist = ["--db", db_url, "--definitions", str(source), "--actor", "olga.other", "--role", "client"]
    zeist += ["--tenant", "zeist"]
    probes = [
        ["case", "show", case.id],
        ["case", "history", case.id],
        ["case", "explain", case.id, "close"],
        ["case", "list", "--after", case.id],
    ]
    for probe in probes:
        result = CliRunner().invoke(main, [*zeist, *probe])
        assert result.exit_code == 2, result.output
        assert f"zaak '{case.id}' bestaat niet" in result.output
    assert desk.audit.security_events() == []
    fired = CliRunner().invoke(main, [*zeist, "case", "fire", case.id, "close"])
    assert fired.exit_code == 2
    assert f"zaak '{case.id}' bestaat niet" in fired.output
    assert [(r.case_id, r.operation, r.code) for r in desk.audit.security_events()] == [
        (case.id, "fire", "other_tenant")
    ]


def _busy(desk: Engine) -> list[str]:
    """Zeist's cases between Utrecht's: the log's positions count both organisations' events."""
    mine = []
    for n in range(4):
        for _ in range(n + 1):
            desk.start("desk", actor=UTRECHT, tenant="utrecht")
        case = desk.start("desk", actor=ZEIST, tenant="zeist")
        if n % 2:
            desk.fire(case.id, "close", actor=ZEIST)
        mine.append(case.id)
    return mine


def test_a_reviewer_sees_no_log_positions_and_pages_by_its_own_events(desk: Engine) -> None:
    """Review finding 3: Olga's newest event id (1180 beside her 402 events) counted everyone's."""
    mine = _busy(desk)
    everything = list(desk.audit.query(actor=ZEIST))
    assert [e.id for e in everything] == [None] * 6
    assert [e.case_id for e in everything] == [mine[0], mine[1], mine[1], mine[2], mine[3], mine[3]]
    assert [e.id for e in desk.history(mine[1], actor=ZEIST)] == [None, None]
    assert all(e.id for e in desk.history(mine[1]))  # the operator keeps the positions
    assert all(e.id for e in desk.audit.query())
    fired = desk.fire(desk.start("desk", actor=ZEIST, tenant="zeist").id, "close", actor=ZEIST, idempotency_key="k")
    assert fired.event.id is None
    assert desk.fire(fired.case.id, "close", actor=ZEIST, idempotency_key="k").event.id is None  # the replay too
    for by_case in (False, True):
        whole = [(e.case_id, e.seq) for e in desk.audit.query(actor=ZEIST, by_case=by_case)]
        paged: list[tuple[str, int]] = []
        while True:
            after = paged[-1] if paged else None
            page = [(e.case_id, e.seq) for e in desk.audit.query(actor=ZEIST, by_case=by_case, after=after, limit=4)]
            if not page:
                break
            paged += page
            desk.start("desk", actor=UTRECHT, tenant="utrecht")  # others' events between pages change nothing
        assert paged == whole
    with pytest.raises(InvalidInput, match="alleen voor de beheerder"):
        list(desk.audit.query(actor=ZEIST, after=everything[0].seq))


def test_a_cursor_into_another_organisations_case_is_an_unknown_one(desk: Engine) -> None:
    _busy(desk)
    theirs = desk.start("desk", actor=UTRECHT, tenant="utrecht").id
    made_up = "00000000-0000-4000-8000-000000000000"
    said = []
    for case_id in (theirs, made_up):
        with pytest.raises(NotFound) as caught:
            list(desk.audit.query(actor=ZEIST, after=(case_id, 1)))
        said.append(str(caught.value).replace(case_id, "<id>"))
    assert said[0] == said[1]
    assert len(list(desk.audit.query(after=(theirs, 1)))) == 0  # the operator pages through any case


def test_the_cli_shows_a_reviewer_no_log_positions(db_url: str, desk: Engine, tmp_path: Path) -> None:
    mine = _busy(desk)
    zeist = ["--db", db_url, "--actor", "olga.other", "--role", "client", "--tenant", "zeist"]
    shown = CliRunner().invoke(main, [*zeist, "audit", "log"])
    assert shown.exit_code == 0, shown.output
    assert "#" not in shown.output
    assert f"zaak {mine[1]}:2 (desk, zeist)" in shown.output
    lines = CliRunner().invoke(main, [*zeist, "--json", "audit", "log", "--after", f"{mine[1]}:1"]).stdout
    rows = [json.loads(line) for line in lines.splitlines()]
    assert [(r["case_id"], r["seq"]) for r in rows] == [(mine[1], 2), (mine[2], 1), (mine[3], 1), (mine[3], 2)]
    assert all("id" not in row for row in rows)
    position = CliRunner().invoke(main, [*zeist, "audit", "log", "--after", "3"])
    assert position.exit_code == 2
    assert "alleen voor de beheerder" in position.output
    for fmt in ("jsonl", "csv"):
        target = tmp_path / f"export.{fmt}"
        exported = CliRunner().invoke(main, [*zeist, "audit", "export", "--format", fmt, "-o", str(target)])
        assert exported.exit_code == 0, exported.output
        if fmt == "jsonl":
            records = [json.loads(line) for line in target.read_text().splitlines()]
        else:
            records = list(csv.DictReader(target.read_text().splitlines()))
        assert len(records) == 6
        assert {record["id"] for record in records} == ({None} if fmt == "jsonl" else {""})
    operator = CliRunner().invoke(main, ["--db", db_url, "--json", "audit", "log", "--limit", "1"]).stdout
    assert json.loads(operator)["id"] == 1  # the operator's output as it was
