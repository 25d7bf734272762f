"""`wf case ...`, `wf db`, `wf demo` through CliRunner; one real `wf` subprocess lifecycle."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli import main

from .paths import BUNDLED, FIXTURES

COUNTER = FIXTURES / "engine" / "counter.yaml"


class Wf:
    """Runs wf against one database and the counter + bundled definitions."""

    def __init__(self, runner: CliRunner, tmp_path: Path) -> None:
        self.runner = runner
        defs = tmp_path / "defs"
        defs.mkdir()
        (defs / "counter.yaml").write_text(COUNTER.read_text())
        (defs / "assignment.yaml").write_text((BUNDLED / "assignment.yaml").read_text())
        (defs / "deadlines.yaml").write_text((FIXTURES / "engine" / "deadlines.yaml").read_text())
        self.base = ["--db", f"sqlite:///{tmp_path / 'wf.db'}", "--definitions", str(defs)]
        self.tmp_path = tmp_path

    def __call__(
        self,
        *args: str,
        actor: str | None = "carla",
        roles: str = "clerk",
        tenant: str | None = None,
        json_out: bool = False,
    ) -> Result:
        who = ["--actor", actor, "--role", roles] if actor else []
        who += ["--tenant", tenant] if tenant else []
        return self.runner.invoke(main, [*self.base, *who, *(["--json"] if json_out else []), *args])

    def json(self, *args: str, **kwargs: Any) -> Any:
        result = self(*args, json_out=True, **kwargs)
        return json.loads(result.stdout)

    def start(self, data: str = '{"count": 1}') -> str:
        result = self("case", "start", "counter", "--data", data, json_out=True, tenant="utrecht")
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["id"])


@pytest.fixture
def wf(runner: CliRunner, tmp_path: Path) -> Wf:
    return Wf(runner, tmp_path)


def test_start_json_shape(wf: Wf) -> None:
    payload = wf.json("case", "start", "counter", "--data", '{"count": 2}', "--reference", "R-1", tenant="utrecht")
    assert set(payload) == {"id", "workflow", "state", "version", "event"}
    assert (payload["workflow"], payload["state"], payload["version"]) == ("counter", "open", 0)
    assert payload["event"]["kind"] == "started"


def test_start_human(wf: Wf) -> None:
    result = wf("case", "start", "counter", tenant="utrecht")
    assert result.exit_code == 0
    assert "gestart (counter v1)" in result.stdout
    assert "Open (open), versie 0" in result.stdout


def test_start_from_data_file(wf: Wf, tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"count": 4, "note": "from file"}')
    case_id = wf.start(f"@{path}")
    assert wf.json("case", "show", case_id)["case"]["data"] == {"count": 4, "note": "from file"}


def test_start_with_key_is_idempotent(wf: Wf) -> None:
    first = wf.json("case", "start", "counter", "--key", "k", tenant="utrecht")
    again = wf.json("case", "start", "counter", "--key", "k", tenant="utrecht")
    assert first["id"] == again["id"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["case", "start", "counter", "--data", "{bad"], "--data: geen geldige JSON"),
        (["case", "start", "counter", "--data", "[1]"], "--data: verwacht een JSON-object; gevonden: list"),
        (["case", "start", "counter", "--data", "@/no/such/file.json"], "is niet te lezen: No such file"),
        (["case", "start", "nope"], "werkstroom 'nope' bestaat niet"),
        (["case", "fire", "missing-case", "tick"], "zaak 'missing-case' bestaat niet"),
    ],
)
def test_bad_input_exits_2(wf: Wf, args: list[str], message: str) -> None:
    result = wf(*args, tenant="utrecht")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    as_json = wf(*args, tenant="utrecht", json_out=True)
    payload = json.loads(as_json.stdout)
    assert set(payload) >= {"error", "message"}
    assert message in payload["message"]


def test_missing_actor_is_usage_error(wf: Wf) -> None:
    result = wf("case", "start", "counter", actor=None, tenant="utrecht")
    assert result.exit_code == 2
    assert "vraagt een actor" in result.output


def test_missing_tenant_for_start_is_usage_error(wf: Wf) -> None:
    result = wf("case", "start", "counter")
    assert result.exit_code == 2
    assert "geef --tenant" in result.output


def test_fire_json_shape_and_human(wf: Wf) -> None:
    case_id = wf.start()
    payload = wf.json("case", "fire", case_id, "set", "--input", '{"note": "ok"}', "--reason", "why")
    assert set(payload) == {"id", "workflow", "state", "version", "event"}
    assert payload["version"] == 1
    assert payload["event"]["reason"] == "why"
    result = wf("case", "fire", case_id, "submit", "--expect-version", "1")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Submit: Open -> In review (review), versie 2"


def test_fire_with_key_repeats_once(wf: Wf) -> None:
    case_id = wf.start()
    wf("case", "fire", case_id, "tick", "--key", "t1")
    result = wf("case", "fire", case_id, "tick", "--key", "t1")
    assert result.exit_code == 0
    assert "herhaling: er is niets opnieuw gedaan" in result.stdout
    assert wf.json("case", "show", case_id)["case"]["version"] == 1


def test_refusal_exit_1_with_every_blocker(wf: Wf) -> None:
    case_id = wf.start('{"count": 20}')
    result = wf("case", "fire", case_id, "submit")
    assert result.exit_code == 1
    assert "required.note" in result.output
    assert "count_small" in result.output
    payload = json.loads(wf("case", "fire", case_id, "submit", json_out=True).stdout)
    assert payload["error"] == "guard_failed"
    assert [b["code"] for b in payload["blockers"]] == ["required.note", "count_small"]
    assert {"code", "message"} <= set(payload["blockers"][0])


@pytest.mark.parametrize(
    ("transition", "actor", "roles", "tenant", "code"),
    [
        ("approve", "rob", "reviewer", None, "wrong_state"),
        ("tick", "rob", "reviewer", None, "role_not_allowed"),
    ],
)
def test_workflow_refusals_exit_1(
    wf: Wf, transition: str, actor: str, roles: str, tenant: str | None, code: str
) -> None:
    case_id = wf.start()
    result = wf("case", "fire", case_id, transition, actor=actor, roles=roles, tenant=tenant, json_out=True)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["blockers"][0]["code"] == code


def test_unknown_transition_exits_2(wf: Wf) -> None:
    case_id = wf.start()
    result = wf("case", "fire", case_id, "fly")
    assert result.exit_code == 2
    assert "stap 'fly' bestaat niet" in result.output


def test_stale_expected_version_is_conflict_exit_1(wf: Wf) -> None:
    case_id = wf.start()
    wf("case", "fire", case_id, "tick")
    result = wf("case", "fire", case_id, "tick", "--expect-version", "0", json_out=True)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"] == "conflict"


def test_explain(wf: Wf) -> None:
    case_id = wf.start('{"count": 0}')
    blocked = wf("case", "explain", case_id, "submit")
    assert blocked.exit_code == 1
    assert "'Submit' is geblokkeerd voor carla:" in blocked.stdout
    assert "Count must be positive. (count has no value)" not in blocked.stdout  # count is 0, not missing
    assert "Count must be positive.  [count_positive]" in blocked.stdout
    allowed = wf("case", "explain", case_id, "submit", "--input", '{"note": "n", "count": 1}')
    assert allowed.exit_code == 0
    assert "'Submit' is toegestaan voor carla: Open -> In review" in allowed.stdout
    payload = wf.json("case", "explain", case_id, "tick")
    assert payload == {
        "transition": "tick",
        "label": "Tick",
        "allowed": True,
        "from": "open",
        "to": "open",
        "blockers": [],
    }


def test_show(wf: Wf) -> None:
    case_id = wf.start()
    result = wf("case", "show", case_id)
    assert result.exit_code == 0
    assert "status      Open (open)" in result.stdout
    assert re.search(r"Submit +-> In review +geblokkeerd +\[submit\]", result.stdout)
    assert "[required.note]" in result.stdout
    payload = wf.json("case", "show", case_id)
    assert payload["case"]["label"] == "Open"
    assert [(t["transition"], t["allowed"]) for t in payload["transitions"]] == [
        ("tick", True),
        ("set", True),
        ("submit", False),
    ]


def test_show_without_actor_checks_as_every_role(wf: Wf) -> None:
    case_id = wf.start()
    result = wf("case", "show", case_id, actor=None)
    assert "geen --actor" in result.stdout


def test_other_tenant_case_is_not_found(wf: Wf) -> None:
    case_id = wf.start()
    unknown = "0" * 32
    for command in (("case", "show"), ("case", "history")):
        seen = wf(*command, case_id, actor="olga", roles="client", tenant="zeist")
        missing = wf(*command, unknown, actor="olga", roles="client", tenant="zeist")
        assert (seen.exit_code, missing.exit_code) == (2, 2)
        assert seen.output.replace(case_id, unknown) == missing.output
    fired = wf("case", "fire", case_id, "set", actor="olga", roles="client", tenant="zeist", json_out=True)
    assert fired.exit_code == 2
    assert "other_tenant" not in fired.output


def test_list_table_json_lines_and_paging(wf: Wf) -> None:
    ids = [wf.start() for _ in range(3)]
    table = wf("case", "list", "--limit", "2")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["ZAAK", "WERKSTROOM", "STATUS"]
    assert f"(er kunnen meer volgen: --after {ids[1]})" in table.stdout
    lines = [json.loads(line) for line in wf("case", "list", json_out=True).stdout.splitlines()]
    assert [line["id"] for line in lines] == ids
    rest = wf("case", "list", "--after", ids[1], json_out=True).stdout.splitlines()
    assert [json.loads(line)["id"] for line in rest] == [ids[2]]
    assert wf("case", "list", "--state", "review", json_out=True).stdout == ""
    assert wf("case", "list", "--tenant", "zeist").stdout.strip() == "(geen)"


def test_list_for_client_shows_own_tenant(wf: Wf) -> None:
    wf.start()
    other = wf.json("case", "start", "counter", actor="olga", roles="client", tenant="zeist")["id"]
    listed = wf("case", "list", actor="olga", roles="client", tenant="zeist", json_out=True).stdout.splitlines()
    assert [json.loads(line)["id"] for line in listed] == [other]


def test_history(wf: Wf) -> None:
    case_id = wf.start()
    wf("case", "fire", case_id, "tick", "--reason", "because")
    wf("case", "fire", case_id, "submit")
    text = wf("case", "history", case_id).stdout
    assert "gestart -> Open  door carla (Clerk)" in text
    assert "Tick: Open -> Open  door carla (Clerk)" in text
    assert "reden: because" in text
    assert "Submit GEWEIGERD in Open" in text
    events = [json.loads(line) for line in wf("case", "history", case_id, json_out=True).stdout.splitlines()]
    assert [e["kind"] for e in events] == ["started", "fired", "refused"]


def test_db_upgrade(wf: Wf) -> None:
    result = wf("db", "upgrade", actor=None)
    assert result.exit_code == 0
    assert "Database gereed" in result.stdout


def test_role_env_variable_takes_several_roles(wf: Wf) -> None:
    case_id = wf.start('{"count": 1, "note": "n"}')
    env = {"WF_ACTOR": "rob", "WF_ROLE": "clerk reviewer"}
    submit = wf.runner.invoke(main, [*wf.base, "case", "fire", case_id, "submit"], env=env)
    assert submit.exit_code == 0, submit.output
    approve = wf.runner.invoke(main, [*wf.base, "--json", "case", "fire", case_id, "approve"], env=env)
    assert json.loads(approve.stdout)["blockers"][0]["code"] == "four_eyes"


def test_debug_log_level_shows_traceback_for_errors(wf: Wf) -> None:
    result = wf.runner.invoke(main, [*wf.base, "--log-level", "debug", "case", "show", "nope"])
    assert result.exit_code == 2
    assert "Traceback" in result.output


def test_demo(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(main, ["demo", "--db", url])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "x Poging om in te plannen zonder getekende opdrachtbevestiging" in text
    assert "[confirmation_needed]" in text
    assert "[signed_differs_from_quote]" in text  # the client signs what was quoted
    assert "[four_eyes]" in text
    assert "Meerwerk akkoord -> In uitvoering" in text
    assert "Evalueren en afsluiten -> Afgesloten en geëvalueerd" in text
    assert "Auditlog van zaak" in text
    assert text.count("GEWEIGERD") == 6  # three refused steps, each in the story and in the log


def test_demo_json(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--json", "demo", "--db", f"sqlite:///{tmp_path / 'd.db'}"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    steps = [line for line in lines if "step" in line]
    assert [s["transition"] for s in steps if s["refused"]] == ["plan", "confirm", "approve_review"]
    assert steps[-1]["state"] == "closed"


@pytest.mark.slow
def test_installed_wf_through_a_whole_lifecycle(tmp_path: Path) -> None:
    """The real `wf` executable, as a user would run it from a shell."""
    wf_path = Path(sys.executable).parent / "wf"
    assert wf_path.exists(), "install the project (pip install -e .) so the wf command exists"
    env = {
        **os.environ,
        "WF_DATABASE_URL": f"sqlite:///{tmp_path / 'life.db'}",
        "WF_DEFINITIONS": str(COUNTER),
        "WF_ACTOR": "carla",
        "WF_ROLE": "clerk",
        "WF_TENANT": "utrecht",
    }

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(wf_path), "--json", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**env, **extra},
            check=False,
        )

    started = run("case", "start", "counter", "--data", '{"count": 1}')
    assert started.returncode == 0, started.stderr
    case_id = json.loads(started.stdout)["id"]
    refused = run("case", "fire", case_id, "submit")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["blockers"][0]["code"] == "required.note"
    assert run("case", "fire", case_id, "set", "--input", '{"note": "klaar"}').returncode == 0
    assert run("case", "fire", case_id, "submit").returncode == 0
    approve = run("case", "fire", case_id, "approve", WF_ACTOR="rob", WF_ROLE="reviewer")
    assert approve.returncode == 0, approve.stdout
    assert json.loads(approve.stdout)["state"] == "done"
    history = [json.loads(line) for line in run("case", "history", case_id).stdout.splitlines()]
    assert [e["kind"] for e in history] == ["started", "refused", "fired", "fired", "fired"]


def test_due_listings_filter_before_the_limit(wf: Wf) -> None:
    """``case list --overdue --tenant U --limit 1``: U's overdue case, though another tenant's falls due first."""
    from datetime import date, timedelta

    first = wf.json("case", "start", "deadlines", tenant="t")["id"]
    second = wf.json("case", "start", "deadlines", tenant="u")["id"]
    for case_id, days in ((first, 3), (second, 2)):
        due = (date.today() - timedelta(days=days)).isoformat()
        wf("case", "fire", case_id, "quote", "--input", json.dumps({"due": due}))

    def listed(*filters: str) -> list[str]:
        lines = wf("case", "list", "--overdue", "--limit", "1", *filters, json_out=True).stdout.splitlines()
        return [json.loads(line)["id"] for line in lines]

    assert listed() == [first]
    assert listed("--tenant", "u") == [second]
    assert listed("--state", "quoting", "--tenant", "u") == [second]
    assert listed("--workflow", "deadlines", "--tenant", "t") == [first]
    assert listed("--state", "waiting") == []


def test_deadlines_in_show_list_and_timers_run(wf: Wf) -> None:
    from datetime import date, timedelta

    waiting = wf.json("case", "start", "deadlines", tenant="t")["id"]
    quoting = wf.json("case", "start", "deadlines", tenant="t")["id"]
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    wf("case", "fire", quoting, "quote", "--input", json.dumps({"due": yesterday}))
    shown = wf("case", "show", waiting).stdout
    assert "termijn     waiting:" in shown
    assert "nog " in shown
    assert json.loads(wf("case", "show", waiting, json_out=True).stdout)["deadlines"][0]["flag"] == "late"
    overdue = [json.loads(line) for line in wf("case", "list", "--overdue", json_out=True).stdout.splitlines()]
    assert [row["id"] for row in overdue] == [quoting]
    assert overdue[0]["status"].startswith("te laat sinds")
    soon = wf("case", "list", "--due-within", "30").stdout
    assert waiting in soon
    assert quoting in soon
    ran = wf("timers", "run", "--once", actor=None)
    assert ran.exit_code == 0, ran.output
    assert f"{quoting}  quoting: termijn verstreken, expire uitgevoerd" in ran.stdout
    assert wf.json("case", "show", quoting)["case"]["state"] == "expired"
    assert "Verlopen termijnen afgehandeld: 1 uitgevoerd, 0 geweigerd, 0 gemarkeerd, 0 vervallen." in ran.stdout
    assert wf("timers", "run", actor=None).stdout == "Geen verlopen termijnen; niets te doen.\n"
    assert wf("timers", "run", "--once", actor=None, json_out=True).stdout == ""  # JSON: one line per outcome


def test_case_show_gives_a_running_terms_legal_end(runner: CliRunner, tmp_path: Path) -> None:
    base = [
        "--db",
        f"sqlite:///{tmp_path / 'wf.db'}",
        "--definitions",
        str(FIXTURES / "legacy" / "evenementenadvies.v3.yaml"),
    ]
    who = ["--actor", "v", "--role", "gemeente_behandelaar", "--tenant", "g1"]
    data = {
        "event": {"name": "Fest", "date": "2026-09-12", "size": "klein"},
        "application": {"received_on": "2026-03-10", "complete": True},
    }
    started = runner.invoke(
        main, [*base, *who, "--json", "case", "start", "evenementenadvies", "--data", json.dumps(data)]
    )
    assert started.exit_code == 0, started.output
    case_id = json.loads(started.stdout)["id"]
    shown = runner.invoke(main, [*base, *who, "case", "show", case_id])
    assert shown.exit_code == 0, shown.output
    assert "termijn   beslistermijn: uiterlijk woensdag 6 mei 2026" in shown.stdout
    english = runner.invoke(main, [*base, *who, "--lang", "en", "case", "show", case_id])
    assert "term      beslistermijn: by Wednesday 6 May 2026" in english.stdout
    as_json = json.loads(runner.invoke(main, [*base, *who, "--json", "case", "show", case_id]).stdout)
    assert as_json["terms"]["beslistermijn"]["end"] == "2026-05-06"


def test_list_shows_each_states_label_from_the_cases_own_definition_version(wf: Wf) -> None:
    defs = wf.tmp_path / "defs"
    deadlines = (defs / "deadlines.yaml").read_text().replace("  waiting:\n", "  waiting:\n    label: Wachtend\n", 1)
    (defs / "deadlines.yaml").write_text(deadlines)
    first = wf.start()
    newer = COUNTER.read_text().replace("version: 1", "version: 2").replace("label: Open}", "label: Geopend}")
    (defs / "counter.v2.yaml").write_text(newer)
    second = wf.start()
    rows = {line.split()[0]: line for line in wf("case", "list", "--workflow", "counter").stdout.splitlines()[1:]}
    assert re.search(r"  counter +Open +0 ", rows[first]), rows[first]
    assert re.search(r"  counter +Geopend +0 ", rows[second]), rows[second]
    listed = [json.loads(line) for line in wf("case", "list", json_out=True).stdout.splitlines()]
    assert [row["state"] for row in listed] == ["open", "open"]  # ids stay in JSON
    due = wf.json("case", "start", "deadlines", tenant="t")["id"]
    soon = wf("case", "list", "--due-within", "30").stdout
    assert re.search(rf"^{due}  deadlines +Wachtend ", soon, re.MULTILINE), soon
    assert wf.json("case", "list", "--due-within", "30")["state"] == "waiting"


def test_a_refused_start_is_not_called_a_step_and_no_role_is_said_so(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"
    args = ["--db", db, "--definitions", str(BUNDLED), "--actor", "x", "--tenant", "g", "case", "start", "assignment"]
    dutch = runner.invoke(main, args)
    assert dutch.exit_code == 1
    assert "zaak starten (assignment) geweigerd:" in dutch.output
    assert "stap 'start" not in dutch.output
    assert dutch.output.rstrip().endswith("u hebt geen rol.  [role_not_allowed]")
    assert "zonder rol." not in dutch.output
    english = runner.invoke(main, ["--lang", "en", *args])
    assert "starting a case (assignment) refused:" in english.output
    assert "you have no role." in english.output
    as_json = json.loads(runner.invoke(main, ["--json", *args]).output)
    assert (as_json["error"], as_json["blockers"][0]["code"]) == ("forbidden", "role_not_allowed")
