"""Every message of every bundled definition speaks to the person who sees it.

A requirement's or guard's message is shown to whoever tried the step.  For
the newest version of each workflow in ``definitions/*.yaml`` it must be:

- **Dutch** (none of the English words the i18n test looks for);
- **an instruction**: it starts with a verb in the imperative ("Vul", "Kies",
  "Laat", ...), not a statement ("Het budget is ...");
- **about a named field** where it is about one: the field (``requires``
  ``field``, or a guard's ``field``) has a ``title`` in the data schema and the
  message names it by that title; a guard that checks the step's own input
  (``checks_input``) must say which field (``field``);
- **addressed to someone who can act**: a field the reader cannot write in this
  step needs ``asks`` naming the step that writes it; a message that ``asks`` for
  another step is for a reader who may take that step, or it names (by label)
  a role that may, so the reader knows whom to ask.

Older versions stay bundled unchanged for the cases pinned to them (their text
cannot change: a changed text under an old version is refused), so only the
newest version of each workflow is held to this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from workflow import Definition, load_definition
from workflow.model import SYSTEM_ROLE, Transition

from .paths import BUNDLED
from .test_i18n import ENGLISH

IMPERATIVES = frozenset(
    {
        "Beschrijf",
        "Bevestig",
        "Boek",
        "Controleer",
        "Dien",
        "Escaleer",
        "Formuleer",
        "Geef",
        "Herclassificeer",
        "Herzie",
        "Kies",
        "Kijk",
        "Laat",
        "Lees",
        "Leg",
        "Lever",
        "Los",
        "Meld",
        "Neem",
        "Noem",
        "Overleg",
        "Pas",
        "Plan",
        "Registreer",
        "Schrijf",
        "Sluit",
        "Stel",
        "Teken",
        "Toets",
        "Verklaar",
        "Voeg",
        "Vraag",
        "Vul",
        "Wacht",
        "Wijs",
        "Zorg",
    }
)
"""Dutch verbs in the imperative a message may start with."""


def _newest() -> list[Definition]:
    newest: dict[str, Definition] = {}
    for file in sorted(BUNDLED.glob("*.yaml")):
        definition = load_definition(file)
        if definition.workflow not in newest or definition.version > newest[definition.workflow].version:
            newest[definition.workflow] = definition
    return list(newest.values())


NEWEST = _newest()


def _title(schema: Mapping[str, Any], path: str) -> str | None:
    node: Any = schema
    for part in path.split("."):
        props = node.get("properties") if isinstance(node, Mapping) else None
        if not isinstance(props, Mapping) or part not in props:
            return None
        node = props[part]
    title = node.get("title") if isinstance(node, Mapping) else None
    return title if isinstance(title, str) else None


def _writes(transition: Transition, path: str) -> bool:
    parts = path.split(".")
    return any(parts[: len(w.split("."))] == w.split(".") for w in transition.writes)


def _items(definition: Definition) -> Iterator[tuple[Transition, str, str | None, str | None, bool]]:
    """(transition, message, field, asks, checks_input) of every requirement and guard."""
    for transition in definition.transitions.values():
        for req in transition.requires:
            yield transition, req.message, req.field, req.asks, req.checks_input
        for guard in transition.guards:
            yield transition, guard.message, guard.field, guard.asks, guard.checks_input


def problems_of(definition: Definition) -> list[str]:
    """Every way a message of ``definition`` fails the rules above, one line each."""
    found: list[str] = []
    for step, message, field, asks, checks_input in _items(definition):
        where = f"{definition.workflow} v{definition.version} {step.id}: {message!r}"
        english = ENGLISH.findall(message)
        if english:
            found.append(f"{where}: English words {english}")
        if message.split()[0] not in IMPERATIVES:
            found.append(f"{where}: not an instruction (start with a verb such as Vul, Kies, Laat)")
        if checks_input and field is None:
            found.append(f"{where}: checks the step's input but names no field ('field:')")
        if field is not None:
            title = _title(definition.data_schema, field)
            if title is None:
                found.append(f"{where}: field {field!r} has no title in the data schema")
            elif title.lower() not in message.lower():
                found.append(f"{where}: does not name field {field!r} by its title {title!r}")
            if not _writes(step, field) and (asks is None or not _writes(definition.transitions[asks], field)):
                found.append(f"{where}: the reader cannot write {field!r} here; 'asks' the step that writes it")
        if asks is not None and asks != step.id:
            asked = definition.transitions[asks]
            labels = [definition.roles[r].label.lower() for r in asked.roles if r != SYSTEM_ROLE]
            if not set(step.roles) & set(asked.roles) and not any(label in message.lower() for label in labels):
                found.append(f"{where}: asks for {asks!r}, which no reader of this message may take; name its role")
    return found


def test_the_newest_version_of_every_bundled_workflow_is_checked() -> None:
    names = {load_definition(f).workflow for f in BUNDLED.glob("*.yaml")}
    assert {d.workflow for d in NEWEST} == names
    assert next(d for d in NEWEST if d.workflow == "assignment").version == 3


PENDING: dict[tuple[str, int], str] = {}
"""Newest versions known to fail, with why: strict xfail, so the entry must go once they pass."""


def _params() -> list[Any]:
    return [
        pytest.param(d, marks=pytest.mark.xfail(strict=True, reason=PENDING[(d.workflow, d.version)]))
        if (d.workflow, d.version) in PENDING
        else d
        for d in NEWEST
    ]


@pytest.mark.parametrize("definition", _params(), ids=lambda d: f"{d.workflow}-v{d.version}")
def test_every_message_is_a_dutch_instruction_to_someone_who_can_act(definition: Definition) -> None:
    assert problems_of(definition) == []


BAD = """\
workflow: bad
version: 1
title: Slecht
roles:
  client: {label: Opdrachtgever, side: client}
  agency: {label: Bureau, side: agency}
data:
  type: object
  properties:
    budget: {type: number, title: Budget}
    note: {type: string}
states:
  open: {initial: true}
  done: {final: true}
transitions:
  set_budget:
    from: open
    roles: [agency]
    input: [budget]
  finish:
    from: open
    to: done
    roles: [client]
    input: [note]
    requires:
      - {field: budget, message: Vul het budget in.}
      - {field: note, checks_input: true, message: Vul de notitie in.}
    guards:
      - {when: budget > 0, code: positive, message: The budget must be positive.}
      - {when: budget < 10, code: small, message: Het budget is te hoog., asks: set_budget}
      - {when: budget < 5, code: tiny, message: Vraag om minder., asks: set_budget, field: budget}
"""


def test_the_rules_catch_each_kind_of_bad_message(tmp_path: Any) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(BAD)
    found = problems_of(load_definition(file))
    expected = [
        r"Vul het budget in.*cannot write 'budget' here",  # the client cannot fill in the agency's field
        r"Vul de notitie in.*field 'note' has no title",
        r"The budget must be positive.*English words",
        r"The budget must be positive.*not an instruction",
        r"Het budget is te hoog.*not an instruction",
        r"Het budget is te hoog.*asks for 'set_budget', which no reader",
        r"Vraag om minder.*does not name field 'budget'",
        r"Vraag om minder.*asks for 'set_budget', which no reader",
    ]
    for pattern in expected:
        assert any(re.search(pattern, line) for line in found), (pattern, found)
    assert len(found) == len(expected), found
