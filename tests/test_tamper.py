"""An attacker with write access to the database (triggers dropped), on every database of the contract suite.

Each row of docs/audit.md's table "what an attacker with write access to the
database can and cannot do undetected": detected and named, or — where the
docs list it as undetectable without a checkpoint — detected once a
checkpoint taken before the tampering exists.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cli import main
from workflow import Actor, Checkpoint, Engine, WorkflowError
from workflow.chain import GENESIS, chain_hash, event_content, request_hash
from workflow.model import AuditEvent
from workflow.store.queries import event_row
from workflow.store.tables import events

from .engine_support import CLERK, CLIENT, StepClock
from .test_audit import breaks, make_case, raw, sql

__all__ = ["raw"]  # the attacker's connection: a fixture shared with test_audit

DEADLINE_CLERK = Actor("carla.clerk", ["clerk"])


def insert(db: sa.Engine, event: AuditEvent, position: int | None = None, request: str | None = None) -> None:
    row = {**event_row(event), "request_hash": request}
    if position is not None:
        row["id"] = position
    with db.begin() as conn:
        conn.execute(events.insert().values(**row))


def rehashed(event: AuditEvent, **changes: object) -> AuditEvent:
    changed = replace(event, **changes, id=None)  # type: ignore[arg-type]
    return replace(changed, hash=chain_hash(event_content(changed)))


def forged_tick(engine: Engine, case_id: str) -> AuditEvent:
    """Mallory's 'tick' appended to the case with a correct chain (the case stays open, version + 1)."""
    last = engine.history(case_id)[-1]
    return rehashed(
        last,
        seq=last.seq + 1,
        kind="fired",
        transition="tick",
        to_state="open",
        actor_id="mallory",
        role="clerk",
        blockers=(),
        input={},
        data_diff=(),
        reason=None,
        prev_hash=last.hash,
        at=last.at + timedelta(seconds=1),
    )


def fix_case_row(db: sa.Engine, case_id: str, head: AuditEvent, version: int) -> None:
    sql(db, "UPDATE wf_cases SET event_count = :n, head_hash = :h, version = :v WHERE id = :c",
        n=head.seq, h=head.hash, v=version, c=case_id)  # fmt: skip


def lowest_free_position(db: sa.Engine) -> int:
    """A position before every event's (ids are not hashed: an attacker can pick any free one)."""
    with db.connect() as conn:
        return int(conn.execute(sa.select(sa.func.min(events.c.id))).scalar() or 1) - 1000


# ------------------------------------------------------------ appended events


def test_forged_appended_event_after_the_checkpoint_is_the_window(
    engine: Engine, raw: sa.Engine, clock: StepClock
) -> None:
    """Undetectable (docs: the window after the last checkpoint): indistinguishable from a real step."""
    case_id = make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    forged = forged_tick(engine, case_id)
    insert(raw, forged)
    fix_case_row(raw, case_id, forged, engine.get(case_id).version + 1)
    assert breaks(engine) == []
    assert breaks(engine, checkpoint=checkpoint) == []
    later = engine.audit.checkpoint(clock(), previous=checkpoint)  # pins it from now on: it cannot be taken back
    assert later.previous == checkpoint.digest
    assert later.heads[case_id] == (5, forged.hash)


def test_forged_event_placed_before_the_checkpoint_is_named(engine: Engine, raw: sa.Engine, clock: StepClock) -> None:
    case_id, other = make_case(engine), make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    forged = forged_tick(engine, case_id)
    insert(raw, forged, position=lowest_free_position(raw))
    fix_case_row(raw, case_id, forged, engine.get(case_id).version + 1)
    assert breaks(engine) == []  # its own chain and case row are consistent
    assert breaks(engine, checkpoint=checkpoint) == [(case_id, 5, "event_inserted")]
    assert breaks(engine, case_id=other, checkpoint=checkpoint) == []


# ------------------------------------------------------------ cut and rewritten tails


def test_cut_tail_with_count_and_head_fixed_is_named_with_a_checkpoint(
    engine: Engine, raw: sa.Engine, clock: StepClock
) -> None:
    case_id = make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    third = engine.history(case_id)[2]
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c AND seq = 4", c=case_id)  # the refused attempt
    sql(raw, "UPDATE wf_cases SET event_count = 3, head_hash = :h WHERE id = :c", h=third.hash, c=case_id)
    assert breaks(engine) == []  # docs: undetectable without a checkpoint
    assert breaks(engine, checkpoint=checkpoint) == [(case_id, 4, "case_rewritten")]


