"""Dutch by default: the message catalogue, schema findings, Dutch time, and no English in Dutch output."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from cli import main
from workflow import Actor, Engine, Forbidden, GuardFailed, InvalidInput, WorkflowError, dutch_date
from workflow._speech import ERRORS
from workflow.checks import schema_detail
from workflow.i18n import CATALOGUE, LANGUAGES, as_language, speaking, text
from workflow.i18n.time import date_text, deadline_text, moment_text, span_text

from .paths import BUNDLED, FIXTURES

ENGLISH = re.compile(
    r"\b(the|you|your|may|only|must|not|has|have|by|and|or|to|no|cannot|refused|allowed|blocked|deadline|"
    r"due|overdue|state|version|transitions?|started|reason|data|case|error|found|missing|value|field)\b",
    re.IGNORECASE,
)
"""English words that Dutch output never needs (none of them is also a Dutch word)."""


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _words(template: str) -> str:
    """The template without its placeholders and quoted technical names."""
    return re.sub(r"\{[^}]*\}|--\w+|\(true/false\)|\(null\)|Ctrl-C|ISO 8601", " ", template)


def test_both_languages_have_every_key_with_the_same_placeholders() -> None:
    assert set(CATALOGUE["nl"]) == set(CATALOGUE["en"])
    for key, dutch in CATALOGUE["nl"].items():
        assert _placeholders(dutch) == _placeholders(CATALOGUE["en"][key]), key


def test_no_dutch_entry_is_english() -> None:
    for key, dutch in CATALOGUE["nl"].items():
        words = _words(dutch)
        if re.search(r"[A-Za-z]{3,}", words):  # a sentence, not a bare format like "{a}: {b} -> {c}"
            assert dutch != CATALOGUE["en"][key], key
        assert not ENGLISH.search(words), f"{key}: {dutch!r}"


def test_text_speaks_the_current_language_and_dutch_by_default() -> None:
    assert text("other_tenant.read") == "Deze zaak hoort bij een andere organisatie."
    with speaking("en"):
        assert text("other_tenant.read") == "This case belongs to another organisation."
    assert text("no_running_deadline", lang="en").startswith("There is no running deadline")
    assert as_language(" EN ") == "en"
    with pytest.raises(InvalidInput, match="kies uit nl, en") as unknown:
        as_language("fr")
    assert (unknown.value.code, unknown.value.key) == ("invalid_input", "error.language")
    with speaking("en"), pytest.raises(InvalidInput, match="choose one of nl, en"):
        as_language("fr")
    assert LANGUAGES == ("nl", "en")


SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "amount": {"type": "number", "minimum": 0, "maximum": 100, "title": "Bedrag"},
        "kind": {"enum": ["regulier", "maatwerk"]},
        "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "on": {"type": "string", "format": "date"},
    },
    "required": ["kind"],
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("value", "dutch"),
    [
        ({}, "'kind' ontbreekt; vul het in"),
        ({"kind": "regulier", "amount": "veel"}, "'Bedrag' moet een getal zijn; gevonden: \"veel\""),
        ({"kind": "regulier", "amount": -1}, "'Bedrag' moet minstens 0 zijn; gevonden: -1"),
        ({"kind": "regulier", "amount": 101}, "'Bedrag' mag hoogstens 100 zijn; gevonden: 101"),
        ({"kind": "anders"}, '\'kind\' moet een van deze waarden zijn: "regulier", "maatwerk"; gevonden: "anders"'),
        ({"kind": "regulier", "code": "abc"}, "'code' heeft niet de vereiste vorm (^[A-Z]{2}$); gevonden: \"abc\""),
        ({"kind": "regulier", "on": "morgen"}, "'on' is geen geldige datum (JJJJ-MM-DD); gevonden: \"morgen\""),
        ({"kind": "regulier", "extra": 1}, "de hele waarde kent geen veld 'extra'"),
    ],
)
def test_schema_findings_in_dutch_name_the_field(value: dict[str, Any], dutch: str) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(value))
    assert len(errors) == 1
    assert schema_detail(errors[0]) == dutch
    with speaking("en"):
        assert not re.search(r"\b(moet|ontbreekt|gevonden)\b", schema_detail(errors[0]))


def test_dutch_time_with_the_zone_and_the_days_end() -> None:
    end_of_4_december = datetime(2026, 12, 4, 23, 0, tzinfo=UTC)  # 00:00 on 5 December, Dutch time
    assert deadline_text(end_of_4_december) == "uiterlijk vrijdag 4 december 2026"
    assert deadline_text(end_of_4_december, "en") == "by Friday 4 December 2026"
    assert deadline_text(datetime(2026, 7, 1, 12, 30, tzinfo=UTC)) == "uiterlijk woensdag 1 juli 2026 om 14:30 CEST"
    assert moment_text(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)) == "maandag 5 januari 2026 09:00 CET"
    assert date_text(datetime(2026, 5, 5).date()) == "dinsdag 5 mei 2026"
    assert span_text(8 * 86400 - 3600) == "8 dagen"
    assert span_text(-5 * 3600) == "5 uur"


def test_engine_speaks_dutch_by_default_and_english_on_request(tmp_path: Path) -> None:
    clerk = Actor("carla", ("clerk",), "utrecht")
    client = Actor("cees", ("client",), "zeist")
    for language, expected in (("nl", "Alleen Reviewer mag 'Approve' doen"), ("en", "Only Reviewer may do 'Approve'")):
        with Engine(f"sqlite:///{tmp_path / language}.db", FIXTURES / "engine", language=language) as engine:
            case = engine.start("counter", actor=clerk, tenant="utrecht", data={"count": 1, "note": "n"})
            engine.fire(case.id, "submit", actor=clerk)
            with pytest.raises(Forbidden) as refused:
                engine.fire(case.id, "approve", actor=clerk)
            assert expected in refused.value.blockers[0].message
            assert refused.value.blockers[0].code == "role_not_allowed"
    with Engine(f"sqlite:///{tmp_path / 'nl'}.db", FIXTURES / "engine") as engine:
        other = engine.start("counter", actor=clerk, tenant="utrecht", data={"count": 1})
        with pytest.raises(Forbidden) as foreign:  # another tenant's case is simply not found (tenant first)
            engine.start("counter", actor=client, tenant="utrecht", data={"count": 1})
        assert foreign.value.blockers[0].message.startswith("Als medewerker van opdrachtgever")
        with pytest.raises(GuardFailed) as invalid:
            engine.fire(other.id, "set", actor=clerk, input={"count": "twee"})
        found = invalid.value.blockers[0]
        assert (found.code, found.detail) == ("invalid_input", "'count' moet een geheel getal zijn; gevonden: \"twee\"")
        assert found.message == "De invoer past niet bij het schema van de definitie (count)."


def _wf(runner: CliRunner, db: str, *args: str, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(main, ["--db", db, "--definitions", str(BUNDLED), *args], env=env)
    assert result.exit_code in (0, 1), result.output
    return result


def _english_in(output: str) -> list[str]:
    """English words in the lines of ``output``, ignoring command lines and JSON-like data values."""
    found = []
    for line in output.splitlines():
        if line.lstrip().startswith("wf --db") or '"' in line:
            continue  # a command to type, or case data (the user's own values)
        words = re.sub(r"\[[^\]]*\]", "", line)  # stable codes and ids in brackets
        found += [f"{word!r} in {line!r}" for word in ENGLISH.findall(words)]
    return found


def test_no_english_reaches_dutch_output(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    demo = _wf(runner, db, "demo", "--db", db)
    case_id = re.findall(r"case show ([0-9a-f]+)", demo.stdout)[-1]
    who = ["--actor", "s.bakker", "--role", "accountmanager"]
    fresh = json.loads(
        _wf(runner, db, *who, "--json", "case", "start", "assignment", "--tenant", "gemeente-zeist").stdout
    )["id"]
    outputs = {
        "demo": demo.stdout,
        "show": _wf(runner, db, "case", "show", case_id).stdout,
        "show fresh": _wf(runner, db, *who, "case", "show", fresh).stdout,
        "explain": _wf(runner, db, *who, "case", "explain", fresh, "plan").stdout,
        "explain wrong state": _wf(runner, db, *who, "case", "explain", case_id, "plan").stdout,
        "history": _wf(runner, db, "case", "history", case_id).stdout,
        "list": _wf(runner, db, "case", "list").stdout,
    }
    for name, output in outputs.items():
        assert output.strip(), name
        assert _english_in(output) == [], name
    assert "GEWEIGERD" in outputs["demo"]
    assert "uiterlijk " in outputs["show fresh"]
    assert " nog " in outputs["show fresh"]
    assert re.search(r"\d\d:\d\d:\d\d CET", outputs["history"])


def test_english_on_request_and_json_keeps_utc(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'en.db'}"
    who = ["--actor", "s.bakker", "--role", "accountmanager"]
    started = _wf(runner, db, *who, "--json", "case", "start", "assignment", "--tenant", "gemeente-zeist")
    case_id = json.loads(started.stdout)["id"]
    english = _wf(runner, db, "--lang", "en", "case", "show", case_id).stdout
    assert english.startswith("Case ")
    assert "  state     " in english
    assert " left" in english
    from_env = _wf(runner, db, "case", "show", case_id, env={"WF_LANG": "en"}).stdout
    assert from_env.startswith("Case ")
    shown = json.loads(_wf(runner, db, "--json", "case", "show", case_id).stdout)
    assert shown["case"]["created_at"].endswith("+00:00")
    assert shown["deadlines"][0]["due"].endswith("+00:00")


def _guard_free(output: str) -> str:
    """``output`` without the definition's own code: guard expressions (``and``/``or``/``not`` are the guard
    language's operators) and the data paths a step requires (``escalation.reason``)."""
    output = re.sub(r"(voorwaarde \[[^\]]*\]) .*", r"\1", output)
    return re.sub(r"(vereist) [\w.]+:", r"\1 <veld>:", output)


