"""Guards: safe at load, plain at run time, every blocker reported in order."""

from __future__ import annotations

import pytest

from workflow import DefinitionError
from workflow.i18n import speaking

from .guard_helpers import blockers, definition_with_guards, passes

# Each of these must be refused when the definition loads: never run.
ESCAPES = [
    "__import__('os').system('id')",
    "().__class__.__bases__[0].__subclasses__()",
    "scope.__class__",
    "scope.__dict__",
    "actor.__class__.__init__.__globals__",
    "eval('1+1')",
    "exec('x = 1')",
    "open('/etc/passwd').read()",
    "compile('1', 'x', 'eval')",
    "globals()",
    "vars()",
    "getattr(scope, 'budget_hours')",
    "type(scope)",
    "__builtins__",
    "import os",
    "lambda: 1",
    "[x for x in tags]",
    "{x: 1 for x in tags}",
    "(x for x in tags)",
    "note.upper()",
    "'{0.__class__}'.format(scope)",
    "f'{scope}'",
    "(y := 1)",
    "tags[0]",
    "tags[0:1]",
    "amount if amount else 0",
    "9**9**9",
    "2 ** 100",
    "1 << 100000",
    "'x' * 1000000000",
    "'%999999999s' % 1",
    "[1] * 10",
    "'a' * 3",
    "'" + "a" * 100_000 + "'",
    "(" * 200 + "1" + ")" * 200,
    "not " * 300 + "true",
    "[" * 40 + "]" * 40,
    " + ".join(["amount"] * 130),
    "amount > 0; amount < 10",
    "amount\x00",
    "b'bytes'",
    "1j",
    "...",
    "{'a': 1}",
    "{1, 2}",
    "*tags",
    "len(*tags)",
    "len(x=tags)",
    "10**12 + 1 if True else 0",
    "_private",
    "scope._x",
    "len",
    "count(note)",
    "has(note)",
    "await x",
]


@pytest.mark.parametrize("expression", ESCAPES)
def test_escape_and_denial_attempts_refused_at_load(expression: str) -> None:
    with pytest.raises(DefinitionError) as info:
        definition_with_guards(expression)
    assert all(p.message.startswith(("voorwaarde 'g", "YAML")) for p in info.value.problems), info.value


def test_escape_list_is_long_enough() -> None:
    assert len(ESCAPES) >= 25


@pytest.mark.parametrize(
    ("expression", "data", "expected"),
    [
        ("amount > 0", {"amount": 5}, True),
        ("amount > 0", {"amount": 0}, False),
        ("amount >= 1 and amount <= 10", {"amount": 10}, True),
        ("not (amount > 3)", {"amount": 5}, False),
        ("amount * 2 + 1 == 11", {"amount": 5}, True),
        ("amount / 2 == 2.5", {"amount": 5}, True),
        ("amount % 2 == 1", {"amount": 5}, True),
        ("-amount < 0", {"amount": 5}, True),
        ("note == 'x' or amount > 100", {"note": "x"}, True),
        ("note in ['a', 'b']", {"note": "b"}, True),
        ("note not in ('a', 'b')", {"note": "c"}, True),
        ("'urgent' in tags", {"tags": ["urgent"]}, True),
        ("'gen' in note", {"note": "gemeente"}, False),
        ("scope.budget_hours > 0", {"scope": {"budget_hours": 8}}, True),
        ("free.anything.goes == 1", {"free": {"anything": {"goes": 1}}}, True),
        ("has('scope.budget_hours')", {"scope": {"budget_hours": 0}}, True),
        ("has('scope.budget_hours')", {"scope": {}}, False),
        ("has('note')", {"note": ""}, False),
        ("not has('amount')", {}, True),
        ("len(tags) == 2", {"tags": [1, 2]}, True),
        ("len(note) == 3", {"note": "abc"}, True),
        ("note == null", {"note": None}, True),
        ("true and not false", {}, True),
        ("actor.id == 'ann'", {}, True),
        ("'clerk' in actor.roles", {}, True),
        ("case.state == 'open' and case.version == 1", {}, True),
        ("today() == '2026-11-26'", {}, True),
        ("now() > '2026-11-26T11'", {}, True),
        ("days_between('2026-11-01', today()) == 25", {}, True),
        ("working_days_between(start, due) == 5", {"start": "2026-11-20", "due": "2026-11-27"}, True),
        ("add_working_days('2026-04-24', 1) == '2026-04-28'", {}, True),
        ("add_days(due, 1) == '2026-01-01'", {"due": "2025-12-31"}, True),
        ("date('2026-03-01T10:00:00Z') == '2026-03-01'", {}, True),
        ("max(1, amount, 3) == 7 and min([4, 2]) == 2", {"amount": 7}, True),
        ("abs(amount) == 2 and round(amount / 3, 1) == -0.7", {"amount": -2}, True),
        ("lower(note) == 'abc'", {"note": "ABC"}, True),
        ("note + '!' == 'hi!'", {"note": "hi"}, True),
    ],
)
def test_evaluation(expression: str, data: dict[str, object], expected: bool) -> None:
    assert passes(expression, data) is expected


