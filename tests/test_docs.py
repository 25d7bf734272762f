"""Generated documentation must match the definitions it was generated from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from workflow import diagram, load_definitions, markdown
from workflow.docgen import NOTES_MARKER

from .paths import BUNDLED, ROOT

DEFINITIONS = load_definitions(BUNDLED)


@pytest.mark.parametrize("workflow", sorted(DEFINITIONS))
def test_workflow_page_is_current(workflow: str) -> None:
    page = ROOT / "docs" / "workflows" / f"{workflow}.md"
    fix = f"run `wf definitions doc {workflow} -o docs/workflows/{workflow}.md`"
    assert page.exists(), f"no page for {workflow}: {fix}"
    text = page.read_text()
    assert text == markdown(DEFINITIONS[workflow], keep=text), f"{page} is stale: {fix}"


def test_hand_written_notes_survive_regeneration() -> None:
    generated = markdown(DEFINITIONS["assignment"])
    assert NOTES_MARKER not in generated
    notes = NOTES_MARKER + "\n\n## Waarom\n\nOmdat.\n"
    assert markdown(DEFINITIONS["assignment"], keep="# stale\n" + notes) == generated + "\n" + notes
    assert markdown(DEFINITIONS["assignment"], keep="# no notes\n") == generated


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
    assert markdown(definition, keep="a page without notes") == markdown(definition)
    assert (ROOT / "docs" / "workflows" / "assignment.md").read_text().count("## Why it is built this way") == 1


def test_the_integration_snippet_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/integration.md's first example is complete: it creates the host's table and defines what it uses."""
    page = (ROOT / "docs" / "integration.md").read_text(encoding="utf-8")
    section = page.split("## Joining the host's transaction", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    monkeypatch.chdir(tmp_path)  # the snippet's sqlite:///zaken.db lands here
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), "docs/integration.md", "exec"), namespace)  # our own documentation
    assert namespace["result"].event.transition == "confirm_receipt"
    database = sa.create_engine(f"sqlite:///{tmp_path / 'zaken.db'}")
    with database.connect() as conn:
        stored = conn.execute(namespace["documents"].select()).all()
    database.dispose()
    assert [(row.case_id, row.name) for row in stored] == [(namespace["case_id"], "vraag.pdf")]


def test_the_embedding_example_runs_outside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/embedding.md's first example finds its definitions from any working folder (not only the checkout)."""
    page = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", page, re.DOTALL)
    assert found is not None
    assert "bundled_definitions_path()" in found.group(1)
    monkeypatch.chdir(tmp_path)  # no ./definitions here
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), "docs/embedding.md", "exec"), namespace)  # our own documentation
    assert [event.transition for event in namespace["engine"].history(namespace["case"].id)][-1] == "clarify"


def test_the_readme_embedding_example_takes_its_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """README's embedding example withdraws the case: the required `end_reason` goes in input=, not reason=."""
    page = (ROOT / "README.md").read_text(encoding="utf-8")
    section = page.split("## Embedding", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    monkeypatch.chdir(tmp_path)  # the example's sqlite:///workflow.db lands here
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), "README.md", "exec"), namespace)  # our own documentation
    assert capsys.readouterr().out == ""  # no blocker printed
    from workflow import Engine

    with Engine(f"sqlite:///{tmp_path / 'workflow.db'}") as engine:
        case = engine.get(namespace["case"].id)
    assert case.state == "withdrawn"
    assert case.data["end_reason"] == "Niet meer nodig"
