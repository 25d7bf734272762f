"""What the loader says about a broken definition: Dutch by default, English on request, a stable code.

Each case below breaks one thing in a small valid definition and names the
problem's catalogue key (its ``code``), a piece of the Dutch sentence and a
piece of the English one.  Every family of loader problem is here: YAML,
the shape of the document (pydantic's error types in the author's words), the
format's own checks (durations, warning points), references, the graph, data
schemas, input and ownership, guards, legal terms and the report section.
The Dutch sentences hold none of the English words of :data:`ENGLISH`; the
names from the file (quoted) and the path a problem sits at are the author's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import DefinitionError, Engine, Problem, parse_definition
from workflow.i18n import speaking

from .paths import FIXTURES
from .test_i18n import ENGLISH

BASE = """\
workflow: mini
version: 1
title: Mini
roles:
  clerk: {label: Medewerker, side: agency}
  boss: {label: Baas, side: client, read_only: true}
data:
  type: object
  properties:
    amount: {type: number}
    note: {type: string}
    received_on: {type: string, format: date}
states:
  open: {initial: true, deadline: {within: 5 working days, then: expire}}
  done: {final: true}
start:
  roles: [clerk]
transitions:
  finish:
    from: open
    to: done
    roles: [clerk]
    input: [note]
    guards:
      - {when: amount > 0, code: positive, message: Vul een bedrag in.}
  expire:
    from: open
    to: done
    roles: [system]
terms:
  beslis:
    weeks: 8
    from: received_on
    runs_until: [done]
