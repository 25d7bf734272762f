"""The outbox relay against a real HTTP receiver on 127.0.0.1: order, retries, dead letters, crashes."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from cli import main
from workflow import Engine
from workflow.relay import Settings, deliveries, purge, relay
from workflow.store.tables import deliveries as deliveries_table
from workflow.subscribers import Subscriber

from .engine_support import CLERK, COUNTER, needs_postgres, open_engine
from .outbox_support import SECRET, ManualClock, Receiver, in_order, running
from .paths import ROOT


def hook(receiver: Receiver, name: str = "hook", channels: tuple[str, ...] | None = None) -> Subscriber:
    return Subscriber(name, receiver.url, SECRET, channels)


def make_cases(engine: Engine, cases: int, ticks: int) -> list[str]:
    ids = []
    for _ in range(cases):
        case = engine.start("counter", actor=CLERK, tenant="t")
        ids.append(case.id)
    for _ in range(ticks):  # interleave the cases: message ids do not follow a case's order
        for case_id in ids:
            engine.fire(case_id, "tick", actor=CLERK)
    return ids


def test_relay_delivers_every_message_in_order_signed(engine: Engine, db_url: str) -> None:
    ids = make_cases(engine, 3, 2)
    clock = ManualClock()
    with running(Receiver()) as receiver:
        other = hook(receiver, "other", channels=("assignment",))
        stats = relay(db_url, [hook(receiver), other], once=True, now=clock)
        assert (stats.delivered, stats.failed, stats.dead) == (9, 0, 0)
        assert relay(db_url, [hook(receiver), other], once=True, now=clock).delivered == 0
    assert sorted(receiver.seqs_by_case()) == sorted(ids)
    assert all(seqs == [1, 2, 3] for seqs in receiver.seqs_by_case().values())
    assert all(r.signature_ok and r.key.endswith(":hook") for r in receiver.received)
    first = receiver.received[0].body
    assert first["kanaal"] == "counter"
    assert first["actie"] == "started"
    assert first["hoofdObject"] == f"urn:workflow:case:{ids[0]}"


def test_a_receiver_that_fails_three_times_then_succeeds(engine: Engine, db_url: str) -> None:
    make_cases(engine, 1, 1)
    clock = ManualClock()
    with running(Receiver(fail_first=3)) as receiver:
        runs = []
        for _ in range(10):
            runs.append(relay(db_url, [hook(receiver)], once=True, now=clock))
            clock.advance()
            if sum(s.delivered for s in runs) == 2:
                break
    assert [(s.delivered, s.failed) for s in runs] == [(0, 1), (0, 1), (0, 1), (2, 0)]
    assert receiver.seqs_by_case().popitem()[1] == [1, 1, 1, 1, 2]
    assert [d.attempts for d in deliveries(db_url)] == [4, 1]


def test_a_receiver_that_always_fails_ends_in_dead_letters_and_retry_sends_again(
    engine: Engine, db_url: str, runner: CliRunner
) -> None:
    make_cases(engine, 1, 1)
    clock = ManualClock()
    settings = Settings(max_attempts=3)
    with running(Receiver(always_fail=True)) as receiver:
        for _ in range(5):
            relay(db_url, [hook(receiver)], once=True, now=clock, settings=settings)
            clock.advance(timedelta(days=1))
        assert receiver.keys() == [receiver.keys()[0]] * 3  # the second message waits behind the first
        listed = runner.invoke(main, ["--db", db_url, "outbox", "--json", "list", "--status", "dead"])
        assert listed.exit_code == 0, listed.output
        assert '"status": "dead"' in listed.output
        assert '"last_error": "HTTP 503 from' in listed.output
        retried = runner.invoke(main, ["--db", db_url, "outbox", "retry"])
        assert retried.exit_code == 0, retried.output
        assert "1 opgegeven aflevering wordt opnieuw verstuurd" in retried.output
        receiver.always_fail = False
        assert relay(db_url, [hook(receiver)], once=True, settings=settings).delivered == 2
    assert in_order(receiver.seqs_by_case().popitem()[1])
    assert {d.status for d in deliveries(db_url)} == {"delivered"}


RELAY_PROCESS = """
import sys
from datetime import datetime, timedelta
from workflow.relay import Settings, relay
from workflow.subscribers import Subscriber
relay(sys.argv[1], [Subscriber("hook", sys.argv[2], sys.argv[3])],
      settings=Settings(batch=5, poll_interval=timedelta(milliseconds=20)))
