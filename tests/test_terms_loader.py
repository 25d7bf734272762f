"""The loader's checks of legal terms (``terms:``) and of the steps that suspend, resume or extend them."""

from __future__ import annotations

import pytest

from workflow import DefinitionError, parse_definition

BASE = """
workflow: t
version: 1
title: T
roles:
  r: {label: R, side: agency}
  m: {label: M, side: client}
data:
  type: object
  properties:
    received_on: {type: string, format: date}
states:
  open: {initial: true}
  done: {final: true}
transitions:
  finish: {from: open, to: done, roles: [r]}
  hold: {from: open, roles: [m], suspends: {term: beslis, ground: 'Awb 4:15 lid 1 onder a'}}
  go_on: {from: open, roles: [r], resumes: beslis}
  later: {from: open, roles: [m], extends_term: beslis}
  check: {from: open, roles: [r], guards: [{when: 'not term_passed("beslis")', code: c, message: m}]}
terms:
  beslis:
    weeks: 8
    from: received_on
    runs_until: [done]
    extendable: {weeks: 6, roles: [m]}
"""


def _problems(text: str) -> str:
    with pytest.raises(DefinitionError) as info:
        parse_definition(text)
    return str(info.value)


def test_a_term_and_its_steps_load() -> None:
    definition = parse_definition(BASE)
    term = definition.terms["beslis"]
    assert (term.weeks, term.rule, term.from_field, term.runs_until) == (8, "atw", "received_on", ("done",))
    assert definition.transitions["hold"].suspends is not None
    assert (definition.transitions["go_on"].resumes, definition.transitions["later"].extends_term) == (
        "beslis",
        "beslis",
    )
    assert "termijnen" in definition.data_schema["properties"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    weeks: 8\n", "", "termijn 'beslis' heeft een lengte nodig"),
        ("from: received_on", "from: nowhere", "termijn 'beslis' telt vanaf onbekend gegevensveld 'nowhere'"),
        ("runs_until: [done]", "runs_until: [gone]", "onbekende status 'gone'; gedeclareerde statussen: done, open"),
        ("roles: [m]}\n", "roles: [x]}\n", "onbekende rol 'x'; gedeclareerde rollen: m, r"),
        ("resumes: beslis", "resumes: other", "onbekende termijn 'other'; gedeclareerde termijnen: beslis"),
        ('term_passed("beslis")', 'term_passed("other")', "term_passed() noemt onbekende termijn 'other'"),
        ("    extendable: {weeks: 6, roles: [m]}\n", "", "maar die heeft geen 'extendable' (hoe ver, door wie)"),
        (
            "    from: received_on\n",
            "    from: received_on\n    rule: backward\n",
            "wordt teruggerekend vanaf een datum en kan dus niet worden verlengd",
        ),
        (
            "suspends: {term: beslis, ground: 'Awb 4:15 lid 1 onder a'}",
            "suspends: {term: beslis}",
            "de verplichte sleutel 'ground' ontbreekt",
        ),
        (
            "    received_on:",
            "    termijnen: {type: object}\n    received_on:",
            "gegevensveld 'termijnen' is voorbehouden",
        ),
    ],
)
def test_term_problems(old: str, new: str, message: str) -> None:
    assert old in BASE
    assert message in _problems(BASE.replace(old, new, 1))