"""

CASES: list[tuple[str, str, str, str, str, str]] = [
    # (id, old, new, code, Dutch, English)
    ("yaml", "title: Mini", "title: [Mini", "yaml.syntax", "YAML-syntaxis: ", "YAML syntax: "),
    (
        "missing",
        "    from: open\n    to: done\n    roles: [clerk]\n    input",
        "    to: done\n    roles: [clerk]\n    input",
        "definition.shape.missing",
        "transitions.finish: de verplichte sleutel 'from' ontbreekt; voeg die toe",
        "transitions.finish: missing required key 'from'; add it",
    ),
    (
        "extra",
        "title: Mini",
        "title: Mini\ncolour: blue",
        "definition.shape.extra",
        "het bestand: onbekende sleutel 'colour'; haal die weg",
        "the file: unknown key 'colour'; remove it or correct its spelling",
    ),
    (
        "string",
        "title: Mini",
        "title: 5",
        "definition.shape.string_type",
        "title: geef tekst; gevonden: 5",
        "title: give text; found 5",
    ),
    (
        "integer",
        "version: 1",
        "version: one",
        "definition.shape.int_type",
        "version: geef een geheel getal",
        "version: give a whole number",
    ),
    (
        "boolean",
        "initial: true",
        "initial: ja",
        "definition.shape.bool_type",
        "states.open.initial: geef true of false; gevonden: 'ja'",
        "states.open.initial: give true or false; found 'ja'",
    ),
    (
        "list",
        "runs_until: [done]",
        "runs_until: done",
        "definition.shape.list_type",
        "terms.beslis.runs_until: geef een lijst",
        "terms.beslis.runs_until: give a list",
    ),
    (
        "mapping",
        "  done: {final: true}",
        "  done: 5",
        "definition.shape.mapping",
        "states.done: geef een mapping (sleutels met hun waarden)",
        "states.done: give a mapping (keys with their values)",
    ),
    (
        "literal",
        "side: agency}",
        "side: bureau}",
        "definition.shape.literal",
        "roles.clerk.side: kies uit 'client' of 'agency'; gevonden: 'bureau'",
        "roles.clerk.side: choose from 'client' or 'agency'; found 'bureau'",
    ),
    (
        "pattern",
        "workflow: mini",
        "workflow: Mini-Flow",
        "definition.shape.pattern.id",
        "workflow: gebruik alleen kleine letters, cijfers en _, en begin met een letter",
        "workflow: use only lower case letters, digits and _, and start with a letter",
    ),
    (
        "empty text",
        "label: Medewerker",
        "label: ''",
        "definition.shape.empty",
        "roles.clerk.label: laat dit niet leeg",
        "roles.clerk.label: do not leave this empty",
    ),
    (
        "too few",
        "runs_until: [done]",
        "runs_until: []",
        "definition.shape.too_short",
        "terms.beslis.runs_until: geef er minstens 1",
        "terms.beslis.runs_until: give at least 1",
    ),
    (
        "too small",
        "version: 1",
        "version: 0",
        "definition.shape.at_least",
        "version: geef minstens 1; gevonden: 0",
        "version: give at least 1; found 0",
    ),
    (
        "from",
        "    from: open\n    to: done\n    roles: [clerk]\n    input",
        "    from: 42\n    to: done\n    roles: [clerk]\n    input",
        "definition.shape.from",
        "transitions.finish.from: geef een status-id, een lijst van status-ids, of '*'",
        "transitions.finish.from: give a state id, a list of state ids, or '*'",
    ),
    (
        "duration",
        "5 working days",
        "5 fortnights",
        "definition.duration",
        "states.open.deadline.within: onbekende duur '5 fortnights'; schrijf bijv. '5 werkdagen'",
        "states.open.deadline.within: unknown duration '5 fortnights'",
    ),
    (
        "warn_at",
        "    weeks: 8\n",
        "    weeks: 8\n    warn_at: veel\n",
        "definition.warn_at_form",
        "warn_at moet een percentage tussen 0% en 100% zijn, zoals '75%' (of een getal tussen 0 en 1, zoals 0.75); "
        "gevonden: 'veel'",
        "warn_at must be a percentage between 0% and 100%, like '75%' (or a number between 0 and 1, like 0.75); "
        "found 'veel'",
    ),
    (
        "warn_at over 100%",
        "    weeks: 8\n",
        "    weeks: 8\n    warn_at: 175%\n",
        "definition.warn_at_range",
        "warn_at moet tussen 0% en 100% liggen (0% en 100% zelf niet), zoals '75%' (of een getal tussen 0 en 1, "
        "zoals 0.75); gevonden: '175%'",
        "warn_at must lie between 0% and 100% (not 0% or 100% itself), like '75%' (or a number between 0 and 1, "
        "like 0.75); found '175%'",
    ),
    (
        "misspelt key",
        "    runs_until: [done]",
        "    runs_untill: [done]",
        "definition.shape.extra_near",
        "terms.beslis: onbekende sleutel 'runs_untill'; bedoelde u 'runs_until'?",
        "terms.beslis: unknown key 'runs_untill'; did you mean 'runs_until'?",
    ),
    (
        "not a mapping",
        BASE,
        "- a\n- b\n",
        "definition.not_mapping",
        "verwacht een mapping met de sleutels 'workflow', 'version'",
        "expected a mapping with the keys 'workflow', 'version'",
    ),
    (
        "no entries",
        "start:\n",
        "extra_states: {}\nstart:\n",
        "definition.shape.extra",
        "onbekende sleutel",
        "unknown key",
    ),
    (
        "bad id",
        "  done: {final: true}",
        "  Done: {final: true}",
        "definition.bad_id",
        "states: id 'Done' mag alleen kleine letters, cijfers en _ bevatten",
        "states: id 'Done' must be lower case",
    ),
    (
        "unknown role",
        "    to: done\n    roles: [clerk]\n    input",
        "    to: done\n    roles: [mayor]\n    input",
        "definition.unknown",
        "onbekende rol 'mayor'; gedeclareerde rollen: boss, clerk",
        "unknown role 'mayor'; declared roles: boss, clerk",
    ),
    (
        "unknown state",
        "    from: open\n    to: done\n    roles: [clerk]\n    input",
        "    from: open\n    to: dnoe\n    roles: [clerk]\n    input",
        "definition.unknown",
        "onbekende status 'dnoe'; gedeclareerde statussen: done, open",
        "unknown state 'dnoe'; declared states: done, open",
    ),
    (
        "system role",
        "  clerk:",
        "  system: {label: S, side: agency}\n  clerk:",
        "definition.system_role",
        "rol 'system' is voorbehouden aan de engine zelf; declareer die niet",
        "role 'system' is reserved",
    ),
    (
        "unreachable",
        "  done: {final: true}",
        "  done: {final: true}\n  island: {final: true}",
        "definition.unreachable",
        "status 'island' is niet bereikbaar vanuit beginstatus 'open'",
        "state 'island' cannot be reached",
    ),
    (
        "dead end",
        "  done: {final: true}",
        "  done: {final: true}\n  stuck: {}",
        "definition.dead_end",
        "uit status 'stuck' vertrekt geen stap, terwijl het geen eindstatus is",
        "state 'stuck' is not final",
    ),
    (
        "no initial",
        "  open: {initial: true, ",
        "  open: {",
        "definition.no_initial",
        "geen beginstatus; markeer precies één status met 'initial: true'",
        "no initial state",
    ),
    (
        "two initial",
        "  done: {final: true}",
        "  done: {final: true}\n  other: {initial: true}",
        "definition.many_initial",
        "meer dan één beginstatus (open, other)",
        "more than one initial state",
    ),
    (
        "initial and final",
        "  done: {final: true}",
        "  done: {final: true, initial: true}",
        "definition.initial_and_final",
        "status 'done' kan niet tegelijk begin- en eindstatus zijn",
        "state 'done' cannot be both initial and final",
    ),
    (
        "reserved field",
        "    note: {type: string}",
        "    note: {type: string}\n    actor: {type: string}",
        "definition.reserved_field",
        "gegevensveld 'actor' is voorbehouden aan voorwaarden",
        "data field 'actor' is reserved",
    ),
    (
        "bad schema",
        "amount: {type: number}",
        "amount: {type: numbr}",
        "definition.bad_schema",
        "geen geldig JSON Schema; 'numbr' voldoet niet aan regel 'anyOf' van het metaschema",
        "not a valid JSON Schema; 'numbr' breaks rule 'anyOf'",
    ),
    (
        "deadline then",
        "roles: [system]",
        "roles: [clerk]",
        "definition.deadline_then",
        "deadline: stap 'expire' moet vertrekken uit 'open' en rol 'system' noemen",
        "must leave 'open' and list role",
    ),
    (
        "input",
        "    input: [note]",
        "    input: [nothing.here]",
        "definition.input_unknown",
        "'input' noemt onbekend gegevensveld 'nothing.here'; declareer het in het gegevensschema",
        "input names unknown data field 'nothing.here'",
    ),
    (
        "self-satisfiable",
        "    input: [note]",
        "    input: [note, amount]",
        "definition.self_satisfiable",
        "voorwaarde 'positive' van stap 'finish' leest veld 'amount', en de invoer van 'finish' mag dat schrijven",
        "guard 'positive' of transition 'finish' reads field 'amount', which the input of 'finish' may write",
    ),
    (
        "requires",
        "    input: [note]",
        "    input: [note]\n    requires: [amuont]",
        "definition.requires_unknown",
        "'requires' noemt onbekend gegevensveld 'amuont'",
        "requires unknown data field 'amuont'",
    ),
    (
        "read-only start",
        "  roles: [clerk]\ntransitions",
        "  roles: [boss]\ntransitions",
        "definition.start_read_only",
        "rol 'boss' mag alleen lezen en kan geen zaak starten",
        "role 'boss' is read-only",
    ),
    (
        "guard syntax",
        "when: amount > 0",
        "when: amount >",
        "definition.guard.syntax",
        "voorwaarde 'positive': onjuiste schrijfwijze: ongeldige opbouw",
        "guard 'positive': guard syntax: invalid syntax",
    ),
    (
        "guard field",
        "when: amount > 0",
        "when: amuont > 0",
        "definition.guard.unknown_field",
        "voorwaarde 'positive': onbekend gegevensveld 'amuont'",
        "guard 'positive': unknown data field 'amuont'",
    ),
    (
        "guard function",
        "when: amount > 0",
        "when: sqrt(amount) > 0",
        "definition.guard.unknown_function",
        "voorwaarde 'positive': onbekende functie 'sqrt'; bekende functies: abs(), actors()",
        "unknown function 'sqrt'",
    ),
    (
        "guard kind",
        "when: amount > 0",
        "when: amount + 1",
        "definition.guard.not_boolean",
        "een voorwaarde moet ja of nee (true/false) opleveren, maar deze geeft een getal",
        "a guard must give true or false, but it gives a number",
    ),
    (
        "guard node",
        "when: amount > 0",
        "when: '[x for x in y]'",
        "definition.guard.node",
        "een lijstbouwer (comprehension) is niet toegestaan in een voorwaarde",
        "a comprehension is not allowed",
    ),
    (
        "guard arity",
        "when: amount > 0",
        "when: abs() > 0",
        "definition.guard.arity",
        "abs() neemt 1 argument(en); gekregen: 0",
        "abs() takes 1 argument(s), got 0",
    ),
    (
        "duplicate guard",
        "      - {when: amount > 0, code: positive, message: Vul een bedrag in.}",
        "      - {when: amount > 0, code: positive, message: Vul een bedrag in.}\n"
        "      - {when: amount > 1, code: positive, message: Vul meer in.}",
        "definition.guard_duplicate",
        "voorwaardecode 'positive' komt twee keer voor in deze stap",
        "duplicate guard code 'positive'",
    ),
    (
        "term length",
        "    weeks: 8\n",
        "",
        "definition.term_length",
        "termijn 'beslis' heeft een lengte nodig: geef 'days', 'weeks' of 'months'",
        "term 'beslis' needs a length",
    ),
    (
        "term step",
        "    input: [note]",
        "    input: [note]\n    resumes: other",
        "definition.unknown",
        "onbekende termijn 'other'; gedeclareerde termijnen: beslis",
        "unknown term 'other'; declared terms: beslis",
    ),
    (
        "report",
        "start:\n",
        "report: {delivered: hand_over}\nstart:\n",
        "definition.report_step",
        "report.delivered: onbekende stap 'hand_over'; gedeclareerde stappen: expire, finish",
        "report.delivered: unknown transition 'hand_over'; declared transitions: expire, finish",
    ),
]


def _broken(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def _problems(source: str) -> tuple[Problem, ...]:
    with pytest.raises(DefinitionError) as info:
        parse_definition(source, "broken.yaml")
    return info.value.problems


def _english_words(message: str) -> list[str]:
    """English words in a Dutch problem, leaving out the author's own: quoted names and the path it sits at."""
    own = re.sub(r"'[^']*'", " ", message)
    own = re.sub(r"^[\w.\[\]-]+: ", " ", own)  # transitions.finish.from: ...
    own = re.sub(r"\w+\(", " ", own.replace("true/false", " "))  # a function of the guard language: code
    return ENGLISH.findall(own)