def test_no_english_in_audit_outbox_timers_and_definitions(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'more.db'}"
    _wf(runner, db, "demo", "--db", db)
    checkpoint = tmp_path / "cp.json"
    exported = runner.invoke(main, ["--db", db, "audit", "export", "--format", "csv", "-o", str(tmp_path / "x.csv")])
    assert exported.exit_code == 0, exported.output
    outputs = {
        "audit log": _wf(runner, db, "audit", "log", "--limit", "6").stdout,
        "audit checkpoint": _wf(runner, db, "audit", "checkpoint", "-o", str(checkpoint)).stdout,
        "audit verify": _wf(runner, db, "audit", "verify", "--checkpoint", str(checkpoint)).stdout,
        "audit export": exported.stderr,
        "outbox list": _wf(runner, db, "outbox", "list").stdout,
        "outbox retry": _wf(runner, db, "outbox", "retry").stdout,
        "outbox purge": _wf(runner, db, "outbox", "purge").stdout,
        "definitions list": _wf(runner, db, "definitions", "list").stdout,
        "definitions show": _guard_free(_wf(runner, db, "definitions", "show", "assignment").stdout),
        "definitions validate": _wf(runner, db, "definitions", "validate").stdout,
    }
    for name, output in outputs.items():
        assert output.strip(), name
        assert _english_in(output) == [], name
    assert "gerouteerd" in outputs["outbox list"]  # the demo's messages wait for a relay
    assert outputs["audit verify"].startswith("intact: ")
    assert "Stappen:" in outputs["definitions show"]
    assert outputs["definitions validate"].startswith("OK: ")
    bad = runner.invoke(main, ["--db", db, "definitions", "validate", str(tmp_path / "nope")])
    assert bad.exit_code == 2
    assert _english_in(bad.output) == []
    assert "1 probleem gevonden." in bad.output


