"""What a step adds beyond its input: appended lists, derived fields, total(), has_attribute(), and
deadlines counted from a date in the data; and what the loader refuses about them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow import (
    Actor,
    DefinitionError,
    Engine,
    GuardContext,
    History,
    TransitionRefused,
    check_transition,
    parse_definition,
)

from .guard_helpers import NOW, blockers, definition_with_guards

LEDGER = """\
workflow: ledger
version: 1
title: Grootboek
roles:
  clerk: {label: Medewerker, side: agency}
data:
  type: object
  properties:
    received_on: {type: string, format: date}
    budget: {type: number}
    entry:
      type: object
      properties:
        hours: {type: number}
        note: {type: string}
    entries: {type: array, items: {type: object}}
    spent: {type: number}
    over: {type: boolean}
    missing: {type: number}
    broken: {type: number}
start:
  input: [received_on]
states:
  open:
    initial: true
    deadline: {within: 5 working days, from: received_on, flag: late}
  done: {final: true}
transitions:
  set_budget:
    from: open
    roles: [clerk]
    input: [budget]
  book:
    from: open
    roles: [clerk]
    input: [entry]
    requires:
      - {field: entry.hours, checks_input: true}
    appends: {entry: entries}
    derive:
      spent: total(entries, "hours")
      over: spent > budget
  break_it:
    from: open
    roles: [clerk]
    derive:
      broken: missing + 1
  finish:
    from: open
    to: done
    roles: [clerk]