def test_the_base_definition_loads() -> None:
    assert parse_definition(BASE).workflow == "mini"


@pytest.mark.parametrize(("old", "new", "code", "dutch", "english"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_in_dutch_and_on_request_in_english(
    old: str, new: str, code: str, dutch: str, english: str
) -> None:
    source = _broken(old, new)
    found = [p for p in _problems(source) if p.code == code]
    assert found, [(p.code, p.message) for p in _problems(source)]
    assert any(dutch in p.message for p in found), [p.message for p in found]
    for problem in _problems(source):
        assert min(problem.line, problem.column) >= 1, problem
        assert _english_words(problem.message) == [], problem.message
    with speaking("en"):
        in_english = [p for p in _problems(source) if p.code == code]
    assert any(english in p.message for p in in_english), [p.message for p in in_english]


def test_every_problem_family_has_a_case() -> None:
    codes = {c[3] for c in CASES}
    families = {"yaml", "definition.shape", "definition.guard", "definition.term", "definition.report"}
    assert all(any(code.startswith(family) for code in codes) for family in families)
    assert len(CASES) >= 40


def test_python_and_yaml_words_never_reach_dutch(tmp_path: Path) -> None:
    """A syntax error the catalogue has no sentence for is said in general terms in Dutch, as it is in English."""
    odd_guard = _broken("when: amount > 0", "when: 'amount > 0 0'")
    [problem] = _problems(odd_guard)
    assert problem.code == "definition.guard.syntax"
    assert _english_words(problem.message) == [], problem.message
    odd_yaml = _broken("title: Mini", "title: Mini\n  %x: [")
    [problem] = _problems(odd_yaml)
    assert problem.code == "yaml.syntax"
    assert _english_words(problem.message) == [], problem.message
    with speaking("en"):
        [english] = _problems(odd_yaml)
    assert english.message != problem.message


def test_wf_definitions_validate_speaks_dutch_and_english_on_request(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    for i, (_, old, new, *_rest) in enumerate(CASES):
        (folder / f"case{i:02}.yaml").write_text(_broken(old, new))
    for fixture in (FIXTURES / "broken").glob("*.yaml"):
        (folder / fixture.name).write_text(fixture.read_text())
    runner = CliRunner()
    dutch = runner.invoke(main, ["definitions", "validate", str(folder)])
    assert dutch.exit_code == 2
    lines = dutch.stdout.splitlines()
    assert len(lines) >= len(CASES)
    for line in lines:
        message = line.split(": ", 1)[1]  # after file:line:col
        assert _english_words(message) == [], line
    assert "problemen gevonden" in dutch.stderr
    for flag, env in ((["--lang", "en"], None), ([], {"WF_LANG": "en"})):
        english = runner.invoke(main, [*flag, "definitions", "validate", str(folder)], env=env)
        assert english.exit_code == 2
        assert "unknown role 'mayor'; declared roles: boss, clerk" in english.stdout
        assert "onbekende" not in english.stdout


def test_the_engine_loads_definitions_in_its_own_language(tmp_path: Path) -> None:
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "mini.yaml").write_text(_broken("roles: [clerk]\n    input", "roles: [mayor]\n    input"))
    for language, expected in (("nl", "onbekende rol 'mayor'"), ("en", "unknown role 'mayor'")):
        with pytest.raises(DefinitionError) as info:
            Engine(f"sqlite:///{tmp_path / language}.db", folder, language=language)
        [problem] = info.value.problems
        assert expected in problem.message
        assert problem.code == "definition.unknown"
