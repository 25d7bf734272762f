"""Guards are bounded: hostile numbers, runaway work and non-boolean results end in a clean blocker."""

from __future__ import annotations

import re

import pytest

from workflow import DefinitionError
from workflow.guard_context import BUDGET, DAY_COST, ITEM_COST
from workflow.guard_functions import FUNCTIONS, guard_functions_markdown
from workflow.model import HISTORY_FUNCTIONS

from .guard_helpers import blockers, definition_with_guards
from .paths import ROOT


@pytest.mark.parametrize("digits", [-100_000_000, 100_000_000, 16, -16, 10**30, pytest.param(10**5000, id="10**5000")])
def test_round_with_hostile_digits_from_data_is_refused(digits: int) -> None:
    [found] = blockers(definition_with_guards("round(amount, digits) == 0"), {"amount": 5, "digits": digits})
    assert found.code == "g0"
    assert found.detail is not None
    assert "round() neemt een geheel getal van -15 tot 15" in found.detail


@pytest.mark.parametrize("expression", ["amount + 1 > 0", "round(amount) > 0", "amount", "abs(amount) > 1 and amount"])
def test_a_number_too_large_to_print_is_described_by_its_size(expression: str) -> None:
    [found] = blockers(definition_with_guards(expression), {"amount": 10**5000})
    assert found.detail is not None
    assert "een geheel getal van ongeveer 5000 cijfers" in found.detail or "getallen tot 1e+15" in found.detail


def test_round_within_its_bounds_still_rounds() -> None:
    assert (
        blockers(definition_with_guards("round(amount, -15) == 0 and round(amount, 15) == amount"), {"amount": 5.25})
        == []
    )


def test_a_guard_that_walks_too_many_days_runs_out_of_budget() -> None:
    days = BUDGET // DAY_COST + 1
    data = {"start": "2000-01-01", "due": "2000-01-01"}
    definition = definition_with_guards(f"working_days_between(start, add_days(due, {days})) > 0")
    [found] = blockers(definition, data)
    assert found.code == "guard_budget_exceeded"
    assert found.message == "Guard 0 failed."
    assert found.detail is not None
    assert "voorwaarde 'g0'" in found.detail
    assert f"budget van {BUDGET:,} rekenstappen".replace(",", ".") in found.detail  # Dutch: 1.000.000


def test_looking_through_a_huge_list_runs_out_of_budget() -> None:
    [found] = blockers(definition_with_guards("'x' in tags"), {"tags": [0] * (BUDGET // ITEM_COST + 1)})
    assert found.code == "guard_budget_exceeded"


def test_the_budget_is_per_evaluation() -> None:
    half = [0] * (BUDGET // ITEM_COST // 2 + 1)
    definition = definition_with_guards("'x' not in tags", "'x' not in tags")
    assert blockers(definition, {"tags": half}) == []


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("amount + 1", "een voorwaarde moet ja of nee (true/false) opleveren, maar deze geeft een getal"),
        ("lower(note)", "een voorwaarde moet ja of nee (true/false) opleveren, maar deze geeft tekst"),
        ("[1, 2]", "maar deze geeft een lijst"),
        ("null", "maar deze geeft leeg (null)"),
        ("'yes' and amount > 0", "'and' vraagt ja of nee (true/false), maar 'yes' geeft tekst"),
        ("not len(tags)", "'not' vraagt ja of nee (true/false), maar len(tags) geeft een getal"),
        ("round('x') == 1", "argument x van round() vraagt een getal, maar 'x' geeft tekst"),
        ("add_days(1, 2) == today()", "argument d van add_days() vraagt een datumtekst"),
        ("-'a' == 1", "'-' vraagt een getal"),
        ("'a' - 1 == 1", "operator - werkt alleen met getallen, maar 'a' geeft tekst"),
        ("has('amount') + 1 > 0", "operator + werkt alleen met getallen"),
    ],
)
def test_a_guard_of_the_wrong_kind_is_refused_at_load(expression: str, message: str) -> None:
    with pytest.raises(DefinitionError) as info:
        definition_with_guards(expression)
    assert any(message in p.message for p in info.value.problems), info.value


def test_every_function_has_a_signature_a_kind_and_documentation() -> None:
    for name, function in FUNCTIONS.items():
        assert function.name == name
        assert function.doc
        assert function.signature.startswith(f"{name}(")
        assert function.min_args <= function.max_args


def test_history_functions_are_the_ones_the_registry_marks() -> None:
    assert {f.name for f in FUNCTIONS.values() if f.reads_history} == HISTORY_FUNCTIONS


def test_definitions_md_guard_function_table_is_current() -> None:
    text = (ROOT / "docs" / "definitions.md").read_text()
    found = re.search(r"<!-- guard-functions -->\n(.*?)<!-- /guard-functions -->", text, re.S)
    assert found, "docs/definitions.md lost its <!-- guard-functions --> block"
    fix = "paste workflow.guard_functions.guard_functions_markdown() between the markers"
    assert found.group(1) == guard_functions_markdown(), (
        f"the guard function table in docs/definitions.md is stale: {fix}"
    )