def test_changed_and_rehashed_chain_is_named_with_a_checkpoint(
    engine: Engine, raw: sa.Engine, clock: StepClock
) -> None:
    case_id = make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    previous = GENESIS
    for event in engine.history(case_id):  # event 2's actor changed, every later hash recomputed
        changed = rehashed(event, actor_id="mallory" if event.seq == 2 else event.actor_id, prev_hash=previous)
        sql(raw, "UPDATE wf_events SET actor_id = :a, prev_hash = :p, hash = :h WHERE id = :i",
            a=changed.actor_id, p=changed.prev_hash, h=changed.hash, i=event.id)  # fmt: skip
        previous = changed.hash
    sql(raw, "UPDATE wf_cases SET head_hash = :h WHERE id = :c", h=previous, c=case_id)
    assert breaks(engine) == []
    assert breaks(engine, checkpoint=checkpoint) == [(case_id, 4, "case_rewritten")]


def test_renumbered_log_is_named_with_a_checkpoint(engine: Engine, raw: sa.Engine, clock: StepClock) -> None:
    """Positions are not in any case's chain; the log-wide digest pins them."""
    first, second = make_case(engine), make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    a, b = engine.history(first)[1].id, engine.history(second)[1].id
    sql(raw, "UPDATE wf_events SET id = -7 WHERE id = :a", a=a)
    sql(raw, "UPDATE wf_events SET id = :a WHERE id = :b", a=a, b=b)
    sql(raw, "UPDATE wf_events SET id = :b WHERE id = -7", b=b)
    assert breaks(engine) == []
    assert breaks(engine, checkpoint=checkpoint) == [("log", None, "log_rewritten")]


# ------------------------------------------------------------ whole cases


def _forged_case(engine: Engine, raw: sa.Engine, template: str, position: int | None) -> str:
    """A copy of ``template`` under a new id, every hash recomputed, with its case row; at ``position`` and on."""
    forged_id = "f" * 32
    columns = "workflow, definition_version, state, data, tenant, version, created_at, updated_at, event_count, flags"
    sql(raw, f"INSERT INTO wf_cases (id, head_hash, {columns}) SELECT :f, '', {columns} FROM wf_cases WHERE id = :c",
        f=forged_id, c=template)  # fmt: skip
    previous = GENESIS
    for offset, event in enumerate(engine.history(template)):
        changed = rehashed(event, case_id=forged_id, prev_hash=previous, idempotency_key=None)
        asked = {"workflow": event.workflow, "tenant": event.tenant, "data": event.input, "reference": None}
        request = request_hash("start", asked) if event.seq == 1 else None  # as the engine would have kept it
        insert(raw, changed, None if position is None else position + offset, request)
        previous = changed.hash
    sql(raw, "UPDATE wf_cases SET head_hash = :h WHERE id = :f", h=previous, f=forged_id)
    return forged_id


def test_forged_case_placed_before_the_checkpoint_is_named(engine: Engine, raw: sa.Engine, clock: StepClock) -> None:
    template = make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    forged = _forged_case(engine, raw, template, lowest_free_position(raw))
    assert breaks(engine) == []  # a consistent chain and case row
    assert breaks(engine, checkpoint=checkpoint) == [(forged, 1, "case_inserted")]


def test_forged_case_after_the_checkpoint_is_the_window(engine: Engine, raw: sa.Engine, clock: StepClock) -> None:
    template = make_case(engine)
    checkpoint = engine.audit.checkpoint(clock())
    _forged_case(engine, raw, template, None)
    assert breaks(engine, checkpoint=checkpoint) == []  # docs: as a real case started after the checkpoint


def test_deleted_case_is_named_with_a_checkpoint_from_the_log_too(
    engine: Engine, raw: sa.Engine, clock: StepClock
) -> None:
    case_id, kept = make_case(engine), make_case(engine)
    checkpoint = Checkpoint.from_json(engine.audit.checkpoint(clock()).to_json())
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c", c=case_id)
    sql(raw, "DELETE FROM wf_cases WHERE id = :c", c=case_id)
    assert breaks(engine, checkpoint=checkpoint) == [(case_id, None, "case_removed")]
    assert breaks(engine, case_id=kept, checkpoint=checkpoint) == []
    assert checkpoint.log is not None
    assert checkpoint.log.events == 8


# ------------------------------------------------------------ timers and request hashes


def _deadline_case(engine: Engine) -> str:
    case = engine.start("deadlines", actor=DEADLINE_CLERK, tenant="t")
    assert engine.timers(case.id)
    return case.id


