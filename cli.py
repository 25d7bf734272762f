"""The ``wf`` command line.

The only place that parses arguments, configures logging and formats output;
it uses ``workflow``'s public names only.  Heavy imports (the library, and
through it pydantic, jsonschema, SQLAlchemy) are deferred to the commands that
need them, so ``wf --help`` starts fast.

Exit codes: 0 done; 1 refused by the workflow (guard, role, tenant, conflict);
2 bad usage or bad input.  A user error never prints a traceback, except with
``--log-level debug``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from workflow import Definition, DefinitionSet, WorkflowError

F = TypeVar("F", bound=Callable[..., Any])
LOG_LEVELS = ("debug", "info", "warning", "error")

EXIT_REFUSED = 1
EXIT_USAGE = 2


class Settings:
    """Global options, shared by every command through the click context."""

    def __init__(self, definitions: str | None, as_json: bool, log_level: str, log_format: str) -> None:
        self.definitions = definitions
        self.as_json = as_json
        self.log_level = log_level
        self.log_format = log_format

    def definitions_path(self) -> Path:
        """``--definitions``, else ``./definitions`` when present, else the bundled ones."""
        if self.definitions:
            return Path(self.definitions)
        local = Path("definitions")
        if local.is_dir():
            return local
        from workflow import bundled_definitions_path

        return bundled_definitions_path()

    def load(self) -> DefinitionSet:
        from workflow import load_definitions

        return load_definitions(self.definitions_path())


def _configure_logging(level: str, fmt: str) -> None:
    import logging

    import structlog

    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )


def _settings() -> Settings:
    settings = click.get_current_context().find_object(Settings)
    if settings is None:  # pragma: no cover - main() always sets it
        raise click.UsageError("internal: settings missing")
    return settings


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


def _exit_code(exc: WorkflowError) -> int:
    from workflow import ConflictError, TransitionRefused

    return EXIT_REFUSED if isinstance(exc, TransitionRefused | ConflictError) else EXIT_USAGE


def _error_kind(exc: Exception) -> str:
    from workflow import ConflictError, DefinitionError, Forbidden, NotFound, StorageError, TransitionRefused

    kinds: list[tuple[type[Exception], str]] = [
        (DefinitionError, "invalid_definition"),
        (NotFound, "not_found"),
        (Forbidden, "forbidden"),
        (TransitionRefused, "refused"),
        (ConflictError, "conflict"),
        (StorageError, "storage"),
    ]
    return next((name for cls, name in kinds if isinstance(exc, cls)), "error")


def _fail(exc: WorkflowError) -> NoReturn:
    from workflow import DefinitionError, TransitionRefused

    settings = _settings()
    if settings.log_level == "debug":
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    if settings.as_json:
        payload: dict[str, Any] = {"error": _error_kind(exc), "message": str(exc)}
        if isinstance(exc, TransitionRefused):
            payload["blockers"] = [{"code": b.code, "message": b.message, "detail": b.detail} for b in exc.blockers]
        if isinstance(exc, DefinitionError):
            payload["problems"] = [_problem(p) for p in exc.problems]
        _emit(payload)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(_exit_code(exc))


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the library's errors into a message and an exit code, never a traceback."""
    from workflow import WorkflowError

    try:
        yield
    except WorkflowError as exc:
        _fail(exc)


def _problem(p: Any) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "column": p.column, "message": p.message}


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--definitions",
    envvar="WF_DEFINITIONS",
    metavar="PATH",
    help="Definition file or folder [env WF_DEFINITIONS; default ./definitions, else the bundled ones].",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (JSON).")
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS),
    default="warning",
    show_default=True,
    envvar="WF_LOG_LEVEL",
    help="Log level (to stderr); debug also shows tracebacks.",
)
@click.option(
    "--log-format",
    type=click.Choice(["console", "json"]),
    default="console",
    show_default=True,
    envvar="WF_LOG_FORMAT",
    help="Log line format.",
)
@click.version_option(package_name="workflow", prog_name="wf")
@click.pass_context
def main(ctx: click.Context, definitions: str | None, as_json: bool, log_level: str, log_format: str) -> None:
    """wf — run assignments between public bodies on declared workflows.

    Definitions (YAML) declare states, transitions, roles and guards; the
    engine enforces them and records every attempt in an audit log.
    """
    ctx.obj = Settings(definitions, as_json, log_level, log_format)
    _configure_logging(log_level, log_format)


# ---------------------------------------------------------------- definitions


@main.group("definitions")
def definitions_group() -> None:
    """List, validate, show and draw workflow definitions."""


@definitions_group.command("list")
def definitions_list() -> None:
    """List the loaded workflows (newest version of each)."""
    settings = _settings()
    with _user_errors():
        loaded = settings.load()
    rows = [
        {
            "workflow": d.workflow,
            "version": d.version,
            "title": d.title,
            "states": len(d.states),
            "transitions": len(d.transitions),
            "file": d.file,
        }
        for d in loaded.all_versions()
    ]
    if settings.as_json:
        _emit(rows)
        return
    _table(rows, ["workflow", "version", "title", "states", "transitions", "file"])


