"""`wf audit ...` and `wf case show --at` through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from cli import main
from workflow import Engine

from .test_audit import make_case


def wf(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db_url, *args])


def test_verify_intact_and_broken(engine: Engine, db_url: str) -> None:
    case_id = make_case(engine)
    ok = wf(db_url, "audit", "verify")
    assert ok.exit_code == 0
    assert "intact: 1 zaak, 4 gebeurtenissen gecontroleerd" in ok.output
    db = sa.create_engine(db_url)
    with db.begin() as conn:
        drop = (
            "ALTER TABLE wf_cases DISABLE TRIGGER USER"
            if conn.dialect.name == "postgresql"
            else "DROP TRIGGER wf_cases_follow_events"
        )
        conn.execute(sa.text(drop))
        conn.execute(sa.text("UPDATE wf_cases SET head_hash = 'x' WHERE id = :c"), {"c": case_id})
    db.dispose()
    broken = wf(db_url, "audit", "verify")
    assert broken.exit_code == 1
    assert f"zaak {case_id} gebeurtenis 4: kop wijkt af — de kop-hash" in broken.output
    payload = json.loads(wf(db_url, "--json", "audit", "verify", "--case", case_id).stdout)
    assert payload["intact"] is False
    assert payload["breaks"][0]["kind"] == "head_mismatch"


def test_checkpoint_then_verify_against_it(engine: Engine, db_url: str, tmp_path: Path) -> None:
    make_case(engine)
    target = tmp_path / "cp.json"
    made = wf(db_url, "audit", "checkpoint", "-o", str(target))
    assert made.exit_code == 0
    assert "over 1 zaak;" in made.output
    result = wf(db_url, "audit", "verify", "--checkpoint", str(target))
    assert result.exit_code == 0
    assert "in overeenstemming met het controlepunt" in result.output
    target.write_text(target.read_text().replace('"digest": "', '"digest": "0'))
    tampered = wf(db_url, "audit", "verify", "--checkpoint", str(target))
    assert tampered.exit_code == 2
    assert "past niet bij zijn eigen digest" in tampered.output
    missing = wf(db_url, "audit", "verify", "--checkpoint", str(tmp_path / "none.json"))
    assert missing.exit_code == 2


def test_log_filters_and_json(engine: Engine, db_url: str) -> None:
    make_case(engine)
    text = wf(db_url, "audit", "log", "--kind", "refused").output
    assert "Submit GEWEIGERD in Open" in text
    assert "[count_small]" in text
    lines = wf(db_url, "--json", "audit", "log", "--actor", "carla.clerk").stdout.splitlines()
    assert [json.loads(line)["transition"] for line in lines] == ["tick", "set"]
    bad = wf(db_url, "audit", "log", "--since", "yesterday")
    assert bad.exit_code == 2
    assert "is geen datum of moment" in bad.output
    assert wf(db_url, "audit", "log", "--since", "2999-01-01").output == ""


def test_show_at_moment(engine: Engine, db_url: str, tmp_path: Path) -> None:
    case_id = make_case(engine)
    moment = engine.history(case_id)[1].at.isoformat()
    defs = ["--definitions", str(Path(__file__).parent / "fixtures" / "engine" / "counter.yaml")]
    result = CliRunner().invoke(main, ["--db", db_url, *defs, "case", "show", case_id, "--at", moment])
    assert result.exit_code == 0, result.output
    assert "zoals op" in result.output
    assert "versie      1" in result.output


@pytest.mark.slow
def test_verify_with_several_jobs(engine: Engine, db_url: str, tmp_path: Path) -> None:
    for _ in range(5):
        make_case(engine)
    target = tmp_path / "cp.json"
    wf(db_url, "audit", "checkpoint", "-o", str(target))
    result = wf(db_url, "audit", "verify", "--jobs", "2", "--checkpoint", str(target))
    assert result.exit_code == 0, result.output
    assert (
        "intact: 5 zaken, 20 gebeurtenissen gecontroleerd en in overeenstemming met het controlepunt" in result.output
    )