def test_intact_timers_verify(engine: Engine) -> None:
    case_id = _deadline_case(engine)
    assert engine.audit.verify(case_id=case_id).intact


@pytest.mark.parametrize(
    ("statement", "detail"),
    [
        ("UPDATE wf_timers SET due_at = due_at + interval '30 days' WHERE case_id = :c", "due_at"),
        ("UPDATE wf_timers SET status = 'cancelled' WHERE case_id = :c", "status"),
        ("DELETE FROM wf_timers WHERE case_id = :c", "0 termijnregels opgeslagen"),
    ],
    ids=["moved", "cancelled", "deleted"],
)
def test_changed_timer_is_named(engine: Engine, raw: sa.Engine, statement: str, detail: str) -> None:
    case_id, other = _deadline_case(engine), _deadline_case(engine)
    if raw.dialect.name == "sqlite":
        statement = statement.replace("due_at + interval '30 days'", "datetime(due_at, '+30 days')")
    sql(raw, statement, c=case_id)
    assert breaks(engine) == [(case_id, None, "timer_changed")]
    assert detail in engine.audit.verify(case_id=case_id).breaks[0].detail
    assert breaks(engine, case_id=other) == []


def test_forged_timer_is_named(engine: Engine, raw: sa.Engine) -> None:
    counter = make_case(engine)  # its definition has no deadlines: no timer may exist
    sql(raw, "INSERT INTO wf_timers (case_id, state, status, due_at, started_at, working, extended, updated_at) "
        "SELECT id, state, 'pending', created_at, created_at, false, false, created_at FROM wf_cases WHERE id = :c",
        c=counter)  # fmt: skip
    assert breaks(engine) == [(counter, None, "timer_changed")]


def test_changed_request_hash_is_named(engine: Engine, raw: sa.Engine) -> None:
    case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1}, reference="Z-1")
    engine.fire(case.id, "set", actor=CLERK, input={"note": "n"}, idempotency_key="k1")
    assert breaks(engine) == []
    assert engine.history(case.id)[1].seq == 2
    other = request_hash("set", {"note": "something else"})
    sql(raw, "UPDATE wf_events SET request_hash = :h WHERE case_id = :c AND seq = 2", h=other, c=case.id)
    assert breaks(engine) == [(case.id, 2, "request_changed")]
    sql(raw, "UPDATE wf_events SET request_hash = NULL WHERE case_id = :c", c=case.id)
    assert breaks(engine) == [(case.id, 1, "request_changed")]


# ------------------------------------------------------------ signed checkpoints


def test_signed_checkpoint_rejects_an_edit_and_another_key(engine: Engine, clock: StepClock) -> None:
    make_case(engine)
    own = Checkpoint.load_private_key(Checkpoint.new_key_pair()[0])
    mallory = Checkpoint.load_private_key(Checkpoint.new_key_pair()[0])
    signed = engine.audit.checkpoint(clock()).signed(own)
    Checkpoint.from_json(signed.to_json()).check_signature(own.public_key())
    # edited and its digest recomputed: the signature is over the old digest
    forged = Checkpoint.make(signed.created_at, {**signed.heads, "x": (1, "0" * 64)}, signed.log, signed.previous)
    edited = replace(forged, signature=signed.signature, public_key=signed.public_key)
    with pytest.raises(WorkflowError, match="opnieuw ondertekend of vervalst"):
        Checkpoint.from_json(edited.to_json()).check_signature(own.public_key())
    with pytest.raises(WorkflowError, match="opnieuw ondertekend of vervalst"):  # and re-signed with another key
        Checkpoint.from_json(forged.signed(mallory).to_json()).check_signature(own.public_key())
    with pytest.raises(WorkflowError, match="niet ondertekend"):
        engine.audit.checkpoint(clock()).check_signature(own.public_key())