def test_no_english_in_timers_run(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'timers.db'}"
    base = ["--db", db, "--definitions", str(FIXTURES / "engine"), "--actor", "carla", "--role", "clerk"]
    started = runner.invoke(main, [*base, "--tenant", "t", "--json", "case", "start", "deadlines"])
    case_id = json.loads(started.stdout)["id"]
    fired = runner.invoke(main, [*base, "case", "fire", case_id, "quote", "--input", '{"due": "2020-01-01"}'])
    assert fired.exit_code == 0, fired.output
    ran = runner.invoke(main, ["--db", db, "--definitions", str(FIXTURES / "engine"), "timers", "run", "--once"])
    assert ran.exit_code == 0, ran.output
    assert ran.stdout.splitlines() == [
        f"{case_id}  quoting: termijn verstreken, expire uitgevoerd",
        "Verlopen termijnen afgehandeld: 1 uitgevoerd, 0 geweigerd, 0 gemarkeerd, 0 vervallen.",
    ]
    assert _english_in(ran.stdout) == []


CLERK = Actor("carla", ("clerk",), "utrecht")


@pytest.mark.parametrize(
    ("call", "code", "dutch", "english"),
    [
        (
            lambda e: e.fire("missing", "tick", actor=CLERK),
            "not_found",
            "zaak 'missing' bestaat niet",
            "no case 'missing'",
        ),
        (lambda e: e.cases(limit=0), "invalid_input", "limit moet tussen 1 en 10000 liggen", "limit must be between"),
        (
            lambda e: e.start("nope", actor=CLERK, tenant="utrecht"),
            "not_found",
            "werkstroom 'nope' bestaat niet",
            "no workflow 'nope'",
        ),
    ],
    ids=["not_found", "invalid_input", "unknown_workflow"],
)
def test_errors_speak_the_engines_language_with_the_same_code(
    tmp_path: Path, call: Any, code: str, dutch: str, english: str
) -> None:
    for language, expected in (("nl", dutch), ("en", english)):
        with Engine(f"sqlite:///{tmp_path / language}.db", FIXTURES / "engine", language=language) as engine:
            with pytest.raises(WorkflowError) as raised:
                call(engine)
            assert raised.value.code == code
            assert expected in str(raised.value), language
            if language == "nl":  # quoted names are the caller's own
                assert not ENGLISH.findall(re.sub(r"'[^']*'", "", str(raised.value)))


