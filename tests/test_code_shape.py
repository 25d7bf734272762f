"""The shape rules of issue 11, checked over the package on every run.

No module over 400 lines, no function over 50 lines, no function with more
than 6 positional parameters (keyword-only options are free: ``def f(a, *, b)``).
Migrations and data tables are not code and are left out.  What still breaks a
rule is listed in ``KNOWN`` with the reason; the list may only shrink: an
entry that no longer breaks its rule fails the test, so it cannot hide a new
offender or outlive the fix.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .paths import ROOT

MODULE_LINES = 400
FUNCTION_LINES = 50
POSITIONAL = 6

KNOWN: dict[str, str] = {
    # name -> why it is still here (each is work left in issue 11)
    "function workflow/demo.py:_steps": "a data table: the demo story's steps in order",
}


def _sources() -> Iterator[tuple[str, str]]:
    files = [*sorted((ROOT / "workflow").rglob("*.py")), ROOT / "cli.py"]
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if "/migrations/" in rel:
            continue
        yield rel, path.read_text(encoding="utf-8")


def offenders() -> set[str]:
    """Every place that breaks a rule, as ``kind path[:name]``."""
    found: set[str] = set()
    for rel, source in _sources():
        if source.count("\n") > MODULE_LINES:
            found.add(f"module {rel}")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assert node.end_lineno is not None
            if node.end_lineno - node.lineno + 1 > FUNCTION_LINES:
                found.add(f"function {rel}:{node.name}")
            positional = [a for a in node.args.posonlyargs + node.args.args if a.arg not in {"self", "cls"}]
            if len(positional) > POSITIONAL:
                found.add(f"parameters {rel}:{node.name}")
    return found


def test_no_new_module_function_or_signature_breaks_the_shape_rules() -> None:
    new = sorted(offenders() - KNOWN.keys())
    rules = f"modules ≤ {MODULE_LINES} lines, functions ≤ {FUNCTION_LINES}, ≤ {POSITIONAL} positional parameters"
    assert not new, f"split these (issue 11 rules: {rules}): {new}"


def test_the_known_list_only_holds_places_that_still_break_a_rule() -> None:
    stale = sorted(KNOWN.keys() - offenders())
    assert not stale, f"these no longer break a rule; remove them from KNOWN: {stale}"