def test_history_functions() -> None:
    history = {"review": ("bob", "cis"), "finish": ()}
    assert passes("count('finish') == 0 and count('review') == 2", {}, history=history)
    assert passes("actor.id not in actors('review')", {}, history=history)
    assert not passes("actor.id not in actors('review')", {}, actor="bob", history=history)
    assert passes("last_actor('review') == 'cis' and last_actor('finish') == null", {}, history=history)


@pytest.mark.parametrize(
    ("expression", "data", "detail"),
    [
        ("amount > 0", {}, "amount heeft geen waarde"),
        ("scope.budget_hours > 0", {}, "scope heeft geen waarde"),
        ("scope.budget_hours > 0", {"scope": {}}, "scope.budget_hours heeft geen waarde"),
        ("scope.budget_hours > 0", {"scope": "text"}, "scope is tekst, geen object"),
        ("amount > 0", {"amount": "five"}, "'>' kan tekst en getal niet vergelijken"),
        ("amount > 0", {"amount": None}, "de linker kant heeft geen waarde"),
        ("amount * 2 > 0", {"amount": "x"}, "'*' vraagt getallen; gevonden: tekst 'x'"),
        ("amount / 0 > 1", {"amount": 1}, "deling door nul"),
        ("'a' in amount", {"amount": 1}, "'in' vraagt rechts een lijst of tekst"),
        ("len(amount) > 1", {"amount": 1}, "len() vraagt tekst of een lijst"),
        ("days_between(note, today()) > 1", {"note": "soon"}, "verwacht een datum als 2026-03-31"),
        ("min([]) == 1", {}, "van een lege lijst"),
        ("add_days(today(), 99999999) > '2026'", {}, "add_days() neemt een geheel getal van -18300 tot 18300"),
        (
            "working_days_between(start, due) > 1",
            {"start": "1900-01-01", "due": "2026-01-01"},
            "langer dan de toegestane",
        ),
        ("amount * amount > 1", {"amount": 10**9}, "de uitkomst van '*' is groter dan 1e+15"),
        ("amount + 1 > 1", {"amount": 10**16}, "'+' werkt met getallen tot 1e+15"),
        ("note + note == ''", {"note": "x" * 60_000}, "hoogstens 100.000"),
        ("round(amount, 1.5) == 1", {"amount": 1}, "round() vraagt een geheel getal"),
        ("max(1, 'a') == 1", {}, "van één soort"),
        ("tags < tags", {"tags": []}, "'<' kan lijst en lijst niet vergelijken"),
    ],
)
def test_run_time_failure_is_a_blocker_with_a_plain_detail(
    expression: str, data: dict[str, object], detail: str
) -> None:
    found = blockers(definition_with_guards(expression), data)
    assert len(found) == 1
    assert found[0].code == "g0"
    assert found[0].message == "Guard 0 failed."
    assert found[0].detail is not None
    assert detail in found[0].detail