def test_errors_on_the_command_line_in_dutch_and_on_request_in_english(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'errors.db'}"
    assert runner.invoke(main, ["--db", db, "db", "upgrade"]).exit_code == 0  # reading commands create nothing
    dutch = runner.invoke(main, ["--db", db, "--definitions", str(BUNDLED), "case", "show", "nope"])
    assert (dutch.exit_code, dutch.stderr) == (2, "fout: zaak 'nope' bestaat niet\n")
    english = runner.invoke(main, ["--db", db, "--definitions", str(BUNDLED), "--lang", "en", "case", "show", "nope"])
    assert (english.exit_code, english.stderr) == (2, "error: no case 'nope'\n")
    as_json = runner.invoke(main, ["--db", db, "--definitions", str(BUNDLED), "--json", "case", "show", "nope"])
    assert json.loads(as_json.stdout) == {"error": "not_found", "message": "zaak 'nope' bestaat niet"}


def test_every_error_key_has_both_languages_and_said_keeps_it() -> None:
    for language in LANGUAGES:
        assert set(ERRORS[language]) <= set(CATALOGUE[language])
    with speaking("en"):
        error = InvalidInput.said("input.text_empty", name="reason")
    assert (str(error), error.key, error.params, error.code) == (
        "reason must not be empty",
        "input.text_empty",
        {"name": "reason"},
        "invalid_input",
    )
    assert str(InvalidInput.said("input.text_empty", name="reason")) == "reason mag niet leeg zijn"


def test_dutch_dates_come_from_one_table() -> None:
    for day in (date(2026, 5, 5), date(2027, 12, 26), date(2031, 4, 26)):
        assert date_text(day, "nl") == dutch_date(day)
    assert date_text(date(2031, 4, 26), "en") == "Saturday 26 April 2031"


def test_legal_term_errors_speak_the_current_language_with_a_stable_code() -> None:
    from workflow import LegalTermError, legal_term

    with pytest.raises(LegalTermError) as dutch:
        legal_term(date(2026, 3, 10))
    assert (dutch.value.code, str(dutch.value)) == (
        "term_empty",
        "een termijn vraagt dagen, weken of maanden; alle zijn 0",
    )
    with speaking("en"), pytest.raises(LegalTermError) as english:
        legal_term(date(2010, 3, 10), weeks=8)
    assert english.value.code == "year_out_of_range"
    assert str(english.value) == "the Atw calendar covers 2014 and later (Koningsdag); found year 2010"


def test_a_list_of_choices_reads_a_b_or_c() -> None:
    from workflow.i18n import or_list

    assert or_list(["Teamlid", "Projectleider", "Bestuur"]) == "Teamlid, Projectleider of Bestuur"
    assert or_list(("Teamlid", "Bestuur")) == "Teamlid of Bestuur"
    assert or_list(["Teamlid"]) == "Teamlid"
    with speaking("en"):
        assert or_list(["a", "b", "c"]) == "a, b or c"


def test_numbers_for_people_with_a_decimal_comma_in_dutch_and_a_point_in_english() -> None:
    from workflow import number_text

    assert number_text(7.5) == "7,5"
    assert number_text(13.956) == "13,96"
    assert number_text(15.0) == "15"
    assert number_text(0.25, "en") == "0.25"
    with speaking("en"):
        assert number_text(7.5) == "7.5"
    assert number_text(2.0004) == "2"