def wf(url: str, *args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(main, ["--db", url, *args], env=env, catch_exceptions=False)


def test_cli_keygen_sign_chain_and_verify(engine: Engine, db_url: str, tmp_path: Path) -> None:
    make_case(engine)
    key, first, second = tmp_path / "audit.key", tmp_path / "c1.json", tmp_path / "c2.json"
    assert wf(db_url, "audit", "keygen", "-o", str(key)).exit_code == 0  # type: ignore[attr-defined]
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    made = wf(db_url, "audit", "checkpoint", "-o", str(first), "--key", str(key))
    assert "ondertekend controlepunt" in made.output  # type: ignore[attr-defined]
    env = {"WF_AUDIT_KEY": key.read_text()}
    wf(db_url, "audit", "checkpoint", "-o", str(second), "--previous", str(first), env=env)
    assert Checkpoint.from_json(second.read_bytes()).previous == Checkpoint.from_json(first.read_bytes()).digest
    public = f"{key}.pub"
    ok = wf(db_url, "audit", "verify", "--checkpoint", str(second), "--public-key", public)
    assert ok.exit_code == 0, ok.output  # type: ignore[attr-defined]
    other = tmp_path / "mallory.key"
    wf(db_url, "audit", "keygen", "-o", str(other))
    wf(db_url, "audit", "checkpoint", "-o", str(second), "--key", str(other))  # re-signed by another key
    refused = wf(db_url, "audit", "verify", "--checkpoint", str(second), "--public-key", public)
    assert refused.exit_code == 2  # type: ignore[attr-defined]
    assert "opnieuw ondertekend of vervalst" in refused.output  # type: ignore[attr-defined]
    again = wf(db_url, "audit", "keygen", "-o", str(key))
    assert again.exit_code == 2  # type: ignore[attr-defined]
    assert "het bestand bestaat al (een bestaande sleutel wordt nooit overschreven)" in again.output  # type: ignore[attr-defined]


def test_verify_says_when_a_checkpoint_signature_was_not_checked(engine: Engine, db_url: str, tmp_path: Path) -> None:
    make_case(engine)
    key, signed, unsigned = tmp_path / "audit.key", tmp_path / "s.json", tmp_path / "u.json"
    made = wf(db_url, "audit", "keygen", "-o", str(key))
    assert made.output == f"privésleutel {key}, publieke sleutel {key}.pub\n"  # type: ignore[attr-defined]
    wf(db_url, "audit", "checkpoint", "-o", str(signed), "--key", str(key))
    wf(db_url, "audit", "checkpoint", "-o", str(unsigned))
    trusted = wf(db_url, "audit", "verify", "--checkpoint", str(signed), "--public-key", f"{key}.pub")
    assert "NIET gecontroleerd" not in trusted.output  # type: ignore[attr-defined]
    unchecked = wf(db_url, "audit", "verify", "--checkpoint", str(signed))
    assert unchecked.exit_code == 0  # type: ignore[attr-defined]
    assert f"de handtekening van het controlepunt {signed} is NIET gecontroleerd" in unchecked.output  # type: ignore[attr-defined]
    assert "geef --public-key" in unchecked.output  # type: ignore[attr-defined]
    bare = wf(db_url, "audit", "verify", "--checkpoint", str(unsigned))
    assert f"het controlepunt {unsigned} is niet ondertekend" in bare.output  # type: ignore[attr-defined]
    states = {
        name: json.loads(wf(db_url, "--json", "audit", "verify", *args).output)["signature"]  # type: ignore[attr-defined]
        for name, args in {
            "checked": ("--checkpoint", str(signed), "--public-key", f"{key}.pub"),
            "not_checked": ("--checkpoint", str(signed)),
            "unsigned": ("--checkpoint", str(unsigned)),
            "none": (),
        }.items()
    }
    assert states == {"checked": "checked", "not_checked": "not_checked", "unsigned": "unsigned", "none": None}


@pytest.mark.only_on("postgres")  # SQLite has one writer at a time: no position is taken before the last committed
def test_checkpoint_waits_for_a_writer_of_a_lower_position(engine: Engine, db_url: str) -> None:
    """PostgreSQL hands out positions before commit: the checkpoint's highest position waits for their writers."""
    from workflow import StorageError
    from workflow.store.review import log_high

    case_id, other = make_case(engine), make_case(engine)
    last = engine.history(other)[-1]  # another case: the open writer's key share on it does not block the fire
    db = sa.create_engine(db_url)
    try:
        with db.connect() as writer, db.connect() as reader:
            open_tx = writer.begin()
            insert_row = {**event_row(rehashed(last, seq=99, prev_hash=last.hash)), "request_hash": None}
            writer.execute(events.insert().values(**insert_row))  # position taken, not committed
            engine.fire(case_id, "tick", actor=CLERK)
            later = engine.history(case_id)[-1]  # a higher position, committed (the operator's read keeps it)
            with pytest.raises(StorageError, match="did not end within"):
                log_high(reader, wait=0.2)
            open_tx.rollback()
            assert log_high(reader, wait=0.2) == later.id
    finally:
        db.dispose()
