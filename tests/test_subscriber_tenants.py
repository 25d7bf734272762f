"""A subscriber's ``tenants:``: a gemeente's webhook receives only its own cases' messages (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import Engine
from workflow.relay import deliveries, relay
from workflow.subscribers import Subscriber, SubscriberFileError, parse_subscribers

from .engine_support import CLERK
from .outbox_support import SECRET, ManualClock, Receiver, running


def start_cases(engine: Engine) -> dict[str, list[str]]:
    """Two cases of zeist, one of houten, one of utrecht; each with a second step."""
    ids: dict[str, list[str]] = {}
    for tenant in ("gemeente-zeist", "gemeente-houten", "gemeente-zeist", "gemeente-utrecht"):
        case = engine.start("counter", actor=CLERK, tenant=tenant)
        engine.fire(case.id, "tick", actor=CLERK)
        ids.setdefault(tenant, []).append(case.id)
    return ids


def test_a_subscriber_with_tenants_receives_only_those_organisations_messages(engine: Engine, db_url: str) -> None:
    ids = start_cases(engine)
    with running(Receiver()) as receiver:
        zeist = Subscriber("zaaksysteem-zeist", receiver.url, SECRET, ("counter",), ("gemeente-zeist",))
        stats = relay(db_url, [zeist], once=True, now=ManualClock())
    assert stats.delivered == 4  # two zeist cases, two messages each
    assert {r.body["kenmerken"]["tenant"] for r in receiver.received} == {"gemeente-zeist"}
    assert sorted(receiver.seqs_by_case()) == sorted(ids["gemeente-zeist"])
    # the other organisations' messages were routed without a delivery for it: none waits, none comes later
    assert {d.case_id for d in deliveries(db_url)} == set(ids["gemeente-zeist"])


def test_tenants_and_channels_combine_and_a_subscriber_without_tenants_gets_every_organisation(
    engine: Engine, db_url: str
) -> None:
    start_cases(engine)
    with running(Receiver()) as receiver:
        hooks = [
            Subscriber("two", receiver.url, SECRET, None, ("gemeente-houten", "gemeente-utrecht")),
            Subscriber("wrong-channel", receiver.url, SECRET, ("assignment",), ("gemeente-zeist",)),
            Subscriber("agency", receiver.url, SECRET),
        ]
        relay(db_url, hooks, once=True, now=ManualClock())
    by_subscriber: dict[str, set[str]] = {}
    for r in receiver.received:
        by_subscriber.setdefault(r.key.rsplit(":", 1)[1], set()).add(r.body["kenmerken"]["tenant"])
    assert by_subscriber == {
        "two": {"gemeente-houten", "gemeente-utrecht"},
        "agency": {"gemeente-zeist", "gemeente-houten", "gemeente-utrecht"},
    }


def test_the_subscribers_file_takes_tenants() -> None:
    text = """\
subscribers:
  - name: zaaksysteem-zeist
    url: https://zaken.zeist.example.nl/hook
    tenants: [gemeente-zeist]
    secret: "0123456789abcdef"
"""
    (found,) = parse_subscribers(text, "subs.yaml")
    assert found.tenants == ("gemeente-zeist",)
    assert found.channels is None


@pytest.mark.parametrize("value", ["[]", "gemeente-zeist", "['']", "[1]"])
def test_tenants_must_be_a_non_empty_list_of_names(value: str) -> None:
    text = f"""\
subscribers:
  - name: hook
    url: https://example.nl/hook
    tenants: {value}
    secret: "0123456789abcdef"
"""
    with pytest.raises(SubscriberFileError) as raised:
        parse_subscribers(text, "subs.yaml")
    assert "subs.yaml:4:14: verwacht een niet-lege lijst organisaties (tenants)" in str(raised.value)


def test_wf_outbox_relay_warns_for_a_subscriber_without_tenants(engine: Engine, db_url: str, tmp_path: Path) -> None:
    start_cases(engine)
    with running(Receiver()) as receiver:
        path = tmp_path / "subs.yaml"
        path.write_text(
            f"""\
subscribers:
  - name: zaaksysteem-zeist
    url: {receiver.url}
    tenants: [gemeente-zeist]
    secret: "{SECRET}"
  - name: portaal
    url: {receiver.url}
    secret: "{SECRET}"
""",
            encoding="utf-8",
        )
        result = CliRunner().invoke(main, ["--db", db_url, "outbox", "relay", "--subscribers", str(path), "--once"])
    assert result.exit_code == 0, result.output
    assert "abonnee 'portaal' heeft geen 'tenants:'" in result.stderr
    assert "zaaksysteem-zeist" not in result.stderr
    zeist = [r for r in receiver.received if r.key.endswith(":zaaksysteem-zeist")]
    assert len(zeist) == 4
    assert {r.body["kenmerken"]["tenant"] for r in zeist} == {"gemeente-zeist"}


def test_deliveries_routed_before_the_subscriber_had_tenants_are_dropped_not_sent(engine: Engine, db_url: str) -> None:
    ids = start_cases(engine)
    clock = ManualClock()
    with running(Receiver(always_fail=True)) as receiver:  # routed for every organisation, none taken yet
        relay(db_url, [Subscriber("zaaksysteem-zeist", receiver.url, SECRET)], once=True, now=clock)
    assert {d.case_id for d in deliveries(db_url)} == {c for cases in ids.values() for c in cases}
    clock.advance(timedelta(days=1))
    with running(Receiver()) as receiver:
        fixed = Subscriber("zaaksysteem-zeist", receiver.url, SECRET, None, ("gemeente-zeist",))
        stats = relay(db_url, [fixed], once=True, now=clock)
    assert {r.body["kenmerken"]["tenant"] for r in receiver.received} == {"gemeente-zeist"}
    assert stats.dropped == 4  # houten's and utrecht's two messages each
    assert stats.delivered == 4
    assert {d.case_id for d in deliveries(db_url)} == set(ids["gemeente-zeist"])
