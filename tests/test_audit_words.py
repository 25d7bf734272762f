"""What `wf audit` says in words: each break in Dutch (English with --lang en), counts with their plural,
the checkpoint's moment in Dutch time, the log by labels (docs/audit.md, docs/cli.md)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import get_args

import sqlalchemy as sa
from click.testing import CliRunner, Result

from cli import main
from workflow import Engine, counted, speaking
from workflow.i18n import CATALOGUE
from workflow.review_checks import Break, BreakKind

from .test_audit import make_case, raw, sql
from .test_i18n import ENGLISH

__all__ = ["raw"]

MOMENT = datetime(2026, 11, 27, 14, 5, 50, tzinfo=UTC)

EVERY_BREAK = [
    Break("c1", 2, "content_changed", "hash"),
    Break("c1", 2, "content_changed", "rehashed", (("seq", 3),)),
    Break("c1", 3, "event_removed", "missing_one", (("missing", "3"),)),
    Break("c1", 3, "event_removed", "missing_many", (("missing", "3, 4"),)),
    Break("c1", 3, "event_removed", "count", (("found", ("event", 2)), ("count", 4))),
    Break("c1", 1, "event_removed", "none_found", (("count", ("event", 1)),)),
    Break("c1", 5, "event_inserted", "no_case"),
    Break("c1", 2, "event_inserted", "not_in_chain", (("previous", 2), ("seq", 3), ("follows", 1))),
    Break("c1", 5, "event_inserted", "inserted_before", (("seq", 5), ("when", MOMENT), ("recorded", ("event", 4)))),
    Break("c1", 3, "order_changed", "moved", (("written", 2), ("seq", 3))),
    Break("c1", 4, "head_mismatch", "head"),
    Break("c1", None, "case_removed", "case_removed", (("when", MOMENT),)),
    Break("c1", 4, "case_rewritten", "case_rewritten", (("seq", 4), ("when", MOMENT))),
    Break("c1", 4, "case_row_changed", "case_row", (("fields", ("data", "flags", "state", "version")),)),
    Break("counter v1", None, "definition_changed", "definition_text"),
    Break("c1", 1, "definition_changed", "definition_named", (("definition", "counter v1"),)),
    Break("c1", 1, "case_inserted", "case_inserted", (("when", MOMENT),)),
    Break("log", None, "log_rewritten", "log_rewritten", (("high", 9), ("when", MOMENT), ("found", ("event", 8)),
                                                          ("recorded", 9))),
    Break("c1", None, "timer_changed", "timer_orphans"),
    Break("c1", None, "timer_changed", "timer_count", (("stored", ("timer", 0)), ("expected", 1))),
    Break("c1", None, "timer_changed", "timer_fields", (("number", 1), ("fields", ("due_at", "status")))),
    Break("c1", 2, "request_changed", "request"),
]  # fmt: skip


def _english(line: str) -> list[str]:
    """English words in a Dutch line, leaving out quoted codes (a timer's column names)."""
    return ENGLISH.findall(re.sub(r"'[^']*'", "", line))


def test_every_break_kind_and_finding_is_covered_here() -> None:
    assert {b.kind for b in EVERY_BREAK} == set(get_args(BreakKind))
    keys = {k.removeprefix("audit.detail.") for k in CATALOGUE["nl"] if k.startswith("audit.detail.")}
    assert {b.key for b in EVERY_BREAK} == keys


def test_every_break_speaks_dutch_by_default_and_english_when_asked() -> None:
    for found in EVERY_BREAK:
        dutch = str(found)
        assert _english(dutch) == [], dutch
        assert found.kind not in dutch  # the stable code stays in JSON; people read words
        with speaking("en"):
            english, detail = str(found), found.detail
        assert english != dutch
        assert english.endswith(detail)
        assert found.kind.replace("_", " ") in english
    assert "vrijdag 27 november 2026 15:05 CET" in EVERY_BREAK[11].detail  # Dutch time, not ISO UTC
    assert EVERY_BREAK[2].detail == "gebeurtenis 3 ontbreekt"
    assert EVERY_BREAK[3].detail == "gebeurtenissen 3, 4 ontbreken"
    assert EVERY_BREAK[4].detail == "2 gebeurtenissen gevonden, de zaak vermeldt er 4"


def test_counts_take_the_plural_they_need() -> None:
    assert [counted(n, "case") for n in (0, 1, 2)] == ["0 zaken", "1 zaak", "2 zaken"]
    assert [counted(n, "event") for n in (1, 2)] == ["1 gebeurtenis", "2 gebeurtenissen"]
    assert [counted(n, "break") for n in (1, 2)] == ["1 breuk", "2 breuken"]
    assert [counted(n, "refusal") for n in (1, 3)] == ["1 weigering", "3 weigeringen"]
    assert [counted(n, "case", "en") for n in (1, 2)] == ["1 case", "2 cases"]
    assert [counted(n, "break", "en") for n in (1, 2)] == ["1 break", "2 breaks"]


def wf(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db_url, *args])