@pytest.mark.parametrize(
    ("expression", "data", "detail"),
    [
        ("amount", {"amount": 3}, "de voorwaarde gaf getal 3, geen ja/nee (true/false)"),
        ("amount and true", {"amount": 1}, "'and' vraagt ja/nee (true/false); gevonden: getal 1"),
        ("false or note", {"note": "x"}, "'or' vraagt ja/nee (true/false); gevonden: tekst 'x'"),
        ("not note", {"note": ""}, "'not' vraagt ja/nee (true/false); gevonden: tekst ''"),
        ("max(tags)", {"tags": [1, 2]}, "de voorwaarde gaf getal 2, geen ja/nee (true/false)"),
    ],
)
def test_a_guard_that_does_not_give_true_or_false_is_its_own_blocker(
    expression: str, data: dict[str, object], detail: str
) -> None:
    [found] = blockers(definition_with_guards(expression), data)
    assert found.code == "guard_not_boolean"
    assert found.message == "Guard 0 failed."
    assert found.detail == f"voorwaarde 'g0': {detail}"


def test_every_blocker_in_definition_order_requires_first() -> None:
    definition = definition_with_guards(
        "amount > 10", "note == 'ok'", "len(tags) > 0", requires=("scope.owner", "note")
    )
    found = blockers(definition, {"amount": 5, "tags": [1]})
    assert [b.code for b in found] == ["required.scope.owner", "required.note", "g0", "g1"]
    assert found[3].detail == "note heeft geen waarde"


def test_no_blockers_when_everything_holds() -> None:
    definition = definition_with_guards("amount > 10", requires=("note",))
    assert blockers(definition, {"amount": 11, "note": "x"}) == []


def test_guard_problem_points_into_the_expression() -> None:
    with pytest.raises(DefinitionError) as info:
        definition_with_guards("amount > 0 and nope == 1")
    [problem] = info.value.problems
    assert "onbekend gegevensveld 'nope'; declareer het in het gegevensschema" in problem.message
    assert problem.code == "definition.guard.unknown_field"
    assert problem.column > 20  # inside the expression, not at the start of the line


def test_reserved_word_as_field_gets_a_clear_message() -> None:
    with pytest.raises(DefinitionError, match="'class' is een gereserveerd woord van de voorwaardetaal"):
        definition_with_guards("scope.class == 'A'")


@pytest.mark.parametrize(
    ("when", "word", "column"),
    [
        ('class == "a"', "class", 1),
        ('amount > 0 and class == "a"', "class", 16),
        ("global != 1", "global", 1),
        ("not import", "import", 5),
        ("if == 1 and lambda == 2", "if", 1),
        ("scope.class == 'A'", "class", 7),
    ],
)
def test_a_reserved_word_where_a_field_name_belongs_is_named(when: str, word: str, column: int) -> None:
    """Not 'invalid syntax': the word, why it cannot be a field name here, and what to do (both languages)."""
    with pytest.raises(DefinitionError) as dutch:
        definition_with_guards(when)
    [problem] = dutch.value.problems
    assert problem.code == "definition.guard.reserved_word"
    assert f"'{word}' is een gereserveerd woord van de voorwaardetaal" in problem.message
    assert "geef het veld een andere naam" in problem.message
    with speaking("en"), pytest.raises(DefinitionError) as english:
        definition_with_guards(when)
    [problem_en] = english.value.problems
    assert f"'{word}' is a reserved word of the guard language" in problem_en.message
    assert "rename the field" in problem_en.message
    # at the word itself: the guard's text starts in column 16 of its line (`      - when: "...`)
    assert (problem.line, problem.column) == (problem_en.line, problem_en.column) == (18, 15 + column)


@pytest.mark.parametrize("when", ["amount ==", "a in", '"open', "amount > > 1"])
def test_plain_syntax_errors_are_not_blamed_on_a_reserved_word(when: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        definition_with_guards(when)
    assert [p.code for p in caught.value.problems] == ["definition.guard.syntax"]