"""


def test_relay_killed_mid_delivery_loses_nothing_after_restart(engine: Engine, db_url: str) -> None:
    ids = make_cases(engine, 3, 3)
    with running(Receiver(block_at=5)) as receiver:
        process = subprocess.Popen([sys.executable, "-c", RELAY_PROCESS, db_url, receiver.url, SECRET], cwd=ROOT)
        try:
            assert receiver.reached.wait(60), "the relay never reached the fifth delivery"
        finally:
            process.kill()
            process.wait(60)
        receiver.release.set()
        in_flight = receiver.keys()[-1]
        later = ManualClock()
        later.advance(Settings().lease * 2)  # the killed relay's lease has run out
        relay(db_url, [hook(receiver)], once=True, now=later)
    keys = receiver.keys()
    assert keys.count(in_flight) == 2
    by_case = receiver.seqs_by_case()
    assert sorted(by_case) == sorted(ids)
    assert all(in_order(seqs) and max(seqs) == 4 for seqs in by_case.values())


ENGINE_PROCESS = """
import os, signal, sys
from workflow import Actor, Engine, load_definitions
engine = Engine(sys.argv[1], load_definitions(sys.argv[2]), upgrade=True)
clerk = Actor("carla.clerk", ["clerk"])
case = engine.start("counter", actor=clerk, tenant="t")
engine.fire(case.id, "tick", actor=clerk)
os.kill(os.getpid(), signal.SIGKILL)  # dies after the commits, before anything was delivered
"""


def test_process_dying_after_the_commit_is_delivered_after_restart(db_url: str) -> None:

    open_engine(db_url).close()
    done = subprocess.run([sys.executable, "-c", ENGINE_PROCESS, db_url, str(COUNTER)], cwd=ROOT, check=False)
    assert done.returncode < 0  # killed
    with running(Receiver()) as receiver:
        assert receiver.keys() == []
        assert relay(db_url, [hook(receiver)], once=True).delivered == 2
    assert list(receiver.seqs_by_case().values()) == [[1, 2]]


@needs_postgres
def test_two_relays_in_parallel_on_postgres_deliver_each_message_once(pg_url: str) -> None:
    with open_engine(pg_url) as engine:
        ids = make_cases(engine, 8, 4)
    clock = ManualClock()
    results = []
    with running(Receiver()) as receiver:
        subscribers = [hook(receiver)]
        threads = [
            threading.Thread(
                target=lambda: results.append(
                    relay(pg_url, subscribers, once=True, now=clock, settings=Settings(batch=3))
                )
            )
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        relay(pg_url, subscribers, once=True, now=clock)  # whatever one relay left when the other still held it
    keys = receiver.keys()
    assert len(keys) == len(set(keys)) == 8 * 5
    assert all(seqs == [1, 2, 3, 4, 5] for seqs in receiver.seqs_by_case().values())
    assert sorted(receiver.seqs_by_case()) == sorted(ids)


def test_cli_relay_list_and_purge(engine: Engine, db_url: str, runner: CliRunner, tmp_path: Path) -> None:
    make_cases(engine, 1, 1)
    waiting = runner.invoke(main, ["--db", db_url, "outbox", "list"])  # before any relay: no deliveries yet
    assert waiting.exit_code == 0, waiting.output
    assert waiting.output.splitlines() == [
        "(geen)",
        "2 bericht(en) nog niet gerouteerd: afleveringen ontstaan pas als `wf outbox relay` ze routeert",
    ]
    with running(Receiver()) as receiver:
        subscribers = tmp_path / "subscribers.yaml"
        subscribers.write_text(f"subscribers:\n  - name: hook\n    url: {receiver.url}\n    secret: {SECRET}\n")
        sent = runner.invoke(main, ["--db", db_url, "outbox", "relay", "--subscribers", str(subscribers), "--once"])
        assert sent.exit_code == 0, sent.output
        assert "2 afgeleverd, 0 mislukt, 0 opgegeven" in sent.output
    listed = runner.invoke(main, ["--db", db_url, "outbox", "list"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.count("delivered") == 2
    assert listed.output.split()[:3] == ["AFLEVERING", "ZAAK", "VOLGNR"]  # the delivery id has its own heading
    assert "gerouteerd" not in listed.output
    english = runner.invoke(main, ["--db", db_url, "--lang", "en", "outbox", "list"])
    assert english.output.split()[:3] == ["DELIVERY", "CASE", "SEQ"]
    kept = runner.invoke(main, ["--db", db_url, "outbox", "purge", "--older-than", "30"])
    assert "0 afgeleverde berichten verwijderd" in kept.output
    assert purge(db_url, timedelta(0)) == 2
    assert deliveries(db_url) == []


def test_cli_reports_a_bad_subscribers_file(db_url: str, runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "subscribers.yaml"
    bad.write_text("subscribers:\n  - name: hook\n    url: nowhere\n    secret: x\n")
    result = runner.invoke(main, ["--db", db_url, "outbox", "relay", "--subscribers", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3:10: verwacht een http://- of https://-URL" in result.output


class JumpingClock(ManualClock):
    """Thirty seconds pass each time the relay looks at the clock: a slow batch."""

    def __call__(self) -> datetime:
        self.advance(timedelta(seconds=30))
        return self.now


def test_a_batch_slower_than_its_lease_stops_sending_and_leaves_the_rest(engine: Engine, db_url: str) -> None:
    make_cases(engine, 3, 0)
    settings = Settings(lease=timedelta(seconds=60), timeout=timedelta(seconds=10))
    with running(Receiver()) as receiver:
        stats = relay(db_url, [hook(receiver)], once=True, now=JumpingClock(), settings=settings)
    assert stats.delivered == 3
    assert len(receiver.keys()) == len(set(receiver.keys())) == 3
    assert sorted(d.attempts for d in deliveries(db_url)) == [1, 2, 3]  # each lease left to run out counts


def test_cli_takes_wf_global_options_before_or_after(engine: Engine, db_url: str, runner: CliRunner) -> None:
    make_cases(engine, 1, 0)
    env = {"WF_DATABASE_URL": "sqlite:////nonexistent/x.db"}
    for args in (["--db", db_url, "--json", "outbox", "retry"], ["outbox", "retry", "--db", db_url, "--json"]):
        result = runner.invoke(main, args, env=env)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == '{"retried": 0}'
    missing = runner.invoke(main, ["outbox", "retry"], env=env)
    assert missing.exit_code == 2
    assert missing.output.startswith("fout: ")


def test_cli_list_shows_a_receiver_text_safely(engine: Engine, db_url: str, runner: CliRunner) -> None:
    make_cases(engine, 1, 0)
    with running(Receiver(always_fail=True)) as receiver:
        relay(db_url, [hook(receiver)], once=True)
    db = sa.create_engine(db_url)
    with db.begin() as conn:
        conn.execute(sa.update(deliveries_table).values(last_error="HTTP 500: \x1b[2Jgone\u202e"))
    db.dispose()
    listed = runner.invoke(main, ["--db", db_url, "outbox", "list"])
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.output
    assert "\u202e" not in listed.output
    assert "HTTP 500: \\x1b[2Jgone\\u202e" in listed.output
