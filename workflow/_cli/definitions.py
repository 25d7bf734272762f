"""``wf definitions``: list, validate, show, draw and document workflow definitions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workflow import catalogue_text as text
from workflow._cli.failures import EXIT_USAGE, usage
from workflow._cli.helping import HelpGroup, argument, option
from workflow._cli.output import echo_lines, emit, table
from workflow._cli.render import problem_dict
from workflow._cli.render_definition import definition_dict, definition_lines, definition_row
from workflow._cli.settings import current, global_options

if TYPE_CHECKING:
    from workflow import Definition

__all__ = ["definitions_group"]

_VERSION = option("--version", "version", type=int)


@click.group("definitions", cls=HelpGroup)
def definitions_group() -> None:
    """List, validate, show and draw workflow definitions."""


@definitions_group.command("list")
@global_options()
def definitions_list() -> None:
    """List the loaded workflows (newest version of each)."""
    settings = current()
    rows = [definition_row(d) for d in settings.load().all_versions()]
    if settings.as_json:
        emit(rows)
        return
    table(rows, ["workflow", "version", "title", "states", "transitions", "file"])


@definitions_group.command("validate")
@argument("path", required=False, type=click.Path())
@global_options()
def definitions_validate(path: str | None) -> None:
    """Check definitions; print each problem as file:line:col: message.

    PATH is a file or folder (default: the --definitions location).  Exits 2
    when any problem is found, 0 when every file is clean.
    """
    from workflow import DefinitionError, load_definitions

    settings = current()
    target = Path(path) if path else settings.definitions_path()
    try:
        loaded = load_definitions(target)
    except DefinitionError as exc:
        if settings.as_json:
            emit({"valid": False, "problems": [problem_dict(p) for p in exc.problems]})
        else:
            echo_lines(str(problem) for problem in exc.problems)
            count = len(exc.problems)
            found = text("cli.def.problems.one") if count == 1 else text("cli.def.problems", count=count)
            click.echo(found, err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    versions = loaded.all_versions()
    if settings.as_json:
        emit({"valid": True, "problems": [], "definitions": [f"{d.workflow}@{d.version}" for d in versions]})
    else:
        names = ", ".join(f"{d.workflow} v{d.version}" for d in versions)
        many = len(versions) != 1
        click.echo(
            text("cli.def.valid", count=len(versions), names=names) if many else text("cli.def.valid.one", names=names)
        )


def pick(name: str, version: int | None) -> Definition:
    """The named workflow's newest (or given) version among the loaded definitions."""
    from workflow import NotFound, catalogue_text

    loaded = current().load()
    if name not in loaded:
        known = ", ".join(sorted(loaded)) or catalogue_text("error.none")
        raise NotFound("workflow", name, catalogue_text("error.hint.known", known=known))
    if version is None:
        return loaded[name]
    found = loaded.get_version(name, version)
    if found is None:
        raise NotFound("version", f"{name} v{version}", catalogue_text("error.hint.list"))
    return found


@definitions_group.command("show")
@argument("name")
@_VERSION
@global_options()
def definitions_show(name: str, version: int | None) -> None:
    """Show a workflow: roles, states, transitions with their roles, requirements and guards."""
    definition = pick(name, version)
    if current().as_json:
        emit(definition_dict(definition))
        return
    echo_lines(definition_lines(definition))


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@definitions_group.command("diagram")
@argument("name")
@option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
)
@_VERSION
@option("-o", "--output", type=click.Path(dir_okay=False, writable=True))
@global_options()
def definitions_diagram(name: str, fmt: str, version: int | None, output: str | None) -> None:
    """Draw a workflow's states and transitions."""
    from workflow import diagram

    _write(diagram(pick(name, version), "dot" if fmt == "dot" else "mermaid"), output)


@definitions_group.command("doc")
@argument("name")
@_VERSION
@option("-o", "--output", type=click.Path(dir_okay=False))
@global_options()
def definitions_doc(name: str, version: int | None, output: str | None) -> None:
    """A Markdown page of a workflow: diagram, roles, states, transitions and guards.

    Writing over an existing page keeps its hand-written notes (below the marker line).
    """
    from workflow import markdown

    old = Path(output).read_text(encoding="utf-8") if output and Path(output).is_file() else None
    _write(markdown(pick(name, version), keep=old), output)


@definitions_group.command("schema")
@global_options()
def definitions_schema() -> None:
    """Print the JSON Schema of the definition format (as in definitions/schema.json)."""
    import json

    from workflow import format_schema

    click.echo(json.dumps(format_schema(), indent=2, ensure_ascii=False))


@definitions_group.command("from-log")
@argument("log_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@option("--mapping", required=True, type=click.Path(exists=True, dir_okay=False))
@option("-o", "--output", type=click.Path(dir_okay=False))
@global_options()
def definitions_from_log(log_file: str, mapping: str, output: str | None) -> None:
    """Propose a definition from an event log (CSV or XES): YAML to edit, then load.

    States after each activity, transitions from the directly-follows relation,
    roles from the groups; the workflow id is the mapping's.
    """
    from workflow import propose_definition, read_log, read_mapping

    found = read_mapping(mapping)
    cases, _ = read_log(log_file, found)
    if not cases:
        usage(text("cli.usage.empty_log", file=repr(log_file)))
    _write(propose_definition(cases, found.workflow), output)
