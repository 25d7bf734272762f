"""The public surface: __all__ complete and sorted; the definitions alone stay light.

Which module may import which: tests/test_layers.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import workflow

from .paths import ROOT

PACKAGE = Path(workflow.__file__).parent


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


def test_definitions_alone_do_not_import_the_engine() -> None:
    code = "import sys, workflow; workflow.load_definitions('definitions'); print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_nothing_imports_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "_cli" not in path.parts:
            assert not {"cli", "_cli"} & _workflow_imports(path), path


def test_engine_now_is_the_one_clock_reading(tmp_path: Path) -> None:
    """``Engine.clock()`` was a deprecated alias of ``now()``; nothing calls it any more, so it is gone."""
    from datetime import UTC, datetime

    from workflow import Engine

    assert not hasattr(Engine, "clock")
    moment = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    with Engine(f"sqlite:///{tmp_path / 'now.db'}", clock=lambda: moment) as engine:
        assert engine.now() == moment