@definitions_group.command("validate")
@click.argument("path", required=False, type=click.Path())
def definitions_validate(path: str | None) -> None:
    """Check definitions; print each problem as file:line:col: message.

    PATH is a file or folder (default: the --definitions location).  Exits 2
    when any problem is found, 0 when every file is clean.
    """
    from workflow import DefinitionError, load_definitions

    settings = _settings()
    target = Path(path) if path else settings.definitions_path()
    try:
        loaded = load_definitions(target)
    except DefinitionError as exc:
        if settings.as_json:
            _emit({"valid": False, "problems": [_problem(p) for p in exc.problems]})
        else:
            for problem in exc.problems:
                click.echo(str(problem))
            click.echo(f"{len(exc.problems)} problem(s) found.", err=True)
        sys.exit(EXIT_USAGE)
    versions = loaded.all_versions()
    if settings.as_json:
        _emit({"valid": True, "problems": [], "definitions": [f"{d.workflow}@{d.version}" for d in versions]})
    else:
        names = ", ".join(f"{d.workflow} v{d.version}" for d in versions)
        click.echo(f"OK: {len(versions)} definition(s) valid ({names}).")


def _pick(name: str, version: int | None) -> Definition:
    from workflow import NotFound

    loaded = _settings().load()
    if name not in loaded:
        raise NotFound("workflow", name, f"known workflows: {', '.join(sorted(loaded)) or 'none'}")
    if version is None:
        return loaded[name]
    found = loaded.get_version(name, version)
    if found is None:
        raise NotFound("version", f"{name} v{version}", "see 'wf definitions list'")
    return found


@definitions_group.command("show")
@click.argument("name")
@click.option("--version", "version", type=int, help="A specific version (default: the newest).")
def definitions_show(name: str, version: int | None) -> None:
    """Show a workflow: roles, states, transitions with their roles, requirements and guards."""
    settings = _settings()
    with _user_errors():
        definition = _pick(name, version)
    if settings.as_json:
        _emit(_definition_dict(definition))
        return
    for line in _definition_lines(definition):
        click.echo(line)


@definitions_group.command("diagram")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid needs no extra software; DOT renders with Graphviz (dot -Tsvg).",
)
@click.option("--version", "version", type=int, help="A specific version (default: the newest).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file.")
def definitions_diagram(name: str, fmt: str, version: int | None, output: str | None) -> None:
    """Draw a workflow's states and transitions."""
    from workflow import diagram

    with _user_errors():
        text = diagram(_pick(name, version), "dot" if fmt == "dot" else "mermaid")
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@definitions_group.command("schema")
def definitions_schema() -> None:
    """Print the JSON Schema of the definition format (as in definitions/schema.json)."""
    from workflow import format_schema

    click.echo(json.dumps(format_schema(), indent=2, ensure_ascii=False))


def _definition_dict(d: Definition) -> dict[str, Any]:
    return {
        "workflow": d.workflow,
        "version": d.version,
        "title": d.title,
        "description": d.description,
        "file": d.file,
        "checksum": d.checksum,
        "roles": {r.id: {"label": r.label, "side": r.side, "read_only": r.read_only} for r in d.roles.values()},
        "states": {
            s.id: {
                "label": s.label,
                "initial": s.initial,
                "final": s.final,
                "deadline": s.deadline.text if s.deadline else None,
            }
            for s in d.states.values()
        },
        "transitions": {
            t.id: {
                "label": t.label,
                "from": list(t.sources),
                "to": t.target,
                "roles": list(t.roles),
                "requires": [{"field": q.field, "code": q.code, "message": q.message} for q in t.requires],
                "guards": [{"when": g.when, "code": g.code, "message": g.message} for g in t.guards],
            }
            for t in d.transitions.values()
        },
    }


def _definition_lines(d: Definition) -> Iterator[str]:
    yield f"{d.title}  ({d.workflow} v{d.version}, {d.file})"
    if d.description:
        yield f"  {d.description}"
    yield ""
    yield "Roles:"
    for r in d.roles.values():
        yield f"  {r.id:<28} {r.side:<7} {r.label}{'  (read only)' if r.read_only else ''}"
    yield ""
    yield "States:"
    for s in d.states.values():
        marks = [m for m, on in (("initial", s.initial), ("final", s.final)) if on]
        if s.deadline:
            marks.append(f"deadline {s.deadline.text}")
        yield f"  {s.id:<28} {s.label}{'  [' + ', '.join(marks) + ']' if marks else ''}"
    yield ""
    yield "Transitions:"
    for t in d.transitions.values():
        target = t.target or "(stays)"
        yield f"  {t.id}: {', '.join(t.sources)} -> {target}   {t.label}"
        yield f"      roles: {', '.join(t.roles)}"
        for req in t.requires:
            yield f"      requires {req.field}: {req.message}"
        for g in t.guards:
            yield f"      guard [{g.code}] {g.when}"
            yield f"          {g.message}"


def _table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        click.echo("(none)")
        return
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    click.echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        click.echo("  ".join(str(row[c]).ljust(widths[c]) for c in columns).rstrip())


if __name__ == "__main__":  # `python cli.py ...` from a checkout
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
