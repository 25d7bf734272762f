"""The public surface: __all__ complete and sorted; imports point one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import workflow

from .paths import ROOT

PACKAGE = Path(workflow.__file__).parent

# module -> workflow modules it may import (the layering of STYLE.md)
ALLOWED = {
    "errors": set(),
    "model": {"errors"},
    "_yaml": {"errors"},
    "_schema": set(),
    "_format": set(),
    "workdays": set(),
    "guards": {"errors", "model"},
    "evaluation": {"errors", "guards", "model", "workdays"},
    "loader": {"errors", "model", "_yaml", "_schema", "_format", "guards"},
    "machine": {"model"},
    "resources": {"_format"},
    "_log": set(),
    "audit": set(),
    "checks": {"errors", "evaluation", "model", "workdays"},
    "timers": {"model", "store", "workdays"},
    "engine": {
        "_log",
        "audit",
        "auditlog",
        "checks",
        "errors",
        "evaluation",
        "loader",
        "model",
        "outbox",
        "resources",
        "store",
        "timers",
        "workdays",
    },
    "auditlog": {"audit", "errors", "model", "store"},
    "exports": {"model"},
    "docgen": {"machine", "model"},
    "demo": {"errors", "model", "engine"},
    "store/__init__": {"store"},
    "store/database": {"errors", "store"},
    "store/queries": {"errors", "model", "store"},
    "store/tables": set(),
    "store/migrate": {"errors", "store"},
    "store/migrations/env": {"store"},
    "store/migrations/versions/0001_initial": set(),
    "store/migrations/versions/0002_timers": set(),
    "store/migrations/versions/0003_outbox": set(),
    "store/outbox": {"store"},
    "outbox": {"model", "store"},
    "subscribers": {"_yaml", "errors"},
    "relay": {"_log", "errors", "outbox", "store", "subscribers"},
    "_cli/__init__": set(),
    "_cli/outbox": {"errors", "relay", "subscribers"},
}


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) keeps: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    assert list(workflow.__all__) == sorted(workflow.__all__, key=_isort_key)
    exported = {name for name in dir(workflow) if not name.startswith("_")}
    modules = {p.stem for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert exported - modules - {"annotations"} == set(workflow.__all__)


def _workflow_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workflow"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("workflow."))
            if any(a.name == "cli" for a in node.names):
                found.add("cli")
    return found


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_imports_point_one_way(module: str) -> None:
    used = _workflow_imports(PACKAGE / f"{module}.py")
    assert used <= ALLOWED[module], f"workflow.{module} imports {used - ALLOWED[module]}"


def test_every_module_is_layered() -> None:
    modules = {str(p.relative_to(PACKAGE).with_suffix("")) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert modules == set(ALLOWED)


def test_definitions_alone_do_not_import_the_engine() -> None:
    code = "import sys, workflow; workflow.load_definitions('definitions'); print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_nothing_imports_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        assert "cli" not in _workflow_imports(path)
