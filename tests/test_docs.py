"""Generated documentation must match the definitions it was generated from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workflow import diagram, load_definitions, markdown
from workflow.docgen import NOTES_MARKER

from .paths import BUNDLED, ROOT

DEFINITIONS = load_definitions(BUNDLED)


@pytest.mark.parametrize("workflow", sorted(DEFINITIONS))
def test_workflow_page_is_current(workflow: str) -> None:
    page = ROOT / "docs" / "workflows" / f"{workflow}.md"
    fix = f"run `wf definitions doc {workflow} -o docs/workflows/{workflow}.md`"
    assert page.exists(), f"no page for {workflow}: {fix}"
    generated = page.read_text().split("\n" + NOTES_MARKER)[0]  # the hand-written notes after it are kept
    assert generated == markdown(DEFINITIONS[workflow]), f"{page} is stale: {fix}"


def test_definitions_md_diagram_is_current() -> None:
    text = (ROOT / "docs" / "definitions.md").read_text()
    found = re.search(r"<!-- diagram:assignment.*?-->\n```mermaid\n(.*?)```\n<!-- /diagram -->", text, re.S)
    assert found, "docs/definitions.md lost its assignment diagram block"
    assert found.group(1) == diagram(DEFINITIONS["assignment"], "mermaid"), (
        "the diagram in docs/definitions.md is stale"
    )


def test_page_lists_every_guard() -> None:
    page = markdown(DEFINITIONS["assignment"])
    for transition in DEFINITIONS["assignment"].transitions.values():
        for guard in transition.guards:
            assert f"| `{guard.code}` |" in page


def test_the_hand_written_notes_of_a_page_are_kept(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    definition = DEFINITIONS["assignment"]
    page = tmp_path / "assignment.md"
    page.write_text("stale generated text\n\n" + NOTES_MARKER + "\n\n## Why\n\nBecause.\n")
    result = CliRunner().invoke(main, ["definitions", "doc", "assignment", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert page.read_text() == markdown(definition) + "\n" + NOTES_MARKER + "\n\n## Why\n\nBecause.\n"
    assert markdown(definition, "a page without notes") == markdown(definition)
    assert (ROOT / "docs" / "workflows" / "assignment.md").read_text().count("## Why it is built this way") == 1