def test_verify_names_breaks_in_dutch_english_with_lang_en(engine: Engine, db_url: str, raw: sa.Engine) -> None:
    case_id = make_case(engine)
    intact = wf(db_url, "audit", "verify")
    assert "intact: 1 zaak, 4 gebeurtenissen gecontroleerd" in intact.output
    sql(raw, "UPDATE wf_events SET reason = 'x' WHERE case_id = :c AND seq = 2", c=case_id)
    sql(raw, "DELETE FROM wf_events WHERE case_id = :c AND seq = 3", c=case_id)
    dutch = wf(db_url, "audit", "verify")
    assert dutch.exit_code == 1
    assert "GEBROKEN: 2 breuken in 1 zaak, 3 gebeurtenissen:" in dutch.output
    assert f"zaak {case_id} gebeurtenis 2: inhoud gewijzigd — de inhoud van de gebeurtenis past" in dutch.output
    assert f"zaak {case_id} gebeurtenis 3: gebeurtenis verwijderd — gebeurtenis 3 ontbreekt" in dutch.output
    assert [w for line in dutch.output.splitlines() for w in _english(line.replace(case_id, ""))] == []
    english = wf(db_url, "--lang", "en", "audit", "verify")
    assert "BROKEN: 2 breaks in 1 case, 3 events:" in english.output
    assert f"case {case_id} event 3: event removed — event 3 is missing" in english.output
    payload = json.loads(wf(db_url, "--json", "audit", "verify").stdout)
    assert [(b["kind"], b["detail"]) for b in payload["breaks"]] == [
        ("content_changed", "de inhoud van de gebeurtenis past niet bij haar hash"),
        ("event_removed", "gebeurtenis 3 ontbreekt"),
    ]
    payload = json.loads(wf(db_url, "--lang", "en", "--json", "audit", "verify").stdout)
    assert payload["breaks"][1]["detail"] == "event 3 is missing"


def test_checkpoint_says_its_moment_in_dutch_time_and_json_in_iso_utc(engine: Engine, db_url: str) -> None:
    make_case(engine)
    made = wf(db_url, "audit", "checkpoint")
    assert made.exit_code == 0, made.output
    assert re.search(r" op \w+dag \d{1,2} \w+ \d{4} \d\d:\d\d CES?T over 1 zaak;", made.output), made.output
    assert "+00:00" not in made.output
    payload = json.loads(wf(db_url, "--json", "audit", "checkpoint").stdout)
    assert datetime.fromisoformat(payload["created_at"]).utcoffset() is not None
    assert payload["created_at"].endswith("+00:00")


def test_audit_log_shows_labels_and_json_keeps_ids(engine: Engine, db_url: str) -> None:
    make_case(engine)
    text = wf(db_url, "audit", "log").output
    assert "Tick: Open -> Open  door carla.clerk (Clerk)" in text
    assert "Submit GEWEIGERD in Open  door" in text
    assert "tick:" not in text
    lines = wf(db_url, "--json", "audit", "log").stdout.splitlines()
    assert [json.loads(line)["transition"] for line in lines] == [None, "tick", "set", "submit"]
    assert json.loads(lines[1])["role"] == "clerk"


def test_verify_within_tenants_covers_only_their_cases(engine: Engine) -> None:
    first = make_case(engine)
    make_case(engine)
    versions = [("counter", engine.get(first).definition_version)]
    own = engine.audit.verify(tenants=["utrecht"], versions=versions)
    assert (own.cases, own.events, own.intact) == (2, 8, True)
    none = engine.audit.verify(tenants=["nergens"], versions=versions)
    assert (none.cases, none.events, none.intact) == (0, 0, True)
    assert engine.audit.verify(tenants=["utrecht"], versions=[("other", 1)]).cases == 0
    both = engine.audit.verify(tenants=["utrecht", "nergens"], versions=versions)
    assert (both.cases, both.events) == (2, 8)