"""
CLERK = Actor("ann", ["clerk"])


def _text(**replace: str) -> str:
    text = LEDGER
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture
def engine(db_url: str) -> Any:
    clock = lambda: datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # noqa: E731 - a fixed now
    with Engine(db_url, parse_definition(_text(), "ledger.yaml"), clock=clock, upgrade=True) as opened:
        yield opened


def test_every_appended_entry_is_kept_and_the_derived_fields_follow(engine: Engine) -> None:
    case = engine.start("ledger", actor=CLERK, tenant="t", data={"received_on": "2026-11-20"})
    engine.fire(case.id, "set_budget", actor=CLERK, input={"budget": 10})
    engine.fire(case.id, "book", actor=CLERK, input={"entry": {"hours": 6, "note": "a"}})
    result = engine.fire(case.id, "book", actor=CLERK, input={"entry": {"hours": 5, "note": "b"}})
    data = result.case.data
    assert data["entries"] == [{"hours": 6, "note": "a"}, {"hours": 5, "note": "b"}]
    assert "entry" not in data  # the input lives on in the list and in the event, not as a field to overwrite
    assert (data["spent"], data["over"]) == (11, True)
    assert result.event.input == {"entry": {"hours": 5, "note": "b"}}


def test_a_derived_field_that_cannot_be_computed_refuses_the_step(engine: Engine) -> None:
    case = engine.start("ledger", actor=CLERK, tenant="t", data={})
    with pytest.raises(TransitionRefused) as info:
        engine.fire(case.id, "break_it", actor=CLERK)
    (blocker,) = info.value.blockers
    assert blocker.code == "derive_failed"
    assert blocker.message.startswith("Het veld 'broken' kan niet worden berekend")
    assert "missing" in (blocker.detail or "")
    assert engine.get(case.id).version == case.version  # nothing written


def test_a_deadline_counts_from_the_date_in_the_data(engine: Engine) -> None:
    case = engine.start("ledger", actor=CLERK, tenant="t", data={"received_on": "2026-11-20"})
    (timer,) = engine.timers(case.id)
    assert timer.due_at.date().isoformat() == "2026-11-27"  # Friday 20 + 5 working days, not Thursday 26 + 5
    later = engine.start("ledger", actor=CLERK, tenant="t", data={})
    (timer,) = engine.timers(later.id)
    assert timer.due_at.date().isoformat() == "2026-12-03"  # no date: from entering the state


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "  set_budget:\n    from: open\n    roles: [clerk]\n    input: [budget]",
            "  set_budget:\n    from: open\n    roles: [clerk]\n    input: [budget, entries]",
            "de invoer van 'set_budget' schrijft 'entries', maar 'entries' houdt de engine bij",
        ),
        (
            "    input: [entry]\n",
            "    input: [entry, spent]\n",
            "de invoer van 'book' schrijft 'spent', maar 'spent' houdt de engine bij",
        ),
        (
            "appends: {entry: entries}",
            "appends: {budget: entries}",
            "'appends': 'budget' is geen invoerveld van 'book'",
        ),
        ("appends: {entry: entries}", "appends: {entry: spent}", "'appends': 'spent' is geen lijst (type: array)"),
        (
            'spent: total(entries, "hours")',
            'spent: count("book")',
            "een afgeleid veld leest de gegevens, niet de geschiedenis van de zaak",
        ),
        ('spent: total(entries, "hours")', "nowhere: '1'", "'derive': 'nowhere' staat niet in het gegevensschema"),
        ("      broken: missing + 1", "      broken: missing +", "'derive' 'broken': onjuiste schrijfwijze"),
        (
            "    requires:\n      - {field: entry.hours, checks_input: true}",
            "    requires:\n      - {field: entry.hours, checks_input: true, asks: nothing}",
            "'asks' noemt onbekende stap 'nothing'",
        ),
        ("from: received_on, flag", "from: budget_day, flag", "deadline 'from' 'budget_day'"),
    ],
)
def test_the_loader_refuses(old: str, new: str, problem: str) -> None:
    with pytest.raises(DefinitionError) as info:
        parse_definition(_text(**{old: new}), "ledger.yaml")
    assert problem in str(info.value)


def test_a_guard_names_its_field_and_the_step_it_asks_for() -> None:
    definition = parse_definition(
        _text(
            **{
                "    derive:\n      broken": "    guards:\n      - {when: budget > 0, code: b, "
                "message: Vul het budget in., "
                "field: budget, asks: set_budget}\n    derive:\n      broken"
            }
        ),
        "ledger.yaml",
    )
    (guard,) = definition.transitions["break_it"].guards
    assert (guard.field, guard.asks) == ("budget", "set_budget")
    with pytest.raises(DefinitionError, match="voorwaarde 'b' noemt onbekend gegevensveld 'nope'"):
        parse_definition(_bad_field(), "ledger.yaml")


def _bad_field() -> str:
    return _text(
        **{
            "    derive:\n      broken": "    guards:\n      - {when: budget > 0, code: b, message: Vul het in., "
            "field: nope}\n    derive:\n      broken"
        }
    )


@given(st.lists(st.integers(min_value=-(10**6), max_value=10**6), max_size=30))
def test_total_is_the_sum_of_the_field_of_every_item(values: list[int]) -> None:
    definition = definition_with_guards(f'total(free.items, "h") == {sum(values)}')
    assert blockers(definition, {"free": {"items": [{"h": v, "x": "y"} for v in values]}}) == []


@pytest.mark.parametrize("items", [[{"h": "3"}], [{"g": 1}], [3], [{"h": True}]])
def test_total_of_an_item_without_a_number_is_a_blocker_not_a_pass(items: list[Any]) -> None:
    (found,) = blockers(definition_with_guards('total(free.items, "h") >= 0'), {"free": {"items": items}})
    assert found.code == "g0"
    assert "total()" in (found.detail or "")


@pytest.mark.parametrize(("attributes", "holds"), [({"mandate_limit_eur": 0}, True), ({}, False), (None, False)])
def test_has_attribute_asks_whether_the_service_set_an_attribute(attributes: Any, holds: bool) -> None:
    (transition,) = [definition_with_guards('has_attribute("mandate_limit_eur")').transitions["finish"]]
    actor = {"id": "ann", "roles": ["clerk"], "tenant": None, "attributes": attributes}
    case = {"id": "c1", "workflow": "g", "state": "open", "version": 1, "tenant": "t", "reference": None}
    context = GuardContext(data={"mandate_limit_eur": 1}, actor=actor, case=case, now=NOW, history=History({}))
    assert (check_transition(transition, context) == []) is holds  # the actor's attributes, never the data
