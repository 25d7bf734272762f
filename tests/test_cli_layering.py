"""The command line uses ``workflow``'s public names only, and nothing in the library imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import workflow

from .paths import ROOT

PACKAGE = Path(workflow.__file__).parent
CLI_FILES = [*sorted(PACKAGE.joinpath("_cli").glob("*.py")), ROOT / "cli.py"]

PRIVATE_EXCEPTIONS: set[tuple[str, str]] = set()
"""(file, module) imports allowed for now, each marked ``TODO(integrator)`` where it is made."""


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import of a workflow module or of ``cli`` in ``path``."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return [(m, names) for m, names in found if m == "cli" or m.split(".")[0] == "workflow"]


@pytest.mark.parametrize("path", CLI_FILES, ids=lambda p: p.name)
def test_cli_uses_public_names_only(path: Path) -> None:
    for module, names in _imports(path):
        if (path.name, module) in PRIVATE_EXCEPTIONS:
            continue
        if module == "workflow":
            assert set(names) <= set(workflow.__all__), f"{path.name}: {set(names) - set(workflow.__all__)}"
        else:
            assert module.startswith("workflow._cli"), f"{path.name} imports {module} (not public)"


def test_private_exceptions_are_marked_for_the_integrator() -> None:
    for name, module in PRIVATE_EXCEPTIONS:
        text = PACKAGE.joinpath("_cli", name).read_text(encoding="utf-8")
        assert f"from {module} import" in text
        assert "TODO(integrator)" in text


def test_the_library_does_not_import_the_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "_cli" in path.relative_to(PACKAGE).parts:
            continue
        modules = {m for m, _ in _imports(path)}
        assert not {m for m in modules if m == "cli" or m.startswith("workflow._cli")}, path


def test_the_layering_scan_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from workflow.engine import Engine\nfrom workflow import Engine as E\nimport cli\n")
    assert _imports(sample) == [("workflow.engine", ["Engine"]), ("workflow", ["Engine"]), ("cli", [])]
